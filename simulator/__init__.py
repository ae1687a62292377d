"""Modem and iSocket simulator (not shipped with the integration)."""
