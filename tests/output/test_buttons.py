"""put_buttons / put_button and click callbacks (manual §4.1.2 "Click Callback", §4.3.3)."""
import asyncio
import threading
import time
from functools import partial

from webio.protocol import Event
from webio.output import put_button, put_buttons, put_image, put_table, put_text, toast

from .harness import misuse_errors


def test_buttons_in_table_with_partial(run):
    def edit_row(choice, row):
        put_text("You click %s button at row %s" % (choice, row))  # noqa: UP031 (the manual's example)

    def app():
        put_table([
            ['Idx', 'Actions'],
            [1, put_buttons(['edit', 'delete'], onclick=partial(edit_row, row=1))],
            [2, put_buttons(['edit', 'delete'], onclick=partial(edit_row, row=2))],
            [3, put_buttons(['edit', 'delete'], onclick=partial(edit_row, row=3))],
        ])

    page = run(app)
    assert page.outputs('table')[0].rows[1] == ['1', 'edit delete']
    page.click('delete', nth=1)
    assert page.text.endswith("You click delete button at row 2")


def test_button_group_and_single_button(run):
    def btn_click(btn_val):
        put_text("You click %s button" % btn_val)  # noqa: UP031 (the manual's example)

    def app():
        put_buttons(['A', 'B', 'C'], onclick=btn_click)
        put_button("Click me", onclick=lambda: toast("Clicked"))

    page = run(app)
    page.click('B')
    assert page.text.endswith("You click B button")
    page.click('Click me')
    assert [t.content for t in page.page.toasts] == ["Clicked"]


def test_values_are_indexes_on_the_wire_and_any_object_in_python(run):
    got = []
    marker = object()

    def app():
        put_buttons([dict(label='success', value='s', color='success'), ('obj', marker), ('dup', 's'), 7],
                    onclick=got.append)

    page = run(app)
    spec = page.output_specs('buttons')[0]
    assert spec["buttons"] == [{"label": "success", "value": 0, "color": "success"}, {"label": "obj", "value": 1},
                               {"label": "dup", "value": 2}, {"label": "7", "value": 3}]
    for label in ('success', 'obj', 'dup', '7'):
        page.click(label)
    assert got == ['s', marker, 's', 7]


def test_onclick_list(run):
    def edit():
        put_text("You click edit button")

    def delete():
        put_text("You click delete button")

    def app():
        put_buttons(['edit', 'delete'], onclick=[edit, delete])

    page = run(app)
    page.click('delete')
    page.click('edit')
    assert page.text.endswith("You click delete button\nYou click edit button")


def test_row_action_example(run):
    def row_action(choice, id):
        put_text("You click %s button with id: %s" % (choice, id))  # noqa: UP031 (the manual's example)

    page = run(lambda: put_buttons(['edit', 'delete'], onclick=partial(row_action, id=1)))
    page.click('edit')
    assert page.text.endswith("You click edit button with id: 1")


def test_style_flags_and_disabled(run):
    clicked = []

    def app():
        put_buttons([{'label': 'off', 'value': 1, 'disabled': True}, 'on'], onclick=clicked.append,
                    small=True, link_style=True, outline=True, group=True)
        put_button("click me", onclick=lambda: toast("Clicked"), color='success', outline=True, disabled=False)

    page = run(app)
    group, single = page.output_specs('buttons')
    assert (group["small"], group["link"], group["outline"], group["group"]) == (True, True, True, True)
    assert group["buttons"][0]["disabled"] is True
    assert single["buttons"] == [{"label": "click me", "value": 0, "color": "success"}]
    assert single["small"] is False and single["outline"] is True
    page.event("callback", group["callback_id"], 0)  # a tampered browser clicks the disabled button
    page.event("callback", group["callback_id"], 9)  # or a button that does not exist
    page.event("callback", group["callback_id"], "0")
    assert clicked == []
    page.click('on')
    assert clicked == ['on']


def test_onclick_on_any_output(run):
    def app():
        put_image('some-image.png').onclick(lambda: toast('You click an image'))
        put_table([
            ['Commodity', 'Price'],
            ['Apple', put_text('5.5').onclick(lambda: toast('You click the text'))],
        ])

    page = run(app)
    image = page.output_specs('image')[0]
    assert image["click_callback_id"]
    page.event("callback", image["click_callback_id"], None)
    page.click_output('5.5')
    assert [t.content for t in page.page.toasts] == ['You click an image', 'You click the text']


def test_coroutine_callback_in_async_app():
    from .harness import start

    async def on_click(value):
        await asyncio.sleep(0)
        put_text(f"async got {value}")

    page = start(lambda: put_buttons(['x'], onclick=on_click), "coroutine")
    try:
        page.click('x')
        assert page.text.endswith("async got x")
    finally:
        page.close()


def test_serial_mode_runs_callbacks_one_after_another():
    from .harness import start

    running = []
    overlap = []
    lock = threading.Lock()

    def slow(value):
        with lock:
            running.append(value)
            if len(running) > 1:
                overlap.append(list(running))
        time.sleep(0.05)
        with lock:
            running.remove(value)
        put_text(f"done {value}")

    page = start(lambda: put_buttons(['a', 'b'], onclick=slow, serial_mode=True), "thread")
    try:
        spec = page.output_specs('buttons')[0]
        page.session.dispatch(Event("callback", spec["callback_id"], 0))
        page.click('b')
        assert overlap == []
        assert "done a" in page.text and "done b" in page.text
    finally:
        page.close()


def test_buttons_misuse(run):
    errors = misuse_errors(run, (lambda: put_buttons(['a', 'b'], onclick=[lambda: None]),
                                 lambda: put_buttons(['a'], onclick='nope'),
                                 lambda: put_buttons([{'value': 1}], onclick=print),
                                 lambda: put_buttons([('a', 1, 2)], onclick=print),
                                 lambda: put_buttons([dict(label='a', color='purple')], onclick=print),
                                 lambda: put_buttons(['a'], onclick=print, threads=2),
                                 lambda: put_button('a', onclick=None),
                                 lambda: put_buttons('abc', onclick=print)))
    assert len(errors) == 8
    assert "1 functions for 2 buttons" in errors[0]
    assert "'primary'" in errors[4]
    assert "serial_mode" in errors[5]
