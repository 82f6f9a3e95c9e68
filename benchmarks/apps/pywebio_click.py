"""Click counter: a button whose click replaces a text (the interaction measured against NiceGUI)."""
from pywebio.output import put_buttons, put_scope, put_text, use_scope
from pywebio.session import hold


def _counter():
    count = 0

    def click(_):
        nonlocal count
        count += 1
        with use_scope("count", clear=True):
            put_text(str(count))

    put_scope("count", put_text("0"))
    put_buttons(["+"], onclick=click)


def thread_app():
    _counter()
    hold()


async def coroutine_app():
    _counter()
    await hold()
