"""The health listener: each new snapshot is pushed, read by AT or changed by a URC."""

from __future__ import annotations

from custom_components.isocket.gsm.modem import ModemHealth, RegistrationState
from simulator.quirks import HUAWEI_E3531

from . import modem_env
from .modem_env import MakeEnv

make_env = modem_env.make_env  # the fixture


async def test_health_pushed_at_connect_read_and_urc(make_env: MakeEnv) -> None:
    """Connect reports the first snapshot; URCs and reads report theirs at once."""
    env = await make_env({"quirks": HUAWEI_E3531})
    seen: list[ModemHealth] = []
    unsubscribe = env.modem.add_health_listener(seen.append)
    await env.modem.connect()
    assert seen == [env.modem.health]
    env.sim.set_registration(5)
    await env.wait_for(lambda: seen[-1].registration is RegistrationState.ROAMING)
    env.sim.set_signal(4)
    await env.wait_for(lambda: seen[-1].signal_dbm == -105)
    read = await env.modem.refresh_health()
    assert seen[-1] is read
    unsubscribe()
    count = len(seen)
    await env.modem.refresh_health()
    assert len(seen) == count  # unsubscribed: nothing more
