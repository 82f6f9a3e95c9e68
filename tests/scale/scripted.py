"""The scripted run of issue 10: concurrent tabs of ``ROUNDS`` input round trips each, every request
on a new connection, checked for broken sessions, lost and repeated outputs."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from tests.scale.deploy_apps import ROUNDS
from tests.scale.servers import Server
from webio.session.ids import owner_of
from webio.testing import connect


@dataclass
class Outcome:
    """What the tabs saw: per tab, the lines it shows (a line per output) and how it ended."""

    lines: list[list[str]] = field(default_factory=list)
    closed: list[bool] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    session_ids: list[str] = field(default_factory=list)

    def expected(self, tab: int) -> list[str]:
        return [f"Hello tab{tab}-{i} #{i}" for i in range(ROUNDS)] + ["done"]

    @property
    def broken(self) -> list[int]:
        return [tab for tab, lines in enumerate(self.lines) if lines != self.expected(tab) or not self.closed[tab]]

    @property
    def owners(self) -> set[str]:
        return {owner_of(session_id) or "?" for session_id in self.session_ids}


def said(client: Any) -> list[str]:
    return [line for line in client.text.splitlines() if line.startswith("Hello") or line == "done"]


def one_tab(url: str, app: str, tab: int) -> tuple[list[str], bool, str, str]:
    try:
        client = connect(url, transport="http", app=app, timeout=60)
        for round_number in range(ROUNDS):
            client.submit(f"tab{tab}-{round_number}")
        client.wait_closed()  # the app returned: its last output and the closed state must arrive
        lines, closed, session_id = said(client), client.closed, client.session_id or ""
        client.close()
        return lines, closed, "", session_id
    except Exception as exc:  # a broken tab is counted, not raised: the report lists them all
        return [], False, f"tab {tab}: {type(exc).__name__}: {exc}", ""


def scripted_run(url: str, app: str, tabs: int = 20) -> Outcome:
    """``tabs`` tabs of ``app`` at once, each ``ROUNDS`` round trips, then the app's end."""
    outcome = Outcome()
    with ThreadPoolExecutor(tabs) as pool:
        for lines, closed, error, session_id in pool.map(lambda tab: one_tab(url, app, tab), range(tabs)):
            outcome.lines.append(lines)
            outcome.closed.append(closed)
            outcome.session_ids.append(session_id)
            if error:
                outcome.errors.append(error)
    return outcome


def assert_twenty_tabs_crossed_workers(server: Server, app: str) -> None:
    """Twenty tabs of ``app`` on ``server`` (several workers): nothing broken, lost or repeated, most
    tabs answered by two or more worker processes, no traceback in the server's log."""
    outcome = scripted_run(server.url, app, tabs=20)
    assert not outcome.errors, outcome.errors
    assert outcome.broken == [], [(tab, outcome.lines[tab], outcome.closed[tab]) for tab in outcome.broken]
    served = server.workers_per_session()
    crossed = [sid for sid in outcome.session_ids if len(served.get(sid, ())) >= 2]
    # Which worker accepts a connection is the kernel's choice: most tabs must have crossed.
    assert len(crossed) >= 15, f"tabs whose requests two or more workers answered: {len(crossed)} of 20 ({served})"
    assert "Traceback" not in server.log(), server.log()[-3000:]
