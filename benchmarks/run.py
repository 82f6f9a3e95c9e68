"""The benchmark runner: ``python -m benchmarks [--quick] [--only METRIC[,METRIC]] [--json FILE]``.

For every metric and variant (session kind, plugin), each run starts a fresh server subprocess per
implementation, alternating which implementation goes first, and measures it with that
implementation's client adapter. The table shows medians (and p99 for latencies) over all runs,
the webio/PyWebIO ratio and the target. A webio piece that does not exist yet is reported as
"not measurable yet (missing X)"; it never stops the run.
"""
from __future__ import annotations

import argparse
import asyncio
import atexit
import concurrent.futures
import contextlib
import json
import os
import platform
import signal
import statistics
import sys
import time
from dataclasses import asdict, dataclass, field
from typing import Any, Callable, Iterator, Optional

from . import measure
from .peers import PEER_HEADER, SCALE_KEYS, peer_metrics, peer_rows
from .server import NotApplicable, NotMeasurable, ServerFailed, ServerProcess, python_for
from .venv import PYWEBIO_VERSION, ensure_pywebio_venv

IMPLS = ("webio", "pywebio")
KINDS = ("thread", "coroutine")
HTTP_PLUGINS = ("tornado", "flask", "django", "starlette", "aiohttp")
WS_PLUGINS = ("aiohttp", "starlette", "django")  # besides tornado, the default server


@dataclass
class Sizes:
    runs: int
    opens: int
    rounds: int
    floor_rounds: int
    flood: int
    idle: int
    http_rounds: int
    http_runs: int
    capacity: dict[str, list[int]]
    capacity_rounds: int
    browser_lines: int
    browser_rows: int
    browser_runs: int
    idle_poll_seconds: float
    busy_clients: int = 100  # pages or sessions busy at once (peer metrics)
    busy_seconds: float = 5.0
    plugin_kinds: tuple[str, ...] = KINDS  # session kinds measured on the plugins other than Tornado
    http_plugins: tuple[str, ...] = HTTP_PLUGINS
    ws_plugins: tuple[str, ...] = WS_PLUGINS
    settle: float = 1.0  # seconds before reading RSS
    share_servers: bool = False  # one server per implementation/kind/plugin for all metrics (--quick)
    skip: tuple[str, ...] = ()  # metrics left out unless --only names them

    def counts(self) -> dict[str, int]:
        return {"flood": self.flood, "lines": self.browser_lines, "table": self.browser_rows}


FULL = Sizes(runs=5, opens=50, rounds=200, floor_rounds=500, flood=20000, idle=300, http_rounds=50, http_runs=3,
             capacity={"coroutine": [1000, 2000, 5000, 10000], "thread": [500, 1000, 2000, 4000]},
             capacity_rounds=50, browser_lines=5000, browser_rows=2000, browser_runs=2,
             idle_poll_seconds=30)
QUICK = Sizes(runs=1, opens=10, rounds=20, floor_rounds=100, flood=5000, idle=40, http_rounds=8, http_runs=1,
              capacity={"coroutine": [200]}, capacity_rounds=10, http_plugins=("tornado", "flask"), ws_plugins=("aiohttp", "starlette"),
              browser_lines=500, browser_rows=200, browser_runs=1,
              idle_poll_seconds=1, busy_seconds=1.5, plugin_kinds=("thread",), settle=0.4, share_servers=True,
              skip=("idle_memory_plugins",))


@dataclass
class Cell:
    """What one implementation gave for one metric variant over all runs."""

    samples: list[float] = field(default_factory=list)  # latencies, pooled over runs
    runs: list[float] = field(default_factory=list)  # one value per run (medians for latencies)
    extra: list[Any] = field(default_factory=list)
    error: Optional[str] = None


@dataclass
class Metric:
    key: str
    title: str
    unit: str
    variants: list[dict[str, str]]
    measure: Callable[..., Any]  # (impl, server_args, sizes, server) -> float | list[float] | dict
    scenario: str
    latency: bool = False
    higher_is_better: bool = False
    target: Callable[["Cell", "Cell"], tuple[str, Optional[bool]]] = lambda w, p: ("", None)
    impls: tuple[str, ...] = IMPLS
    runs: Callable[[Sizes], int] = lambda s: s.runs
    transport: str = "ws"
    fresh_server: bool = False  # never share this metric's server, even in --quick
    peer: bool = False  # against the fair anchors (benchmarks/peers.py): its own table
    interleave: bool = False  # variants take turns within each run (ratios between variants of one run)


