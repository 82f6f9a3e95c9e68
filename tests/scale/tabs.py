"""The scripted run of the multi-process tests: N tabs at once, each answering ten inputs.

Each tab is a thread with a wire-protocol client (webio.testing.connect). With ``reconnect``,
every round starts on a new WebSocket (a new connection: a load balancer may send it to any
worker). At the end every tab must show exactly its ten answers, in order, and "done": nothing
broken, lost or repeated.
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Callable, Optional

from tests.scale.cluster_apps import ROUNDS
from webio.session.ids import owner_of
from webio.testing import connect


def said_lines(client: Any) -> list[str]:
    return [line for line in client.text.splitlines() if line.startswith("Hello") or line == "done"]


@dataclass
class TabRun:
    tab: int
    session_id: str
    lines: list[str]
    closed: bool

    @property
    def owner(self) -> Optional[str]:
        return owner_of(self.session_id)

    @property
    def expected(self) -> list[str]:
        return [f"Hello tab{self.tab}-{i} #{i}" for i in range(ROUNDS)] + ["done"]


def run_tab(url: Callable[[int], str], app: Optional[str], tab: int, transport: str, reconnect: bool) -> TabRun:
    client = connect(url(0), transport=transport, app=app, timeout=60)
    try:
        for round_number in range(ROUNDS):
            if reconnect:
                query = f"?app={app}" if app else ""
                client.transport.url = url(round_number + 1).replace("http://", "ws://") + query
                client.reconnect()
            # As a user does: answer the question once it is on the screen. (An ack may come before
            # the app's reaction; answering the previous form again would be refused as finished.)
            client.wait_until(lambda c, n=round_number: f"Name {n}" in c.text)
            client.submit(f"tab{tab}-{round_number}")
        client.wait_until(lambda c: "done" in c.text)
        return TabRun(tab, client.session_id, said_lines(client), bool(client.closed))
    finally:
        client.close()


def run_tabs(url: Callable[[int], str], app: Optional[str], tabs: int = 20, transport: str = "websocket",
             reconnect: bool = True) -> list[TabRun]:
    """``tabs`` tabs at once; ``url(n)`` is the server URL of a tab's n-th connection."""
    with ThreadPoolExecutor(tabs) as pool:
        futures = [pool.submit(run_tab, url, app, tab, transport, reconnect) for tab in range(tabs)]
        return [future.result() for future in futures]


def assert_nothing_broken_lost_or_repeated(runs: list[TabRun]) -> None:
    broken = [run.tab for run in runs if run.closed]
    assert not broken, f"tabs {broken} were closed"
    for run in runs:
        assert run.lines == run.expected, f"tab {run.tab}: {run.lines}"


def chromium_answers(url: str, rounds: int, last: Optional[str] = None) -> str:
    """A headless Chromium tab at ``url`` answers ``rounds`` name questions as a user does, waiting
    for each greeting (and then for the text ``last``); the text of its page afterwards."""
    from tests.client.chromium import chromium_for_tests

    with chromium_for_tests() as browser:
        context = browser.new_context(locale="en-US")
        context.set_default_timeout(20_000)
        page = context.new_page()
        page.goto(url)
        for round_number in range(rounds):
            page.get_by_label(f"Name {round_number}").fill(f"Ada{round_number}")
            page.locator("#webio-input-container").get_by_role("button", name="Submit", exact=True).click()
            page.get_by_text(f"Hello Ada{round_number} #{round_number}").wait_for()
        if last is not None:
            page.get_by_text(last).wait_for()
        text: str = page.locator("#webio-scope-ROOT").inner_text()
        context.close()
        return text
