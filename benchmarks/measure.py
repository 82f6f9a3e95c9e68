"""The protocol-level measurements. Each takes a running server's port and returns raw numbers.

Every wait is bounded (``STEP_TIMEOUT``); a server that stops answering fails the measurement
instead of hanging the run.
"""
from __future__ import annotations

import asyncio
import gc
import time
from typing import Any, Awaitable, Callable, Optional, TypeVar

from .clients import CLICK_ADAPTERS, HTTP_ADAPTERS, WS_ADAPTERS, Command, WsAdapter, is_output

STEP_TIMEOUT = 30.0
T = TypeVar("T")
now = time.perf_counter


async def bounded(awaitable: Awaitable[T], timeout: float = STEP_TIMEOUT) -> T:
    return await asyncio.wait_for(awaitable, timeout)


async def until(client: WsAdapter, predicate: Callable[[Command], bool]) -> None:
    """Read batches until one holds a command matching ``predicate``; later commands of that batch count too."""
    while True:
        batch = await bounded(client.commands())
        if any(predicate(cmd) for cmd in batch):
            return


def _is_form(cmd: Command) -> bool:
    return cmd.get("command") == "input_group"


async def _ready_for_input(client: WsAdapter) -> None:
    if client.task_id is None:
        await until(client, _is_form)


# ----------------------------------------------------------------------------- WebSocket
async def session_open(impl: str, port: int, count: int, app: str = "idle") -> list[float]:
    """Connect → first output (ms), ``count`` sessions one after another."""
    samples = []
    for _ in range(count):
        client = WS_ADAPTERS[impl](port, app)
        start = now()
        await bounded(client.open())
        await until(client, lambda c: is_output(c, "ready"))
        samples.append((now() - start) * 1000)
        await client.close()
    return samples


async def _round_trips(client: WsAdapter, rounds: int, warmup: int = 5) -> list[float]:
    """Submit → echoed output (ms). The next form must have arrived before the next submit."""
    await _ready_for_input(client)
    samples = []
    for i in range(warmup + rounds):
        text = f"line {i}"
        start = now()
        await client.submit(text)
        echoed = False
        while True:
            batch = await bounded(client.commands())
            if not echoed and any(is_output(c, text) for c in batch):
                echoed = True
                if i >= warmup:
                    samples.append((now() - start) * 1000)
            if echoed and any(_is_form(c) for c in batch):
                break
    return samples


async def input_round_trip(impl: str, port: int, rounds: int, app: str = "echo") -> list[float]:
    client = WS_ADAPTERS[impl](port, app)
    await bounded(client.open())
    try:
        return await _round_trips(client, rounds)
    finally:
        await client.close()


async def ws_echo_floor(port: int, rounds: int) -> list[float]:
    """Bare WebSocket echo of an event-sized message (ms)."""
    from .clients import ws_connect

    ws = await ws_connect(f"ws://127.0.0.1:{port}/", f"http://127.0.0.1:{port}")
    message = '{"event":"from_submit","task_id":"main-1","data":{"data":"line 1"},"seq":1,"ack":1}'
    samples = []
    try:
        for i in range(rounds + 5):
            start = now()
            await ws.send(message)
            await bounded(ws.recv())
            if i >= 5:
                samples.append((now() - start) * 1000)
    finally:
        await ws.close()
    return samples


async def output_throughput(impl: str, port: int, count: int, app: str = "flood") -> float:
    """Outputs received per second: connect → the ``count`` outputs and the final marker all received.

    One session is opened and closed first, so one-off costs of a server's first session (imports,
    caches) are not counted as output time; the open metric shows them.
    """
    await session_open(impl, port, 1)
    client = WS_ADAPTERS[impl](port, app)
    start = now()
    await bounded(client.open())
    received = 0
    try:
        while True:
            outputs, done = await bounded(client.tally("done"))
            received += outputs
            if done:
                break
        elapsed = now() - start
    finally:
        await client.close()
    if received != count + 1:
        raise RuntimeError(f"received {received} outputs, expected {count + 1}")
    return count / elapsed


async def open_idle(impl: str, port: int, count: int, concurrency: int = 50,
                    marker: Optional[str] = "ready", app: str = "idle", raw: bool = False) -> list[WsAdapter]:
    """``count`` sessions, each shown its output (if ``marker``) and blocked in ``input()``;
    ``raw``: over the minimal client of ``rawws`` (the busy rows' cheaper load generator)."""
    gate = asyncio.Semaphore(concurrency)
    clients: list[WsAdapter] = []

    async def one() -> None:
        async with gate:
            client = WS_ADAPTERS[impl](port, app)
            client.raw = raw
            await bounded(client.open(), 120)
            clients.append(client)
            if marker is not None:
                await until(client, lambda c: is_output(c, marker))
            await _ready_for_input(client)

    results = await asyncio.gather(*(one() for _ in range(count)), return_exceptions=True)
    errors = [r for r in results if isinstance(r, BaseException)]
    if errors:
        await close_all(clients)
        raise RuntimeError(f"{len(errors)} of {count} sessions failed to open: {errors[0]!r}")
    return clients