def med(values: list[float]) -> Optional[float]:
    return statistics.median(values) if values else None


def p99(values: list[float]) -> Optional[float]:
    return measure._p99(values) if values else None


def value_of(cell: Cell, latency: bool) -> Optional[float]:
    return med(cell.samples) if latency else med(cell.runs)


def ratio(webio: Cell, pywebio: Cell, latency: bool) -> Optional[float]:
    w, p = value_of(webio, latency), value_of(pywebio, latency)
    return w / p if w is not None and p else None


def at_most(limit: float, text: str) -> Callable[[Cell, Cell], tuple[str, Optional[bool]]]:
    def check(w: Cell, p: Cell) -> tuple[str, Optional[bool]]:
        value = med(w.samples)
        return text, (value <= limit if value is not None else None)
    return check


def ratio_target(limit: float, text: str, latency: bool = False, higher: bool = False):
    def check(w: Cell, p: Cell) -> tuple[str, Optional[bool]]:
        r = ratio(w, p, latency)
        if r is None:
            return text, None
        return text, (r >= limit if higher else r <= limit)
    return check


# ----------------------------------------------------------------------------- measurements
def m_floor(impl: str, v: dict, s: Sizes, server: ServerProcess) -> list[float]:
    return asyncio.run(measure.ws_echo_floor(server.port, s.floor_rounds))


def m_open(impl: str, v: dict, s: Sizes, server: ServerProcess) -> list[float]:
    return asyncio.run(measure.session_open(impl, server.port, s.opens, "idle"))


def m_round_trip(impl: str, v: dict, s: Sizes, server: ServerProcess) -> list[float]:
    return asyncio.run(measure.input_round_trip(impl, server.port, s.rounds, "echo"))


def m_throughput(impl: str, v: dict, s: Sizes, server: ServerProcess) -> float:
    return asyncio.run(measure.output_throughput(impl, server.port, s.flood, "flood"))


def m_idle_memory(impl: str, v: dict, s: Sizes, server: ServerProcess) -> tuple[float, dict]:
    info = asyncio.run(measure.idle_memory(impl, server.port, s.idle, server.rss_kib, s.settle))
    return info["per_session_kib"], info


def m_http(impl: str, v: dict, s: Sizes, server: ServerProcess) -> tuple[list[float], dict]:
    info = measure.http_round_trip(impl, server.port, s.http_rounds, app="echo")
    return info.pop("samples"), info


def m_browser(which: str, app: str):
    def run(impl: str, v: dict, s: Sizes, server: ServerProcess) -> tuple[float, dict]:
        from .browser import BrowserMissing, check_count, first_output, measure_page

        try:
            if which == "first_output":
                info = first_output(server.port, impl, app)
            else:
                info = measure_page(server.port, impl, which, app, idle_seconds=s.idle_poll_seconds)
        except BrowserMissing as exc:
            raise NotMeasurable(str(exc)) from exc
        check_count(info, which, s.browser_lines if which == "lines" else s.browser_rows)
        if which == "idle_polls":
            return info["polls_per_minute"], info
        return info["ms"], info
    return run


