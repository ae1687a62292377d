"""Flash SMS (class 0): ``flash: true`` on ``isocket.send_sms`` and per recipient.

The simulated modem decodes each SMS-SUBMIT it is handed over the pty: the
DCS's message class is what reaches the network.
"""

from __future__ import annotations

from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.isocket.const import (
    CONF_FLASH,
    CONF_PHONE,
    DOMAIN,
)
from simulator.phone import Phone

from .conftest import SimWorld, wait_for
from .test_gateway_notify import ALICE, gateway_entry, recipient_subentry

BOB = "+4917000000012"


async def test_send_sms_flash_is_class_0_on_the_wire(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """flash: true → DCS class 0 in the PDU; without it no class; UCS-2 too."""
    phone = Phone(world.network, BOB)
    for message, flash in (("Water!", True), ("Wasser ✋", True), ("later", False)):
        await hass.services.async_call(
            DOMAIN,
            "send_sms",
            {"number": BOB, "message": message, "flash": flash},
            blocking=True,
        )
    await wait_for(lambda: len(phone.inbox) == 3)
    sent = world.modem.sms.sent[-3:]
    assert [(s.text, s.message_class) for s in sent] == [
        ("Water!", 0),
        ("Wasser ✋", 0),
        ("later", None),
    ]
    assert [s.encoding for s in sent] == ["gsm7", "ucs2", "gsm7"]
    assert [sms.flash for sms in phone.inbox] == [True, True, False]


async def test_recipient_flash_option(hass: HomeAssistant, world: SimWorld) -> None:
    """A recipient set to flash gets class 0 from its notify entity; the other not."""
    hass.config.country = "DE"
    entry = gateway_entry(
        world.path, recipient_subentry(), recipient_subentry(BOB, "Bob")
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    (bob,) = [s for s in entry.subentries.values() if s.data[CONF_PHONE] == BOB]
    result = await entry.start_subentry_reconfigure_flow(hass, bob.subentry_id)
    assert result["type"] is FlowResultType.FORM
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {"name": "Bob", CONF_PHONE: BOB, CONF_FLASH: True}
    )
    assert result["type"] is FlowResultType.ABORT
    assert entry.subentries[bob.subentry_id].data[CONF_FLASH] is True
    await hass.async_block_till_done()
    alice_phone = Phone(world.network, ALICE)
    bob_phone = Phone(world.network, BOB)
    for name in ("alice", "bob"):
        await hass.services.async_call(
            "notify",
            "send_message",
            {"entity_id": f"notify.{name}", "message": "The freezer is warm"},
            blocking=True,
        )
    await wait_for(lambda: bool(alice_phone.inbox and bob_phone.inbox))
    assert [sms.flash for sms in alice_phone.inbox] == [False]
    assert [sms.flash for sms in bob_phone.inbox] == [True]
    classes = {s.recipient: s.message_class for s in world.modem.sms.sent}
    assert classes == {ALICE: None, BOB: 0}
    await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
