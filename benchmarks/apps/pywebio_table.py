"""Browser scenario: a BENCH_N_TABLE x 5 table, then a marker."""
from pywebio.input import input
from pywebio.output import put_table, put_text

from .params import count


def _rows():
    return [["r%d" % i, i, i * 2, "cell %d" % i, "x"] for i in range(count("table", 2000))]


def thread_app():
    put_table(_rows(), header=["name", "a", "b", "c", "d"])
    put_text("done")
    input()


async def coroutine_app():
    put_table(_rows(), header=["name", "a", "b", "c", "d"])
    put_text("done")
    await input()
