"""Start one benchmark app: ``python -m benchmarks.apps.serve IMPL SCENARIO KIND PLUGIN TRANSPORT PORT``.

IMPL is ``webio``, ``pywebio`` or ``tornado`` (the bare WebSocket echo floor). A missing webio
piece makes this exit with status 3 and one line ``MISSING: <what>`` on stderr, which the runner
reports as "not measurable yet". ``BENCH_PROFILE=FILE`` runs the server under cProfile and writes
the stats to FILE when the process gets SIGTERM or SIGINT.
"""
import importlib
import inspect
import os
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


def pywebio_starter(plugin: str, transport: str):
    name = PYWEBIO_SERVERS.get((plugin, transport))
    if name is None:
        sys.stderr.write(f"NOT APPLICABLE: PyWebIO has no {plugin} server over {transport}\n")
        raise SystemExit(NOT_APPLICABLE)
    start = importlib.import_module(name).start_server
    return lambda app, port: start(app, port=port, host="127.0.0.1", cdn=False)


def load_app(impl: str, scenario: str, kind: str):
    try:
        module = importlib.import_module(f"benchmarks.apps.{impl}_{scenario}")
    except ImportError as exc:
        missing(f"{exc.name or exc} (importing the {impl} {scenario} app: {exc})")
    return getattr(module, "coroutine_app" if kind == "coroutine" else "thread_app")


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


def main(argv: list) -> None:
    impl, scenario, kind, plugin, transport, port = argv
    port = int(port)
    if impl == "tornado":
        from .tornado_echo import serve

        run = lambda: serve(port)  # noqa: E731
    else:
        starter = (webio_starter if impl == "webio" else pywebio_starter)(plugin, transport)
        app = load_app(impl, scenario, kind)
        run = lambda: starter(app, port)  # noqa: E731
    profile = os.environ.get("BENCH_PROFILE")
    if profile:
        run_profiled(run, profile)
    else:
        signal.signal(signal.SIGTERM, lambda signum, frame: os._exit(0))  # app threads may be blocked
        run()


if __name__ == "__main__":
    main(sys.argv[1:])
