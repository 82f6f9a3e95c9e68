"""One output, then a session blocked in input(): session open time and idle memory."""
from webio.input import input
from webio.output import put_text


def thread_app():
    put_text("ready")
    input()


async def coroutine_app():
    put_text("ready")
    await input()
