"""The ``webio`` command: run an app file or deploy a folder of apps.

Examples::

    webio run app.py                 # serves app.py's main() on port 8080
    webio run tools.py:report --port 0 --backend aiohttp
    webio path-deploy apps/ --http
    webio gallery                    # every input and output function with its code
    webio migrate myproject/ --dry-run
"""
from __future__ import annotations

import argparse
import importlib
import importlib.util
import os
import sys
from pathlib import Path
from typing import Any, Callable, Optional, Sequence

BACKENDS = {
    "tornado": ("webio.tornado", {}),
    "tornado_http": ("webio.tornado", {"protocol": "http"}),
    "aiohttp": ("webio.aiohttp", {}),
    "starlette": ("webio.starlette", {}),
    "fastapi": ("webio.starlette", {}),
    "flask": ("webio.flask", {}),
    "django": ("webio.django", {}),
}


class CommandError(Exception):
    """A mistake on the command line; the message says how to fix it."""


def load_app(target: str) -> Callable[..., Any]:
    """``file.py[:func]`` or ``package.module[:func]`` → the app function (default ``main``)."""
    location, _, func_name = target.partition(":")
    func_name = func_name or "main"
    if location.endswith(".py") or os.sep in location or "/" in location:
        path = Path(location).resolve()
        if not path.is_file():
            raise CommandError(f"no such file: {location}")
        sys.path.insert(0, str(path.parent))
        spec = importlib.util.spec_from_file_location("webio_cli_app", path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # lets Tornado's autoreload watch the file with --debug
        spec.loader.exec_module(module)
    else:
        try:
            module = importlib.import_module(location)
        except ImportError as exc:
            raise CommandError(f"cannot import {location!r}: {exc}") from exc
    func = getattr(module, func_name, None)
    if not callable(func):
        raise CommandError(f"{location} has no function {func_name!r}: "
                           f"name the app function with {location}:FUNCTION")
    return func  # type: ignore[no-any-return]


def start_server_of(backend: str) -> tuple[Callable[..., None], dict[str, Any]]:
    module_name, extra = BACKENDS[backend]
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise CommandError(f"the {backend} backend needs its framework: pip install 'webio[{backend}]' ({exc})") from exc
    return module.start_server, dict(extra)


def run(args: argparse.Namespace) -> None:
    from .session.context import enter_server_mode

    enter_server_mode()  # loading the file must not start script mode
    app = load_app(args.target)
    start_server, options = start_server_of(args.backend)
    if args.debug:
        options["debug"] = True
    if args.bus:
        options["bus"] = args.bus
    start_server(app, port=args.port, host=args.host, **options)


def path_deploy(args: argparse.Namespace) -> None:
    from .tornado.directory import path_deploy as deploy

    if not Path(args.directory).is_dir():
        raise CommandError(f"no such folder: {args.directory}")
    deploy(args.directory, port=args.port, host=args.host, debug=args.debug,
           transport="http" if args.http else "websocket", bus=args.bus or None)


def gallery(args: argparse.Namespace) -> None:
    from .gallery import serve

    serve(port=args.port, host=args.host, theme=args.theme)


def migrate(args: argparse.Namespace) -> None:
    from .migrate import migrate as rewrite

    try:
        result = rewrite(Path(args.path), dry_run=args.dry_run, out=sys.stdout)
    except FileNotFoundError as exc:
        raise CommandError(str(exc)) from exc
    verb = "would change" if args.dry_run else "changed"
    print(f"webio migrate: {verb} {len(result.changed)} file(s)", file=sys.stderr)
    for path, problem in result.failed.items():
        print(f"webio migrate: skipped {path} (not readable as Python: {problem})", file=sys.stderr)
    if result.failed:
        raise SystemExit(1)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="webio", description="Serve webio apps.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run_parser = commands.add_parser("run", help="serve one app function from a file or module")
    run_parser.add_argument("target", help="app.py[:func] or package.module[:func] (default func: main)")
    run_parser.add_argument("--backend", choices=sorted(BACKENDS), default="tornado",
                            help="web server to use (default: tornado)")
    run_parser.set_defaults(handler=run)

    deploy_parser = commands.add_parser("path-deploy", help="serve every app file of a folder at its path")
    deploy_parser.add_argument("directory", help="folder holding the app files")
    deploy_parser.add_argument("--http", action="store_true", help="use the HTTP transport instead of WebSocket")
    deploy_parser.set_defaults(handler=path_deploy)

    gallery_parser = commands.add_parser("gallery", help="serve the gallery of every input and output function")
    gallery_parser.add_argument("--theme", default=None, help="page theme: default, dark, sketchy, minty or yeti")
    gallery_parser.add_argument("--port", type=int, default=8080, help="port to listen on (default 8080)")
    gallery_parser.add_argument("--host", default="", help="address to listen on (default: all interfaces)")
    gallery_parser.set_defaults(handler=gallery)

    migrate_parser = commands.add_parser("migrate", help="rewrite a PyWebIO project's imports for webio")
    migrate_parser.add_argument("path", help="a .py file or a folder (its .py files, recursively)")
    migrate_parser.add_argument("--dry-run", action="store_true", help="print the diff; change no file")
    migrate_parser.set_defaults(handler=migrate)

    for sub in (run_parser, deploy_parser):
        sub.add_argument("--port", type=int, default=8080, help="port to listen on; 0 picks a free one (default 8080)")
        sub.add_argument("--host", default="", help="address to listen on (default: all interfaces)")
        sub.add_argument("--debug", action="store_true", help="reload when the code changes; show tracebacks")
        sub.add_argument("--bus", default="", help="bus shared by several server processes, e.g. "
                         "redis://host:6379/0 (default: $WEBIO_BUS, else this process only)")
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        args.handler(args)
    except CommandError as exc:
        print(f"webio: error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
