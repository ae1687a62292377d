"""The modem as an SMS gateway, end to end over a pty: sending to a phone,
SMS from strangers, the day's budget, delivery reports, bad input."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from custom_components.isocket.gsm.budget import SmsBudget
from custom_components.isocket.gsm.delivery import DeliveryStatus
from custom_components.isocket.gsm.errors import (
    EmptySmsError,
    InvalidNumberError,
    InvalidSmsTextError,
    ModemNotConnectedError,
    SmsBudgetExceededError,
    SmsForbiddenCharacterError,
    SmsSendError,
    SmsTooLongError,
)
from simulator.phone import Phone

from . import modem_env
from .modem_env import MODEM_NUMBER, PHONE_NUMBER, Env, MakeEnv

make_env = modem_env.make_env  # the fixture

STRANGER = "+4915799999999"
# 330 characters, UCS2 (Cyrillic, emoji, Euro signs): each emoji takes two
# UTF-16 units, 337 units in all: six parts of at most 67.
UNICODE_TEXT = ("Привет из дома 😀 — температура 21 °C, всё хорошо. € " * 7)[:330]


def cmgs_count(env: Env) -> int:
    """How many AT+CMGS the simulated modem was given."""
    return sum(cmd.startswith("AT+CMGS=") for cmd in env.sim.command_log)


async def test_unicode_long_message_reaches_the_phone_intact(make_env: MakeEnv) -> None:
    """330 UCS2 characters: six concatenated parts, reassembled by the phone."""
    env = await make_env()
    await env.modem.connect()
    sent = await env.modem.send_message(PHONE_NUMBER, UNICODE_TEXT)
    assert (sent.encoding, sent.parts, len(sent.references)) == ("ucs2", 6, 6)
    assert len(set(sent.references)) == 6
    assert sent.delivery is None
    inbox = await env.phone.wait_for_sms(1)
    assert inbox[0].text == UNICODE_TEXT
    assert inbox[0].sender == MODEM_NUMBER
    assert env.network.sent_log[-1].parts == 6


async def test_gsm7_with_extension_characters(make_env: MakeEnv) -> None:
    """GSM 7-bit with € and [ ] (two septets each) and line breaks."""
    env = await make_env()
    await env.modem.connect()
    text = "Heizung [Keller]: 21 Grad\nKosten 3 € / Tag\r\n" + "ok " * 50
    sent = await env.modem.send_message(PHONE_NUMBER, text, max_parts=2)
    assert (sent.encoding, sent.parts) == ("gsm7", 2)
    assert (await env.phone.wait_for_sms(1))[0].text == text


async def test_stranger_sms_reaches_the_listener(make_env: MakeEnv) -> None:
    """A stranger's (long, unicode) SMS reaches the sms listener whole, once."""
    env = await make_env()
    stranger = Phone(env.network, STRANGER)
    await env.modem.start()
    await env.wait_for(lambda: env.modem.connected)
    stranger.send(MODEM_NUMBER, "Hallo, wer ist da?")
    stranger.send(MODEM_NUMBER, UNICODE_TEXT)
    await env.wait_for(lambda: len(env.received) == 2)
    assert [(sms.sender, sms.text) for sms in env.received] == [
        (STRANGER, "Hallo, wer ist da?"),
        (STRANGER, UNICODE_TEXT),
    ]
    assert not env.received[1].partial
    await env.wait_for(lambda: env.sim.sim.storage.used == 0)
    assert len(env.received) == 2


@pytest.mark.parametrize(
    ("number", "text", "max_parts", "error"),
    [
        (PHONE_NUMBER, "", None, EmptySmsError),
        (PHONE_NUMBER, "   ", None, EmptySmsError),
        (PHONE_NUMBER, "STATUS\x1a", None, SmsForbiddenCharacterError),
        (PHONE_NUMBER, "\x1b", None, SmsForbiddenCharacterError),
        (PHONE_NUMBER, UNICODE_TEXT, 5, SmsTooLongError),
        ("Vodafone", "hi", None, InvalidNumberError),
        ("", "hi", None, InvalidNumberError),
        ("+49 170 abc", "hi", None, InvalidNumberError),
    ],
)
async def test_bad_input_sends_nothing(
    make_env: MakeEnv,
    number: str,
    text: str,
    max_parts: int | None,
    error: type[Exception],
) -> None:
    """Each bad input gets its typed error and no AT+CMGS reaches the modem."""
    env = await make_env()
    await env.modem.connect()
    with pytest.raises(error):
        await env.modem.send_message(number, text, max_parts=max_parts)
    assert cmgs_count(env) == 0
    assert env.network.sent_log == []


