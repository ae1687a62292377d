"""The gateway's hub options: their form fields and how a submitted form is checked."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from homeassistant.helpers.selector import (
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    TextSelector,
    TextSelectorConfig,
)
import probatio as vol

from ..const import (
    CONF_ALLOWED_SENDERS,
    CONF_BALANCE_CODE,
    CONF_BALANCE_INTERVAL,
    CONF_MAX_SMS_PER_DAY,
    DEFAULT_BALANCE_CODE,
    DEFAULT_BALANCE_INTERVAL_HOURS,
    DEFAULT_MAX_SMS_PER_DAY,
    MAX_BALANCE_INTERVAL_HOURS,
)
from ..gsm.errors import InvalidUssdCodeError
from ..gsm.numbers import is_alphanumeric, parse_phone
from ..gsm.ussd import validate_code

MAX_SMS_PER_DAY_LIMIT: Final = 10000

GATEWAY_OPTIONS_FIELDS: Final[dict[vol.Marker, Any]] = {
    vol.Required(CONF_MAX_SMS_PER_DAY, default=DEFAULT_MAX_SMS_PER_DAY): NumberSelector(
        NumberSelectorConfig(
            min=0, max=MAX_SMS_PER_DAY_LIMIT, step=1, mode=NumberSelectorMode.BOX
        )
    ),
    vol.Optional(CONF_ALLOWED_SENDERS, default=[]): TextSelector(
        TextSelectorConfig(multiple=True)
    ),
    vol.Required(CONF_BALANCE_CODE, default=DEFAULT_BALANCE_CODE): TextSelector(),
    vol.Required(
        CONF_BALANCE_INTERVAL, default=DEFAULT_BALANCE_INTERVAL_HOURS
    ): NumberSelector(
        NumberSelectorConfig(
            min=1,
            max=MAX_BALANCE_INTERVAL_HOURS,
            step=1,
            mode=NumberSelectorMode.BOX,
            unit_of_measurement="h",
        )
    ),
}


def parse_sender(raw: str, region: str | None) -> str | None:
    """An allow-list entry: a phone number in E.164, or a sender name as it is."""
    text = raw.strip()
    if text and is_alphanumeric(text) and any(c.isalpha() for c in text):
        return text
    return parse_phone(text, region)


def gateway_options(
    user_input: Mapping[str, Any], region: str | None
) -> tuple[dict[str, Any], dict[str, str]]:
    """The gateway options from a submitted form, and the form's errors.

    Allowed senders are stored in E.164 (names such as ``Vodafone`` as typed);
    blank lines are dropped.
    """
    errors: dict[str, str] = {}
    senders: list[str] = []
    for raw in user_input.get(CONF_ALLOWED_SENDERS) or ():
        if not raw.strip():
            continue
        if (sender := parse_sender(raw, region)) is None:
            errors[CONF_ALLOWED_SENDERS] = "invalid_sender"
        else:
            senders.append(sender)
    try:
        code = validate_code(user_input[CONF_BALANCE_CODE])
    except InvalidUssdCodeError:
        errors[CONF_BALANCE_CODE] = "invalid_ussd_code"
        code = ""
    options = {
        CONF_MAX_SMS_PER_DAY: int(user_input[CONF_MAX_SMS_PER_DAY]),
        CONF_ALLOWED_SENDERS: senders,
        CONF_BALANCE_CODE: code,
        CONF_BALANCE_INTERVAL: int(user_input[CONF_BALANCE_INTERVAL]),
    }
    return options, errors