def metrics(sizes: Optional[Sizes] = None) -> list[Metric]:
    plugin_kinds = sizes.plugin_kinds if sizes else KINDS
    http_plugins = sizes.http_plugins if sizes else HTTP_PLUGINS
    ws_plugins = sizes.ws_plugins if sizes else WS_PLUGINS
    ws_kinds = [{"kind": k} for k in KINDS]
    http = [{"kind": k, "plugin": p} for p in http_plugins for k in plugin_kinds]
    return [
        Metric("floor", "bare Tornado WebSocket echo (floor)", "ms", [{"kind": "-"}], m_floor, "echo", latency=True,
               impls=("tornado",)),
        Metric("open", "session open: connect → first output", "ms", ws_kinds, m_open, "idle", latency=True,
               target=ratio_target(1.0, "≤ PyWebIO", latency=True)),
        Metric("round_trip", "input round trip over WebSocket: submit → echoed output", "ms", ws_kinds,
               m_round_trip, "echo", latency=True, target=at_most(1.0, "≤ 1 ms median")),
        Metric("round_trip_plugins", "input round trip over WebSocket on the other plugins", "ms",
               [{"kind": k, "plugin": p} for p in ws_plugins for k in plugin_kinds], m_round_trip, "echo", latency=True,
               target=at_most(1.0, "≤ 1 ms median"), runs=lambda s: s.http_runs),
        Metric("throughput", "output throughput: put_text × N received", "msg/s", ws_kinds, m_throughput, "flood",
               higher_is_better=True, target=ratio_target(4.0, "≥ 4× PyWebIO", higher=True)),
        Metric("idle_memory", "idle memory per session blocked in input() (client offers deflate)", "KiB RSS",
               ws_kinds, m_idle_memory, "idle", target=ratio_target(0.25, "≤ ¼ of PyWebIO"), fresh_server=True),
        Metric("idle_memory_plugins", "idle memory per session on the other WebSocket plugins", "KiB RSS",
               [{"kind": k, "plugin": p} for p in ("aiohttp", "starlette") for k in KINDS], m_idle_memory, "idle",
               target=ratio_target(0.25, "≤ ¼ of PyWebIO"), fresh_server=True, runs=lambda s: s.http_runs),
        Metric("http_round_trip", "HTTP transport round trip: submit → echoed output", "ms", http, m_http,
               "echo", latency=True, target=at_most(10.0, "≤ 10 ms median"), transport="http",
               runs=lambda s: s.http_runs),
        *peer_metrics(Metric),
        Metric("browser_first_output", "browser: page load → first output visible (second visitor)", "ms", [{"kind": "thread"}],
               m_browser("first_output", "idle"), "idle", target=ratio_target(1.0, "≤ PyWebIO"), fresh_server=True,
               runs=lambda s: s.browser_runs),
        Metric("browser_idle_polls", "browser: requests an idle page makes over the HTTP transport (Flask)",
               "req/min", [{"kind": "thread", "plugin": "flask"}], m_browser("idle_polls", "idle"), "idle",
               target=ratio_target(1.0, "≤ PyWebIO (not raised)"), runs=lambda s: 1, transport="http"),
        Metric("browser_lines", "browser: page load → N put_text lines visible", "ms", [{"kind": "thread"}],
               m_browser("lines", "lines"), "lines", target=_browser_target(1000.0),
               runs=lambda s: s.browser_runs),
        Metric("browser_table", "browser: page load → N-row table visible", "ms", [{"kind": "thread"}],
               m_browser("table", "table"), "table", target=_browser_target(2000.0),
               runs=lambda s: s.browser_runs),
    ]


def _browser_target(limit_ms: float):
    def check(w: Cell, p: Cell) -> tuple[str, Optional[bool]]:
        text = f"≥ 3× faster, < {limit_ms / 1000:.0f} s (full size)"
        r = ratio(w, p, False)
        if r is None:
            return text, None
        return text, r <= 1 / 3 and (value_of(w, False) or 0) < limit_ms
    return check


METRIC_KEYS = [m.key for m in metrics()] + ["capacity"]


