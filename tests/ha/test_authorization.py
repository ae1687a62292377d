"""Who may do what (docs/security.md), through HA and the simulator over a pty.

A read-only user reaches neither device nor modem by any action; a user
without admin rights cannot send a security-class command (password, number
lists, SECLIST, RING, ALERTME, MAKEMEBOSS, USSD) by any action or entity,
and an administrator (or an automation, which runs without a user) can.
"Nothing reaches the modem" is read from the simulated modem's own log of
the AT commands it received: no ``AT+CMGS`` (SMS), ``ATD`` (call) or
``AT+CUSD`` (USSD) line.
"""

from __future__ import annotations

import asyncio
from typing import Any
from unittest.mock import patch

from homeassistant.auth.const import GROUP_ID_USER
from homeassistant.components.select import (
    ATTR_OPTION,
    DOMAIN as SELECT_DOMAIN,
    SERVICE_SELECT_OPTION,
)
from homeassistant.const import ATTR_ENTITY_ID
from homeassistant.core import Context, HomeAssistant
from homeassistant.exceptions import (
    HomeAssistantError,
    ServiceValidationError,
    Unauthorized,
)
from homeassistant.helpers import device_registry as dr, entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, MockUser

from custom_components.isocket.const import CONF_MAX_SMS_PER_DAY, CONF_PASSWORD, DOMAIN
from custom_components.isocket.protocol.commands import COMMANDS, SECURITY_KEYS
from custom_components.isocket.services import ACTIONS
from custom_components.isocket.settings import INQUIRIES
from custom_components.isocket.sms_gateway.services import USSD_INTERVAL
from simulator.phone import Phone

from .conftest import DEVICE_NUMBER, MODEM_NUMBER, OWNER_NUMBER, SimWorld

# Valid data for every action (a test below keeps this complete).
ACTION_DATA: dict[str, dict[str, Any]] = {
    "send_command": {"command": "STATUS"},
    "switch_for": {"state": "on", "seconds": 5},
    "refresh": {},
    "set_clock": {},
    "get_alarm_log": {},
    "get_credit": {},
    "manage_numbers": {"list": "security", "operation": "read"},
    "set_password": {"password": "ab123"},
    "read_schedule": {},
    "clear_schedule": {},
    "add_schedule_rule": {"time": "10:00", "action": "ON"},
    "remove_schedule_rule": {"time": "10:00"},
    "alert_me": {},
    "get_runtime": {},
    "get_temperature": {},
    "get_clock": {},
    "set_credit_code": {"code": "*100#"},
    "send_sms": {"number": [OWNER_NUMBER], "message": "hello"},
    "modem_ussd": {"code": "*100#"},
    "call": {"number": OWNER_NUMBER, "duration": 5},
}
GATEWAY = {"send_sms", "modem_ussd", "call"}

# One sample per security-class command, as a user would type it.
SECURITY_SAMPLES: dict[str, str] = {
    "PASSWORD=": "PASSWORD=ab123",
    "PASSWORD=NO": "PASSWORD=NO",
    "MAKEMEBOSS": "MAKEMEBOSS",
    "ALERTME": "ALERTME",
    "SECNUMBER+": "SECNUMBER+4917000000009",
    "SECNUMBER-": f"SECNUMBER-{MODEM_NUMBER[1:]}",
    "SECNUMBER-ALL": "SECNUMBER-ALL",
    "SECNUMBER?": "SECNUMBER?",
    "SECLIST=ON": "SECLIST=ON",
    "SECLIST=OFF": "SECLIST=OFF",
    "ALERTNUMBER+": "ALERTNUMBER+4917000000009",
    "ALERTNUMBER-": f"ALERTNUMBER-{MODEM_NUMBER[1:]}",
    "ALERTNUMBER-ALL": "ALERTNUMBER-ALL",
    "ALERTNUMBER?": "ALERTNUMBER?",
    "RING=SWITCH": "RING=SWITCH",
    "RING=RESTART": "RING=RESTART",
    "RING=NOACTION": "RING=NOACTION",
    "CREDITUMS=": "CREDITUMS=*100#",
    "CREDITUMS=NO": "CREDITUMS=NO",
    "SIMCARD": "SIMCARD*100#",
}
# Every action that carries a security-class command, with data that does.
SECURITY_ACTIONS: list[tuple[str, dict[str, Any]]] = [
    ("set_password", {"password": "ab123"}),
    ("set_password", {"password": ""}),
    (
        "manage_numbers",
        {"list": "security", "operation": "add", "number": "+4917000000009"},
    ),
    ("manage_numbers", {"list": "alert", "operation": "clear"}),
    ("manage_numbers", {"list": "security", "operation": "read"}),
    ("alert_me", {}),
    ("set_credit_code", {"code": "*100#"}),
    *(("send_command", {"command": text}) for text in SECURITY_SAMPLES.values()),
    # a typed password does not change who may send the command
    ("send_command", {"command": "ab123SECLIST=OFF"}),
]
OUTBOUND = ("AT+CMGS", "ATD", "AT+CUSD")


