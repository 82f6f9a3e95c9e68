"""Fixtures: ``run(body)`` runs an example body (see kinds.py) in a thread and a coroutine session."""
from __future__ import annotations

from typing import Any, Callable

import pytest

from webio.testing import AppClient

from tests.input.kinds import as_app


@pytest.fixture(params=["thread", "coroutine"])
def kind(request: Any) -> str:
    return str(request.param)


@pytest.fixture
def run(kind: str, webio_client: Any) -> Callable[..., AppClient]:
    """``run(async_body, **client_options)``: the body as an app of each session kind."""

    def runner(body: Callable[[], Any], **options: Any) -> AppClient:
        return webio_client(as_app(body, kind), **options)  # type: ignore[no-any-return]

    return runner
