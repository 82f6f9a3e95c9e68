"""Apps that ask for every input type and option (served by tests/e2e/test_inputs.py)."""

from __future__ import annotations

from typing import Any, Callable

from webio.input import (
    FLOAT,
    NUMBER,
    PASSWORD,
    actions,
    checkbox,
    file_upload,
    input,
    input_group,
    input_update,
    radio,
    select,
    slider,
    textarea,
)
from webio.output import put_text


def show(label: str, value: Any) -> None:
    put_text(f"{label} = {value!r}")


def text_with_datalist_and_action() -> None:
    def use_mine(set_value: Callable[..., None]) -> None:
        set_value("Oslo")

    city = input("City", datalist=["Paris", "Rome", "Lima"], action=("Use mine", use_mine),
                 placeholder="type a city", help_text="where you live")
    show("city", city)
    code = input("Code", action=("Pick secret", lambda set_value: set_value({"id": 42}, label="the answer")))
    show("code", code)


def numbers_and_password() -> None:
    data = input_group("Numbers", [
        input("Count", name="count", type=NUMBER, validate=lambda v: "must be positive" if v is not None and v <= 0 else None),
        input("Ratio", name="ratio", type=FLOAT),
        input("Secret", name="secret", type=PASSWORD),
    ])
    show("numbers", (data["count"], data["ratio"], data["secret"]))


def textareas() -> None:
    data = input_group("Texts", [
        textarea("Notes", name="notes", rows=3, placeholder="write here", maxlength=50),
        textarea("Code", name="code", code={"mode": "python"}, value="x = 1\n"),
    ])
    show("notes", data["notes"])
    show("code", data["code"])


def choices() -> None:
    data = input_group("Choices", [
        select("Fruit", ["apple", ("Pear", {"kind": "pear"}), {"label": "Fig", "value": 3, "disabled": True}], name="fruit",
               value={"kind": "pear"}),
        select("Colours", [("Red", "r"), ("Green", "g"), ("Blue", "b")], name="colours", multiple=True, value=["b"]),
        checkbox("Extras", ["cheese", "ham", ("Olives", 7)], name="extras", value=["ham"], inline=True),
        radio("Size", [("Small", "S"), ("Medium", "M"), ("Large", "L")], name="size"),
        checkbox(name="agree", options=["I agree"]),
    ])
    show("choices", data)


def sliders() -> None:
    data = input_group("Sliders", [
        slider("Volume", name="volume", value=20, min_value=0, max_value=50, step=5),
        slider("Balance", name="balance", value=0.5, min_value=0, max_value=1, step=0.1),
    ])
    show("volume", data["volume"])
    show("balance", round(data["balance"], 3))


def action_buttons() -> None:
    picked = actions("Pick one", [{"label": "Yes", "value": {"ok": True}}, ("No", False)], help_text="choose wisely")
    show("picked", picked)
    for _ in range(2):
        data = input_group("Edit", [
            input("Title", name="title", value="draft"),
            actions(name="act", buttons=[{"label": "Save", "value": "save"}, {"label": "Undo", "type": "reset"},
                                         {"label": "Nope", "type": "cancel"}]),
        ])
        show("edit", data)


def uploads() -> None:
    files = file_upload("Pictures", accept=["image/*", ".txt"], multiple=True, max_size="1K", placeholder="Pick pictures")
    show("files", [(f["filename"], len(f["content"]), f["content"][:5]) for f in files])
    small = file_upload("Small file", max_size=10)
    show("small", small["filename"] if small else None)


def groups() -> None:
    def check(data: dict[str, Any]) -> Any:
        if (data["a"] or 0) + (data["b"] or 0) != 10:
            return ("b", "a + b must be 10")
        return None

    data = input_group("Add up", [input("A", name="a", type=NUMBER), input("B", name="b", type=NUMBER)], validate=check)
    show("sum", data)
    again = input_group("Optional", [input("Nickname", name="nick")], cancelable=True)
    show("optional", again)


def onchange_updates() -> None:
    cities = {"France": ["Paris", "Lyon"], "Italy": ["Rome", "Milan", "Turin"]}

    def country_changed(country: str) -> None:
        input_update("city", options=cities[country])
        input_update("note", help_text=f"{len(cities[country])} cities in {country}")

    def typed(text: str) -> None:
        input_update("note", valid_status=len(text) >= 3 or False, invalid_feedback="too short")

    data = input_group("Travel", [
        select("Country", list(cities), name="country", onchange=country_changed),
        select("City", cities["France"], name="city"),
        input("Note", name="note", onchange=typed, help_text="say something"),
    ])
    show("travel", data)


def required_fields() -> None:
    name = input("Name", required=True)
    show("name", name)
    data = input_group("More", [radio("Pick", ["x", "y"], name="pick", required=True), input("Extra", name="extra")])
    show("more", data)


APPS = {
    "text": text_with_datalist_and_action,
    "numbers": numbers_and_password,
    "textareas": textareas,
    "choices": choices,
    "sliders": sliders,
    "actions": action_buttons,
    "uploads": uploads,
    "groups": groups,
    "onchange": onchange_updates,
    "required": required_fields,
}
