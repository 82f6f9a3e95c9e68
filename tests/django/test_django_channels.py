"""webio.django's Channels consumer through ``channels.testing.WebsocketCommunicator``."""
from __future__ import annotations

import asyncio
import json
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Optional

import pytest

pytest.importorskip("channels")

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import URLRouter  # noqa: E402
from channels.testing import WebsocketCommunicator  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.test import Client  # noqa: E402

from tests.conformance.wire import FakeBrowser, is_script  # noqa: E402
from tests.django.asgi import application  # noqa: E402
from tests.django.webio_apps import APPS, whoami  # noqa: E402
from webio.django import WebioConsumer, webio_websocket_path  # noqa: E402

pytestmark = pytest.mark.timeout(60)
SAME_ORIGIN = [(b"host", b"testserver"), (b"origin", b"http://testserver")]


class SocketTab:
    """A FakeBrowser tab on a WebsocketCommunicator."""

    def __init__(self, communicator: WebsocketCommunicator) -> None:
        self.communicator = communicator
        self.browser = FakeBrowser()

    async def script(self, code: str) -> dict[str, Any]:
        return await self.wait_for(is_script(code))

    async def wait_for(self, predicate: Any) -> dict[str, Any]:
        while True:
            found = self.browser.take(predicate)
            if found is not None:
                return found
            self.browser.feed(await self.communicator.receive_from(timeout=10))

    async def answer(self, cmd: dict[str, Any], value: Any) -> None:
        await self.communicator.send_to(text_data=self.browser.event("js_yield", cmd["task_id"], value))


