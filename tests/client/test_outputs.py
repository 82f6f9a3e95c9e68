"""Every output type of the catalogue, as a user sees it, and text escaping everywhere."""

from __future__ import annotations

import base64
from typing import Any

from .conftest import cmd, out

XSS = '<img src=x onerror="window.__pwned=1">'


def pwned(client: Any) -> bool:
    return bool(client.page.evaluate("() => !!window.__pwned"))


def test_text_is_text_and_keeps_line_breaks(client: Any) -> None:
    client.send(
        out("text", content=XSS),
        out("text", content="a\nb"),
        out("text", content="in", inline=True),
        out("text", content="line", inline=True),
        out("text", content=42),
    )
    client.settle()
    texts = client.page.locator("#webio-scope-ROOT > .webio-text").all_inner_texts()
    assert texts[:2] == [XSS, "a\nb"]
    assert client.page.locator("#webio-scope-ROOT > span.webio-text").count() == 2
    assert "inline" in client.text()
    assert not pwned(client)


def test_plain_strings_and_numbers_stand_for_text(client: Any) -> None:
    client.send(out("row", contents=["left", 7, None]))
    client.settle()
    assert client.page.locator(".webio-row > .webio-text").all_inner_texts() == ["left", "7"]


def test_markdown_rendered_and_sanitized(client: Any) -> None:
    client.send(out("markdown", content="# Title\n\n**bold** " + XSS + "\n\n```python\nx = 1\n```", sanitize=True))
    client.settle()
    assert client.page.locator(".webio-markdown h1").inner_text() == "Title"
    assert client.page.locator(".webio-markdown strong").inner_text() == "bold"
    assert client.page.locator(".webio-markdown img[onerror]").count() == 0
    assert client.page.locator(".webio-markdown code.language-python .token").count() > 0
    assert not pwned(client)


def test_markdown_options(client: Any) -> None:
    client.send(out("markdown", content="one\ntwo", options={"breaks": True}, sanitize=True))
    client.settle()
    assert client.page.locator(".webio-markdown br").count() == 1


def test_html_sanitized_when_asked(client: Any) -> None:
    client.send(out("html", content="<b>ok</b>" + XSS, sanitize=True))
    client.settle()
    assert client.page.locator(".webio-html b").inner_text() == "ok"
    client.page.wait_for_timeout(200)
    assert not pwned(client)


def test_html_unsanitized_is_raw_and_runs_scripts(client: Any) -> None:
    client.send(out("html", content="<i>raw</i><script>window.__ran = (window.__ran||0) + 1</script>", sanitize=False))
    client.settle()
    assert client.page.locator(".webio-html i").inner_text() == "raw"
    client.page.wait_for_function("() => window.__ran === 1")


def test_code_highlighted_with_max_rows(client: Any) -> None:
    client.send(
        out("code", content="def f():\n    return '<x>'\n" * 30, language="python", rows=5),
        out("code", content="<plain>", language=""),
    )
    client.settle()
    pre = client.page.locator("pre.webio-code").first
    assert pre.locator(".token.keyword").first.inner_text() == "def"
    box = pre.bounding_box()
    assert box is not None and box["height"] < 250
    assert client.page.locator("pre.webio-code").nth(1).inner_text() == "<plain>"


def test_alert_colours_contents_and_close(client: Any) -> None:
    client.send(
        out(
            "alert",
            color="danger",
            contents=["Oops " + XSS, {"type": "markdown", "content": "**md**", "sanitize": True}],
            closable=True,
        )
    )
    client.settle()
    alert = client.page.locator(".alert-danger")
    assert "Oops " + XSS in alert.inner_text()
    assert alert.locator("strong").inner_text() == "md"
    alert.get_by_role("button", name="Close").click()
    assert client.page.locator(".alert-danger").count() == 0
    assert not pwned(client)


def test_link_url_app_and_new_window(client: Any) -> None:
    client.send(
        out("link", content="Docs <x>", url="https://example.invalid/docs", new_window=True),
        out("link", content="Other app", app="other"),
    )
    client.settle()
    docs = client.page.get_by_role("link", name="Docs <x>")
    assert docs.get_attribute("href") == "https://example.invalid/docs"
    assert docs.get_attribute("target") == "_blank"
    assert client.page.get_by_role("link", name="Other app").get_attribute("href") == "?app=other"


