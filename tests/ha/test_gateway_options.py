"""The gateway's hub options: defaults, an allow-list read in HA's country, checks."""

from __future__ import annotations

from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType

from custom_components.isocket.const import (
    CONF_ALLOWED_CALLERS,
    CONF_ALLOWED_SENDERS,
    CONF_BALANCE_CODE,
    CONF_BALANCE_INTERVAL,
    CONF_COMMAND_EXPIRY,
    CONF_MAX_CALLS_PER_DAY,
    CONF_MAX_SMS_PER_DAY,
    CONF_OTHER_CALLS,
    CONF_SMS_EXPIRY,
    CONF_STATUS_INTERVAL,
    CONF_UNANSWERED_LIMIT,
    DEFAULT_COMMAND_EXPIRY,
    DEFAULT_MAX_CALLS_PER_DAY,
    DEFAULT_MAX_SMS_PER_DAY,
    DEFAULT_SMS_EXPIRY,
    OTHER_CALLS_REJECT,
    OTHER_CALLS_RING,
)

from .conftest import hub_entry

BASE = {CONF_STATUS_INTERVAL: 0, CONF_UNANSWERED_LIMIT: 3}


async def test_defaults(hass: HomeAssistant) -> None:
    """Untouched: 50 SMS and 20 calls a day, everyone allowed, others' calls
    rejected, *100# once a day; commands wait 10 minutes for an absent modem,
    gateway SMS 60."""
    entry = hub_entry("/dev/ttyUSB0")
    entry.add_to_hass(hass)
    result = await hass.config_entries.options.async_init(entry.entry_id)
    result = await hass.config_entries.options.async_configure(result["flow_id"], BASE)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert entry.options == {
        **BASE,
        CONF_MAX_SMS_PER_DAY: DEFAULT_MAX_SMS_PER_DAY,
        CONF_ALLOWED_SENDERS: [],
        CONF_BALANCE_CODE: "*100#",
        CONF_BALANCE_INTERVAL: 24,
        CONF_MAX_CALLS_PER_DAY: DEFAULT_MAX_CALLS_PER_DAY,
        CONF_ALLOWED_CALLERS: [],
        CONF_OTHER_CALLS: OTHER_CALLS_REJECT,
        CONF_COMMAND_EXPIRY: DEFAULT_COMMAND_EXPIRY,
        CONF_SMS_EXPIRY: DEFAULT_SMS_EXPIRY,
    }


async def test_waits_for_an_absent_modem_are_options(hass: HomeAssistant) -> None:
    """Command wait and gateway SMS wait are set in minutes (0: do not wait)."""
    entry = hub_entry("/dev/ttyUSB0")
    entry.add_to_hass(hass)
    result = await hass.config_entries.options.async_init(entry.entry_id)
    chosen = {**BASE, CONF_COMMAND_EXPIRY: 5, CONF_SMS_EXPIRY: 0}
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], chosen
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert entry.options[CONF_COMMAND_EXPIRY] == 5
    assert entry.options[CONF_SMS_EXPIRY] == 0


async def test_allow_list_and_code_checked(hass: HomeAssistant) -> None:
    """Bad senders or a bad USSD code show the form again; good ones are normalised."""
    hass.config.country = "DE"
    entry = hub_entry("/dev/ttyUSB0")
    entry.add_to_hass(hass)
    result = await hass.config_entries.options.async_init(entry.entry_id)
    bad = {
        **BASE,
        CONF_MAX_SMS_PER_DAY: 5,
        CONF_ALLOWED_SENDERS: ["0170 00000004", "12"],
        CONF_BALANCE_CODE: "*100#\x1a",
        CONF_BALANCE_INTERVAL: 6,
    }
    result = await hass.config_entries.options.async_configure(result["flow_id"], bad)
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {
        CONF_ALLOWED_SENDERS: "invalid_sender",
        CONF_BALANCE_CODE: "invalid_ussd_code",
    }
    good = {
        **bad,
        CONF_ALLOWED_SENDERS: ["0170 00000004", " ", "Vodafone"],
        CONF_BALANCE_CODE: " *101# ",
    }
    result = await hass.config_entries.options.async_configure(result["flow_id"], good)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert entry.options[CONF_ALLOWED_SENDERS] == ["+4917000000004", "Vodafone"]
    assert entry.options[CONF_BALANCE_CODE] == "*101#"
    assert entry.options[CONF_MAX_SMS_PER_DAY] == 5


async def test_call_options_checked(hass: HomeAssistant) -> None:
    """Allowed callers are read in HA's country; a non-number shows the form again."""
    hass.config.country = "DE"
    entry = hub_entry("/dev/ttyUSB0")
    entry.add_to_hass(hass)
    result = await hass.config_entries.options.async_init(entry.entry_id)
    bad = {
        **BASE,
        CONF_MAX_CALLS_PER_DAY: 3,
        CONF_ALLOWED_CALLERS: ["0170 00000021", "Vodafone"],
        CONF_OTHER_CALLS: OTHER_CALLS_RING,
    }
    result = await hass.config_entries.options.async_configure(result["flow_id"], bad)
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {CONF_ALLOWED_CALLERS: "invalid_caller"}
    good = {**bad, CONF_ALLOWED_CALLERS: ["0170 00000021", " "]}
    result = await hass.config_entries.options.async_configure(result["flow_id"], good)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert entry.options[CONF_ALLOWED_CALLERS] == ["+4917000000021"]
    assert entry.options[CONF_MAX_CALLS_PER_DAY] == 3
    assert entry.options[CONF_OTHER_CALLS] == OTHER_CALLS_RING
