"""A small client for a running Home Assistant: onboarding, login, REST, WebSocket.

Only HA's public HTTP APIs are used (the ones the frontend uses), so the demo
and the end-to-end tests exercise HA exactly as a person in a browser does.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
import contextlib
import itertools
import time
from typing import Any, Self

import aiohttp


class HaError(Exception):
    """Home Assistant answered with an error."""


class HaClient:
    """REST access to one Home Assistant (``async with HaClient(url) as ha``)."""

    def __init__(self, base_url: str) -> None:
        """Talk to HA at ``base_url`` (e.g. ``http://127.0.0.1:8123``)."""
        self.base_url = base_url.rstrip("/")
        # IndieAuth: the client id is a URL on the same host as the redirect.
        self.client_id = f"{self.base_url}/"
        self.token: str | None = None
        self._session: aiohttp.ClientSession | None = None

    async def __aenter__(self) -> Self:
        """Open the HTTP session."""
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60))
        return self

    async def __aexit__(self, *exc: object) -> None:
        """Close the HTTP session."""
        if self._session is not None:
            await self._session.close()

    @property
    def session(self) -> aiohttp.ClientSession:
        """The open session."""
        assert self._session is not None, "use `async with HaClient(...)`"
        return self._session

    # -- start-up and authentication -------------------------------------

    async def wait_until_up(
        self, within: float = 120.0, alive: Callable[[], bool] = lambda: True
    ) -> None:
        """Wait until HA serves its HTTP API.

        Polls the login page's provider list: it needs no token, and asking
        ``/api/`` without one would be reported as a failed login attempt.
        """
        deadline = time.monotonic() + within
        while True:
            with contextlib.suppress(aiohttp.ClientError, TimeoutError):
                async with self.session.get(
                    f"{self.base_url}/auth/providers",
                    timeout=aiohttp.ClientTimeout(total=5),
                ) as response:
                    # 400 before onboarding ("onboarding required"): up too.
                    if response.status in {200, 400}:
                        return
            if not alive():
                raise HaError("Home Assistant exited while starting")
            if time.monotonic() > deadline:
                raise TimeoutError(f"Home Assistant at {self.base_url} did not start")
            await asyncio.sleep(0.5)

    async def needs_user(self) -> bool:
        """Whether onboarding still waits for the first (owner) user."""
        async with self.session.get(f"{self.base_url}/api/onboarding") as response:
            if response.status == 404:
                return False  # onboarded: HA no longer serves the onboarding API
            steps = await _json(response)
        return any(step["step"] == "user" and not step["done"] for step in steps)

    async def create_owner(self, name: str, username: str, password: str) -> None:
        """Do onboarding's user step and log in as that user."""
        payload = {
            "client_id": self.client_id,
            "name": name,
            "username": username,
            "password": password,
            "language": "en",
        }
        async with self.session.post(
            f"{self.base_url}/api/onboarding/users", json=payload
        ) as response:
            body = await _json(response)
        await self._exchange(body["auth_code"])

    async def login(self, username: str, password: str) -> None:
        """Log in with HA's own username/password provider."""
        async with self.session.post(
            f"{self.base_url}/auth/login_flow",
            json={
                "client_id": self.client_id,
                "handler": ["homeassistant", None],
                "redirect_uri": f"{self.base_url}/?auth_callback=1",
            },
        ) as response:
            flow = await _json(response)
        async with self.session.post(
            f"{self.base_url}/auth/login_flow/{flow['flow_id']}",
            json={
                "client_id": self.client_id,
                "username": username,
                "password": password,
            },
        ) as response:
            result = await _json(response)
        if result.get("type") != "create_entry":
            raise HaError(f"login refused: {result.get('errors')}")
        await self._exchange(result["result"])

    async def _exchange(self, code: str) -> None:
        """Trade an authorisation code for an access token."""
        async with self.session.post(
            f"{self.base_url}/auth/token",
            data={
                "grant_type": "authorization_code",
                "code": code,
                "client_id": self.client_id,
            },
        ) as response:
            body = await _json(response)
        self.token = body["access_token"]

    # -- REST --------------------------------------------------------------

    def _headers(self) -> dict[str, str]:
        assert self.token is not None, "log in first"
        return {"Authorization": f"Bearer {self.token}"}

    async def get(self, path: str) -> Any:
        """GET an API path; the decoded JSON."""
        async with self.session.get(
            f"{self.base_url}{path}", headers=self._headers()
        ) as response:
            return await _json(response)

    async def post(self, path: str, payload: dict[str, Any] | None = None) -> Any:
        """POST JSON to an API path; the decoded JSON."""
        async with self.session.post(
            f"{self.base_url}{path}", headers=self._headers(), json=payload or {}
        ) as response:
            return await _json(response)

    async def state(self, entity_id: str) -> dict[str, Any]:
        """One entity's state object."""
        result: dict[str, Any] = await self.get(f"/api/states/{entity_id}")
        return result

    async def call(
        self,
        domain: str,
        service: str,
        data: dict[str, Any] | None = None,
        *,
        return_response: bool = False,
    ) -> Any:
        """Call an action; with ``return_response`` its response is returned."""
        query = "?return_response" if return_response else ""
        return await self.post(f"/api/services/{domain}/{service}{query}", data)

    async def render(self, template: str) -> str:
        """Render a template on the server."""
        async with self.session.post(
            f"{self.base_url}/api/template",
            headers=self._headers(),
            json={"template": template},
        ) as response:
            if response.status != 200:
                raise HaError(f"template: {response.status} {await response.text()}")
            return await response.text()

    @contextlib.asynccontextmanager
    async def websocket(self) -> AsyncIterator[HaWebSocket]:
        """An authenticated WebSocket connection."""
        url = self.base_url.replace("http", "ws", 1) + "/api/websocket"
        async with self.session.ws_connect(url) as ws:
            await ws.receive_json()  # auth_required
            await ws.send_json({"type": "auth", "access_token": self.token})
            reply = await ws.receive_json()
            if reply.get("type") != "auth_ok":
                raise HaError(f"WebSocket authentication failed: {reply}")
            yield HaWebSocket(ws)


