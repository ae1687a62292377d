"""Constants of the iSocket integration."""

from typing import Final

DOMAIN: Final = "isocket"
