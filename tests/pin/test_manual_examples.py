"""The examples of manual §4.6 (``webio.pin``), run as a user would see them."""
from __future__ import annotations

import time
from typing import Any

from webio.output import put_buttons, put_code, put_row, put_text, use_scope
from webio.pin import pin, pin_wait_change, put_input, put_select
from webio.session import hold

from tests.input.kinds import ask


def test_put_input_shows_a_widget(run: Any) -> None:
    async def app() -> None:
        put_input('input', label='This is a input widget')

    client = run(app)
    assert 'input' in client.pin
    assert client.page.pin('input').label == 'This is a input widget'


def test_pin_widgets_in_combined_output_and_scopes(run: Any) -> None:
    async def app() -> None:
        put_row([
            put_input('input'),
            put_select('select', options=['A', 'B', 'C'])
        ])

        with use_scope('search-area'):
            put_input('search', placeholder='Search')

    client = run(app)
    assert [node.type for node in client.find("row")] == ["row"]
    assert client.pin['select'] == 'A'  # a browser select shows its first option
    search = client.scope('search-area')
    assert any(node.input is not None and node.input.name == 'search' for node in search.walk())
    assert client.page.pin('search').placeholder == 'Search'


def test_get_pin_value_from_a_button(webio_client: Any) -> None:
    def app() -> None:
        put_input('pin_name')
        put_buttons(['Get Pin Value'], lambda _: put_text(pin.pin_name))

    client = webio_client(app)
    client.set_pin('pin_name', 'hello pin')
    client.click('Get Pin Value')
    assert 'hello pin' in client.text


def test_get_pin_value_from_a_button_async(webio_client: Any) -> None:
    async def app() -> None:
        put_input('pin_name')

        async def show(_: Any) -> None:
            put_text(await pin.pin_name)  # coroutine sessions await pin reads

        put_buttons(['Get Pin Value'], show)

    client = webio_client(app)
    client.set_pin('pin_name', 'hello pin')
    client.click('Get Pin Value')
    assert 'hello pin' in client.text


def test_index_and_attribute_access_agree(run: Any) -> None:
    async def app() -> None:
        put_input('pin_name', value='same')
        by_index = await ask(pin['pin_name'])
        by_attribute = await ask(pin.pin_name)
        put_text(by_index == by_attribute, by_index)

    client = run(app)
    assert 'True same' in client.text


def test_counter_written_through_the_pin_object(run: Any) -> None:
    async def app() -> None:
        put_input('counter', type='number', value=0)

        for _ in range(3):
            pin.counter = await ask(pin.counter) + 1  # Equivalent to: pin['counter'] = pin['counter'] + 1
            time.sleep(0.01)
        pin['counter'] = await ask(pin['counter']) + 1
        put_text("counter is", await ask(pin.counter))

    client = run(app)
    assert client.pin['counter'] == 4
    assert "counter is 4" in client.text


def test_pin_wait_change_sum(run: Any) -> None:
    async def app() -> None:
        put_input('a', type='number', value=0)
        put_input('b', type='number', value=0)

        while True:
            changed = await ask(pin_wait_change('a', 'b'))
            with use_scope('res', clear=True):
                put_code(changed)
                put_text("a + b = %s" % (await ask(pin.a) + await ask(pin.b)))  # noqa: UP031 (manual's code)

    client = run(app)
    client.set_pin('a', 3)
    assert "a + b = 3" in client.scope('res').text
    assert "{'name': 'a', 'value': 3}" in client.scope('res').text
    client.set_pin('b', '4')
    assert "a + b = 7" in client.scope('res').text


def test_pin_wait_change_times_out(run: Any) -> None:
    async def app() -> None:
        put_input('a')
        started = time.monotonic()
        changed = await ask(pin_wait_change('a', timeout=0.3))
        put_text("changed:", changed, "after", round(time.monotonic() - started, 1))

    client = run(app)
    client.wait_until(lambda c: "changed:" in c.text, timeout=5)
    assert "changed: None after 0.3" in client.text


def test_app_updates_do_not_wake_pin_wait_change(webio_client: Any) -> None:
    def app() -> None:
        put_input('a')
        put_buttons(['Set by app'], lambda _: setattr(pin, 'a', 'from the app'))
        changed = pin_wait_change('a')
        put_text("woke up for", changed['value'])
        hold()

    client = webio_client(app)
    client.click('Set by app')
    assert client.pin['a'] == 'from the app'
    assert "woke up" not in client.text
    client.set_pin('a', 'from the user')
    assert "woke up for from the user" in client.text
