"""Small apps written against the engine (``session.send``, ``session.run_flow``), thread and async."""
from __future__ import annotations

from typing import Any, Callable

from webio.protocol import Event
from webio.session import get_current_session
from webio.session.base import Session

ROOT = "#webio-scope-ROOT"


def say(text: str, **spec: Any) -> None:
    get_current_session().send("output", {"type": "text", "content": text, "scope": ROOT, "position": -1, **spec})


def form_flow(session: Session, spec: dict[str, Any]) -> Callable[[str], Any]:
    """Show a form; on submit destroy it and return the values (None when cancelled)."""
    def flow(task_id: str) -> Any:
        session.send("input_group", spec, task_id)
        while True:
            event: Event = yield None
            if event.name == "input_event":
                data = event.data
                session.send("output", {"type": "text", "content": f"{data['event_name']} {data['name']}={data['value']}",
                                        "scope": ROOT, "position": -1})
                continue
            session.send("destroy_form", None, task_id)
            return event.data if event.name == "from_submit" else None
    return flow


NAME_FORM = {"label": "Who are you", "cancelable": True, "inputs": [
    {"type": "text", "name": "name", "label": "Name", "onchange": True},
    {"type": "select", "name": "color", "label": "Color",
     "options": [{"label": "red", "value": 0}, {"label": "blue", "value": 1}]},
]}


def greeter() -> None:
    session = get_current_session()
    say("Welcome")
    data = session.run_flow(form_flow(session, NAME_FORM))
    say(f"Hello {data['name']}, color {data['color']}" if data else "cancelled")
    callback = session.register_callback(lambda value: say(f"clicked {value}"))
    session.send("output", {"type": "buttons", "callback_id": callback, "scope": ROOT, "position": -1,
                            "buttons": [{"label": "One", "value": 0}, {"label": "Two", "value": 1}]})


async def async_greeter() -> None:
    session = get_current_session()
    say("Welcome")
    data = await session.run_flow(form_flow(session, NAME_FORM))
    say(f"Hello {data['name']}, color {data['color']}" if data else "cancelled")

    async def clicked(value: Any) -> None:
        say(f"clicked {value}")

    callback = session.register_callback(clicked)
    session.send("output", {"type": "buttons", "callback_id": callback, "scope": ROOT, "position": -1,
                            "buttons": [{"label": "One", "value": 0}, {"label": "Two", "value": 1}]})


GREETERS = {"thread": greeter, "coroutine": async_greeter}
