"""The examples of manual §4.2 (``webio.input``), run as a user would see them."""
from __future__ import annotations

import json
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import webio
from webio.input import (NUMBER, PASSWORD, TEXT, actions, checkbox, file_upload, input, input_group, input_update,
                         radio, select, slider, textarea)
from webio.output import popup, put_buttons, put_code, put_image, put_text

from .kinds import ask


def test_single_input(run: Any) -> None:
    async def app() -> None:
        name = await ask(input("What's your name"))
        put_text("Your name is %s" % name)  # noqa: UP031 (as the manual writes it)

    client = run(app)
    client.submit("Ada")
    assert "Your name is Ada" in client.text


def test_input_group_user_info(run: Any) -> None:
    async def app() -> None:
        info = await ask(input_group("User info", [
            input('Input your name', name='name'),
            input('Input your age', name='age', type=NUMBER)
        ]))
        put_text(info['name'], info['age'])

    client = run(app)
    client.submit({"Input your name": "Ada", "Input your age": "36"})
    assert "Ada 36" in client.text


def test_validate_parameter_example(run: Any) -> None:
    def check_age(age: Any) -> Any:
        if age > 30:
            return 'Too old'
        elif age < 10:
            return 'Too young'

    async def app() -> None:
        put_text(await ask(input('Input your age', type=NUMBER, validate=check_age)))

    client = run(app)
    client.submit(31)
    assert "Too old" in client.text
    client.submit(3)
    assert "Too young" in client.text
    client.submit(20)
    assert client.form is None and "20" in client.text


def test_action_sets_a_timestamp(run: Any) -> None:
    def set_now_ts(set_value: Any) -> None:
        set_value(int(time.time()))

    async def app() -> None:
        ts = await ask(input('Timestamp', type=NUMBER, action=('Now', set_now_ts)))
        put_text("ts", ts, type(ts).__name__)

    client = run(app)
    before = int(time.time())
    client.press("Now")
    shown = client.form.inputs[0].value
    assert isinstance(shown, int) and before <= shown <= time.time() + 1
    client.submit()
    assert f"ts {shown} int" in client.text


def test_action_with_a_hidden_value(run: Any) -> None:
    def select_date(set_value: Any) -> None:
        with popup('Select Date'):
            put_buttons(['Today'], onclick=[lambda: set_value(date.today(), 'Today')])
            put_buttons(['Yesterday'], onclick=[lambda: set_value(date.today() - timedelta(days=1), 'Yesterday')])

    async def app() -> None:
        d = await ask(input('Date', action=('Select', select_date), readonly=True))
        put_text(type(d), d)

    client = run(app)
    assert client.form.inputs[0].readonly
    client.press("Select")
    assert client.popup is not None and "Select Date" in client.text
    client.click("Yesterday")
    item = client.form.inputs[0]
    assert item.value == "Yesterday" and item.readonly  # the user sees the label ...
    client.submit()
    assert f"<class 'datetime.date'> {date.today() - timedelta(days=1)}" in client.text  # ... the app gets the date


def test_onchange_gets_the_current_value(run: Any) -> None:
    async def app() -> None:
        value = await ask(input('Search', onchange=lambda v: input_update(help_text=f"{len(v)} characters")))
        put_text("searched", value)

    client = run(app)
    client.fill("webio")
    assert client.form.inputs[0].help_text == "5 characters"
    client.submit()
    assert "searched webio" in client.text


def test_textarea_code_editor(run: Any) -> None:
    async def app() -> None:
        res = await ask(textarea('Text area', code={
            'mode': 'python',
            'theme': 'darcula'
        }))
        put_text(repr(res))

    client = run(app)
    assert client.form.inputs[0].spec["code"] == {'mode': 'python', 'theme': 'darcula'}
    client.submit("print(1)")
    assert "'print(1)'" in client.text


def test_select_option_formats_and_any_value(run: Any) -> None:
    async def app() -> None:
        choice = await ask(select('Pick', [
            {"label": "Dict", "value": {"kind": "dict"}},
            ("Tuple", date(2024, 1, 2)),
            ("Disabled", 3, False, True),
            "plain",
        ], value=date(2024, 1, 2)))
        several = await ask(select('Several', [("One", 1, True), ("Two", 2), ("Three", 3, True)], multiple=True))
        put_text(repr(choice), repr(several))

    client = run(app)
    options = client.form.inputs[0].options
    assert [o.label for o in options] == ["Dict", "Tuple", "Disabled", "plain"]
    assert [o.value for o in options] == [0, 1, 2, 3]  # the browser only sees indexes
    assert [o.selected for o in options] == [False, True, False, False]
    assert options[2].disabled
    client.submit()
    assert client.form.inputs[0].value == [0, 2]
    client.submit(["Two"])
    assert "datetime.date(2024, 1, 2) [2]" in client.text


def test_checkbox_and_radio(run: Any) -> None:
    async def app() -> None:
        toppings = await ask(checkbox("Toppings", options=["ham", ("Pineapple", "ananas")], value=["ham"], inline=True))
        size = await ask(radio("Size", options=["S", "M", "L"]))
        put_text(repr(toppings), repr(size))

    client = run(app)
    assert client.form.inputs[0].spec["inline"] is True
    assert client.form.inputs[0].value == [0]
    client.submit(["ham", "Pineapple"])
    client.submit()  # nothing chosen: None
    assert "['ham', 'ananas'] None" in client.text


