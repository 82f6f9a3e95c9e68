"""Scopes, positions (manual §4.3.2) and every output_ctl key."""

from __future__ import annotations

from typing import Any

from .conftest import cmd, out


def items(client: Any, scope: str = "ROOT") -> list[str]:
    return [t.strip() for t in client.page.locator(f"#webio-scope-{scope} > *").all_inner_texts()]


def test_position_semantics_of_the_manual(client: Any) -> None:
    client.send(cmd("output_ctl", {"set_scope": "scope1", "container": "#webio-scope-ROOT", "position": -1, "if_exist": None}))
    s = "#webio-scope-scope1"
    client.send(
        out("text", content="A", scope=s),
        out("text", content="B", scope=s, position=0),
        out("text", content="C", scope=s, position=-2),
        out("text", content="D", scope=s, position=1),
    )
    client.settle()
    assert items(client, "scope1") == ["B", "D", "C", "A"]


def test_positions_out_of_range(client: Any) -> None:
    client.send(out("text", content="x"), out("text", content="first", position=-10), out("text", content="last", position=99))
    client.settle()
    assert items(client) == ["first", "x", "last"]


def test_set_scope_positions_and_if_exist(client: Any) -> None:
    client.send(
        out("text", content="root text"),
        cmd("output_ctl", {"set_scope": "a", "container": "#webio-scope-ROOT", "position": 0, "if_exist": None}),
        out("text", content="in a", scope="#webio-scope-a"),
        # exists + None: nothing happens
        cmd("output_ctl", {"set_scope": "a", "container": "#webio-scope-ROOT", "position": -1, "if_exist": None}),
    )
    client.settle()
    assert items(client) == ["in a", "root text"]
    client.send(cmd("output_ctl", {"set_scope": "a", "container": "#webio-scope-ROOT", "position": -1, "if_exist": "clear"}))
    client.settle()
    assert items(client, "a") == []
    assert client.page.locator("#webio-scope-ROOT > *").first.get_attribute("id") == "webio-scope-a"
    client.send(
        out("text", content="again", scope="#webio-scope-a"),
        cmd("output_ctl", {"set_scope": "a", "container": "#webio-scope-ROOT", "position": -1, "if_exist": "remove"}),
    )
    client.settle()
    assert items(client) == ["root text", ""]
    assert items(client, "a") == []


def test_blank_keeps_height_until_loose(client: Any) -> None:
    client.send(
        cmd("output_ctl", {"set_scope": "b", "container": "#webio-scope-ROOT", "position": -1, "if_exist": None}),
        *[out("text", content=f"row {i}", scope="#webio-scope-b") for i in range(5)],
    )
    client.settle()
    before = client.page.locator("#webio-scope-b").bounding_box()["height"]
    client.send(cmd("output_ctl", {"set_scope": "b", "container": "#webio-scope-ROOT", "position": -1, "if_exist": "blank"}))
    client.settle()
    assert items(client, "b") == []
    assert abs(client.page.locator("#webio-scope-b").bounding_box()["height"] - before) < 1
    client.send(cmd("output_ctl", {"loose": "#webio-scope-b"}))
    client.settle()
    assert client.page.locator("#webio-scope-b").bounding_box()["height"] < 1


def test_nested_scopes_created_in_one_batch(client: Any) -> None:
    # The scope and its content arrive in the same frame: the content must find the new scope.
    client.send(
        out("scope", dom_id="webio-scope-outer", contents=["start"]),
        out("text", content="inside", scope="#webio-scope-outer"),
        cmd("output_ctl", {"set_scope": "inner", "container": "#webio-scope-outer", "position": 0, "if_exist": None}),
        out("text", content="deep", scope="#webio-scope-inner"),
    )
    client.settle()
    assert items(client, "outer") == ["deep", "start", "inside"]


def test_container_dom_id_makes_an_output_a_scope(client: Any) -> None:
    client.send(
        out("collapse", title="T", contents=[], open=True, container_dom_id="webio-scope-col"),
        out("text", content="later", scope="#webio-scope-col"),
        out("alert", color="info", contents=["x"], closable=True, container_dom_id="webio-scope-al"),
        out("text", content="y", scope="#webio-scope-al"),
        out("text", content="z", scope="#webio-scope-al", position=0),
    )
    client.settle()
    assert client.page.locator(".webio-collapse .card-body").inner_text() == "later"
    assert items(client, "al") == ["z", "x", "y"]


def test_container_selector(client: Any) -> None:
    client.send(
        out(
            "custom_widget",
            template="<div class='card'><div class='card-body my-slot'></div></div>",
            data={},
            container_selector=".my-slot",
            container_dom_id="webio-scope-w",
        ),
        out("text", content="in slot", scope="#webio-scope-w"),
    )
    client.settle()
    assert client.page.locator(".my-slot").inner_text() == "in slot"


def test_several_matching_containers_all_get_the_output(client: Any) -> None:
    client.send(
        out("html", content="<div class='multi'></div><div class='multi'></div>", sanitize=False),
        out("text", content="twice", scope=".multi"),
    )
    client.settle()
    assert client.page.get_by_text("twice").count() == 2


def test_clear_before_after_range_remove(client: Any) -> None:
    client.send(
        *[
            cmd("output_ctl", {"set_scope": n, "container": "#webio-scope-ROOT", "position": -1, "if_exist": None})
            for n in "abcde"
        ],
        *[out("text", content=n, scope=f"#webio-scope-{n}") for n in "abcde"],
    )
    client.settle()
    client.send(cmd("output_ctl", {"clear": "#webio-scope-c"}))
    client.settle()
    assert items(client) == ["a", "b", "", "d", "e"]
    client.send(cmd("output_ctl", {"clear_range": ["#webio-scope-a", "#webio-scope-d"]}))
    client.settle()
    assert items(client) == ["a", "d", "e"]
    client.send(cmd("output_ctl", {"clear_before": "#webio-scope-d"}))
    client.send(cmd("output_ctl", {"clear_after": "#webio-scope-d"}))
    client.settle()
    assert items(client) == ["d"]
    client.send(cmd("output_ctl", {"remove": "#webio-scope-d"}))
    client.settle()
    assert items(client) == []


def test_scroll_to(client: Any) -> None:
    client.send(
        *[out("text", content=f"filler {i}") for i in range(200)],
        cmd("output_ctl", {"set_scope": "target", "container": "#webio-scope-ROOT", "position": -1, "if_exist": None}),
        out("text", content="target", scope="#webio-scope-target"),
        *[out("text", content=f"more {i}") for i in range(200)],
    )
    client.settle()
    client.send(cmd("output_ctl", {"scroll_to": "#webio-scope-target", "position": "top"}))
    client.settle()
    client.page.wait_for_function(
        "() => Math.abs(document.getElementById('webio-scope-target').getBoundingClientRect().top) < 40", timeout=5000
    )


def test_scope_names_accept_full_ids(client: Any) -> None:
    client.send(
        cmd("output_ctl", {"set_scope": "webio-scope-full", "container": "#webio-scope-ROOT", "position": -1, "if_exist": None}),
        out("text", content="ok", scope="#webio-scope-full"),
    )
    client.settle()
    assert items(client, "full") == ["ok"]
