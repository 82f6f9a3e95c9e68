"""popup, close_popup, toast (manual §4.3.4, §4.1.2)."""
from webio.output import (PopupSize, clear, close_popup, popup, put_button, put_buttons, put_html, put_table, put_text,
                          toast)

from .harness import misuse_errors


def test_popup_direct_call(run):
    def app():
        popup('popup title', 'popup text content', size=PopupSize.SMALL)

    page = run(app)
    assert page.page.popup.title == 'popup title'
    assert page.page.popup.size == 'small'
    assert "popup text content" in page.page.popup.text
    spec = page.sent("popup")[0]
    assert spec["implicit_close"] is True and spec["closable"] is True


def test_popup_with_outputs_and_close_button(run):
    def app():
        popup('Popup title', [
            put_html('<h3>Popup Content</h3>'),
            'html: <br/>',
            put_table([['A', 'B'], ['C', 'D']]),
            put_buttons(['close_popup()'], onclick=lambda _: close_popup())
        ])

    page = run(app)
    assert page.output_specs() == [], "popup content is embedded in the popup command"
    text = page.page.popup.text
    assert "Popup Content" in text and "html: <br/>" in text and "A\tB" in text
    page.click('close_popup()')
    assert page.page.popup is None


def test_popup_user_guide_example_with_put_button(run):
    def app():
        popup('Popup title', [
            put_html('<h3>Popup Content</h3>'),
            'plain html: <br/>',
            put_table([['A', 'B'], ['C', 'D']]),
            put_button('close_popup()', onclick=close_popup)
        ])

    page = run(app)
    assert "plain html: <br/>" in page.page.popup.text
    page.click('close_popup()')
    assert page.page.popup is None


def test_popup_context_manager(run):
    def app():
        with popup('Popup title') as s:
            put_html('<h3>Popup Content</h3>')
            put_text('html: <br/>')
            put_buttons(['clear()'], onclick=lambda _: clear(s))
        put_text('Also work!', scope=s)
        put_text('on the page')

    page = run(app)
    body = page.page.popup.body
    assert body.text == "Popup Content\nhtml: <br/>\nclear()\nAlso work!"
    assert page.text.startswith("on the page")
    page.click('clear()')
    assert page.page.popup.body.text == ""


def test_popup_decorator(run):
    @popup('Popup title')
    def show_popup():
        put_html('<h3>Popup Content</h3>')
        put_text("I'm in a popup!")

    def app():
        put_text('main')
        show_popup()

    page = run(app)
    assert page.page.popup.title == 'Popup title'
    assert page.page.popup.body.text == "Popup Content\nI'm in a popup!"
    assert page.text.startswith("main")
    assert len(page.sent("popup")) == 1


def test_bare_popup_without_content_still_shows(run):
    def app():
        popup('Just a title', size='large', implicit_close=False, closable=False)

    page = run(app)
    spec = page.sent("popup")[0]
    assert spec["title"] == 'Just a title' and spec["content"] == []
    assert (spec["size"], spec["implicit_close"], spec["closable"]) == ('large', False, False)


def test_toast(run):
    def show_msg():
        put_text("You clicked the notification.")

    def app():
        toast('New message ')
        toast('New messages', position='right', color='#2188ff', duration=0, onclick=show_msg)

    page = run(app)
    first, second = page.page.toasts
    assert (first.content, first.duration, first.position, first.color) == ('New message ', 2, 'center', 'info')
    assert (second.position, second.color, second.duration) == ('right', '#2188ff', 0)
    page.click_toast('New messages')
    assert page.text.endswith("You clicked the notification.")


def test_toast_content_is_text(run):
    page = run(lambda: toast('<img src=x onerror=alert(1)>'))
    assert page.sent("toast")[0]["content"] == '<img src=x onerror=alert(1)>'


def test_async_toast_callback():
    from .harness import start

    async def clicked():
        put_text("async toast click")

    page = start(lambda: toast('hi', onclick=clicked), "coroutine")
    try:
        page.click_toast('hi')
        assert page.text.endswith("async toast click")
    finally:
        page.close()


def test_misuse(run):
    errors = misuse_errors(run, (lambda: popup('t', 'c', size='huge'),
                                 lambda: toast('x', position='top'),
                                 lambda: toast('x', color='purple'),
                                 lambda: toast('x', color='#12'),
                                 lambda: toast('x', duration=-1),
                                 lambda: toast('x', onclick='not a function')))
    assert len(errors) == 6
    assert "'large', 'normal', 'small'" in errors[0]
    assert "hex colour" in errors[2]


def test_popup_decorator_on_async_function():
    from .harness import start

    @popup('Async popup')
    async def show():
        put_text('from a coroutine')

    page = start(show, "coroutine")
    try:
        assert page.page.popup.title == 'Async popup'
        assert page.page.popup.body.text == 'from a coroutine'
    finally:
        page.close()
