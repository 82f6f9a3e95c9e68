"""Output flood: BENCH_N_FLOOD text outputs as fast as the app can produce them, then a marker."""
from pywebio.input import input
from pywebio.output import put_text

from .params import count


def thread_app():
    for i in range(count("flood", 20000)):
        put_text(i)
    put_text("done")
    input()


async def coroutine_app():
    for i in range(count("flood", 20000)):
        put_text(i)
    put_text("done")
    await input()
