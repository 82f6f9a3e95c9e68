"""Apps and a server launcher for the backpressure tests (test_backpressure_servers.py).

Run as ``python flood_apps.py PLUGIN PROTOCOL PORT`` (PLUGIN: tornado or starlette): serves
``flood`` (a thread app putting FLOOD_COUNT texts, then "done"), ``aflood`` (the same as a coroutine
app awaiting ``output_room()`` every 1000 outputs), ``burst`` (a coroutine app that never awaits)
``progress`` (shows how far the last flood got) and ``upload`` (a ``file_upload`` with
``max_size='100K'``, asked again after each file) and ``bigupload`` (a big file with ``as_file``,
then one as bytes) on 127.0.0.1.
"""
from __future__ import annotations

import hashlib
import sys
from typing import Any

from webio.input import file_upload
from webio.output import put_text
from webio.session import hold, output_room

FLOOD_COUNT = 1_000_000
PROGRESS = {"flood": 0, "aflood": 0, "burst": 0}


def flood() -> None:
    for i in range(FLOOD_COUNT):
        PROGRESS["flood"] = i
        put_text(f"line {i}")
    PROGRESS["flood"] = FLOOD_COUNT
    put_text("done")
    hold()  # over HTTP, a session that ends is forgotten at once, with the frames not yet polled


async def aflood() -> None:
    for i in range(FLOOD_COUNT):
        PROGRESS["aflood"] = i
        put_text(f"line {i}")
        if i % 1000 == 999:
            await output_room()
    PROGRESS["aflood"] = FLOOD_COUNT
    put_text("done")
    await hold()


async def burst() -> None:
    for i in range(FLOOD_COUNT):
        PROGRESS["burst"] = i
        put_text(f"line {i}")
    put_text("done")


def progress() -> None:
    put_text("progress " + " ".join(f"{name}={count}" for name, count in PROGRESS.items()))


def upload() -> None:
    while True:
        got = file_upload("A small file", max_size="100K")
        put_text(f"received {got['filename']} of {len(got['content'])} bytes")


def bigupload() -> None:
    """A big file as a file object (``as_file``), then one as bytes: size and SHA-256 of each."""
    got = file_upload("A big file", max_size="200M", as_file=True)
    digest, size = hashlib.sha256(), 0
    while block := got["content"].read(1 << 20):
        digest.update(block)
        size += len(block)
    put_text(f"file {got['filename']} {size} {digest.hexdigest()}")
    got = file_upload("Another", max_size="200M")
    put_text(f"bytes {got['filename']} {len(got['content'])} {hashlib.sha256(got['content']).hexdigest()}")
    hold()


APPS: dict[str, Any] = {"flood": flood, "aflood": aflood, "burst": burst, "progress": progress, "upload": upload,
                        "bigupload": bigupload}


def serve(plugin: str, protocol: str, port: int) -> None:
    if plugin == "tornado":
        from webio.tornado import start_server
        start_server(APPS, port=port, host="127.0.0.1", protocol=protocol)
    elif plugin == "starlette":
        import uvicorn

        from webio.starlette import asgi_app
        uvicorn.run(asgi_app(APPS, protocol=protocol), host="127.0.0.1", port=port, log_level="warning")
    else:
        raise SystemExit(f"unknown plugin {plugin!r}: tornado or starlette")


if __name__ == "__main__":
    serve(sys.argv[1], sys.argv[2], int(sys.argv[3]))