# ----------------------------------------------------------------------------- running
class Runner:
    def __init__(self, sizes: Sizes, only: Optional[set[str]], log: Callable[[str], None] = print,
                 profile_dir: Optional[str] = None) -> None:
        self.sizes = sizes
        self.only = only
        self.log = log
        self.profile_dir = profile_dir
        self.pywebio_python: Optional[str] = None
        self.results: dict[str, Any] = {}
        self.pool: dict[tuple[str, ...], ServerProcess] = {}

    def wanted(self, key: str) -> bool:
        return key in self.only if self.only is not None else key not in self.sizes.skip

    def python(self, impl: str) -> str:
        if impl in ("pywebio", "pywebio_nodelay") and self.pywebio_python is None:
            self.pywebio_python = str(ensure_pywebio_venv(self.log))
        return python_for(impl, self.pywebio_python)

    def run(self) -> dict[str, Any]:
        # Capacity first among the long ones; browser metrics last (Playwright's sync API holds an
        # event loop on this thread until the browser is closed).
        chosen = [m for m in metrics(self.sizes) if self.wanted(m.key)]
        if any(m.peer for m in chosen):
            self.timed("recording", lambda: self.check_recordings(any(m.key in SCALE_KEYS for m in chosen)))
        if self.sizes.share_servers and self.profile_dir is None:
            self.prestart(chosen)
        for metric in [m for m in chosen if not m.key.startswith("browser_")]:
            self.timed(metric.key, lambda: self.run_metric(metric))
        if self.wanted("capacity"):
            self.timed("capacity", self.run_capacity)
        browser_metrics = [m for m in chosen if m.key.startswith("browser_")]
        try:
            for metric in browser_metrics:
                self.timed(metric.key, lambda: self.run_metric(metric))
        finally:
            if browser_metrics:
                from .browser import close_browser

                close_browser()
        return self.results

    def check_recordings(self, c_client: bool = False) -> None:
        """The scripted click clients must send what Chromium sends (benchmarks/recording.py); with
        ``c_client``, the C load generator too, as the server receives it (benchmarks/wiretap.py)."""
        from .recording import check
        from .wiretap import check_c_client

        self.log("== scripted click clients against a Chromium recording")
        out = {}
        for impl in ("webio", "pywebio", "nicegui"):
            try:
                out[impl] = check(impl, self.python(impl))
            except Exception as exc:  # noqa: BLE001 - reported in the table's notes
                out[impl] = (False, f"not checked: {exc}")
            self.log(f"   {impl}: {'ok' if out[impl][0] else 'DIFFERS'}: {out[impl][1]}")
        if c_client:
            name = "webio, C load generator"
            try:
                out[name] = check_c_client(self.python("webio"))
            except Exception as exc:  # noqa: BLE001 - reported in the table's notes
                out[name] = (False, f"not checked: {exc}")
            self.log(f"   {name}: {'ok' if out[name][0] else 'DIFFERS'}: {out[name][1]}")
        self.results["recording"] = out

    def timed(self, key: str, func: Callable[[], None]) -> None:
        start = time.monotonic()
        func()
        self.results.setdefault("seconds", {})[key] = round(time.monotonic() - start, 1)
        self.log(f"   ({key}: {time.monotonic() - start:.1f} s)")

    def run_metric(self, metric: Metric) -> None:
        self.log(f"== {metric.title}")
        table = {variant_name(v): {impl: Cell() for impl in metric.impls} for v in metric.variants}
        runs = range(metric.runs(self.sizes))
        if metric.interleave:  # run 1: every variant in turn, run 2: in reverse order, ...
            schedule = [(r, v) for r in runs for v in (metric.variants if r % 2 == 0 else metric.variants[::-1])]
        else:
            schedule = [(r, v) for v in metric.variants for r in runs]
        for run, variant in schedule:
            cells = table[variant_name(variant)]
            order = metric.impls if run % 2 == 0 else tuple(reversed(metric.impls))
            for impl in order:
                if cells[impl].error is None:
                    self.one(metric, variant, impl, cells[impl])
            if run == len(runs) - 1:
                self.log("   " + variant_name(variant) + ": "
                         + "; ".join(f"{impl} {describe(metric, c)}" for impl, c in cells.items()))
        self.results[metric.key] = {"title": metric.title, "unit": metric.unit, "latency": metric.latency,
                                    "higher_is_better": metric.higher_is_better, "peer": metric.peer,
                                    "variants": {n: {i: asdict(c) for i, c in cs.items()} for n, cs in table.items()},
                                    "targets": {n: metric.target(cs.get("webio", Cell()), cs.get("pywebio", Cell()))
                                                for n, cs in table.items()}}

    def one(self, metric: Metric, variant: dict, impl: str, cell: Cell) -> None:
        plugin = variant.get("plugin", "tornado")
        kind = variant.get("kind", "thread")
        kind = "thread" if kind == "-" else kind
        profile = None
        if self.profile_dir and impl == "webio":
            profile = f"{self.profile_dir}/{metric.key}-{variant_name(variant)}.prof"
        try:
            with self.server(impl, kind, plugin, metric.transport, profile, metric.fresh_server,
                             int(variant.get("workers", 1))) as server:
                why = server.missing_app(metric.scenario)
                if why:
                    raise NotMeasurable(f"the {metric.scenario} app: {why}")
                got = metric.measure(impl, variant, self.sizes, server)
        except NotMeasurable as exc:
            cell.error = f"not measurable yet (missing {exc})"
            self.log(f"   {impl}: {metric.key} {variant_name(variant)} {cell.error}")
            return
        except NotApplicable as exc:
            cell.error = f"n/a ({exc})"
            return
        except (ServerFailed, Exception) as exc:  # noqa: BLE001 - report, keep going
            cell.error = f"failed: {str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__}"
            self.log(f"   {impl}: {metric.key} {variant_name(variant)} {cell.error}")
            if isinstance(exc, ServerFailed):
                self.log("     " + str(exc)[-1500:].replace("\n", "\n     "))
            return
        extra = None
        if isinstance(got, tuple):
            got, extra = got
        if isinstance(got, list):
            cell.samples += got
            cell.runs.append(statistics.median(got))
        else:
            cell.runs.append(float(got))
        if extra is not None:
            cell.extra.append(extra)

    def prestart(self, chosen: list[Metric]) -> None:
        """Start every shared server the chosen metrics need, side by side (each start is mostly
        the server's imports, so this takes about as long as the slowest, not the sum)."""
        keys: dict[tuple[str, ...], ServerProcess] = {}
        for metric in chosen:
            if metric.fresh_server:
                continue
            for variant in metric.variants:
                kind = variant.get("kind", "thread")
                kind = "thread" if kind == "-" else kind
                for impl in metric.impls:
                    key = (impl, kind, variant.get("plugin", "tornado"), metric.transport)
                    if key not in keys:
                        keys[key] = ServerProcess(self.python(impl), impl, kind, key[2], metric.transport,
                                                  self.sizes.counts())

        def start(item: tuple[tuple[str, ...], ServerProcess]) -> None:
            key, server = item
            try:
                server.start()
            except Exception:  # noqa: BLE001 - the metric starts it again and reports the failure
                return
            self.pool[key] = server

        with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
            list(pool.map(start, keys.items()))

    @contextlib.contextmanager
    def server(self, impl: str, kind: str, plugin: str, transport: str, profile: Optional[str],
               fresh: bool, workers: int = 1) -> Iterator[ServerProcess]:
        """A started server: a new one, or with ``share_servers`` one kept for later metrics."""
        key = (impl, kind, plugin, transport)
        if self.sizes.share_servers and not fresh and profile is None and workers == 1:
            server = self.pool.get(key)
            if server is None or not server.alive():
                server = ServerProcess(self.python(impl), impl, kind, plugin, transport, self.sizes.counts())
                server.start()
                self.pool[key] = server
            yield server
            return
        with ServerProcess(self.python(impl), impl, kind, plugin, transport, self.sizes.counts(),
                           profile=profile, workers=workers) as server:
            yield server

    def run_capacity(self) -> None:
        self.log("== sessions held at once (idle, blocked in input()) with one active session's round trip")
        out: dict[str, Any] = {}
        for kind, steps in self.sizes.capacity.items():
            for impl in IMPLS:
                key = f"{kind}/{impl}"
                try:
                    with self.server(impl, kind, "tornado", "ws", None, fresh=True) as server:
                        rows = asyncio.run(measure.capacity(
                            impl, server.port, steps, self.sizes.capacity_rounds, server.rss_kib, server.threads,
                            rt_limit_ms=50.0, rss_limit_kib=12 * 1024 * 1024, log=self.log))
                    out[key] = {"rows": rows}
                except NotMeasurable as exc:
                    out[key] = {"error": f"not measurable yet (missing {exc})"}
                    self.log(f"   {impl}: capacity {kind} {out[key]['error']}")
                except Exception as exc:  # noqa: BLE001
                    out[key] = {"error": f"failed: {exc}"}
                    self.log(f"   {impl}: capacity {kind} failed: {exc}")
        self.results["capacity"] = out


