"""The hub as an SMS gateway: sending, receiving, the daily budget, the balance.

- :mod:`.core` what the gateway's entities and actions share: the hub of an
  action and :func:`.core.async_send_text`;
- :mod:`.options` the hub options form's gateway fields (and the allow-list's
  entries);
- :mod:`.balance` the balance poll's coordinator;
- :mod:`.budget` the daily SMS budget (kept in a ``Store``) and its repair issue;
- :mod:`.incoming` SMS the hub routes to no device: the bus event, the event
  entity's signal, the allow-list;
- :mod:`.entities` the hub's Incoming SMS event and its Balance and Ignored SMS
  sensors (the event and sensor platforms add them);
- :mod:`.services` the ``send_sms`` and ``modem_ussd`` actions.

The platforms (``notify``, ``event``, ``sensor``) and the recipient subentry
flow (``config_flow``) stay at the integration's root, where Home Assistant
looks for them.
"""
