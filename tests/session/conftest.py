"""A minimal in-test browser for engine tests: collects frames, sends events through the decoder."""
import asyncio
import json
import threading
import time

import pytest

from webio.protocol import decode_client_message
from webio.session import CoroutineSession, ThreadSession
from webio.session.coroutinebased import background_loop


class FakeBrowser:
    def __init__(self, session):
        self.session = session
        self.commands = []
        self._seq = 0
        self._lock = threading.Lock()
        session.add_listener(self._pull)

    def _pull(self):
        with self._lock:
            frame = self.session.take_frame()
            if frame is not None:
                self.commands.extend(json.loads(frame.text)["commands"])

    def send(self, event, task_id, data=None):
        self._seq += 1
        text = json.dumps({"event": event, "task_id": task_id, "data": data, "seq": self._seq})
        self.session.receive(decode_client_message(text))

    def wait_for(self, predicate, timeout=5.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self._pull()
            found = predicate(self.commands)
            if found:
                return found
            time.sleep(0.002)
        raise AssertionError(f"timed out; commands so far: {self.commands}")

    def wait_command(self, name, index=0):
        return self.wait_for(lambda cmds: ([c for c in cmds if c["command"] == name][index:index + 1] or [None])[0])

    def texts(self):
        self._pull()
        return [c["spec"].get("content") for c in self.commands if c["command"] == "output"]


@pytest.fixture(params=["thread", "coroutine"])
def start(request):
    """start(sync_app, async_app) -> FakeBrowser, running the app of the parametrized kind."""
    sessions = []

    def starter(sync_app, async_app):
        if request.param == "thread":
            session = ThreadSession(sync_app)
            browser = FakeBrowser(session)
            session.start()
        else:
            session = CoroutineSession(async_app, loop=background_loop())
            browser = FakeBrowser(session)
            session.start()
        sessions.append(session)
        return browser

    starter.kind = request.param
    yield starter
    for session in sessions:
        session.close()


def run_on_loop(coro):
    return asyncio.run_coroutine_threadsafe(coro, background_loop()).result(5)
