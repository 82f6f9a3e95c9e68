"""webio vs PyWebIO benchmark suite: ``python -m benchmarks [--quick] [--only METRIC] [--json FILE]``.

Each server runs in its own subprocess on 127.0.0.1; a small client adapter per implementation
speaks its wire protocol. See docs/benchmarks.md for the results and how to read them.
"""
