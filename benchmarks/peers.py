"""Metrics against fair anchors: PyWebIO with TCP_NODELAY (``pywebio_nodelay``) and NiceGUI.

PyWebIO as shipped loses ~40 ms per round trip to Nagle's algorithm, a one-line bug; beating it
says little. These metrics put webio next to PyWebIO with that bug fixed and next to NiceGUI (a
peer with a different design), on the interaction all three share: a button click that changes a
text. Every implementation is measured in the same run, alternating which goes first; the targets
are ratios within the run (the performance issue's list), never wall-clock limits.
"""
from __future__ import annotations

import asyncio
import statistics
import time
from typing import TYPE_CHECKING, Any, Callable, Optional

from . import cload, measure

if TYPE_CHECKING:
    from .run import Cell, Metric, Sizes
    from .server import ServerProcess

PEER_IMPLS = ("webio", "pywebio", "pywebio_nodelay", "nicegui")
ANCHOR_IMPLS = ("webio", "pywebio", "pywebio_nodelay")  # NiceGUI has no input() round trip
NAMES = {"webio": "webio", "pywebio": "PyWebIO 1.8.4", "pywebio_nodelay": "PyWebIO, Nagle off", "nicegui": "NiceGUI 3.18"}
PEER_KEYS = ("click", "clicks_100", "clicks_100_workers", "rounds_100", "rounds_100_workers", "idle_pages")
WORKERS = 2  # server processes of the scale-out rows (SO_REUSEPORT; benchmarks/apps/serve.py)
SCALE_KEYS = ("clicks_100_workers", "rounds_100_workers")  # 1 against WORKERS processes, C load generator


def m_click(impl: str, v: dict, s: "Sizes", server: "ServerProcess") -> list[float]:
    return asyncio.run(measure.click_latency(impl, server.port, s.rounds))


def m_clicks_100(impl: str, v: dict, s: "Sizes", server: "ServerProcess") -> tuple[float, dict]:
    info = asyncio.run(measure.concurrent_clicks(impl, server.port, s.busy_clients, s.busy_seconds,
                                                 server.cpu_seconds))
    return info["per_second"], info


def m_busy_c(app: str) -> Callable[..., tuple[float, dict]]:
    """A scale-out row: 100 pages clicking (``click``) or sessions doing input round trips (``echo``)
    driven by the C load generator (``benchmarks/loadgen.c``), or by the Python one without gcc/zlib."""
    def run(impl: str, v: dict, s: "Sizes", server: "ServerProcess") -> tuple[float, dict]:
        time.sleep(2.0)  # every worker process listening, so the kernel spreads the pages over all of them
        exe, why = cload.build()
        if exe is None:
            _note(f"note: the scale-out rows use the Python load generator: {why}")
            busy = measure.concurrent_clicks if app == "click" else measure.concurrent_rounds
            info = asyncio.run(busy(impl, server.port, s.busy_clients, s.busy_seconds, server.cpu_seconds))
            info["generator"] = "Python"
        else:
            info = cload.run(exe, server.port, app, s.busy_clients, min(1.0, s.busy_seconds / 4), s.busy_seconds,
                             server.cpu_seconds, connections=server.connections)
        return info["per_second"], info
    return run


_noted: set[str] = set()


def _note(text: str) -> None:
    if text not in _noted:
        _noted.add(text)
        print("   " + text)


def m_rounds_100(impl: str, v: dict, s: "Sizes", server: "ServerProcess") -> tuple[float, dict]:
    info = asyncio.run(measure.concurrent_rounds(impl, server.port, s.busy_clients, s.busy_seconds,
                                                 server.cpu_seconds))
    return info["per_second"], info


def m_idle_pages(impl: str, v: dict, s: "Sizes", server: "ServerProcess") -> tuple[float, dict]:
    info = asyncio.run(measure.idle_pages(impl, server.port, s.idle, server.rss_kib, v["deflate"] == "offered",
                                          s.settle))
    return info["per_session_kib"], info


