"""iSocket SMS protocol: commands, replies, alerts, device state. Does not import Home Assistant or gsm."""
