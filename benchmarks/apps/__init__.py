"""Tiny server apps, one module per implementation and scenario, started by ``serve.py``.

Each module defines ``thread_app`` and ``coroutine_app``. The PyWebIO modules run in the benchmark's
own virtualenv and must not import webio (and the webio ones must not import pywebio).
"""
