"""Running webio in a child process (CLI, script mode) and finding the URL it prints."""
from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parents[2]
URL = re.compile(r"(http://[^\s/]+/)")


class Child:
    """A Python child process whose stdout is collected line by line in the background."""

    def __init__(self, *args: str, cwd: Optional[Path] = None) -> None:
        env = dict(os.environ, WEBIO_NO_BROWSER="1", PYTHONUNBUFFERED="1")
        self.proc = subprocess.Popen([sys.executable, *args], cwd=cwd or ROOT, env=env, text=True,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append(line)

    @property
    def output(self) -> str:
        return "".join(self.lines)

    def wait_for_line(self, pattern: str, timeout: float = 20) -> re.Match[str]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in list(self.lines):
                found = re.search(pattern, line)
                if found:
                    return found
            if self.proc.poll() is not None and not self._reader.is_alive():
                break
            time.sleep(0.02)
        raise AssertionError(f"no line matching {pattern!r}; output so far:\n{self.output}")

    def url(self) -> str:
        return self.wait_for_line(URL.pattern).group(1).replace("localhost", "127.0.0.1")

    def wait(self, timeout: float = 10) -> int:
        code = self.proc.wait(timeout)
        self._reader.join(timeout)
        return code

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(5)