async def close_all(clients: list[WsAdapter]) -> None:
    for i in range(0, len(clients), 200):
        await asyncio.gather(*(c.close() for c in clients[i:i + 200]), return_exceptions=True)


async def idle_memory(impl: str, port: int, count: int, rss: Callable[[], int],
                      settle: float = 1.0) -> dict[str, Any]:
    """RSS growth per session blocked in input() (KiB), with one warm session open before the baseline."""
    warm = await open_idle(impl, port, 1)
    extension = warm[0].ws.response.headers.get("Sec-WebSocket-Extensions")
    await asyncio.sleep(settle / 2)
    before = rss()
    clients = await open_idle(impl, port, count)
    await asyncio.sleep(settle)
    after = rss()
    await close_all(clients + warm)
    return {"per_session_kib": (after - before) / count, "rss_before_kib": before, "rss_after_kib": after,
            "negotiated": extension}


async def capacity(impl: str, port: int, steps: list[int], rounds: int, rss: Callable[[], int],
                   threads: Callable[[], int], rt_limit_ms: float, rss_limit_kib: int,
                   log: Callable[[str], None]) -> list[dict[str, Any]]:
    """Hold more and more idle sessions; at each step time an active session's round trips."""
    held: list[WsAdapter] = []
    rows: list[dict[str, Any]] = []
    try:
        for step in steps:
            start = now()
            try:
                held += await open_idle(impl, port, step - len(held), concurrency=100, marker=None, app="echo")
            except Exception as exc:  # noqa: BLE001 - any failure to open ends the climb
                rows.append({"sessions": step, "error": f"open failed: {exc}"})
                break
            opened_s = now() - start
            gc.collect()
            await asyncio.sleep(1.0)
            try:
                samples = await input_round_trip(impl, port, rounds)
            except Exception as exc:  # noqa: BLE001
                rows.append({"sessions": step, "error": f"active session failed: {exc!r}"})
                break
            row = {"sessions": step, "rss_kib": rss(), "threads": threads(), "open_s": opened_s,
                   "rt_median_ms": _median(samples), "rt_p99_ms": _p99(samples)}
            rows.append(row)
            log(f"    {impl}: {step} sessions, RSS {row['rss_kib'] / 1024:.0f} MiB, "
                f"round trip {row['rt_median_ms']:.2f}/{row['rt_p99_ms']:.2f} ms, opened in {opened_s:.1f} s")
            if row["rt_median_ms"] > rt_limit_ms or row["rss_kib"] > rss_limit_kib:
                break
    finally:
        await close_all(held)
    return rows


# ----------------------------------------------------------------------------- HTTP
def http_round_trip(impl: str, port: int, rounds: int, max_polls: int = 100, app: str = "echo") -> dict[str, Any]:
    """Submit (POST) → the response, or a later poll, that holds the echoed output (ms)."""
    client = HTTP_ADAPTERS[impl](port, app)
    try:
        batch = client.open()
        polls = 0
        while client.task_id is None and polls < max_polls:
            batch = client.poll()
            polls += 1
        if client.task_id is None:
            raise RuntimeError("the session never showed its input form")
        samples = []
        extra_polls = 0
        for i in range(rounds + 2):
            text = f"line {i}"
            start = now()
            batch = client.submit(text)
            polls = 0
            while not any(is_output(c, text) for c in batch):
                if polls >= max_polls:
                    raise RuntimeError("the echoed output never arrived")
                batch = client.poll()
                polls += 1
            if i >= 2:
                samples.append((now() - start) * 1000)
                extra_polls += polls
            while not any(_is_form(c) for c in batch) and polls < max_polls:
                batch = client.poll()
                polls += 1
        return {"samples": samples, "extra_polls": extra_polls, "requests": client.requests}
    finally:
        client.close()


def _median(values: list[float]) -> float:
    import statistics

    return statistics.median(values)


def _p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.99 * (len(ordered) - 1))))]


