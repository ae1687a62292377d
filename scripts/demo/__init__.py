"""The demo: a real Home Assistant with the integration, against the simulator.

``python -m scripts.demo`` (what ``scripts/develop`` runs) starts the simulator
process, writes and onboards ``config/``, runs ``hass`` and configures the
integration through HA's own REST and WebSocket APIs. The end-to-end tests,
the browser test and the benchmarks reuse the same pieces with a temporary
config directory:

- ``haconfig``  writes ``configuration.yaml`` and the first-run storage files;
- ``haclient``  talks to a running HA (onboarding, login, REST, WebSocket);
- ``provision`` adds the hub and the device through the config flows;
- ``dashboard`` builds and saves the demo's dashboard;
- ``processes`` starts and stops the simulator and ``hass`` processes;
- ``stack`` runs both in a temporary directory (tests, benchmarks);
- ``simserver`` is the simulator process (stdin commands, a JSON/HTML control
  page), ``simworld`` what it observes of ``simulator.world.World``.
"""
