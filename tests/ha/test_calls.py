"""Ring a phone (``isocket.call``) and see who calls (Incoming call, Reject call).

Phones on the simulated network answer, refuse or let it ring; every call
goes through the modem's pty and the whole stack. Simulated time runs with
the real clock here, so the rings are kept short.
"""

from __future__ import annotations

from typing import Any

from homeassistant.auth.const import GROUP_ID_USER
from homeassistant.components.button import DOMAIN as BUTTON_DOMAIN, SERVICE_PRESS
from homeassistant.core import Context, HomeAssistant
from homeassistant.exceptions import (
    HomeAssistantError,
    ServiceValidationError,
    Unauthorized,
)
from homeassistant.helpers import device_registry as dr
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    MockUser,
    async_capture_events,
)

from custom_components.isocket.const import (
    CONF_ALLOWED_CALLERS,
    CONF_MAX_CALLS_PER_DAY,
    CONF_OTHER_CALLS,
    DOMAIN,
    OTHER_CALLS_RING,
)
from simulator.network import CallState
from simulator.phone import Phone

from .conftest import DEVICE_NUMBER, OWNER_NUMBER, SimWorld, wait_for
from .test_gateway_incoming import _entity_id
from .test_gateway_notify import gateway_entry, recipient_subentry

FRIEND = "+4917000000021"
STRANGER = "+4917000000022"
FIRED = "isocket_test_call"


async def _call(
    hass: HomeAssistant, number: str, duration: float, **extra: Any
) -> dict[str, Any]:
    response = await hass.services.async_call(
        DOMAIN,
        "call",
        {"number": number, "duration": duration},
        blocking=True,
        return_response=True,
        **extra,
    )
    assert response is not None
    return dict(response)


async def _set_options(
    hass: HomeAssistant, entry: MockConfigEntry, **options: Any
) -> None:
    hass.config_entries.async_update_entry(entry, options={**entry.options, **options})
    await hass.async_block_till_done()


