"""Init sequence against the simulated modem: SIM, PIN, registration, choices."""

from __future__ import annotations

import pytest

from custom_components.isocket.gsm.errors import (
    ModemNotConnectedError,
    NoAtResponseError,
    NotRegisteredError,
    PinRejectedError,
    PinRequiredError,
    SimLockedError,
    SimNotInsertedError,
)
from custom_components.isocket.gsm.init import choose_cnmi, choose_storage
from custom_components.isocket.gsm.modem import Modem, ModemInfo, RegistrationState
from simulator.quirks import HUAWEI_E3531, QUECTEL_EC25, WAVECOM_Q2403, Quirks

from . import modem_env
from .modem_env import FAST, MODEM_NUMBER, PHONE_NUMBER, MakeEnv
from .pty_peer import PtyPeer

make_env = modem_env.make_env  # the fixture


async def test_init_sequence_and_identity(make_env: MakeEnv) -> None:
    """AT, ATE0, CMEE, SIM, registration, PDU mode, storage, CNMI, CLIP, CRC, ids."""
    env = await make_env()
    await env.modem.connect()
    assert env.modem.connected
    assert env.connections == [True]
    assert env.modem.info == ModemInfo(
        manufacturer="SIMCOM_Ltd",
        model="SIMCOM_SIM800L",
        firmware="1418B05SIM800L24",
        imei="868345031234567",
        own_number=MODEM_NUMBER,
        iccid="89490200001234567890",
    )
    log = env.sim.command_log
    order = ["AT", "ATE0", "AT+CMEE=1", "AT+CPIN?", "AT+CREG?", "AT+CMGF=0"]
    assert [cmd for cmd in log if cmd in order][: len(order)] == order
    for cmd in ('AT+CPMS="SM","SM","SM"', "AT+CNMI=2,1,0,2,0", "AT+CLIP=1", "AT+CRC=1"):
        assert cmd in log
    assert env.sim.settings.echo is False
    assert env.sim.settings.cnmi == (2, 1, 0, 2, 0)
    health = env.modem.health
    assert health is not None
    assert (health.signal_dbm, health.registration, health.operator) == (
        -113 + 2 * 20,
        RegistrationState.HOME,
        "Telekom.de",
    )


@pytest.mark.parametrize(
    "quirks", [HUAWEI_E3531, QUECTEL_EC25, Quirks(line_end=b"\r\r\n")]
)
async def test_other_dialects(make_env: MakeEnv, quirks: Quirks) -> None:
    """Huawei (^RSSI inside replies, COMMAND NOT SUPPORT), Quectel, \\r\\r\\n."""
    env = await make_env({"quirks": quirks})
    await env.modem.connect()
    assert env.modem.info is not None
    assert env.modem.info.manufacturer == quirks.manufacturer
    env.phone.send(MODEM_NUMBER, "hello")
    await env.wait_for(lambda: env.texts() == ["hello"])


async def test_wavecom_without_final_ok(make_env: MakeEnv) -> None:
    """Old Wavecom: AT+CPIN? ends without OK; init, SMS both ways and calls work."""
    env = await make_env({"quirks": WAVECOM_Q2403}, command_timeout=0.3)
    await env.modem.connect()
    assert env.modem.info is not None
    assert env.modem.info.manufacturer == "WAVECOM MODEM"
    assert "AT+CPIN?" in env.sim.command_log
    env.phone.send(MODEM_NUMBER, "hello")
    await env.wait_for(lambda: env.texts() == ["hello"])
    assert len(await env.modem.send_sms(PHONE_NUMBER, "ON")) == 1
    await env.wait_for(lambda: [sms.text for sms in env.phone.inbox] == ["ON"])
    env.phone.call(MODEM_NUMBER)
    await env.wait_for(lambda: [c.number for c in env.calls] == [PHONE_NUMBER])
    await env.modem.reject_call()
    await env.modem.dial(PHONE_NUMBER, 0.1)
    assert env.phone.calls[-1].caller == MODEM_NUMBER


async def test_pin_entered_once(make_env: MakeEnv) -> None:
    """A SIM with a PIN: the configured PIN unlocks it."""
    env = await make_env({"pin": "4711"}, pin="4711")
    env.sim.set_sim("SIM PIN")
    await env.modem.connect()
    assert [cmd for cmd in env.sim.command_log if cmd.startswith("AT+CPIN=")] == [
        'AT+CPIN="4711"'
    ]