def test_image(client: Any) -> None:
    png = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
    client.send(out("image", src=png, alt="a dot", width="30px", height=""))
    client.settle()
    img = client.page.get_by_role("img", name="a dot")
    assert img.get_attribute("src") == png
    assert img.evaluate("e => e.style.width") == "30px"


def test_file_link_downloads(client: Any) -> None:
    content = base64.b64encode(b"hello file").decode()
    client.send(out("file", name="hello.txt", label="Get <it>", content=content))
    client.settle()
    with client.page.expect_download() as info:
        client.page.get_by_role("link", name="Get <it>").click()
    download = info.value
    assert download.suggested_filename == "hello.txt"
    assert open(download.path(), "rb").read() == b"hello file"


def test_table_header_spans_and_nested_outputs(client: Any) -> None:
    client.send(
        out(
            "table",
            header=True,
            data=[
                ["Name", "Address"],
                [XSS, {"type": "buttons", "callback_id": "cb", "buttons": [{"label": "Edit", "value": 0}]}],
                [{"type": "text", "content": "wide"}],
            ],
            span={"2,0": {"row": 1, "col": 2}},
        )
    )
    client.settle()
    assert client.page.locator("table thead th").all_inner_texts() == ["Name", "Address"]
    cells = client.page.locator("table tbody td")
    assert cells.nth(0).inner_text() == XSS
    assert cells.nth(2).get_attribute("colspan") == "2"
    client.page.get_by_role("button", name="Edit").click()
    ev = client.server.event(name="callback")
    assert ev["task_id"] == "cb" and ev["data"] == 0
    assert not pwned(client)


def test_table_multi_row_header(client: Any) -> None:
    client.send(
        out(
            "table",
            header=True,
            data=[["Name", "Address"], ["City", "Country"], ["Wang", "Beijing", "China"]],
            span={"0,0": {"row": 2}, "0,1": {"col": 2}},
        )
    )
    client.settle()
    assert client.page.locator("thead tr").count() == 2
    assert client.page.locator("thead th").first.get_attribute("rowspan") == "2"


def test_buttons_styles_disabled_and_callbacks(client: Any) -> None:
    client.send(
        out(
            "buttons",
            callback_id="b1",
            small=True,
            outline=True,
            group=True,
            buttons=[
                {"label": "A <b>", "value": 0, "color": "success"},
                {"label": "B", "value": 1, "disabled": True},
            ],
        ),
        out("buttons", callback_id="b2", link=True, buttons=[{"label": "Link", "value": 0}]),
    )
    client.settle()
    a = client.page.get_by_role("button", name="A <b>")
    assert "btn-outline-success" in (a.get_attribute("class") or "") and "btn-sm" in (a.get_attribute("class") or "")
    assert client.page.locator(".btn-group").count() == 1
    assert client.page.get_by_role("button", name="B", exact=True).is_disabled()
    assert "btn-link" in (client.page.get_by_role("button", name="Link").get_attribute("class") or "")
    a.click()
    ev = client.server.event(name="callback")
    assert ev == {**ev, "event": "callback", "task_id": "b1", "data": 0}
    assert isinstance(ev["seq"], int)


def test_processbar_set_and_auto_close(client: Any) -> None:
    client.send(
        out("processbar", name="p1", value=0.25, label=None, auto_close=False),
        out("processbar", name="p2", value=0, label="start", auto_close=True),
    )
    client.settle()
    assert client.page.locator("#webio-processbar-p1 .progress-bar").inner_text() == "25%"
    assert client.page.locator("#webio-processbar-p2").inner_text() == "start"
    client.send(
        cmd("output_ctl", {"processbar": {"name": "p1", "value": 0.5, "label": "half <b>"}}),
        cmd("output_ctl", {"processbar": {"name": "p2", "value": 1, "label": None}}),
    )
    client.settle()
    assert client.page.locator("#webio-processbar-p1").inner_text() == "half <b>"
    assert client.page.locator("#webio-processbar-p2").count() == 0


def test_loading_spinner(client: Any) -> None:
    client.send(out("loading", shape="grow", color="danger"))
    client.settle()
    assert client.page.locator(".spinner-grow.text-danger").count() == 1
    assert client.page.get_by_role("status").count() >= 1


