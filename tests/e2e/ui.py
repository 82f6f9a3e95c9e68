"""What the e2e tests share: the XSS payload, the input panel, and small page helpers."""

from __future__ import annotations

from typing import Any

# Shown as text everywhere it is used as a label, cell, option, toast or file name; if it ever
# became HTML, the image would fail to load and set window.__pwned.
XSS = '<img src=x onerror="window.__pwned=1">'


def pwned(page: Any) -> bool:
    """True if an injected script ran on the page."""
    return bool(page.evaluate("() => !!window.__pwned"))


def panel(page: Any) -> Any:
    """The input panel (forms of input()/input_group())."""
    return page.locator("#webio-input-container")


def submit(page: Any, name: str = "Submit") -> None:
    panel(page).get_by_role("button", name=name, exact=True).click()


def root_texts(page: Any) -> list[str]:
    """The inner text of each direct output of the root scope."""
    texts: list[str] = page.locator("#webio-scope-ROOT > *").all_inner_texts()
    return [t.strip() for t in texts]


def closed_banner(page: Any) -> Any:
    return page.locator("#webio-status").get_by_text("The session has ended")