def variant_name(variant: dict) -> str:
    kind = variant.get("kind", "-")
    name = f"{variant['plugin']}/{kind}" if "plugin" in variant else kind
    if "workers" in variant:
        name += ", 1 process" if variant["workers"] == "1" else f", {variant['workers']} processes"
    return name + (f", deflate {variant['deflate']}" if "deflate" in variant else "")


def fmt(value: Optional[float], unit: str = "") -> str:
    if value is None:
        return "–"
    if abs(value) >= 1000:
        text = f"{value:,.0f}"
    elif abs(value) >= 100:
        text = f"{value:.0f}"
    elif abs(value) >= 10:
        text = f"{value:.1f}"
    else:
        text = f"{value:.2f}"
    return text + (f" {unit}" if unit else "")


def describe(metric: Metric, cell: Cell) -> str:
    if cell.error:
        return cell.error
    if metric.latency:
        return f"{fmt(med(cell.samples))}/{fmt(p99(cell.samples))} {metric.unit} (median/p99)"
    return f"{fmt(med(cell.runs))} {metric.unit}"


# ----------------------------------------------------------------------------- reporting
def table_rows(results: dict[str, Any]) -> list[list[str]]:
    rows = []
    for key, data in results.items():
        if key in ("capacity", "meta", "seconds", "recording") or data.get("peer"):
            continue
        latency = data["latency"]
        for name, cells in data["variants"].items():
            cells = {impl: Cell(**c) for impl, c in cells.items()}
            if "tornado" in cells:
                rows.append([data["title"], name, _cell_text(cells["tornado"], latency, data["unit"]), "", "", "", ""])
                continue
            w, p = cells["webio"], cells["pywebio"]
            r = ratio(w, p, latency) if not (w.error or p.error) else None
            target, met = data["targets"][name]
            rows.append([data["title"], name, _cell_text(w, latency, data["unit"]), _cell_text(p, latency, data["unit"]),
                         f"{r:.3g}" if r is not None else "–", target,
                         {True: "yes", False: "NO", None: "–"}[met]])
            if key == "browser_first_output":
                rows.append(_cold_row(name, w, p))
            if key.startswith("browser_") and key != "browser_idle_polls":
                rows.append(_bytes_row(data["title"], name, w, p))
    return rows


