"""Page settings in Chromium against the real server (apps_page.py): config() in the page head,
injected CSS/JS, the four themes, and the UI labels in Chinese and German."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from .harness import AppServer, app_server
from .ui import panel


@pytest.fixture(scope="module")
def server() -> Iterator[AppServer]:
    with app_server("apps_page") as running:
        yield running


def test_config_title_description_css_and_js(page: Any, server: AppServer) -> None:
    page.goto(server.app("configured"))
    marked = page.get_by_text("marked by css_style")
    marked.wait_for()
    assert page.title() == "Configured <app>"
    assert page.locator("meta[name=description]").get_attribute("content") == "Shows what config() puts in the page"
    assert marked.evaluate("e => [getComputedStyle(e).color, getComputedStyle(e).letterSpacing]") == ["rgb(1, 2, 3)", "3px"]
    assert page.evaluate("() => window.__injected") == "Configured <app> & 2"

    page.goto(server.app("docstring"))
    page.get_by_text("docstring app").wait_for()
    assert page.title() == "Docstring title"
    assert page.locator("meta[name=description]").get_attribute("content") == "The description comes from the rest of the docstring."


STYLE_PROBE = """() => {
  const cs = (sel) => getComputedStyle(document.querySelector(sel));
  const body = cs('body'), button = cs('#webio-scope-ROOT button'), alert = cs('.alert');
  return {background: body.backgroundColor, color: body.color, font: button.fontFamily,
          button: button.backgroundColor, radius: button.borderRadius, alert: alert.backgroundColor};
}"""


def styles(page: Any, server: AppServer, theme: str) -> dict[str, str]:
    page.goto(server.app(f"theme_{theme}"))
    panel(page).get_by_label("Themed input").wait_for()
    page.get_by_role("button", name="themed button").wait_for()
    result: dict[str, str] = page.evaluate(STYLE_PROBE)
    return result


def luminance(rgb: str) -> float:
    r, g, b = (int(part) for part in rgb[rgb.index("(") + 1:rgb.index(")")].split(",")[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


@pytest.fixture(scope="module")
def default_styles(e2e_browser: Any, server: AppServer) -> dict[str, str]:
    context = e2e_browser.new_context()
    try:
        return styles(context.new_page(), server, "default")
    finally:
        context.close()


@pytest.mark.parametrize("theme", ["dark", "sketchy", "minty", "yeti"])
def test_theme_changes_computed_styles(page: Any, server: AppServer, theme: str, default_styles: dict[str, str]) -> None:
    themed = styles(page, server, theme)
    assert page.locator("html").get_attribute("data-webio-theme") == theme
    changed = {key for key in themed if themed[key] != default_styles[key]}
    if theme == "dark":
        assert luminance(themed["background"]) < 60 < 200 < luminance(themed["color"])
        assert {"background", "color", "alert"} <= changed
    elif theme == "sketchy":
        assert themed["font"].startswith("Neucha") and "/" in themed["radius"]  # hand-drawn corners
        assert page.evaluate("() => document.fonts.check('16px Neucha')")
    elif theme == "minty":
        assert themed["button"] == "rgb(120, 194, 173)" and themed["font"].startswith("Montserrat")
    elif theme == "yeti":
        assert themed["radius"] == "0px" and themed["font"].startswith('"Open Sans"')
    assert len(changed) >= 2, (theme, themed, default_styles)


LABELS = {
    "zh-CN": {"submit": "提交", "reset": "重置", "cancel": "取消", "choose": "选择文件", "close": "关闭",
              "closed": "会话已结束，刷新页面即可重新开始。", "mark": "[已结束]", "reload": "刷新", "lang": "zh"},
    "de-DE": {"submit": "Absenden", "reset": "Zurücksetzen", "cancel": "Abbrechen", "choose": "Datei auswählen",
              "close": "Schließen", "closed": "Die Sitzung ist beendet. Laden Sie die Seite neu, um neu zu beginnen.",
              "mark": "[beendet]", "reload": "Neu laden", "lang": "de"},
}


@pytest.mark.parametrize("locale", ["zh-CN", "de-DE"])
def test_ui_labels_follow_the_browser_language(e2e_browser: Any, server: AppServer, locale: str,
                                               page_errors: list[str]) -> None:
    words = LABELS[locale]
    context = e2e_browser.new_context(locale=locale)
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        page.on("pageerror", lambda e: page_errors.append(str(e)))
        page.goto(server.app("labels"))
        form = panel(page)
        form.get_by_label("Name").wait_for()
        assert page.locator("html").get_attribute("lang") == words["lang"]
        for key in ("submit", "reset", "cancel"):
            assert form.get_by_role("button", name=words[key], exact=True).is_visible(), words[key]
        assert form.get_by_text(words["choose"], exact=True).is_visible()

        dialog = page.get_by_role("dialog", name="A popup")
        dialog.get_by_role("button", name=words["close"]).click()
        dialog.wait_for(state="detached")

        form.get_by_role("button", name=words["cancel"]).click()
        page.get_by_text("data None").wait_for()
        page.get_by_role("alert").get_by_text(words["closed"]).wait_for()
        assert page.get_by_role("button", name=words["reload"]).is_visible()
        page.wait_for_function("mark => document.title.startsWith(mark)", arg=words["mark"])
    finally:
        context.close()