# ----------------------------------------------------------------------------- against peers
async def open_clickers(impl: str, port: int, count: int, concurrency: int = 20, raw: bool = False) -> list[Any]:
    """``count`` click pages, each with its button shown; ``raw``: over the minimal client of ``rawws``."""
    gate = asyncio.Semaphore(concurrency)
    clients: list[Any] = []

    async def one() -> None:
        async with gate:
            client = CLICK_ADAPTERS[impl](port, "click")
            client.raw = raw
            clients.append(client)
            await bounded(client.open(), 120)
            await bounded(client.ready_to_click())

    results = await asyncio.gather(*(one() for _ in range(count)), return_exceptions=True)
    errors = [r for r in results if isinstance(r, BaseException)]
    if errors:
        await close_all(clients)
        raise RuntimeError(f"{len(errors)} of {count} click pages failed to open: {errors[0]!r}")
    return clients


async def click_latency(impl: str, port: int, clicks: int, warmup: int = 5) -> list[float]:
    """Click → the raised count shown (ms), one page, one click after another."""
    client = (await open_clickers(impl, port, 1))[0]
    samples = []
    try:
        for n in range(1, warmup + clicks + 1):
            start = now()
            await bounded(client.click(str(n)))
            if n > warmup:
                samples.append((now() - start) * 1000)
    finally:
        await client.close()
    return samples


async def _busy(clients: list[Any], step: Callable[[Any, int], Awaitable[None]], seconds: float,
                cpu_seconds: Callable[[], float]) -> dict[str, float]:
    """Every client repeats ``step`` for ``seconds`` (after a short warm-up); rate and server CPU."""
    done = [0]
    stop_at = [float("inf")]
    counting = [False]

    async def loop(client: Any) -> None:
        n = 0
        while now() < stop_at[0]:
            n += 1
            await step(client, n)  # bounded as a whole below: no timer and task per step
            if counting[0]:
                done[0] += 1

    tasks = [asyncio.ensure_future(loop(c)) for c in clients]
    await asyncio.sleep(min(1.0, seconds / 4))  # warm-up: every client busy, caches filled
    counting[0] = True
    cpu_before, client_before, start = cpu_seconds(), time.process_time(), now()
    stop_at[0] = start + seconds
    await bounded(asyncio.gather(*tasks), seconds + STEP_TIMEOUT)
    elapsed, cpu = now() - start, cpu_seconds() - cpu_before
    client_cpu = time.process_time() - client_before  # the load generator's own share of the cores
    return {"per_second": done[0] / elapsed, "cpu_ms_each": cpu * 1000 / max(done[0], 1), "count": done[0],
            "client_cpu_ms_each": client_cpu * 1000 / max(done[0], 1)}


async def concurrent_clicks(impl: str, port: int, clients: int, seconds: float,
                            cpu_seconds: Callable[[], float]) -> dict[str, float]:
    """``clients`` pages clicking as fast as their answers come: clicks/s and server CPU ms per click."""
    pages = await open_clickers(impl, port, clients, raw=True)
    try:
        return await _busy(pages, lambda page, n: page.click(str(n)), seconds, cpu_seconds)
    finally:
        await close_all(pages)


async def concurrent_rounds(impl: str, port: int, sessions: int, seconds: float,
                            cpu_seconds: Callable[[], float]) -> dict[str, float]:
    """``sessions`` sessions doing input round trips (submit → echo → next form): rounds/s."""
    clients = await open_idle(impl, port, sessions, marker=None, app="echo", raw=True)

    async def round_trip(client: WsAdapter, n: int) -> None:
        text = f"line {n}"
        await client.submit(text)
        echoed = False
        while True:
            batch = await client.commands()
            echoed = echoed or any(is_output(c, text) for c in batch)
            if echoed and any(_is_form(c) for c in batch):
                return

    try:
        return await _busy(clients, round_trip, seconds, cpu_seconds)
    finally:
        await close_all(clients)


async def idle_pages(impl: str, port: int, count: int, rss: Callable[[], int], deflate: bool,
                     settle: float = 1.0) -> dict[str, Any]:
    """RSS growth per open click page (KiB), the client offering permessage-deflate or not."""
    async def open_some(n: int) -> list[Any]:
        pages = []
        for i in range(0, n, 20):
            batch = [CLICK_ADAPTERS[impl](port, "click") for _ in range(min(20, n - i))]
            for page in batch:
                page.deflate = deflate
            await asyncio.gather(*(bounded(p.open(), 120) for p in batch))
            await asyncio.gather(*(bounded(p.ready_to_click()) for p in batch))
            for page in batch:
                if hasattr(page, "keep_alive"):
                    page.keep_alive()
            pages += batch
        return pages

    warm = await open_some(1)
    negotiated = warm[0].ws.response.headers.get("Sec-WebSocket-Extensions")
    await asyncio.sleep(settle / 2)
    before = rss()
    pages = await open_some(count)
    await asyncio.sleep(settle)
    after = rss()
    await close_all(pages + warm)
    return {"per_session_kib": (after - before) / count, "negotiated": negotiated}