def _cold_row(name: str, w: Cell, p: Cell) -> list[str]:
    """The same page load for the first visitor of a freshly started server."""
    def cold(cell: Cell) -> Optional[float]:
        values = [e["cold_ms"] for e in cell.extra if isinstance(e, dict) and "cold_ms" in e]
        return med(values) if values and not cell.error else None
    wv, pv = cold(w), cold(p)
    r = f"{wv / pv:.3g}" if wv is not None and pv else "–"
    met = {True: "yes", False: "NO", None: "–"}[wv <= pv if wv is not None and pv else None]
    return ["browser: first output, first visitor of a fresh server", name, fmt(wv, "ms"), fmt(pv, "ms"), r,
            "≤ PyWebIO", met]


def _bytes_row(title: str, name: str, w: Cell, p: Cell) -> list[str]:
    """Bytes the page moved in the same browser runs: HTTP responses (page, assets) + WebSocket text."""
    def text(cell: Cell) -> str:
        if cell.error or not cell.extra:
            return "–"
        page = med([e["page_bytes"] for e in cell.extra]) / 1024
        ws = med([e["ws_bytes"] for e in cell.extra]) / 1024
        return f"{page:,.0f} KiB HTTP + {ws:,.0f} KiB WS"
    scenario = title.split("→")[-1].replace("visible", "").replace("(second visitor)", "").strip()
    label = f"browser: bytes received, HTTP (page, assets) + WebSocket text: {scenario}"
    return [label, name, text(w), text(p), "", "", ""]


def _cell_text(cell: Cell, latency: bool, unit: str) -> str:
    if cell.error:
        return cell.error
    if any(isinstance(e, dict) and e.get("timed_out") for e in cell.extra):
        return "> " + fmt(max(cell.runs), unit) + " (time limit)"
    if latency:
        return f"{fmt(med(cell.samples))} / {fmt(p99(cell.samples))} {unit}"
    return fmt(med(cell.runs), unit)


