"""An upload larger than daphne's own WebSocket message limit (1 MiB by default), on Django Channels
under a plain ``daphne`` with webio's defaults (reconnect_timeout 0): the file goes in chunks of
256 KiB and the app gets all of it; the session goes on. Headless Chromium, a real daphne process."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

pytest.importorskip("playwright.sync_api")

from tests.client.chromium import chromium_for_tests  # noqa: E402
from tests.flask.real_server import free_port, running  # noqa: E402

MIB = 1024 * 1024


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium_for_tests() as browser:
        yield browser


def test_a_3_mib_upload_under_plain_daphne_reaches_the_app(browser: Any) -> None:
    port = free_port()
    args = ["daphne", "-b", "127.0.0.1", "-p", str(port), "tests.django.upload_asgi:application"]
    env = {"DJANGO_SETTINGS_MODULE": "tests.django.upload_settings"}
    with running(args, port, env) as base:
        context = browser.new_context(locale="en-US")
        try:
            page = context.new_page()
            page.set_default_timeout(30_000)
            page.goto(base + "/upload/")
            page.get_by_label("Your file").set_input_files(
                files=[{"name": "big.bin", "mimeType": "application/octet-stream", "buffer": b"x" * (3 * MIB)}])
            page.get_by_role("button", name="Submit", exact=True).click()
            page.get_by_text(f"got {3 * MIB} bytes", exact=True).wait_for()
            assert not page.get_by_text("The session has ended").is_visible()
            assert page.locator(".webio-toast").count() == 0
            page.get_by_label("Your note").fill("short note")
            page.get_by_role("button", name="Submit", exact=True).click()
            page.get_by_text("saved 10 characters", exact=True).wait_for()
        finally:
            context.close()
