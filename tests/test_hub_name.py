"""The hub's name: what the modem is, in plain words, and the start of its own number."""

from __future__ import annotations

import pytest

from custom_components.isocket.gsm.model import ModemInfo
from custom_components.isocket.modem_probe import (
    masked_number,
    modem_maker,
    modem_title,
)


@pytest.mark.parametrize(
    ("maker", "model", "number", "title"),
    [
        (
            "SIMCOM_Ltd",
            "SIMCOM_SIM800L",
            "+4917012345678",
            "GSM modem SIM800L (+49 170 …)",
        ),
        ("Quectel", "EC25", "+447700900123", "GSM modem EC25 (+44 7700 …)"),
        ("huawei", "E3372", "4915112345678", "GSM modem E3372 (+49 1511 …)"),
        ("SIMCOM_Ltd", "SIMCOM_SIM800L", None, "GSM modem SIM800L"),
        ("", "", None, "GSM modem"),
        ("Acme", "Acme_Cell_2", "12", "GSM modem Cell 2"),  # no such number
    ],
)
def test_modem_title(maker: str, model: str, number: str | None, title: str) -> None:
    """The model without its maker's prefix; the number's country and network code."""
    info = ModemInfo(maker, model, "1.0", "868345031234567", number)
    assert modem_title(info) == title


def test_masked_number_hides_the_subscriber() -> None:
    """Never more than the country and the first group; short numbers: the country."""
    assert masked_number("+4917012345678") == "+49 170 …"
    assert masked_number("+3581234") == "+358 …"  # two groups only
    assert masked_number("not a number") is None
    assert masked_number("") is None


def test_maker_in_plain_words() -> None:
    """AT+CGMI's spellings: SIMCOM_Ltd is SIMCom; an unknown maker stays as it is."""
    assert modem_maker(ModemInfo("SIMCOM_Ltd", "x", "1", "1")) == "SIMCom"
    assert modem_maker(ModemInfo("Fibocom", "x", "1", "1")) == "Fibocom"
    assert modem_maker(ModemInfo("  ", "x", "1", "1")) is None