def capacity_rows(results: dict[str, Any]) -> list[list[str]]:
    rows = []
    for key, data in results.get("capacity", {}).items():
        kind, impl = key.split("/")
        if "error" in data:
            rows.append([kind, impl, data["error"], "", "", "", ""])
            continue
        for row in data["rows"]:
            if "error" in row:
                rows.append([kind, impl, str(row["sessions"]), row["error"], "", "", ""])
            else:
                rows.append([kind, impl, str(row["sessions"]), f"{row['rss_kib'] / 1024:.0f} MiB", str(row["threads"]),
                             f"{row['rt_median_ms']:.2f} / {row['rt_p99_ms']:.2f} ms", f"{row['open_s']:.1f} s"])
    return rows


def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    return "\n".join(lines)


MAIN_HEADER = ["metric", "variant", "webio", f"PyWebIO {PYWEBIO_VERSION}", "webio/PyWebIO", "target", "met"]
CAPACITY_HEADER = ["kind", "impl", "idle sessions", "server RSS", "threads", "active round trip (median / p99)",
                   "time to open"]


def report(results: dict[str, Any]) -> str:
    parts = []
    peers = peer_rows(results, fmt)
    if peers:
        checked = "; ".join(f"{impl} {'matches' if ok else 'DIFFERS: ' + why}"
                            for impl, (ok, why) in results.get("recording", {}).items())
        parts.append("Against fair anchors (PyWebIO with TCP_NODELAY, NiceGUI):\n\n" + markdown_table(PEER_HEADER, peers)
                     + (f"\n\nScripted clients against Chromium's frames: {checked}." if checked else ""))
    parts.append(markdown_table(MAIN_HEADER, table_rows(results)))
    if results.get("capacity"):
        parts.append(markdown_table(CAPACITY_HEADER, capacity_rows(results)))
    return "\n\n".join(parts)


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, one run: under a minute")
    parser.add_argument("--only", help="comma-separated metrics: " + ", ".join(METRIC_KEYS))
    parser.add_argument("--json", help="write every sample and the summary to this file")
    parser.add_argument("--runs", type=int, help="runs per metric variant (default 5; --quick 1)")
    parser.add_argument("--profile", metavar="DIR", help="run webio's servers under cProfile, stats into DIR")
    parser.add_argument("--report", metavar="FILE", nargs="+",
                        help="print the tables of saved --json files and exit (a later file's metrics win)")
    args = parser.parse_args(argv)
    if args.report:
        merged: dict[str, Any] = {}
        for name in args.report:
            with open(name) as saved:
                merged.update(json.load(saved))
        print(report(merged))
        return 0
    only = set(args.only.split(",")) if args.only else None
    if only and not only <= set(METRIC_KEYS):
        parser.error(f"unknown metric(s) {sorted(only - set(METRIC_KEYS))}; choose from {METRIC_KEYS}")
    sizes = QUICK if args.quick else FULL
    if args.runs:
        sizes.runs = sizes.http_runs = sizes.browser_runs = args.runs
    atexit.register(ServerProcess.stop_all)
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(1))
    if args.profile:
        os.makedirs(args.profile, exist_ok=True)
    started = time.monotonic()
    load_before = os.getloadavg()
    runner = Runner(sizes, only, profile_dir=args.profile)
    results = runner.run()
    elapsed = time.monotonic() - started
    print()
    print(report(results))
    load_after = os.getloadavg()
    print(f"\n{'quick' if args.quick else 'full'} run in {elapsed:.0f} s; python {platform.python_version()}, "
          f"{platform.machine()}, {_cpus()} CPUs; load average {load_before[0]:.1f} before, {load_after[0]:.1f} after")
    if args.json:
        results["meta"] = {"argv": sys.argv, "quick": args.quick, "sizes": asdict(sizes), "seconds": elapsed,
                           "python": platform.python_version(), "cpus": _cpus(), "pywebio": PYWEBIO_VERSION,
                           "load_before": load_before, "load_after": load_after}
        with open(args.json, "w") as out:
            json.dump(results, out, indent=1)
    return 0


def _cpus() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 0)
