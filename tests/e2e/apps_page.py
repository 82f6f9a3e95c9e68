"""Apps for page settings: config (head, injected CSS/JS, themes) and UI labels in other languages
(served by tests/e2e/test_page.py)."""

from __future__ import annotations

from typing import Any, Callable

from webio import config
from webio.input import file_upload, input, input_group, select
from webio.output import popup, put_buttons, put_html, put_info, put_text
from webio.pin import put_select
from webio.session import hold


@config(title="Configured <app>", description="Shows what config() puts in the page",
        css_style=".custom-mark { color: rgb(1, 2, 3); letter-spacing: 3px; }",
        js_code="window.__injected = document.title + ' & ' + (1 + 1);")
def configured() -> None:
    put_html("<span class='custom-mark'>marked by css_style</span>")
    hold()


def from_docstring() -> None:
    """Docstring title

    The description comes from the rest of the docstring."""
    put_text("docstring app")
    hold()


def sample() -> None:
    put_text("themed text")
    put_info("themed alert")
    put_buttons(["themed button"], onclick=lambda _: None)
    input("Themed input")


def themed(theme: str) -> Callable[[], None]:
    def app() -> None:
        sample()

    app.__name__ = f"theme_{theme}"
    app.__qualname__ = app.__name__
    return config(theme=theme)(app) if theme != "default" else app


def labels() -> None:
    put_select("pick", ["a", "b"], label="Searchable", native=False)
    popup("A popup", "body")
    data: Any = input_group("Form", [input("Name", name="name"), file_upload("File", name="file"),
                                     select("Choice", ["x", "y"], name="choice")], cancelable=True)
    put_text(f"data {data}")


APPS: dict[str, Callable[[], Any]] = {
    "configured": configured,
    "docstring": from_docstring,
    "labels": labels,
    **{f"theme_{theme}": themed(theme) for theme in ("default", "dark", "sketchy", "minty", "yeti")},
}