@pytest.fixture
async def hass_user(hass: HomeAssistant) -> MockUser:
    """A user without admin rights (HA's "Users" group: may control entities)."""
    group = await hass.auth.async_get_group(GROUP_ID_USER)
    return MockUser(groups=[group]).add_to_hass(hass)


@pytest.fixture
def security_list_switch_enabled(hass: HomeAssistant) -> None:
    """The Security list switch is disabled by default: register it enabled."""
    er.async_get(hass).async_get_or_create(
        "switch",
        DOMAIN,
        f"{DEVICE_NUMBER}_security_list",
        suggested_object_id="garage_security_list",
    )


def _device_id(hass: HomeAssistant, entry: MockConfigEntry) -> str:
    registry = dr.async_get(hass)
    return next(
        d.id
        for d in dr.async_entries_for_config_entry(registry, entry.entry_id)
        if (DOMAIN, DEVICE_NUMBER) in d.identifiers
    )


def _outbound(world: SimWorld, since: int) -> list[str]:
    """The AT commands since ``since`` that would send, call or dial USSD."""
    return [
        line
        for line in world.modem.command_log[since:]
        if line.upper().startswith(OUTBOUND)
    ]


async def _action(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    action: str,
    data: dict[str, Any],
    user: MockUser | None,
) -> Any:
    if action not in GATEWAY:
        data = {"device_id": _device_id(hass, entry), **data}
    supports = hass.services.supports_response(DOMAIN, action)
    return await hass.services.async_call(
        DOMAIN,
        action,
        data,
        blocking=True,
        context=Context(user_id=user.id if user else None),
        return_response=supports.value != "none",
    )


def test_every_action_is_tried() -> None:
    """A new action must be added to the table above (and so to the tests)."""
    assert set(ACTION_DATA) == set(ACTIONS)


def test_every_security_command_is_tried() -> None:
    """Each key of the security class has a sample sent through send_command."""
    assert set(SECURITY_SAMPLES) == SECURITY_KEYS
    assert {key for key, spec in COMMANDS.items() if spec.security} == SECURITY_KEYS


def test_read_settings_sends_no_security_command() -> None:
    """The button anyone may press asks nothing of the security class."""
    assert not any(make().security for make in INQUIRIES)


@pytest.mark.parametrize("action", sorted(ACTION_DATA))
async def test_read_only_user_reaches_nothing(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    world: SimWorld,
    hass_read_only_user: MockUser,
    action: str,
) -> None:
    """Every action refuses a read-only user before anything reaches the modem."""
    since = len(world.modem.command_log)
    with pytest.raises(Unauthorized):
        await _action(
            hass, loaded_entry, action, ACTION_DATA[action], hass_read_only_user
        )
    await hass.async_block_till_done()
    assert _outbound(world, since) == []


@pytest.mark.parametrize(
    ("action", "data"),
    SECURITY_ACTIONS,
    ids=[f"{a}-{next(iter(d.values()), '')}" for a, d in SECURITY_ACTIONS],
)
async def test_non_admin_sends_no_security_command(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    world: SimWorld,
    *,
    hass_user: MockUser,
    action: str,
    data: dict[str, Any],
) -> None:
    """Password, lists, SECLIST, RING, ALERTME, USSD: refused, nothing sent."""
    since = len(world.modem.command_log)
    with pytest.raises(Unauthorized):
        await _action(hass, loaded_entry, action, data, hass_user)
    await hass.async_block_till_done()
    assert _outbound(world, since) == []
    assert world.device.settings.password is None
    assert CONF_PASSWORD not in next(iter(loaded_entry.subentries.values())).data


