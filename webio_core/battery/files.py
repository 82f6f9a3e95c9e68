"""``file_picker``: choose files on the server's disk, below a root folder, in a popup."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Sequence, Union

from ..output import close_popup, popup, put_buttons, put_scope, put_table, put_text, toast, use_scope
from ..pin import pin_wait_change, put_actions
from ._session import random_name, require_thread_app


def _size(num: float) -> str:
    for unit in ("bytes", "KB", "MB", "GB", "TB"):
        if num < 1024 or unit == "TB":
            return f"{int(num)} bytes" if unit == "bytes" else f"{num:.1f} {unit}"
        num /= 1024
    return ""


class _Picker:
    def __init__(self, root: Path, multiple: bool, accept: tuple[str, ...], hidden: bool, scope: str) -> None:
        self.root, self.multiple, self.accept, self.hidden, self.scope = root, multiple, accept, hidden, scope
        self.selected: list[Path] = []
        self.folder = root

    def entries(self) -> list[Path]:
        try:
            found = [p for p in self.folder.iterdir() if self.hidden or not p.name.startswith(".")]
        except OSError as exc:
            toast(f"Cannot open the folder: {exc.strerror}", color="error")
            return []
        return sorted((p for p in found if p.is_dir() or not self.accept or p.name.lower().endswith(self.accept)),
                      key=lambda p: (not p.is_dir(), p.name.lower()))

    def open(self, folder: Path) -> None:
        folder = folder.resolve()
        if folder != self.root and self.root not in folder.parents:
            toast("That folder is outside the picker's root", color="error")
            return
        self.folder = folder
        self.show()

    def toggle(self, file: Path) -> None:
        if file in self.selected:
            self.selected.remove(file)
        elif self.multiple:
            self.selected.append(file)
        else:
            self.selected = [file]
        self.show()

    def _opener(self, folder: Path) -> Callable[[object], None]:
        return lambda _label: self.open(folder)

    def _toggler(self, file: Path) -> Callable[[object], None]:
        return lambda _label: self.toggle(file)

    def show(self) -> None:
        rows: list[list[object]] = []
        if self.folder != self.root:
            rows.append([put_buttons(["../"], onclick=self._opener(self.folder.parent), link_style=True), ""])
        for entry in self.entries():
            if entry.is_dir():
                rows.append([put_buttons([entry.name + "/"], onclick=self._opener(entry), link_style=True), ""])
            else:
                mark = "✓ " if entry in self.selected else ""
                try:
                    size = _size(entry.stat().st_size)
                except OSError:
                    size = ""
                rows.append([put_buttons([{"label": mark + entry.name, "value": entry.name}],
                                         onclick=self._toggler(entry), link_style=True), size])
        with use_scope(self.scope, clear=True):
            where = self.folder.relative_to(self.root)
            put_text(f"Folder: ./{'' if str(where) == '.' else where}")
            put_table(rows, header=["Name", "Size"])
            chosen = ", ".join(str(p.relative_to(self.root)) for p in self.selected) or "none"
            put_text(f"Selected: {chosen}")


def file_picker(path: str, multiple: bool = False, accept: Union[str, Sequence[str]] = "", cancelable: bool = False,
                title: str = "File Picker", show_hidden_files: bool = False) -> Union[str, list[str], None]:
    """Let the user pick file(s) below the folder ``path`` on the server; the chosen path(s), or None on cancel.

    Example: ``files = file_picker("~/data", multiple=True, accept=["csv", "json"])``
    """
    require_thread_app("file_picker")
    root = Path(os.path.expanduser(path)).resolve()
    if not root.is_dir():
        raise ValueError(f"file_picker() path must be an existing folder, got {path!r}")
    endings = (accept,) if isinstance(accept, str) else tuple(accept)
    picker = _Picker(root, multiple, tuple(e.lower() for e in endings if e), show_hidden_files,
                     random_name("file_picker"))
    action = random_name("file_picker_action")
    buttons: list[dict[str, object]] = [{"label": "CONFIRM", "value": True}]
    if cancelable:
        buttons.append({"label": "CANCEL", "value": False, "color": "warning"})
    popup(title, [put_scope(picker.scope), put_actions(action, buttons=buttons)], size="large", closable=False)
    picker.show()
    try:
        while True:
            changed = pin_wait_change(action)
            if not changed["value"]:
                return None
            if picker.selected:
                break
            toast("Please select a file", color="warn")
    finally:
        close_popup()
    chosen = [str(p) for p in picker.selected]
    return chosen if multiple else chosen[0]
