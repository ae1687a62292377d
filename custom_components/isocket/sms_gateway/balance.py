"""The modem SIM's balance by USSD, polled by a small coordinator.

The hub options say which code to send (*Balance code*) and how often
(*Balance interval*, hours); a changed interval applies at once. The
coordinator polls only while an entity listens: the Balance sensor is
disabled by default, so nothing is asked until the owner enables it. A
failed reading keeps the last amount and says why (``error``); while the
modem is offline nothing is asked.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta
from decimal import Decimal
from typing import Final

from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator

from ..const import (
    CONF_BALANCE_CODE,
    CONF_BALANCE_INTERVAL,
    DEFAULT_BALANCE_CODE,
    DEFAULT_BALANCE_INTERVAL_HOURS,
    DEFAULT_USSD_TIMEOUT,
    DOMAIN,
    LOGGER,
)
from ..coordinator import HubCoordinator
from ..gsm.errors import GsmError
from ..gsm.ussd import balance_amount
from ..runtime import ISocketConfigEntry

# Seconds after the sensor is added before its first USSD request.
FIRST_READ_DELAY: Final = 60


@dataclass(frozen=True, slots=True)
class BalanceReading:
    """The last answer: its first amount, the whole text, why the last read failed."""

    value: Decimal | None = None
    text: str | None = None
    error: str | None = None


def _interval(entry: ISocketConfigEntry) -> timedelta:
    hours = entry.options.get(CONF_BALANCE_INTERVAL, DEFAULT_BALANCE_INTERVAL_HOURS)
    return timedelta(hours=hours)


class BalanceCoordinator(DataUpdateCoordinator[BalanceReading]):
    """Sends the hub's balance code at the configured interval."""

    config_entry: ISocketConfigEntry

    def __init__(
        self, hass: HomeAssistant, entry: ISocketConfigEntry, hub: HubCoordinator
    ) -> None:
        """Nothing read yet; the interval from the hub's options."""
        super().__init__(
            hass,
            LOGGER,
            config_entry=entry,
            name=f"{DOMAIN} balance",
            update_interval=_interval(entry),
        )
        self.hub = hub
        self.data = BalanceReading()

    @callback
    def follow_options(self) -> None:
        """A changed interval counts from now, not from the last reading."""
        interval = _interval(self.config_entry)
        if interval != self.update_interval:
            self.update_interval = interval
            self.async_set_updated_data(self.data)  # reschedules the next read

    async def _async_update_data(self) -> BalanceReading:
        """Send the code and read the answer (skipped while offline)."""
        if not self.hub.connected:
            return self.data
        code = self.config_entry.options.get(CONF_BALANCE_CODE, DEFAULT_BALANCE_CODE)
        try:
            response = await self.hub.modem.ussd(code, timeout=DEFAULT_USSD_TIMEOUT)
        except GsmError as err:
            # Kept: the last amount stays; the error says why it is old.
            LOGGER.debug("Balance request failed: %s", type(err).__name__)
            return replace(self.data, error=type(err).__name__)
        return BalanceReading(balance_amount(response.text), response.text)
