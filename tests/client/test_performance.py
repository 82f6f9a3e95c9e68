"""Batching: many outputs in one go all reach the page, in order, without an entry animation each.

The time from the first frame to the last output laid out is printed (pytest -s shows it); speed
itself is measured by ``python -m benchmarks`` (the browser ``lines`` and ``table`` rows), never
asserted here, where a loaded machine would make it flaky.
"""

from __future__ import annotations

import json
from typing import Any

from .conftest import out


def start_timer(client: Any, condition_js: str) -> None:
    """Starts measuring on the next incoming WebSocket message (before the frame is parsed)."""
    client.page.evaluate(
        """(cond) => {
          const done = new Function('root', 'return ' + cond);
          const sock = window.webio.session.transport.ws;
          window.__armed = true;
          window.__result = new Promise((resolve) => {
            sock.addEventListener('message', () => {
              if (!window.__armed) return;
              window.__armed = false;
              const start = performance.now();
              const tick = () => {
                const root = document.getElementById('webio-scope-ROOT');
                if (done(root)) { root.getBoundingClientRect(); requestAnimationFrame(() => resolve(performance.now() - start)); }
                else requestAnimationFrame(tick);
              };
              tick();
            });
          });
        }""",
        condition_js,
    )


def test_5000_text_outputs_in_one_frame_all_render_in_order(client: Any) -> None:
    start_timer(client, "root.childElementCount >= 5000")
    client.send(*[out("text", content=f"line {i} of the output") for i in range(5000)])
    ms = client.page.evaluate("() => window.__result")
    print(f"\n5000 put_text: {ms:.0f} ms in the browser")
    assert client.page.locator("#webio-scope-ROOT > p").count() == 5000
    assert client.page.locator("#webio-scope-ROOT > p").nth(4999).inner_text() == "line 4999 of the output"


def test_5000_text_outputs_in_separate_frames(client: Any) -> None:
    start_timer(client, "root.childElementCount >= 5000")
    for i in range(5000):
        client.server.send(out("text", content=f"line {i}"))
    ms = client.page.evaluate("() => window.__result")
    print(f"\n5000 put_text, one frame each: {ms:.0f} ms in the browser (includes the test's sending)")
    assert client.page.locator("#webio-scope-ROOT > p").count() == 5000
    assert client.page.locator(".webio-enter").count() < 50


def test_table_2000_by_5_renders_every_row_with_text_escaped(client: Any) -> None:
    data = [["ID", "Name", "Price", "Stock", "Note"]] + [[i, f"item {i}", i * 1.5, i % 7, "<b>text</b>"] for i in range(2000)]
    start_timer(client, "!!root.querySelector('table tbody tr:nth-child(2000)')")
    client.send(out("table", data=data, header=True))
    ms = client.page.evaluate("() => window.__result")
    print(f"\n2000x5 put_table: {ms:.0f} ms in the browser; frame {len(json.dumps(data)) // 1024} KiB")
    assert client.page.locator("table tbody tr").count() == 2000
    assert client.page.locator("table tbody tr").nth(1999).inner_text().split("\t")[-1] == "<b>text</b>"
