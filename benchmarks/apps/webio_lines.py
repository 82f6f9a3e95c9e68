"""Browser scenario: BENCH_N_LINES text lines, then a marker."""
from webio.input import input
from webio.output import put_text

from .params import count


def thread_app():
    for i in range(count("lines", 5000)):
        put_text(i)
    put_text("done")
    input()


async def coroutine_app():
    for i in range(count("lines", 5000)):
        put_text(i)
    put_text("done")
    await input()
