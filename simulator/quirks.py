"""How one modem model differs from another: identity and dialect quirks.

The default is a SIM800; presets give the other families the integration has
to cope with. Every field is a knob a test can turn on its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

type Unsupported = Literal["error", "cme", "huawei"]


@dataclass(frozen=True, slots=True)
class Quirks:
    """Dialect and identity of the simulated modem (default: SIM800L)."""

    manufacturer: str = "SIMCOM_Ltd"
    model: str = "SIMCOM_SIM800L"
    revision: str = "Revision:1418B05SIM800L24"
    #: echo is on after power-up on real modems; the app must send ATE0
    echo: bool = True
    #: Huawei sticks report ``^RSSI: n`` on their own, even inside replies
    rssi_interleave: bool = False
    #: reply to unknown commands: ``ERROR``, ``+CME ERROR: 4`` or Huawei's text
    unsupported: Unsupported = "error"
    #: line terminator after each line (some firmware sends ``\r\r\n``)
    line_end: bytes = b"\r\n"
    #: seconds (simulated) before any reply is written
    reply_delay: float = 0.0
    #: extra seconds (simulated) an ``AT+CMGS`` takes to reach the network
    send_delay: float = 0.0
    #: LTE modems answer ``AT+CEREG?``; a 2G SIM800 does not know it
    lte: bool = False
    #: ``AT+CNMI`` after power-up: (mode, mt, bm, ds, bfr)
    cnmi_default: tuple[int, int, int, int, int] = (2, 1, 0, 0, 0)
    #: what the modem says when an SMS arrives and the storage is full
    memory_full_urc: str = '+CIEV: "SMSFULL",1'
    #: seconds between ``RING`` repetitions of an incoming call
    ring_interval: float = 3.0
    #: Huawei firmware sends and wants USSD strings as packed septets in hex
    ussd_packed: bool = False
    #: lines after power-up / reset, before the SIM state lines
    boot_lines: tuple[str, ...] = field(default=("RDY", "+CFUN: 1"))
    #: ``AT+CFUN=1,1`` restarts the modem (some firmware refuses it: ERROR)
    restart_command: bool = True
    #: commands answered without the final ``OK`` (name and form: ``+CPIN?``)
    no_final_ok_for: frozenset[str] = frozenset()
    #: commands this firmware does not know (by name: ``+CLCC``), answered
    #: as unsupported
    missing_commands: frozenset[str] = frozenset()


SIM800 = Quirks()

HUAWEI_E3531 = Quirks(
    manufacturer="huawei",
    model="E3531",
    revision="22.521.23.00.00",
    rssi_interleave=True,
    unsupported="huawei",
    memory_full_urc='^SMMEMFULL: "SM"',
    ussd_packed=True,
    boot_lines=("^BOOT:12345678,0,0,0,72",),
)

QUECTEL_EC25 = Quirks(
    manufacturer="Quectel",
    model="EC25",
    revision="EC25EFAR06A06M4G",
    unsupported="cme",
    lte=True,
    boot_lines=("RDY",),
)

# An old Wavecom (Q2403-era firmware) answers AT+CPIN? with "+CPIN: READY" and
# no final "OK": the report behind python-gsmmodem's workaround
# (faucamp/python-gsmmodem issue #19, GsmModem._unlockSim). Identity strings
# in Wavecom's style; the revision is invented.
WAVECOM_Q2403 = Quirks(
    manufacturer="WAVECOM MODEM",
    model="MULTIBAND  900E  1800",
    revision="641b09gg.Q2403A 1320676 061804 14:38",
    unsupported="cme",
    boot_lines=(),
    no_final_ok_for=frozenset({"+CPIN?"}),
)

PRESETS: dict[str, Quirks] = {
    "sim800": SIM800,
    "huawei": HUAWEI_E3531,
    "quectel": QUECTEL_EC25,
    "wavecom": WAVECOM_Q2403,
}