async def test_pin_missing(make_env: MakeEnv) -> None:
    """The SIM wants a PIN and none is configured."""
    env = await make_env({"pin": "4711"})
    env.sim.set_sim("SIM PIN")
    with pytest.raises(PinRequiredError):
        await env.modem.connect()
    assert not env.modem.connected


async def test_pin_rejected_never_retried(make_env: MakeEnv) -> None:
    """A wrong PIN: attempts left reported; a second connect does not resend it."""
    env = await make_env({"pin": "4711"}, pin="0000")
    env.sim.set_sim("SIM PIN")
    with pytest.raises(PinRejectedError) as first:
        await env.modem.connect()
    assert first.value.attempts_left == 2
    with pytest.raises(PinRejectedError) as second:
        await env.modem.connect()
    assert second.value.attempts_left == 2
    entered = [cmd for cmd in env.sim.command_log if cmd.startswith("AT+CPIN=")]
    assert entered == ['AT+CPIN="0000"']


async def test_pin_rejected_stops_background_retries(make_env: MakeEnv) -> None:
    """start() gives up on a rejected PIN instead of burning the SIM's attempts."""
    env = await make_env({"pin": "4711"}, pin="0000")
    env.sim.set_sim("SIM PIN")
    await env.modem.start()
    await env.wait_for(lambda: isinstance(env.modem.last_error, PinRejectedError))
    entered = [cmd for cmd in env.sim.command_log if cmd.startswith("AT+CPIN=")]
    assert entered == ['AT+CPIN="0000"']


@pytest.mark.parametrize(
    ("state", "error"),
    [("NOT INSERTED", SimNotInsertedError), ("SIM PUK", SimLockedError)],
)
async def test_sim_problems(
    make_env: MakeEnv, state: str, error: type[Exception]
) -> None:
    """No SIM, or a SIM that needs the PUK."""
    env = await make_env()
    env.sim.set_sim(state)
    with pytest.raises(error):
        await env.modem.connect()


async def test_not_registered(make_env: MakeEnv) -> None:
    """No network within register_timeout."""
    env = await make_env()
    env.sim.set_registration(2)
    with pytest.raises(NotRegisteredError):
        await env.modem.connect()


async def test_roaming_counts_as_registered(make_env: MakeEnv) -> None:
    """Roaming (stat 5) is registered."""
    env = await make_env()
    env.sim.set_registration(5)
    await env.modem.connect()
    assert env.modem.health is not None
    assert env.modem.health.registration is RegistrationState.ROAMING


async def test_nothing_answers() -> None:
    """A port with a silent device behind it: NoAtResponseError, port closed."""
    peer = PtyPeer()
    modem = Modem(peer.path, **{**FAST, "command_timeout": 0.05})
    try:
        with pytest.raises(NoAtResponseError):
            await modem.connect()
    finally:
        await modem.close()
        peer.close()


async def test_connect_after_close(make_env: MakeEnv) -> None:
    """A closed modem does not reconnect."""
    env = await make_env()
    await env.modem.close()
    with pytest.raises(ModemNotConnectedError):
        await env.modem.connect()


@pytest.mark.parametrize(
    ("reply", "storage"),
    [
        (['+CPMS: ("SM","ME","MT"),("SM","ME","MT"),("SM","ME","MT")'], "SM"),
        (['+CPMS: ("ME","MT"),("ME","MT"),("ME","MT")'], "ME"),
        (['+CPMS: ("SR","BM"),("SR"),("BM")'], "BM"),
        ([], "SM"),
    ],
)
def test_choose_storage(reply: list[str], storage: str) -> None:
    """The SIM when offered, else the modem's memory, else what there is."""
    assert choose_storage(reply) == storage


@pytest.mark.parametrize(
    ("reply", "cnmi"),
    [
        (["+CNMI: (0-3),(0-3),(0,2),(0-2),(0,1)"], "2,1,0,2,0"),  # SIM800
        (["+CNMI: (0,1,2),(0,2),(0),(0,1),(0,1)"], "2,2,0,1,0"),  # direct only
        (["+CNMI: (1),(0,1),(0),(0),(0)"], "1,1,0,0,0"),
        ([], "2,1,0,2,0"),
    ],
)
def test_choose_cnmi(reply: list[str], cnmi: str) -> None:
    """Stored delivery (+CMTI) first, +CMT otherwise; +CDSI before +CDS."""
    assert choose_cnmi(reply) == cnmi
