"""Start one benchmark server: ``python -m benchmarks.apps.serve IMPL KIND PLUGIN TRANSPORT PORT``.

The server holds every scenario as its own app (``?app=echo``, ``?app=idle``, …), all of session
kind KIND. IMPL is ``webio``, ``pywebio`` or ``tornado`` (the bare WebSocket echo floor). A missing
webio server makes this exit with status 3 and one line ``MISSING: <what>`` on stderr; a scenario
whose module cannot be imported is left out and named on a ``MISSING-APP <scenario>: <what>`` line.
Either is reported by the runner as "not measurable yet". ``BENCH_PROFILE=FILE`` runs the server under cProfile and writes
the stats to FILE when the process gets SIGTERM or SIGINT.
"""
import importlib
import inspect
import os
import runpy
import signal
import sys

MISSING = 3
NOT_APPLICABLE = 4

# PyWebIO's start_server per plugin and transport (all take cdn=False: no CDN is reachable).
PYWEBIO_SERVERS = {
    ("tornado", "ws"): "pywebio.platform.tornado",
    ("tornado", "http"): "pywebio.platform.tornado_http",
    ("flask", "http"): "pywebio.platform.flask",
    ("django", "http"): "pywebio.platform.django",
    ("aiohttp", "ws"): "pywebio.platform.aiohttp",
    ("starlette", "ws"): "pywebio.platform.fastapi",
}
# PyWebIO's Django server speaks only HTTP; webio's also serves WebSocket (through Channels).


def missing(what: str) -> "NoReturn":  # noqa: F821
    sys.stderr.write(f"MISSING: {what}\n")
    sys.stderr.flush()
    raise SystemExit(MISSING)


def webio_starter(plugin: str, transport: str):
    try:
        module = importlib.import_module(f"webio.{plugin}")
    except ImportError as exc:
        missing(f"webio.{plugin} ({exc})")
    start = getattr(module, "start_server", None)
    if start is None:
        missing(f"webio.{plugin}.start_server")
    options = {}
    if transport == "http":
        # The keyword differs between plugins; a plugin without one still answers HTTP-transport
        # POSTs at its URL (the endpoint routes them whatever its default transport is).
        params = inspect.signature(start).parameters
        for keyword in ("protocol", "transport"):
            if keyword in params:
                options[keyword] = "http"
                break
    return lambda app, port: start(app, port=port, host="127.0.0.1", **options)


def set_tornado_nodelay() -> None:
    """Keep TCP_NODELAY on every Tornado connection, as webio does: PyWebIO without its Nagle delay.

    Tornado turns it on only to flush the end of an HTTP response and off again afterwards, so the
    WebSocket that follows the handshake runs with Nagle's algorithm; here "off" is ignored.
    """
    from tornado import iostream

    plain = iostream.IOStream.set_nodelay

    def always_on(self, value: bool) -> None:
        plain(self, True)

    iostream.IOStream.set_nodelay = always_on
    plain_init = iostream.IOStream.__init__

    def init(self, *args, **kwargs):
        plain_init(self, *args, **kwargs)
        plain(self, True)

    iostream.IOStream.__init__ = init


def pywebio_starter(plugin: str, transport: str):
    name = PYWEBIO_SERVERS.get((plugin, transport))
    if name is None:
        sys.stderr.write(f"NOT APPLICABLE: PyWebIO has no {plugin} server over {transport}\n")
        raise SystemExit(NOT_APPLICABLE)
    start = importlib.import_module(name).start_server
    return lambda app, port: start(app, port=port, host="127.0.0.1", cdn=False)


SCENARIOS = ("echo", "idle", "flood", "lines", "table", "click")


def load_apps(impl: str, kind: str) -> dict:
    apps = {}
    for scenario in SCENARIOS:
        try:
            module = importlib.import_module(f"benchmarks.apps.{impl}_{scenario}")
        except ImportError as exc:
            sys.stderr.write(f"MISSING-APP {scenario}: {exc}\n")
            continue
        apps[scenario] = getattr(module, "coroutine_app" if kind == "coroutine" else "thread_app")
    sys.stderr.flush()
    if not apps:
        missing(f"every {impl} app failed to import")
    return apps


def run_profiled(func, path: str) -> None:
    import cProfile

    def stop(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    profiler = cProfile.Profile()
    profiler.enable()
    try:
        func()
    except KeyboardInterrupt:
        pass
    finally:
        profiler.disable()
        profiler.dump_stats(path)


def reuse_port_workers(count: int) -> None:
    """Run ``count`` copies of this server on one port, each with its own listening socket
    (SO_REUSEPORT: the kernel spreads new connections over them), as a deployment runs one server
    process per core. Call before anything starts a thread; the copies end with this process."""
    import ctypes

    from tornado import netutil

    plain = netutil.bind_sockets

    def bind(port, address=None, *args, **kwargs):
        kwargs["reuse_port"] = True
        return plain(port, address, *args, **kwargs)

    netutil.bind_sockets = bind
    for _ in range(count - 1):
        if os.fork() == 0:
            ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG: end with the first process
            return


def main(argv: list) -> None:
    impl, kind, plugin, transport, port = argv
    port = int(port)
    workers = int(os.environ.get("BENCH_WORKERS", "1"))
    if workers > 1:
        if (impl, plugin) != ("webio", "tornado"):
            sys.stderr.write(f"NOT APPLICABLE: {workers} workers are measured for webio on Tornado only\n")
            raise SystemExit(NOT_APPLICABLE)
        reuse_port_workers(workers)
    if impl == "tornado":
        from .tornado_echo import serve

        run = lambda: serve(port)  # noqa: E731
    elif impl == "nicegui":
        sys.argv = [sys.argv[0], str(port)]
        run = lambda: runpy.run_module("benchmarks.apps.nicegui_click", run_name="__main__")  # noqa: E731
    else:
        if impl == "pywebio_nodelay":
            set_tornado_nodelay()
            impl = "pywebio"
        starter = (webio_starter if impl == "webio" else pywebio_starter)(plugin, transport)
        apps = load_apps(impl, kind)
        run = lambda: starter(apps, port)  # noqa: E731
    profile = os.environ.get("BENCH_PROFILE")
    if profile:
        run_profiled(run, profile)
    else:
        signal.signal(signal.SIGTERM, lambda signum, frame: os._exit(0))  # app threads may be blocked
        run()


if __name__ == "__main__":
    main(sys.argv[1:])
