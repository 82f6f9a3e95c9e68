"""Summarise py-spy's collapsed stacks (``--format raw``): where the samples went, per function.

``python -m benchmarks.profile_summary FILE.txt [--top N] [--filter webio]``
"""
from __future__ import annotations

import argparse
import collections
import re

FRAME = re.compile(r"^(?P<func>[^ ]+) \((?P<file>[^:]+)(?::(?P<line>\d+))?\)$")


def short(frame: str) -> str:
    m = FRAME.match(frame.strip())
    if not m:
        return frame.strip()
    path = m.group("file")
    for marker in ("site-packages/", "webio_core/", "integrations/", "lib/python3"):
        if marker in path:
            path = path.split(marker, 1)[1] if marker != "lib/python3" else "stdlib/" + path.rsplit("/", 1)[-1]
            if marker == "webio_core/":
                path = "webio/" + path
            break
    return f"{m.group('func')} ({path})"


def summarise(path: str, top: int, needle: str) -> str:
    total = 0
    own: collections.Counter[str] = collections.Counter()
    inclusive: collections.Counter[str] = collections.Counter()
    threads: collections.Counter[str] = collections.Counter()
    for line in open(path):
        stack, _, count_text = line.rstrip("\n").rpartition(" ")
        if not count_text.isdigit():
            continue
        count = int(count_text)
        frames = [short(f) for f in stack.split(";")]
        thread, frames = frames[0], frames[1:]
        total += count
        threads[thread] += count
        if frames:
            own[frames[-1]] += count
        for name in set(frames):
            inclusive[name] += count
    out = [f"{total} samples", "threads: " + ", ".join(f"{t} {c * 100 / total:.0f}%" for t, c in threads.most_common(6))]
    out.append("\nself time:")
    out += [f"  {c * 100 / total:5.1f}%  {name}" for name, c in own.most_common(top)]
    out.append(f"\ninclusive time ({needle or 'all'} frames):")
    chosen = [(n, c) for n, c in inclusive.most_common() if needle in n][:top]
    out += [f"  {c * 100 / total:5.1f}%  {name}" for name, c in chosen]
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("file")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--filter", default="")
    args = parser.parse_args()
    print(summarise(args.file, args.top, args.filter))


if __name__ == "__main__":
    main()
