"""The page template (webio.page), themes, UI languages, and that nothing loads from elsewhere."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from webio.page import THEMES, render_page, render_index_page

from .conftest import cmd, out


def config_of(html: str) -> dict[str, Any]:
    m = re.search(r'<script id="webio-config" type="application/json">(.*?)</script>', html, re.S)
    assert m
    parsed: dict[str, Any] = json.loads(m.group(1))
    return parsed


def test_page_escapes_everything_from_the_app() -> None:
    html = render_page(
        app_name="a</script><b>",
        transport="websocket",
        title="<T&>",
        description='"d"<x>',
        js_file=['x.js?a=1&b="2"'],
        css_file=["s.css"],
        js_code="var s = '</script>';",
        css_style="p{} </style><b>",
    )
    assert "<title>&lt;T&amp;&gt;</title>" in html
    assert 'content="&quot;d&quot;&lt;x&gt;"' in html
    assert html.count("</script>") == html.count("<script")
    assert "</style><b>" not in html
    cfg = config_of(html)
    assert cfg["app"] == "a</script><b>" and cfg["transport"] == "websocket"
    assert "\\u003c/script\\u003e" in html
    assert 'src="x.js?a=1&amp;b=&quot;2&quot;"' in html


def test_page_config_and_assets() -> None:
    html = render_page(app_name="tool", transport="http", reconnect_timeout=5, http_poll_wait=15, debug=True, lang="de",
                       max_payload_size=1024)
    cfg = config_of(html)
    assert cfg == {
        **cfg,
        "app": "tool",
        "transport": "http",
        "reconnect_timeout": 5,
        "http_poll_wait": 15,
        "debug": True,
        "lang": "de",
        "theme": "default",
        "max_payload_size": 1024,
    }
    assert re.search(r'href="\?_webio_static=webio\.css&amp;v=[0-9a-f]+"', html)
    assert re.search(r'src="\?_webio_static=webio\.js&amp;v=[0-9a-f]+"', html)
    assert "http://" not in html.replace("http://www.w3.org/2000/svg", "")


def test_cdn_prefix() -> None:
    html = render_page(app_name="x", transport="websocket", cdn="https://cdn.example.invalid/webio", theme="minty")
    assert 'href="https://cdn.example.invalid/webio/themes/minty.css"' in html
    assert 'src="https://cdn.example.invalid/webio/webio.js"' in html


def test_themes_and_env_override(monkeypatch: pytest.MonkeyPatch) -> None:
    assert set(THEMES) == {"default", "dark", "sketchy", "minty", "yeti"}
    assert 'data-bs-theme="dark"' in render_page(app_name="x", transport="websocket", theme="dark")
    with pytest.raises(ValueError, match="sketchy"):
        render_page(app_name="x", transport="websocket", theme="neon")
    with pytest.raises(ValueError):
        render_page(app_name="x", transport="carrier-pigeon")
    monkeypatch.setenv("WEBIO_THEME", "yeti")
    assert "themes/yeti.css" in render_page(app_name="x", transport="websocket", theme="dark")


def test_index_page_lists_apps() -> None:
    html = render_index_page({"b<x>": "second", "a": ""})
    assert html.index("?app=a") < html.index("?app=b%3Cx%3E")
    assert "b&lt;x&gt;" in html


@pytest.mark.parametrize(
    "theme,probe,expected",
    [
        ("default", "getComputedStyle(document.body).backgroundColor", "rgb(255, 255, 255)"),
        ("dark", "getComputedStyle(document.body).backgroundColor", "rgb(33, 37, 41)"),
        ("sketchy", "getComputedStyle(document.body).fontFamily", "Neucha"),
        ("minty", "getComputedStyle(document.querySelector('.btn-primary')).backgroundColor", "rgb(120, 194, 173)"),
        ("yeti", "getComputedStyle(document.body).fontFamily", "Open Sans"),
    ],
)
def test_theme_styles_load_offline(make_harness: Any, theme: str, probe: str, expected: str) -> None:
    h = make_harness(theme=theme, title=f"{theme} theme")
    requests: list[str] = []
    h.page.on("request", lambda r: requests.append(r.url))
    h.send(
        out("markdown", content=f"## {theme}\nSome *text*.", sanitize=True),
        out("buttons", callback_id="c", buttons=[{"label": "Primary", "value": 0}]),
        out("table", data=[["A", "B"], ["1", "2"]], header=True),
    )
    h.settle()
    assert expected in str(h.page.evaluate(f"() => {probe}"))
    h.page.reload()
    h.server.wait_connected(count=2)
    h.page.wait_for_load_state("networkidle")
    assert requests, "the reload made no request"
    assert all(u.startswith(h.server.url) or u.startswith("data:") for u in requests), requests


def test_no_request_leaves_the_server(make_harness: Any) -> None:
    h = make_harness()
    h.send(
        out("markdown", content="x", sanitize=True),
        out("code", content="x=1", language="python"),
        cmd(
            "input_group",
            {"label": "", "inputs": [{"type": "textarea", "name": "c", "label": "C", "code": {"mode": "python"}}]},
            task_id="t",
        ),
    )
    h.settle()
    assert all(r.startswith(h.server.url) or r.startswith("/") for r in h.server.requests)
    assert h.page.evaluate("() => performance.getEntriesByType('resource').every(e => e.name.startsWith(location.origin))")


@pytest.mark.parametrize(
    "locale,submit,closed",
    [
        ("zh-CN", "提交", "会话已结束"),
        ("de-DE", "Absenden", "Die Sitzung ist beendet"),
        ("ru-RU", "Отправить", "Сеанс завершён"),
        ("fa-IR", "ارسال", "این نشست به پایان رسیده است"),
        ("en-GB", "Submit", "The session has ended"),
        ("ja-JP", "Submit", "The session has ended"),
    ],
)
def test_ui_labels_follow_the_browser_language(make_harness: Any, locale: str, submit: str, closed: str) -> None:
    h = make_harness(locale=locale)
    h.send(
        cmd(
            "input_group", {"label": "", "inputs": [{"type": "text", "name": "a", "label": "A"}], "cancelable": True}, task_id="t"
        )
    )
    h.settle()
    assert h.page.locator("#webio-input-container").get_by_role("button", name=submit).is_visible()
    h.send(cmd("close_session"))
    h.page.get_by_text(closed).wait_for()
    assert h.page.evaluate("() => document.documentElement.dir") == ("rtl" if locale.startswith("fa") else "ltr")


def test_forced_language(make_harness: Any) -> None:
    h = make_harness(locale="en-US", lang="zh")
    h.send(cmd("input_group", {"label": "", "inputs": [{"type": "text", "name": "a", "label": "A"}]}, task_id="t"))
    h.settle()
    assert h.page.locator("#webio-input-container").get_by_role("button", name="重置").is_visible()
    assert h.page.evaluate("() => document.documentElement.lang") == "zh"


def test_page_title_and_description(make_harness: Any) -> None:
    h = make_harness(title="Hello <app>", description="Does things")
    assert h.page.title() == "Hello <app>"
    assert h.page.locator("meta[name=description]").get_attribute("content") == "Does things"


def test_code_editor_file_is_loaded_on_demand(make_harness: Any) -> None:
    from webio.static import asset_version

    h = make_harness()
    h.send(out("text", content="no editor yet"))
    h.settle()
    assert not any("webio-code.js" in r for r in h.server.requests)
    h.send(
        cmd("input_group", {"label": "", "inputs": [{"type": "textarea", "name": "c", "label": "C", "code": True}]}, task_id="t")
    )
    h.page.locator(".cm-content").wait_for()
    [url] = [r for r in h.server.requests if "webio-code.js" in r]
    assert url.endswith(f"_webio_static=webio-code.js&v={asset_version('webio-code.js')}")
