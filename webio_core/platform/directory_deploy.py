"""Directory deploy (manual §4.5.1): every ``.py`` file under a folder that defines ``main`` is an
app at its path (``base/A/b.py`` → ``/A/b``).

Rules: names starting with ``_`` or ``.`` are hidden (404); a folder URL without its trailing slash
redirects to it, so relative links work; a folder shows its ``index.py`` app if it has one, else
the ``index`` callable's HTML (it gets the folder's absolute file-system path), else a generated
listing (``index=False``: 404). Files are loaded on first request and re-loaded by opening the
page with ``?reload``; sessions already running keep the code they started with.
"""
from __future__ import annotations

import hashlib
import html
import importlib.util
import re
import sys
import threading
from pathlib import Path
from types import ModuleType
from typing import Any, Callable, Union

from ..bus.routing import routing_registry
from ..transport import WebioEndpoint
from ..transport.apps import make_applications

IndexOption = Union[bool, Callable[[str], str]]
_MAIN_DEFINED = re.compile(r"^(async\s+def\s+main\b|def\s+main\b|main\s*=)", re.MULTILINE)


class NotFound(LookupError):
    """The URL names nothing that may be shown."""


class Redirect(Exception):
    def __init__(self, location: str) -> None:
        super().__init__(location)
        self.location = location


def visible(name: str) -> bool:
    return not name.startswith(("_", "."))


def defines_main(file: Path) -> bool:
    """A cheap look at the source (the listing must not run code): does it define ``main``?"""
    try:
        return bool(_MAIN_DEFINED.search(file.read_text("utf-8", "replace")))
    except OSError:
        return False


def load_main(file: Path) -> Callable[..., Any]:
    """Run ``file`` as a fresh module and return its ``main``."""
    name = "webio_app_" + hashlib.sha1(str(file).encode()).hexdigest()[:12]
    spec = importlib.util.spec_from_file_location(name, file)
    if spec is None or spec.loader is None:
        raise NotFound(str(file))
    module: ModuleType = importlib.util.module_from_spec(spec)
    folder = str(file.parent)
    sys.path.insert(0, folder)  # so the app can import its neighbours
    try:
        spec.loader.exec_module(module)
    finally:
        if folder in sys.path:
            sys.path.remove(folder)
    sys.modules[name] = module  # watched by Tornado's autoreload in debug mode
    main = getattr(module, "main", None)
    if not callable(main):
        raise NotFound(f"{file.name} has no main() function")
    return main  # type: ignore[no-any-return]


class AppDirectory:
    """The apps of one folder, each served by its own endpoint, all sessions in one registry."""

    def __init__(self, base: Union[str, Path], index: IndexOption = True, *, bus: Any = None,
                 **endpoint_options: Any) -> None:
        self.base = Path(base).resolve()
        if not self.base.is_dir():
            raise ValueError(f"path_deploy() needs a folder of app files; {str(base)!r} is not a folder")
        self.index = index
        self.registry = routing_registry(bus)  # bus=, else $WEBIO_BUS, else this process only
        self.endpoint_options = endpoint_options
        self._endpoints: dict[Path, WebioEndpoint] = {}
        self._lock = threading.Lock()

    def endpoints(self) -> list[WebioEndpoint]:
        return list(self._endpoints.values())

    def resolve(self, url_path: str, query: str = "", reload: bool = False) -> Union[WebioEndpoint, str]:
        """The endpoint of the app at ``url_path``, or the HTML of a folder index.

        Raises ``NotFound`` or ``Redirect``.
        """
        parts = [part for part in url_path.split("/") if part]
        if not all(visible(part) for part in parts):
            raise NotFound(url_path)
        target = self.base.joinpath(*parts)
        if target.is_dir():
            if url_path and not url_path.endswith("/"):
                raise Redirect(parts[-1] + "/" + (f"?{query}" if query else ""))  # relative: proxy-safe
            return self._folder(target, reload)
        file = target.with_name(target.name + ".py") if parts else target
        if not parts or not file.is_file():
            raise NotFound(url_path)
        return self.endpoint_for(file, reload)

    def _folder(self, folder: Path, reload: bool) -> Union[WebioEndpoint, str]:
        if (folder / "index.py").is_file():
            return self.endpoint_for(folder / "index.py", reload)
        if callable(self.index):
            return str(self.index(str(folder)))
        if self.index:
            return self.listing(folder)
        raise NotFound(str(folder))

    def endpoint_for(self, file: Path, reload: bool = False) -> WebioEndpoint:
        """The endpoint of an app file, loading it on first use or when asked to reload."""
        with self._lock:
            endpoint = self._endpoints.get(file)
            if endpoint is not None and not reload:
                return endpoint
            main = load_main(file)
            if endpoint is None:
                endpoint = WebioEndpoint(main, registry=self.registry, **self.endpoint_options)
                self._endpoints[file] = endpoint
            else:
                endpoint.apps = make_applications(main)
            return endpoint

    def listing(self, folder: Path) -> str:
        """A plain HTML list of the visible sub-folders and app files of ``folder``."""
        entries = sorted(p for p in folder.iterdir() if visible(p.name))
        links = [] if folder == self.base else ['<li><a href="../">../</a></li>']
        for entry in entries:
            if entry.is_dir():
                name = entry.name + "/"
            elif entry.suffix == ".py" and defines_main(entry):
                name = entry.stem
            else:
                continue
            links.append(f'<li><a href="{html.escape(name)}">{html.escape(name)}</a></li>')
        relative = folder.relative_to(self.base).as_posix()
        where = "/" if relative == "." else f"/{relative}/"
        return (f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(where)}</title></head>"
                f"<body><h1>{html.escape(where)}</h1><ul>{''.join(links)}</ul></body></html>")