async def test_non_admin_may_send_ordinary_commands(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    world: SimWorld,
    hass_user: MockUser,
) -> None:
    """The check is by command: STATUS, ON, RING? go through for any user."""
    for text in ("STATUS", "ON", "RING?"):
        response = await _action(
            hass, loaded_entry, "send_command", {"command": text}, hass_user
        )
        assert response["confirmed"] is True
    assert world.device.socket_on


@pytest.mark.parametrize("user", ["admin", "automation"])
async def test_admin_and_automation_send_security_commands(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    world: SimWorld,
    hass_admin_user: MockUser,
    user: str,
) -> None:
    """An administrator, or an automation (no user), may; the device obeys."""
    who = hass_admin_user if user == "admin" else None
    response = await _action(
        hass,
        loaded_entry,
        "send_command",
        {"command": "ALERTNUMBER+4917000000009"},
        who,
    )
    assert response["confirmed"] is True
    assert "4917000000009" in world.device.settings.alert_numbers


async def test_password_by_send_command_is_kept(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    world: SimWorld,
    hass_admin_user: MockUser,
) -> None:
    """PASSWORD= typed by an admin: stored once confirmed, used from then on."""
    await _action(
        hass,
        loaded_entry,
        "send_command",
        {"command": "PASSWORD=Zx987"},
        hass_admin_user,
    )
    await hass.async_block_till_done()
    assert world.device.settings.password == "Zx987"
    assert next(iter(loaded_entry.subentries.values())).data[CONF_PASSWORD] == "Zx987"
    response = await _action(
        hass, loaded_entry, "send_command", {"command": "STATUS"}, hass_admin_user
    )
    assert response["type"] == "StatusReport"
    assert world.network.sent_log[-2].text == "Zx987STATUS"
    # removed the same way: the typed (old) password goes first
    await _action(
        hass, loaded_entry, "send_command", {"command": "Zx987PASSWORD=NO"}, None
    )
    await hass.async_block_till_done()
    assert world.device.settings.password is None
    assert CONF_PASSWORD not in next(iter(loaded_entry.subentries.values())).data


