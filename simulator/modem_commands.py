"""The simulated modem's AT command table: name -> form -> handler.

A command missing here (or a form missing for it) gets the modem's
"unsupported" reply, which is one of the quirks.
"""

from __future__ import annotations

from .modem_at import Handler, Kind
from .modem_calls import CALL_COMMANDS
from .modem_general import GENERAL_COMMANDS
from .modem_sms import SMS_COMMANDS
from .modem_ussd import USSD_COMMANDS

COMMANDS: dict[str, dict[Kind, Handler]] = {
    **GENERAL_COMMANDS,
    **SMS_COMMANDS,
    **CALL_COMMANDS,
    **USSD_COMMANDS,
}
