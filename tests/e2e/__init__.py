"""End-to-end tests: the simulator and a real ``hass`` process, over HA's APIs."""