def peer_metrics(metric_type: type["Metric"]) -> list["Metric"]:
    kinds = [{"kind": k} for k in ("thread", "coroutine")]
    scale = [{"kind": k, "workers": str(w)} for k in ("thread", "coroutine") for w in (1, WORKERS)]
    return [
        metric_type("click", "click → text shown, one page", "ms", kinds, m_click, "click", latency=True,
                    impls=PEER_IMPLS, peer=True),
        metric_type("clicks_100", "100 pages clicking at once", "clicks/s", kinds, m_clicks_100, "click",
                    higher_is_better=True, impls=PEER_IMPLS, peer=True, fresh_server=True),
        metric_type("clicks_100_workers", "100 pages clicking at once, 1 and 2 server processes", "clicks/s",
                    scale, m_busy_c("click"), "click", higher_is_better=True, impls=("webio",), peer=True,
                    fresh_server=True, interleave=True),
        metric_type("rounds_100", "100 sessions doing input round trips at once", "rounds/s", kinds, m_rounds_100,
                    "echo", higher_is_better=True, impls=ANCHOR_IMPLS, peer=True, fresh_server=True),
        metric_type("rounds_100_workers", "100 sessions doing input round trips at once, 1 and 2 server processes",
                    "rounds/s", scale, m_busy_c("echo"), "echo", higher_is_better=True, impls=("webio",), peer=True,
                    fresh_server=True, interleave=True),
        metric_type("idle_pages", "idle memory per open page", "KiB RSS",
                    [{"kind": k, "deflate": d} for d in ("offered", "not offered") for k in ("thread", "coroutine")],
                    m_idle_pages, "click", impls=PEER_IMPLS, peer=True, fresh_server=True),
    ]


# ----------------------------------------------------------------------------- the table
def _value(cell: Optional["Cell"], latency: bool) -> Optional[float]:
    if cell is None or cell.error:
        return None
    values = cell.samples if latency else cell.runs
    return statistics.median(values) if values else None


def _cpu(cell: Optional["Cell"], key: str = "cpu_ms_each") -> Optional[float]:
    if cell is None or cell.error or not cell.extra or any(key not in e for e in cell.extra):
        return None
    return statistics.median(e[key] for e in cell.extra)


def _ratio_check(w: Optional[float], other: Optional[float], limit: float, higher: bool) -> tuple[str, Optional[bool]]:
    if w is None or not other:
        return "–", None
    r = w / other
    return f"{r:.2f}", (r >= limit if higher else r <= limit)


def peer_rows(results: dict[str, Any], fmt: Callable[..., str]) -> list[list[str]]:
    """One row per metric variant and target: the four implementations, the ratio, the target, met."""
    from .run import Cell

    floor = results.get("floor", {}).get("variants", {}).get("-", {}).get("tornado")
    floor_ms = _value(Cell(**floor), True) if floor else None
    rows = []
    for key in PEER_KEYS:
        data = results.get(key)
        if not data:
            continue
        latency = data["latency"]
        for name, raw in data["variants"].items():
            cells = {impl: Cell(**c) for impl, c in raw.items()}
            values = {impl: _value(cells.get(impl), latency) for impl in PEER_IMPLS}
            shown = [cells[i].error if i in cells and cells[i].error else fmt(values[i], data["unit"]) if i in cells else "n/a"
                     for i in PEER_IMPLS]
            for target, (ratio_text, met) in _targets(key, name, cells, values, floor_ms, results):
                rows.append([data["title"], name, *shown, ratio_text, target, {True: "yes", False: "NO", None: "–"}[met]])
            if key == "clicks_100":
                cpu = {impl: _cpu(cells.get(impl)) for impl in PEER_IMPLS}
                shown_cpu = [fmt(cpu[i], "ms") if i in cells else "n/a" for i in PEER_IMPLS]
                checks = [("≤ 0.6× NiceGUI", _ratio_check(cpu["webio"], cpu["nicegui"], 0.6, False))] \
                    if name == "thread" else [("", ("", None))]
                for target, (ratio_text, met) in checks:
                    rows.append(["server CPU per click, 100 pages clicking", name, *shown_cpu, ratio_text, target,
                                 {True: "yes", False: "NO", None: "–"}[met]])
            if key in SCALE_KEYS:
                cpu = {impl: _cpu(cells.get(impl)) for impl in PEER_IMPLS}
                rows.append([f"server CPU per {data['unit'].split('/')[0][:-1]} ({key})", name,
                             *(fmt(cpu[i], "ms") if i in cells else "n/a" for i in PEER_IMPLS), "", "", "–"])
            if key in ("clicks_100", "rounds_100", *SCALE_KEYS):
                # The scripted clients share the machine's cores with the server(s): their CPU per
                # click bounds what more server processes can add.
                client = {impl: _cpu(cells.get(impl), "client_cpu_ms_each") for impl in PEER_IMPLS}
                generator = {e.get("generator", "Python") for c in cells.values() for e in c.extra if isinstance(e, dict)}
                rows.append([f"load generator CPU per {data['unit'].split('/')[0][:-1]} ({key}, "
                             f"{'/'.join(sorted(generator)) or 'Python'})", name,
                             *(fmt(client[i], "ms") if i in cells else "n/a" for i in PEER_IMPLS), "", "", "–"])
    rows += _round_trip_rows(results, floor_ms, fmt)
    return rows


