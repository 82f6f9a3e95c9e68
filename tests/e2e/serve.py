"""Serves one e2e app module: python -m tests.e2e.serve MODULE PROTOCOL (see harness.py)."""

from __future__ import annotations

import importlib
import sys

import webio


def main() -> None:
    module_name, protocol = sys.argv[1], sys.argv[2]
    module = importlib.import_module(f"tests.e2e.{module_name}")
    options = dict(getattr(module, "SERVER_OPTIONS", {}))
    webio.start_server(module.APPS, port=0, host="127.0.0.1", protocol=protocol, **options)


if __name__ == "__main__":
    main()
