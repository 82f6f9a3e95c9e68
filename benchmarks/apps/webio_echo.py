"""Echo loop: every submitted line comes back as a text output."""
from webio.input import input
from webio.output import put_text


def thread_app():
    while True:
        put_text(input())


async def coroutine_app():
    while True:
        put_text(await input())