def test_collapse_toggles(client: Any) -> None:
    client.send(out("collapse", title="More <x>", contents=["hidden text"], open=False))
    client.settle()
    assert not client.page.get_by_text("hidden text").is_visible()
    client.page.get_by_role("button", name="More <x>").click()
    client.page.get_by_text("hidden text").wait_for(state="visible")


def test_scrollable_keep_bottom(client: Any) -> None:
    client.send(
        out(
            "scrollable",
            contents=[f"line {i}" for i in range(50)],
            max_height=120,
            keep_bottom=True,
            border=True,
            container_dom_id="webio-scope-logbox",
        )
    )
    client.settle()
    client.send(out("text", content="newest", scope="#webio-scope-logbox"))
    client.settle()
    client.page.wait_for_timeout(100)
    box = client.page.locator(".webio-scrollable")
    at_bottom = box.evaluate("e => e.scrollTop + e.clientHeight >= e.scrollHeight - 2")
    assert at_bottom
    assert box.evaluate("e => e.clientHeight") <= 122


def test_tabs_switch(client: Any) -> None:
    client.send(
        out("tabs", tabs=[{"title": "One", "contents": ["first pane"]}, {"title": "Two <t>", "contents": ["second pane"]}])
    )
    client.settle()
    assert client.page.get_by_text("first pane").is_visible()
    assert not client.page.get_by_text("second pane").is_visible()
    client.page.get_by_role("tab", name="Two <t>").click()
    client.page.get_by_text("second pane").wait_for(state="visible")


def test_row_column_grid_layout(client: Any) -> None:
    client.send(
        out("row", contents=[{"type": "text", "content": "L"}, None, {"type": "text", "content": "R"}], size="2fr 10px 1fr"),
        out("column", contents=["top", "bottom"]),
        out("grid", contents=[["a", "b"], ["c", "d"]], cell_width="100px", cell_height="40px"),
    )
    client.settle()
    row = client.page.locator(".webio-row")
    assert row.evaluate("e => getComputedStyle(e).display") == "grid"
    left = client.page.locator(".webio-row > .webio-text").first.bounding_box()
    right = client.page.locator(".webio-row > .webio-text").nth(1).bounding_box()
    assert left and right and left["width"] > right["width"] * 1.5
    cells = client.page.locator(".webio-grid > .webio-text")
    b0, b1 = cells.nth(0).bounding_box(), cells.nth(1).bounding_box()
    assert b0 and b1 and abs(b1["x"] - b0["x"] - 100) < 2


def test_style_and_click_callback_on_any_output(client: Any) -> None:
    client.send(out("text", content="click me", style="color: rgb(255, 0, 0)", click_callback_id="tc"))
    client.settle()
    el = client.page.get_by_text("click me")
    assert el.evaluate("e => getComputedStyle(e).color") == "rgb(255, 0, 0)"
    el.click()
    ev = client.server.event(name="callback")
    assert ev["task_id"] == "tc" and ev["data"] is None


def test_custom_widget_with_output_parse(client: Any) -> None:
    tpl = (
        "<details {{#open}}open{{/open}}><summary>{{title}}</summary>"
        "{{#contents}}{{& pywebio_output_parse}}{{/contents}}</details>"
    )
    client.send(
        out(
            "custom_widget",
            template=tpl,
            data={
                "open": True,
                "title": "More <b>",
                "contents": ["plain <i>", {"type": "buttons", "callback_id": "w", "buttons": [{"label": "Go", "value": 0}]}],
            },
        )
    )
    client.settle()
    assert client.page.locator("summary").inner_text() == "More <b>"
    assert "plain <i>" in client.page.locator("details").inner_text()
    client.page.get_by_role("button", name="Go").click()
    assert client.server.event(name="callback")["task_id"] == "w"


def test_custom_widget_webio_alias(client: Any) -> None:
    client.send(
        out(
            "custom_widget",
            template="<div class='w'>{{#items}}{{& webio_output_parse}}{{/items}}</div>",
            data={"items": [{"type": "markdown", "content": "**x**", "sanitize": True}]},
        )
    )
    client.settle()
    assert client.page.locator(".w strong").inner_text() == "x"


def test_unknown_output_type_does_not_break_the_batch(client: Any) -> None:
    client.send(out("no_such_type"), out("text", content="after"))
    client.settle()
    assert "after" in client.text()