def test_actions_confirm(run: Any) -> None:
    async def app() -> None:
        confirm = await ask(actions('Confirm to delete file?', ['confirm', 'cancel'],
                                    help_text='Unrecoverable after file deletion'))
        if confirm == 'confirm':
            put_text("deleted")
        else:
            put_text("kept")

    client = run(app)
    assert "Unrecoverable after file deletion" in client.text
    client.press("confirm")
    assert "deleted" in client.text


def test_actions_cancel_button_returns_none(run: Any) -> None:
    async def app() -> None:
        put_text(repr(await ask(actions('Go?', [('Go', 1), {'label': 'Cancel', 'type': 'cancel'}]))))

    client = run(app)
    client.press("Cancel")
    assert "None" in client.text and client.form is None


def test_actions_replace_the_submit_button(run: Any) -> None:
    saved: list[Any] = []

    async def app() -> None:
        while True:
            info = await ask(input_group('Add user', [
                input('username', type=TEXT, name='username', required=True),
                input('password', type=PASSWORD, name='password', required=True),
                actions('actions', [
                    {'label': 'Save', 'value': 'save'},
                    {'label': 'Save and add next', 'value': 'save_and_continue'},
                    {'label': 'Reset', 'type': 'reset', 'color': 'warning'},
                    {'label': 'Cancel', 'type': 'cancel', 'color': 'danger'},
                ], name='action', help_text='actions'),
            ]))
            put_code('info = ' + json.dumps(info, indent=4))
            if info is None:
                return
            saved.append((info['username'], info['password']))
            if info['action'] != 'save_and_continue':
                return

    client = run(app)
    assert not client.form.cancelable  # the actions item replaces the form's own buttons
    client.fill(username="ada", password="pw1")
    client.press("Save and add next")
    assert '"action": "save_and_continue"' in client.text
    client.fill(username="bob", password="pw2")
    client.press("Cancel")
    assert "info = null" in client.text
    assert saved == [("ada", "pw1")]


def test_file_upload_saves_a_file(run: Any, tmp_path: Path) -> None:
    async def app() -> None:
        f = await ask(webio.input.file_upload("Upload a file"))
        (tmp_path / f['filename']).write_bytes(f['content'])
        put_text("saved", f['filename'], f['mime_type'])

    client = run(app)
    client.upload("data", [("notes.txt", b"hello", "text/plain")], submit=True)
    assert "saved notes.txt text/plain" in client.text
    assert (tmp_path / "notes.txt").read_bytes() == b"hello"


def test_file_upload_several_pictures(run: Any) -> None:
    png = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000")

    async def app() -> None:
        imgs = await ask(file_upload("Select some pictures:", accept="image/*", multiple=True))
        for img in imgs:
            put_image(img['content'])
        put_text(len(imgs), "pictures")

    client = run(app)
    client.upload("data", [("a.png", png), ("b.png", png)], submit=True)
    assert len(client.find("image")) == 2
    assert "2 pictures" in client.text


def test_file_upload_nothing_chosen(run: Any) -> None:
    async def app() -> None:
        one = await ask(file_upload("One"))
        many = await ask(file_upload("Many", multiple=True))
        put_text(repr(one), repr(many))

    client = run(app)
    client.submit()
    client.submit()
    assert "None []" in client.text


def test_slider_int_and_float(run: Any) -> None:
    async def app() -> None:
        whole = await ask(slider("Volume", value=30, max_value=50, step=5))
        part = await ask(slider("Ratio", value=0.5, max_value=1.0))
        put_text(repr(whole), repr(part))

    client = run(app)
    assert client.form.inputs[0].spec["step"] == 5
    client.submit(45)
    assert client.form.inputs[0].spec["float"] is True
    client.submit(0.25)
    assert "45 0.25" in client.text


def test_input_group_validate_example(run: Any) -> None:
    def check_form(data: Any) -> Any:
        if len(data['name']) > 6:
            return ('name', 'Name too long!')
        if data['age'] <= 0:
            return ('age', 'Age cannot be negative!')

    async def app() -> None:
        data = await ask(input_group("Basic info", [
            input('Input your name', name='name'),
            input('Repeat your age', name='age', type=NUMBER)
        ], validate=check_form))
        put_text(data['name'], data['age'])

    client = run(app)
    client.submit(name="Ada", age=0)
    assert client.form["age"].invalid_feedback == "Age cannot be negative!"
    client.submit(age=36)
    assert "Ada 36" in client.text


def test_cancelable_input_group(run: Any) -> None:
    async def app() -> None:
        data = await ask(input_group("Maybe", [input('Name', name='name')], cancelable=True))
        put_text("result", repr(data))

    client = run(app)
    assert client.form.cancelable
    client.cancel()
    assert "result None" in client.text and client.form is None


def test_input_update_dependent_select(run: Any) -> None:
    country2city = {
        'China': ['Beijing', 'Shanghai', 'Hong Kong'],
        'USA': ['New York', 'Los Angeles', 'San Francisco'],
    }
    countries = list(country2city.keys())

    async def app() -> None:
        location = await ask(input_group("Select a location", [
            select('Country', options=countries, name='country',
                   onchange=lambda c: input_update('city', options=country2city[c])),
            select('City', options=country2city[countries[0]], name='city'),
        ]))
        put_text(location['country'], location['city'])

    client = run(app)
    assert [o.label for o in client.form["city"].options] == ['Beijing', 'Shanghai', 'Hong Kong']
    client.fill(country="USA")
    assert [o.label for o in client.form["city"].options] == ['New York', 'Los Angeles', 'San Francisco']
    client.submit(city="Los Angeles")
    assert "USA Los Angeles" in client.text