async def test_call_rings_for_the_asked_time(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """Nobody answers: the owner's phone rings 2 s, then the call is rang out."""
    response = await _call(hass, OWNER_NUMBER, 2)
    assert response["outcome"] == "rang_out"
    assert response["answered"] is False
    assert response["number"] == OWNER_NUMBER
    (call,) = world.owner.calls
    assert call.state is CallState.UNANSWERED
    assert call.rang_seconds is not None
    assert 2.0 <= call.rang_seconds < 3.5
    assert world.modem.command_log[-1] == "ATH"


async def test_call_answered(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """The phone is picked up after 1 s: answered, and hung up at once."""
    phone = Phone(world.network, FRIEND, on_call="answer", ring_for=1.0)
    response = await _call(hass, "017000000021", 20)  # national, read in DE
    assert response["number"] == FRIEND
    assert response["outcome"] == "answered"
    assert response["answered"] is True
    assert 1.0 <= response["rang"] < 4.0
    (call,) = phone.calls
    assert call.state is CallState.ENDED
    assert call.ended_by == world.modem.number


async def test_call_rejected(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """The callee refuses: rejected, well before the asked time."""
    Phone(world.network, FRIEND, on_call="reject", ring_for=0.5)
    response = await _call(hass, FRIEND, 20)
    assert response["outcome"] == "rejected"
    assert response["answered"] is False
    assert response["rang"] < 5


async def test_call_bad_number_dials_nothing(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """A number that is none is a translated validation error; no ATD."""
    with pytest.raises(ServiceValidationError) as caught:
        await _call(hass, "call me maybe", 5)
    assert caught.value.translation_key == "invalid_number"
    assert not any(cmd.startswith("ATD") for cmd in world.modem.command_log)


async def test_call_cap(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """The day's call cap: the call over it is refused, nothing dialled."""
    await _set_options(hass, loaded_entry, **{CONF_MAX_CALLS_PER_DAY: 1})
    await _call(hass, OWNER_NUMBER, 1)
    with pytest.raises(HomeAssistantError) as caught:
        await _call(hass, OWNER_NUMBER, 1)
    assert caught.value.translation_key == "call_budget_exceeded"
    assert caught.value.translation_placeholders == {"count": "1", "limit": "1"}
    assert len(world.owner.calls) == 1


async def test_call_count_kept_across_a_reload(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """Today's call count is stored as the SMS count is: a reload keeps it."""
    await _set_options(hass, loaded_entry, **{CONF_MAX_CALLS_PER_DAY: 1})
    await _call(hass, OWNER_NUMBER, 1)
    assert await hass.config_entries.async_reload(loaded_entry.entry_id)
    await hass.async_block_till_done()
    budget = loaded_entry.runtime_data.hub.modem.call_budget
    assert budget is not None
    assert budget.count == 1
    with pytest.raises(HomeAssistantError) as caught:
        await _call(hass, OWNER_NUMBER, 1)
    assert caught.value.translation_key == "call_budget_exceeded"
    assert len(world.owner.calls) == 1


async def test_only_admins_call_strangers(hass: HomeAssistant, world: SimWorld) -> None:
    """A non-admin may ring a recipient, never another number.

    The user is in HA's "Users" group: a read-only user may use no isocket
    action at all (issue 17, tests/ha/test_authorization.py).
    """
    group = await hass.auth.async_get_group(GROUP_ID_USER)
    non_admin = MockUser(groups=[group]).add_to_hass(hass)
    hass.config.country = "DE"
    entry = gateway_entry(world.path, recipient_subentry(FRIEND, "Friend"))
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    friend = Phone(world.network, FRIEND, on_call="reject")
    user = Context(user_id=non_admin.id)
    with pytest.raises(Unauthorized):
        await _call(hass, OWNER_NUMBER, 1, context=user)
    assert not world.owner.calls
    response = await _call(hass, FRIEND, 5, context=user)
    assert response["outcome"] == "rejected"
    assert len(friend.calls) == 1
    await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()


async def test_allowed_caller_fires_and_stranger_is_rejected(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """An allowed caller is reported and left ringing; a stranger is rejected."""
    await _set_options(hass, loaded_entry, **{CONF_ALLOWED_CALLERS: [FRIEND]})
    entity_id = _entity_id(hass, loaded_entry, "incoming_call")
    friend_call = Phone(world.network, FRIEND).call(world.modem.number)
    await wait_for(
        lambda: hass.states.get(entity_id).state != "unknown"  # type: ignore[union-attr]
    )
    state = hass.states.get(entity_id)
    assert state is not None
    assert state.attributes["event_type"] == "allowed"
    assert state.attributes["caller"] == FRIEND
    assert state.attributes["allowed"] is True
    assert state.attributes["rejected"] is False
    assert friend_call.state is CallState.RINGING  # nothing answers, nothing rejects
    friend_call.hangup(FRIEND)
    await wait_for(lambda: world.modem.calls.current is None)

    stranger_call = Phone(world.network, STRANGER).call(world.modem.number)
    await wait_for(lambda: stranger_call.state is CallState.REJECTED)
    await hass.async_block_till_done()
    state = hass.states.get(entity_id)
    assert state is not None
    assert state.attributes["event_type"] == "not_allowed"
    assert state.attributes["caller"] == STRANGER
    assert state.attributes["allowed"] is False
    assert state.attributes["rejected"] is True
    assert "A" not in world.modem.command_log  # ATA: never answered


async def test_withheld_caller_shows_what_is_known(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """A withheld number (empty allow-list: allowed) has no caller attribute."""
    entity_id = _entity_id(hass, loaded_entry, "incoming_call")
    call = Phone(world.network, FRIEND).call(world.modem.number, hide_caller_id=True)
    await wait_for(
        lambda: hass.states.get(entity_id).state != "unknown"  # type: ignore[union-attr]
    )
    state = hass.states.get(entity_id)
    assert state is not None
    assert state.attributes["event_type"] == "allowed"
    assert "caller" not in state.attributes
    assert state.attributes["allowed"] is True
    assert state.attributes["rejected"] is False
    call.hangup(FRIEND)
    await wait_for(lambda: world.modem.calls.current is None)


async def test_stranger_left_to_ring_then_reject_button(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """Option 'let it ring': the stranger rings on until Reject call is pressed."""
    await _set_options(
        hass,
        loaded_entry,
        **{CONF_ALLOWED_CALLERS: [FRIEND], CONF_OTHER_CALLS: OTHER_CALLS_RING},
    )
    entity_id = _entity_id(hass, loaded_entry, "incoming_call")
    call = Phone(world.network, STRANGER).call(world.modem.number)
    await wait_for(
        lambda: hass.states.get(entity_id).state != "unknown"  # type: ignore[union-attr]
    )
    state = hass.states.get(entity_id)
    assert state is not None
    assert (state.attributes["allowed"], state.attributes["rejected"]) == (False, False)
    assert call.state is CallState.RINGING
    await hass.services.async_call(
        BUTTON_DOMAIN,
        SERVICE_PRESS,
        {"entity_id": _entity_id(hass, loaded_entry, "reject_call")},
        blocking=True,
    )
    await wait_for(lambda: call.state is CallState.REJECTED)


async def test_device_call_keeps_its_meaning(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """A call from the iSocket is the device's (rejected at once), no Incoming call."""
    await _set_options(hass, loaded_entry, **{CONF_ALLOWED_CALLERS: [FRIEND]})
    entity_id = _entity_id(hass, loaded_entry, "incoming_call")
    call = world.network.call(DEVICE_NUMBER, world.modem.number)
    await wait_for(lambda: call.state is CallState.REJECTED)
    await hass.async_block_till_done()
    assert hass.states.get(entity_id).state == "unknown"  # type: ignore[union-attr]


async def test_call_received_trigger(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """Ring to open: the trigger fires for the chosen allowed caller only."""
    await _set_options(
        hass, loaded_entry, **{CONF_ALLOWED_CALLERS: [FRIEND, OWNER_NUMBER]}
    )
    registry = dr.async_get(hass)
    (hub,) = [
        d.id
        for d in dr.async_entries_for_config_entry(registry, loaded_entry.entry_id)
        if d.config_subentry_id is None
    ]
    base = {"platform": "device", "domain": DOMAIN, "device_id": hub}
    assert await async_setup_component(
        hass,
        "automation",
        {
            "automation": [
                {
                    "id": f"c{index}",
                    "triggers": [trigger],
                    "actions": [
                        {
                            "event": FIRED,
                            "event_data": {
                                "automation": f"c{index}",
                                "caller": "from {{ trigger.caller }}",
                            },
                        }
                    ],
                }
                for index, trigger in enumerate(
                    [
                        {**base, "type": "call_received"},
                        {**base, "type": "call_received", "caller": "017000000021"},
                    ]
                )
            ]
        },
    )
    await hass.async_block_till_done()
    fired = async_capture_events(hass, FIRED)
    stranger = world.network.call(STRANGER, world.modem.number)
    await wait_for(lambda: stranger.state is CallState.REJECTED)
    for number, count in ((OWNER_NUMBER, 1), (FRIEND, 3)):
        call = world.network.call(number, world.modem.number)
        await wait_for(lambda count=count: len(fired) == count)  # type: ignore[misc]
        call.hangup(number)
        await wait_for(lambda: world.modem.calls.current is None)
    await hass.async_block_till_done()
    got = sorted((e.data["automation"], e.data["caller"]) for e in fired)
    assert got == sorted(
        [
            ("c0", f"from {OWNER_NUMBER}"),
            ("c0", f"from {FRIEND}"),
            ("c1", f"from {FRIEND}"),
        ]
    )
