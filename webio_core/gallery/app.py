"""The gallery apps: an index of the examples and one app per example (``?app=NAME``).

An example app shows the example's code beside a ``result`` scope and runs the code inside that
scope, so what appears there is exactly what the code shows in any app. Input examples wait for
their form at the bottom of the page, as in any app.
"""
from __future__ import annotations

from typing import Any, Callable, Optional

from ..config import config
from ..output import put_code, put_link, put_markdown, put_row, put_scope, put_text, use_scope
from ..session import hold, set_env
from .catalog import SECTIONS, Example, examples

RESULT_SCOPE = "result"
CODE_SCOPE = "code"


def run_example(item: Example) -> None:
    """Run the example's code with its outputs in the current scope."""
    namespace: dict[str, Any] = {"__name__": "__gallery__", "__file__": str(item.path)}
    exec(compile(item.code, str(item.path), "exec"), namespace)  # noqa: S102 (our own example files)


def show_example(item: Example) -> None:
    """The page of one example: title, what the function does, the code, and its result."""
    set_env(output_animation=False, output_max_width="1100px", title=f"{item.name} · webio gallery")
    put_link("← all examples", app="index")
    put_markdown(f"## `{item.name}`")
    put_text(item.summary)
    put_row([
        put_scope(CODE_SCOPE, [put_code(item.code, language="python")]),
        put_scope(RESULT_SCOPE).style("align-self: start"),  # as tall as what the example shows
    ], size="1fr 1fr")
    with use_scope(RESULT_SCOPE):
        run_example(item)
    hold()  # keep the page live (pin widgets, buttons) until the tab closes


def show_index() -> None:
    """The list of every example, section by section."""
    set_env(output_animation=False, title="webio gallery")
    put_markdown("# webio gallery\nEach page shows a function's example code beside what it displays.")
    for section, (module, _names) in SECTIONS.items():
        links = "\n".join(f"- [`{item.name}`](?app={item.name}): {item.summary}"
                          for item in examples() if item.section == section)
        put_markdown(f"### {section} (`{module}`)\n{links}")


def _example_app(item: Example) -> Callable[[], None]:
    def app() -> None:
        show_example(item)

    app.__name__ = item.name
    app.__doc__ = f"{item.name}\n\n{item.summary}"
    return app


def gallery_apps() -> dict[str, Callable[[], None]]:
    """The apps to serve: ``index`` and one per example (``?app=put_table``)."""
    apps: dict[str, Callable[[], None]] = {"index": show_index}
    apps.update({item.name: _example_app(item) for item in examples()})
    return apps


def serve(port: int = 8080, host: str = "", theme: Optional[str] = None) -> None:
    """Serve the gallery with the default server until interrupted.

    Example::

        serve(port=0, theme="dark")
    """
    from .. import start_server

    if theme is not None:
        config(theme=theme)
    start_server(gallery_apps(), port=port, host=host)
