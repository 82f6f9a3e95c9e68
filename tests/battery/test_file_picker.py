"""file_picker: browse below a root folder in a popup, choose files, never leave the root."""
from __future__ import annotations

from pathlib import Path

from webio.battery import file_picker
from webio.output import put_text
from webio.testing import run_app


def tree(tmp_path: Path) -> Path:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "guide.md").write_text("# guide")
    (tmp_path / "data.csv").write_text("a,b\n")
    (tmp_path / "notes.txt").write_text("x")
    (tmp_path / ".hidden").write_text("x")
    return tmp_path


def test_pick_one_file_in_a_subfolder(tmp_path: Path) -> None:
    root = tree(tmp_path)
    client = run_app(lambda: put_text("picked", file_picker(str(root))))
    assert client.popup.title == "File Picker"
    assert "data.csv" in client.popup.text and ".hidden" not in client.popup.text
    client.click("CONFIRM")
    assert client.toasts[-1].content == "Please select a file"
    client.click("docs/")
    assert "Folder: ./docs" in client.popup.text
    client.click("guide.md")
    assert "Selected: docs/guide.md" in client.popup.text
    client.click("CONFIRM")
    assert client.text == f"picked {root / 'docs' / 'guide.md'}"


def test_multiple_with_accept_and_cancel(tmp_path: Path) -> None:
    root = tree(tmp_path)
    client = run_app(lambda: put_text("picked", file_picker(str(root), multiple=True, accept=["csv", "txt"])))
    client.click("data.csv")
    client.click("notes.txt")
    assert "Selected: data.csv, notes.txt" in client.popup.text
    client.click("CONFIRM")
    assert client.text == f"picked {[str(root / 'data.csv'), str(root / 'notes.txt')]}"

    client = run_app(lambda: put_text("picked", file_picker(str(root), cancelable=True, accept="md")))
    assert "data.csv" not in client.popup.text
    client.click("CANCEL")
    assert client.text == "picked None"


def test_the_parent_link_stops_at_the_root(tmp_path: Path) -> None:
    root = tree(tmp_path)
    client = run_app(lambda: file_picker(str(root / "docs")))
    labels = client.popup.text
    assert "../" not in labels  # the root itself offers no way up
