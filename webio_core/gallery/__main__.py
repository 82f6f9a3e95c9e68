"""``python -m webio.gallery [--port N] [--host H] [--theme dark]``: serve the gallery."""
from __future__ import annotations

import argparse
from typing import Optional, Sequence

from .app import serve


def main(argv: Optional[Sequence[str]] = None) -> None:
    """Parse the command line and serve the gallery until interrupted."""
    parser = argparse.ArgumentParser(prog="python -m webio.gallery", description="Serve the webio gallery.")
    add_arguments(parser)
    args = parser.parse_args(argv)
    serve(port=args.port, host=args.host, theme=args.theme)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The gallery's options (shared with ``webio gallery``)."""
    parser.add_argument("--port", type=int, default=8080, help="port to listen on; 0 picks a free one (default 8080)")
    parser.add_argument("--host", default="", help="address to listen on (default: all interfaces)")
    parser.add_argument("--theme", default=None, help="page theme: default, dark, sketchy, minty or yeti")


if __name__ == "__main__":
    main()