def _webio_value(results: dict[str, Any], key: str, variant: str) -> Optional[float]:
    """webio's value of another metric (or variant) of the same run."""
    from .run import Cell

    data = results.get(key)
    raw = data["variants"].get(variant, {}).get("webio") if data else None
    return _value(Cell(**raw), data["latency"]) if raw else None


def _round_trip_rows(results: dict[str, Any], floor_ms: Optional[float], fmt: Callable[..., str]) -> list[list[str]]:
    """The single input round trip (``round_trip``, main table) against the bare echo of the same run."""
    rows = []
    for kind in ("thread", "coroutine"):
        value = _webio_value(results, "round_trip", kind)
        if value is None:
            continue
        ratio_text, met = _ratio_check(value, floor_ms, 1.5, False)
        rows.append(["input round trip: submit → echoed output, one session", kind, fmt(value, "ms"), "", "", "",
                     ratio_text, "≤ 1.5× bare Tornado echo", {True: "yes", False: "NO", None: "–"}[met]])
    return rows


def _targets(key: str, variant: str, cells: dict[str, "Cell"], v: dict[str, Optional[float]],
             floor_ms: Optional[float], results: dict[str, Any]) -> list[tuple[str, tuple[str, Optional[bool]]]]:
    """The performance issue's targets for one row (an empty target where it sets none)."""
    w = v["webio"]
    if key in SCALE_KEYS and variant.endswith(f"{WORKERS} processes"):
        one = _webio_value(results, key, variant.replace(f"{WORKERS} processes", "1 process"))
        return [("≥ 1.6× 1 process", _ratio_check(w, one, 1.6, True))]
    if key == "click":
        return [("≤ 1.5× bare Tornado echo", _ratio_check(w, floor_ms, 1.5, False))]
    if key == "clicks_100" and variant == "thread":
        return [("≥ 1.5× NiceGUI", _ratio_check(w, v["nicegui"], 1.5, True)),
                ("≥ 3× PyWebIO, Nagle off", _ratio_check(w, v["pywebio_nodelay"], 3.0, True))]
    if key == "rounds_100" and variant == "coroutine":
        return [("≥ 3× PyWebIO, Nagle off", _ratio_check(w, v["pywebio_nodelay"], 3.0, True))]
    if key == "idle_pages" and variant.endswith("deflate offered"):
        plain = _webio_value(results, "idle_pages", variant.replace("deflate offered", "deflate not offered"))
        return [("≤ ½ PyWebIO", _ratio_check(w, v["pywebio"], 0.5, False)),
                ("≤ ½ NiceGUI", _ratio_check(w, v["nicegui"], 0.5, False)),
                ("≤ webio, no deflate (+10%)", _ratio_check(w, plain, 1.1, False))]
    return [("", ("", None))]


PEER_HEADER = ["metric", "variant", *(NAMES[i] for i in PEER_IMPLS), "webio ratio", "target", "met"]