def run_in_new_loop(coroutine: Any) -> Any:
    """Run ``coroutine`` on a new loop in a worker thread, whatever loop state other suites left here."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def communicator(app: Any, path: str, headers: Optional[list[tuple[bytes, bytes]]] = None) -> WebsocketCommunicator:
    return WebsocketCommunicator(app, path, headers=SAME_ORIGIN if headers is None else headers)


async def echo_over_socket(app: Any, path: str, values: tuple[Any, ...] = ("a", 2)) -> dict[str, Any]:
    comm = communicator(app, path)
    connected, _ = await comm.connect(timeout=10)
    assert connected
    tab = SocketTab(comm)
    hello = (await tab.script("hello"))["spec"]["args"]
    for count, value in enumerate(values, start=1):
        await tab.answer(await tab.script("next()"), value)
        assert (await tab.script("echo"))["spec"]["args"] == {"value": value, "count": count}
    await comm.disconnect()
    return hello  # type: ignore[no-any-return]


@pytest.mark.parametrize("app_name", ["echo", "echo_async"])
def test_round_trip_over_the_project_asgi_application(app_name: str) -> None:
    hello = run_in_new_loop(echo_over_socket(application, f"/ws/?app={app_name}"))
    assert hello == {"backend": "django", "request_type": "ASGIRequest", "request_module": "django.core.handlers.asgi"}


def test_input_and_put_text_over_the_socket() -> None:
    async def run() -> str:
        comm = communicator(application, "/ws/?app=greet")
        assert (await comm.connect(timeout=10))[0]
        tab = SocketTab(comm)
        form = await tab.wait_for(lambda cmd: cmd["command"] == "input_group")
        await comm.send_to(text_data=tab.browser.event("from_submit", form["task_id"], {"data": "Ada"}))
        shown = await tab.wait_for(lambda cmd: cmd["command"] == "output")
        await comm.disconnect()
        return str(shown["spec"]["content"])

    assert run_in_new_loop(run()) == "Hello, Ada from django"


def test_consumer_mounted_under_tools_x() -> None:
    router = URLRouter([webio_websocket_path("tools/x/", APPS)])
    run_in_new_loop(echo_over_socket(router, "/tools/x/?app=echo"))


def test_cross_origin_refused_by_default_and_allowed_by_wildcard() -> None:
    async def connect(app: Any, origin: bytes) -> tuple[bool, Any]:
        comm = communicator(app, "/x/", [(b"host", b"testserver"), (b"origin", origin)])
        result = await comm.connect(timeout=10)
        await comm.disconnect()
        return result  # type: ignore[no-any-return]

    strict = URLRouter([webio_websocket_path("x/", APPS)])
    assert run_in_new_loop(connect(strict, b"https://evil.example"))[0] is False
    partners = URLRouter([webio_websocket_path("x/", APPS, allowed_origins=["https://*.example.com"])])
    assert run_in_new_loop(connect(partners, b"https://shop.example.com"))[0] is True
    assert run_in_new_loop(connect(partners, b"https://example.org"))[0] is False


def test_app_reads_request_user_through_auth_middleware() -> None:
    user, _ = User.objects.get_or_create(username="grace")
    client = Client()
    client.force_login(user)
    cookie = f"sessionid={client.cookies['sessionid'].value}".encode()

    async def run() -> dict[str, Any]:
        app = AuthMiddlewareStack(URLRouter([webio_websocket_path("who/", whoami)]))
        comm = communicator(app, "/who/", SAME_ORIGIN + [(b"cookie", cookie)])
        assert (await comm.connect(timeout=10))[0]
        args = (await SocketTab(comm).script("whoami"))["spec"]["args"]
        await comm.disconnect()
        return args  # type: ignore[no-any-return]

    seen = run_in_new_loop(run())
    assert seen["user"] == "grace" and seen["authenticated"] is True
    assert (seen["request_class"], seen["protocol"], seen["backend"]) == ("ASGIRequest", "websocket", "django")


def test_oversized_message_is_dropped_and_the_session_goes_on() -> None:
    async def run() -> None:
        comm = communicator(URLRouter([webio_websocket_path("x/", APPS, max_payload_size="1K")]), "/x/?app=echo")
        assert (await comm.connect(timeout=10))[0]
        tab = SocketTab(comm)
        asked = await tab.script("next()")
        await comm.send_to(text_data=json.dumps({"event": "js_yield", "task_id": asked["task_id"],
                                                 "data": "x" * 2000, "seq": 1}))
        await tab.answer(asked, "small")
        echoed = (await tab.script("echo"))["spec"]["args"]
        assert echoed == {"value": "small", "count": 1}
        await comm.disconnect()

    run_in_new_loop(run())


def test_resume_after_reconnect() -> None:
    async def run() -> None:
        router = URLRouter([webio_websocket_path("x/", APPS, reconnect_timeout=5)])
        first = communicator(router, "/x/?app=echo")
        assert (await first.connect(timeout=10))[0]
        tab = SocketTab(first)
        asked = await tab.script("next()")
        await first.disconnect()
        second = communicator(router, f"/x/?app=echo&{tab.browser.resume_query()}")
        assert (await second.connect(timeout=10))[0]
        tab.communicator = second
        await tab.answer(asked, "after")
        assert (await tab.script("echo"))["spec"]["args"] == {"value": "after", "count": 1}
        await second.disconnect()

    run_in_new_loop(run())


def test_as_asgi_needs_applications() -> None:
    with pytest.raises(TypeError, match="applications="):
        WebioConsumer.as_asgi()


def test_the_view_and_the_consumer_of_one_app_share_one_endpoint() -> None:
    """The page's view and the consumer at its path are one endpoint: the view's registry holds the
    consumer's session, and closing that endpoint (server shutdown) ends the tab's session."""
    from django.urls import resolve

    endpoint = resolve("/ws/").func.webio_endpoint  # type: ignore[attr-defined]

    async def run() -> list[Any]:
        before = set(endpoint.registry)
        comm = communicator(application, "/ws/?app=greet")
        assert (await comm.connect(timeout=10))[0]
        tab = SocketTab(comm)
        await tab.wait_for(lambda cmd: cmd["command"] == "input_group")
        sessions = [session for session in endpoint.registry if session not in before]
        endpoint.close()
        closing = await tab.wait_for(lambda cmd: cmd["command"] == "close_session")
        await comm.disconnect()
        return [sessions, closing]

    sessions, closing = run_in_new_loop(run())
    assert len(sessions) == 1 and sessions[0].closed
    assert closing["command"] == "close_session"
