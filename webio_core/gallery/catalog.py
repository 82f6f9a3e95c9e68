"""The gallery's examples: one small script per function, in ``examples/``, grouped in sections.

The same files are shown by the gallery app, included in the documentation pages and run by the
test suite to take the pictures of the documentation, so code, page and picture never disagree.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path

EXAMPLES_DIR = Path(__file__).resolve().parent / "examples"

# Section title → (module of the functions, example names in the order shown).
SECTIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "Output": ("webio.output", (
        "put_text", "put_markdown", "put_info", "put_html", "put_link", "put_code", "put_table",
        "put_datatable", "put_image", "put_file", "put_progressbar", "put_loading", "put_buttons", "put_button",
        "put_tabs", "put_collapse", "put_scrollable", "put_widget",
    )),
    "Layout and scopes": ("webio.output", ("put_row", "put_column", "put_grid", "style", "use_scope")),
    "Notices": ("webio.output", ("toast", "popup")),
    "Input": ("webio.input", (
        "input", "textarea", "select", "checkbox", "radio", "slider", "actions", "file_upload",
        "input_group", "input_update",
    )),
    "Pin widgets": ("webio.pin", (
        "put_input", "put_textarea", "put_select", "put_checkbox", "put_radio", "put_slider",
        "put_actions", "put_file_upload", "pin_wait_change",
    )),
}


@dataclass(frozen=True)
class Example:
    """One example script: its name (the function it shows), section and module."""

    name: str
    section: str
    module: str

    @property
    def path(self) -> Path:
        """The example file."""
        return EXAMPLES_DIR / f"{self.name}.py"

    @property
    def code(self) -> str:
        """The code of the example, exactly as in its file."""
        return self.path.read_text(encoding="utf-8")

    @property
    def is_input(self) -> bool:
        """True when the example waits for a form (its picture shows the form, not the output)."""
        return self.module == "webio.input"

    @property
    def summary(self) -> str:
        """The first line of the docstring of the function the example shows."""
        func = getattr(importlib.import_module(self.module), self.name)
        doc = (func.__doc__ or "").strip()
        return doc.split("\n\n", 1)[0].replace("\n", " ")


def examples() -> list[Example]:
    """Every example, section by section."""
    return [Example(name, section, module) for section, (module, names) in SECTIONS.items() for name in names]


def example(name: str) -> Example:
    """The example named ``name``; KeyError says which names exist."""
    for found in examples():
        if found.name == name:
            return found
    raise KeyError(f"no gallery example {name!r}: the examples are {', '.join(e.name for e in examples())}")