async def test_refused_password_by_send_command_keeps_the_old_one(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """Outside the configuration window the device refuses: nothing stored."""
    world.clock.advance(31 * 60)
    with pytest.raises(Exception, match=r"not changed|password"):
        await _action(
            hass, loaded_entry, "send_command", {"command": "PASSWORD=Zx987"}, None
        )
    assert world.device.settings.password is None
    assert CONF_PASSWORD not in next(iter(loaded_entry.subentries.values())).data


async def _select_ring(hass: HomeAssistant, option: str, user: MockUser) -> None:
    await hass.services.async_call(
        SELECT_DOMAIN,
        SERVICE_SELECT_OPTION,
        {ATTR_ENTITY_ID: "select.garage_call_action", ATTR_OPTION: option},
        blocking=True,
        context=Context(user_id=user.id),
    )


async def _owner_turns_on_security(world: SimWorld) -> None:
    """RING=SWITCH/RESTART need an active list with the modem on it (§3.2)."""
    for text in (
        f"SECNUMBER+{OWNER_NUMBER[1:]}",
        f"SECNUMBER+{MODEM_NUMBER[1:]}",
        "SECLIST=ON",
    ):
        world.owner.send(DEVICE_NUMBER, text)
    world.clock.advance(0)


async def test_ring_select_needs_an_admin(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    world: SimWorld,
    *,
    hass_user: MockUser,
    hass_read_only_user: MockUser,
    hass_admin_user: MockUser,
) -> None:
    """The Call action select sends RING=: only for an administrator."""
    await _owner_turns_on_security(world)
    for user in (hass_read_only_user, hass_user):
        since = len(world.modem.command_log)
        with pytest.raises(Unauthorized):
            await _select_ring(hass, "switch", user)
        assert _outbound(world, since) == []
    assert world.device.settings.ring == "NOACTION"
    await _select_ring(hass, "switch", hass_admin_user)
    assert world.device.settings.ring == "SWITCH"
    assert hass.states.get("select.garage_call_action").state == "switch"


@pytest.mark.usefixtures("security_list_switch_enabled")
async def test_security_list_switch_needs_an_admin(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    world: SimWorld,
    *,
    hass_user: MockUser,
    hass_read_only_user: MockUser,
    hass_admin_user: MockUser,
) -> None:
    """The Security list switch sends SECLIST=: only for an administrator."""
    entity_id = "switch.garage_security_list"
    assert hass.states.get(entity_id) is not None
    for user in (hass_read_only_user, hass_user):
        since = len(world.modem.command_log)
        with pytest.raises(Unauthorized):
            await hass.services.async_call(
                "switch",
                "turn_off",
                {ATTR_ENTITY_ID: entity_id},
                blocking=True,
                context=Context(user_id=user.id),
            )
        assert _outbound(world, since) == []
    await hass.services.async_call(
        "switch",
        "turn_off",
        {ATTR_ENTITY_ID: entity_id},
        blocking=True,
        context=Context(user_id=hass_admin_user.id),
    )
    assert world.device.settings.seclist == "OFF"
    assert hass.states.get(entity_id).state == "off"


# --- the gateway: SMS to a device, USSD, the budget of concurrent sends ------


@pytest.mark.parametrize("number", [DEVICE_NUMBER, "0151 00000002"])
async def test_send_sms_refuses_a_device(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    world: SimWorld,
    hass_admin_user: MockUser,
    number: str,
) -> None:
    """Even an admin: a device's number (any form) goes through send_command."""
    since = len(world.modem.command_log)
    with pytest.raises(ServiceValidationError) as raised:
        await _action(
            hass,
            loaded_entry,
            "send_sms",
            {"number": [OWNER_NUMBER, number], "message": "SECLIST=OFF"},
            hass_admin_user,
        )
    assert raised.value.translation_key == "send_sms_to_device"
    assert "send_command" in str(raised.value)
    assert DEVICE_NUMBER not in str(raised.value)  # masked: errors get logged
    assert _outbound(world, since) == []  # not even the owner's SMS went


async def test_ussd_balance_code_for_users_others_for_admins(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    world: SimWorld,
    *,
    hass_user: MockUser,
    hass_admin_user: MockUser,
) -> None:
    """A user may ask the hub's balance code; any other code needs an admin."""
    with pytest.raises(Unauthorized):
        await _action(hass, loaded_entry, "modem_ussd", {"code": "*101#"}, hass_user)
    assert world.network.ussd_log == []
    response = await _action(
        hass, loaded_entry, "modem_ussd", {"code": " *100# "}, hass_user
    )
    assert response["amount"] == 10.0
    assert [code for _sender, code in world.network.ussd_log] == ["*100#"]
    with patch("custom_components.isocket.sms_gateway.services.USSD_INTERVAL", 0.0):
        await _action(
            hass, loaded_entry, "modem_ussd", {"code": "*101#"}, hass_admin_user
        )
    assert [code for _sender, code in world.network.ussd_log] == ["*100#", "*101#"]


async def test_ussd_is_rate_limited(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """One request per hub every USSD_INTERVAL seconds, admins included."""
    await _action(hass, loaded_entry, "modem_ussd", {"code": "*100#"}, None)
    with pytest.raises(HomeAssistantError) as raised:
        await _action(hass, loaded_entry, "modem_ussd", {"code": "*100#"}, None)
    assert raised.value.translation_key == "ussd_rate_limited"
    assert 0 < int(raised.value.translation_placeholders["seconds"]) <= USSD_INTERVAL
    assert len(world.network.ussd_log) == 1
    # a bad code is refused as such and costs no turn
    with pytest.raises(ServiceValidationError) as raised:
        await _action(hass, loaded_entry, "modem_ussd", {"code": "*1#\r"}, None)
    assert raised.value.translation_key == "invalid_ussd_code"


async def test_concurrent_sends_cannot_both_pass_the_budget(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """Two send_sms at once, 2 SMS each, 3 left: one goes whole, one is refused whole."""
    friends = ["+4917000000008", "+4917000000009"]
    for friend in friends:
        Phone(world.network, friend)
    hass.config_entries.async_update_entry(
        loaded_entry, options={**loaded_entry.options, CONF_MAX_SMS_PER_DAY: 3}
    )
    await hass.async_block_till_done()
    since = len(world.network.sent_log)
    results = await asyncio.gather(
        *(
            _action(
                hass,
                loaded_entry,
                "send_sms",
                {"number": friends, "message": text},
                None,
            )
            for text in ("first", "second")
        ),
        return_exceptions=True,
    )
    refused = [r for r in results if isinstance(r, HomeAssistantError)]
    assert len(refused) == 1, results
    assert refused[0].translation_key == "budget_exceeded"
    sent = [sms.text for sms in world.network.sent_log[since:]]
    assert len(sent) == 2
    assert len(set(sent)) == 1  # one message whole, none of the other
    assert loaded_entry.runtime_data.hub.sms_sent_today == 2
