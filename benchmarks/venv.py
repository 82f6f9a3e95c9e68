"""The benchmark's own virtualenvs, created on first use: PyWebIO 1.8.4 (the anchor) and NiceGUI (a peer).

Neither enters the project's environment: their servers run with these venvs' interpreters.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PYWEBIO_VERSION = "1.8.4"
# Flask and Django serve PyWebIO's HTTP transport; aiohttp and FastAPI its other WebSocket servers.
EXTRA_PACKAGES = ["flask", "django", "aiohttp", "fastapi", "uvicorn"]
VENV_DIR = Path(__file__).resolve().parent / ".venv-pywebio"


def venv_python() -> Path:
    bindir = "Scripts" if os.name == "nt" else "bin"
    return VENV_DIR / bindir / ("python.exe" if os.name == "nt" else "python")


def _has_pywebio(python: Path) -> bool:
    probe = ("import pywebio, sys, flask, django, aiohttp, fastapi, uvicorn; "
             "sys.exit(pywebio.__version__ != %r)" % PYWEBIO_VERSION)
    return python.exists() and subprocess.run([str(python), "-c", probe], capture_output=True).returncode == 0


def ensure_pywebio_venv(log=print) -> Path:
    """Return the venv's interpreter, creating the venv and installing PyWebIO when missing."""
    python = venv_python()
    if _has_pywebio(python):
        return python
    log(f"creating {VENV_DIR.name} with pywebio=={PYWEBIO_VERSION} (once)…")
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV_DIR)], check=True)
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                    f"pywebio=={PYWEBIO_VERSION}", *EXTRA_PACKAGES], check=True,
                   stdout=subprocess.DEVNULL)
    if not _has_pywebio(python):
        raise RuntimeError(f"pywebio=={PYWEBIO_VERSION} did not install into {VENV_DIR}")
    return python


NICEGUI_VERSION = "3.18.0"
NICEGUI_DIR = Path(__file__).resolve().parent / ".venv-nicegui"


def ensure_nicegui_venv(log=print) -> Path:
    """The NiceGUI venv's interpreter, creating the venv when missing."""
    bindir = "Scripts" if os.name == "nt" else "bin"
    python = NICEGUI_DIR / bindir / ("python.exe" if os.name == "nt" else "python")
    probe = "import nicegui, sys; sys.exit(nicegui.__version__ != %r)" % NICEGUI_VERSION
    if python.exists() and subprocess.run([str(python), "-c", probe], capture_output=True).returncode == 0:
        return python
    log(f"creating {NICEGUI_DIR.name} with nicegui=={NICEGUI_VERSION} (once)…")
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(NICEGUI_DIR)], check=True)
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                    f"nicegui=={NICEGUI_VERSION}"], check=True, stdout=subprocess.DEVNULL)
    return python