async def test_text_is_checked_before_the_connection(make_env: MakeEnv) -> None:
    """Bad text is reported as such even while the modem is away."""
    env = await make_env()
    with pytest.raises(InvalidSmsTextError):
        await env.modem.send_sms(PHONE_NUMBER, "")
    with pytest.raises(ModemNotConnectedError):
        await env.modem.send_sms(PHONE_NUMBER, "fine")


class Calendar:
    """The local day, turned over by the test."""

    def __init__(self) -> None:
        self.day = date(2026, 12, 7)

    def __call__(self) -> date:
        return self.day


async def test_budget_cap_cap_plus_one_and_rollover(make_env: MakeEnv) -> None:
    """Cap 3: a 2-part message and 1 more go; the next is refused unsent; a new day sends."""
    calendar = Calendar()
    budget = SmsBudget(3, today=calendar)
    env = await make_env(budget=budget)
    await env.modem.connect()
    assert env.modem.budget is budget
    await env.modem.send_sms(PHONE_NUMBER, "x" * 200)  # two parts
    await env.modem.send_sms(PHONE_NUMBER, "third")  # the cap exactly
    assert (budget.count, cmgs_count(env)) == (3, 3)
    with pytest.raises(SmsBudgetExceededError) as info:
        await env.modem.send_sms(PHONE_NUMBER, "fourth")
    assert (info.value.count, info.value.limit) == (3, 3)
    assert cmgs_count(env) == 3
    calendar.day += timedelta(days=1)
    await env.modem.send_sms(PHONE_NUMBER, "next day")
    assert (budget.count, cmgs_count(env)) == (1, 4)


async def test_budget_refuses_a_message_that_would_pass_the_cap(
    make_env: MakeEnv,
) -> None:
    """One part left, a two-part message: refused whole, nothing sent."""
    env = await make_env()
    await env.modem.connect()
    env.modem.budget = SmsBudget(1, today=Calendar())
    with pytest.raises(SmsBudgetExceededError) as info:
        await env.modem.send_sms(PHONE_NUMBER, "y" * 200)
    assert info.value.parts == 2
    assert cmgs_count(env) == 0
    env.modem.budget = None  # unlimited again
    await env.modem.send_sms(PHONE_NUMBER, "y" * 200)
    assert cmgs_count(env) == 2


async def test_failed_part_is_not_counted(make_env: MakeEnv) -> None:
    """A part the network refused cost nothing; a timed-out one may have."""
    budget = SmsBudget(10, today=Calendar())
    env = await make_env(budget=budget)
    await env.modem.connect()
    env.sim.fail_next_send(21)  # permanent: not retried
    with pytest.raises(SmsSendError):
        await env.modem.send_sms(PHONE_NUMBER, "refused")
    assert budget.count == 0


async def test_delivery_report_for_each_part(make_env: MakeEnv) -> None:
    """With a report asked for, the delivery completes when every part is in."""
    env = await make_env()
    await env.modem.connect()
    sent = await env.modem.send_message(PHONE_NUMBER, "z" * 200, status_report=True)
    assert sent.delivery is not None
    assert sent.delivery.references == sent.references
    assert await sent.delivery.wait(3.0) is DeliveryStatus.DELIVERED
    assert set(sent.delivery.reports) == set(sent.references)
    assert env.modem.deliveries.open == []


async def test_timed_out_part_is_counted(make_env: MakeEnv) -> None:
    """No answer to AT+CMGS: the part may have gone out, so it counts."""
    budget = SmsBudget(10, today=Calendar())
    env = await make_env(budget=budget)
    await env.modem.connect()
    env.sim.delay_replies(3.0)
    with pytest.raises(SmsSendError):
        await env.modem.send_sms(PHONE_NUMBER, "maybe")
    env.sim.delay_replies(0)
    assert (budget.count, budget.max_per_day, budget.remaining) == (1, 10, 9)