class HaWebSocket:
    """Commands and event subscriptions over one WebSocket connection.

    Messages are read by whoever waits: ``call`` reads until its result and
    queues events for ``next_event``, so no background task is needed.
    """

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        """Wrap an authenticated connection."""
        self._ws = ws
        self._ids = itertools.count(1)
        self._events: asyncio.Queue[dict[str, Any]] = asyncio.Queue()

    async def call(self, command: str, **data: Any) -> Any:
        """Send one command; its result (raises HaError on failure)."""
        message_id = next(self._ids)
        await self._ws.send_json({"id": message_id, "type": command, **data})
        while True:
            message = await self._ws.receive_json()
            if message.get("type") == "event":
                self._events.put_nowait(message["event"])
                continue
            if message.get("id") != message_id:
                continue
            if not message.get("success", False):
                raise HaError(f"{command}: {message.get('error')}")
            return message.get("result")

    async def subscribe_events(self, event_type: str | None = None) -> None:
        """Receive bus events (all, or one type) through ``next_event``."""
        data = {"event_type": event_type} if event_type else {}
        await self.call("subscribe_events", **data)

    async def next_event(self) -> dict[str, Any]:
        """The next subscribed event."""
        if not self._events.empty():
            return self._events.get_nowait()
        while True:
            message = await self._ws.receive_json()
            if message.get("type") == "event":
                event: dict[str, Any] = message["event"]
                return event


async def _json(response: aiohttp.ClientResponse) -> Any:
    """The JSON body, or HaError with HA's message."""
    if response.status >= 400:
        raise HaError(
            f"{response.method} {response.url.path}: {response.status} "
            f"{await response.text()}"
        )
    return await response.json()
