"""Turning markup into the text a user reads: HTML, Markdown and mustache templates.

These are approximations of what a browser renders, good enough for assertions such as
``"Total: 3" in client.text``: tags go, entities are decoded, block elements start new lines,
``<script>``/``<style>`` bodies are dropped. Markdown loses its markup characters (``#``, ``**``,
backticks, bullets, link targets) and keeps what is displayed.
"""
from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from typing import Any, Callable, Mapping, Optional

BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "br", "dd", "details", "div", "dl", "dt", "fieldset",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li",
    "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tr", "ul",
})
CELL_TAGS = frozenset({"td", "th"})
HIDDEN_TAGS = frozenset({"script", "style", "template", "head", "title"})


class TextBuilder:
    """Joins pieces of text the way a browser lays out blocks (new line) and inline runs (none)."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._line_open = False

    def block(self, text: str) -> None:
        """A block element: on its own line(s)."""
        if not text:
            return
        self.line_break()
        self._parts.append(text)
        self._parts.append("\n")
        self._line_open = False

    def inline(self, text: str) -> None:
        """An inline run: continues the current line."""
        if text:
            self._parts.append(text)
            self._line_open = not text.endswith("\n")

    def line_break(self) -> None:
        if self._line_open:
            self._parts.append("\n")
            self._line_open = False

    def text(self) -> str:
        return tidy("".join(self._parts))


def tidy(text: str) -> str:
    """Strip trailing spaces of lines, drop empty lines at both ends, keep at most one blank line."""
    lines = [line.rstrip() for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if not line and (not out or not out[-1]):
            continue
        out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0
        self._pre = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, Optional[str]]]) -> None:
        if tag in HIDDEN_TAGS:
            self._hidden += 1
        elif tag == "pre":
            self._pre += 1
            self.parts.append("\n")
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")
        elif tag in CELL_TAGS:
            self.parts.append("\t")
        elif tag == "img":
            alt = dict(attrs).get("alt")
            if alt:
                self.parts.append(alt)

    def handle_endtag(self, tag: str) -> None:
        if tag in HIDDEN_TAGS:
            self._hidden = max(0, self._hidden - 1)
        elif tag == "pre":
            self._pre = max(0, self._pre - 1)
            self.parts.append("\n")
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._hidden:
            return
        if not self._pre:
            data = re.sub(r"[ \t\r\n\f]+", " ", data)
        self.parts.append(data)


def html_to_text(markup: str) -> str:
    """The visible text of an HTML fragment."""
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    raw = "".join(parser.parts)
    lines = [re.sub(r"^[ \t]+", "", line.replace("\n\t", "\n")) for line in raw.split("\n")]
    lines = [line[1:] if line.startswith("\t") else line for line in lines]
    return tidy("\n".join(line for line in lines if line.strip()))


_MD_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),           # image → alt text
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),             # link → its text
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),            # reference link
    (re.compile(r"`([^`]*)`"), r"\1"),                         # inline code
    (re.compile(r"(\*\*|__)(.+?)\1"), r"\2"),                  # bold
    (re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?!\w)"), r"\1"),  # italic *x*
    (re.compile(r"(?<![\w_])_(?!\s)(.+?)(?<!\s)_(?![\w])"), r"\1"),  # italic _x_
    (re.compile(r"~~(.+?)~~"), r"\1"),                         # strike-through
]
_MD_LINE_PREFIX = re.compile(r"^\s{0,3}(#{1,6}\s+|>\s?|[-*+]\s+(\[[ xX]\]\s+)?)")
_MD_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_MD_HR = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")


def markdown_to_text(source: str) -> str:
    """The visible text of a Markdown document (block structure kept as lines)."""
    lines: list[str] = []
    in_fence = False
    for line in source.split("\n"):
        if line.strip().startswith(("```", "~~~")):
            in_fence = not in_fence
            continue
        if in_fence:
            lines.append(line)
            continue
        if _MD_TABLE_RULE.match(line) and "-" in line or _MD_HR.match(line):
            continue
        line = _MD_LINE_PREFIX.sub("", line)
        while _MD_LINE_PREFIX.match(line) and line.lstrip().startswith(">"):
            line = _MD_LINE_PREFIX.sub("", line)
        if line.strip().startswith("|"):
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            line = "\t".join(cells)
        for pattern, replacement in _MD_RULES:
            line = pattern.sub(replacement, line)
        if "<" in line and ">" in line:
            line = html_to_text(line)
        lines.append(html.unescape(line))
    return tidy("\n".join(lines))


# ----------------------------------------------------------------------------- mustache
_TAG = re.compile(r"\{\{(\{|&|#|\^|/|!)?\s*([^}]*?)\s*\}?\}\}")
SectionLambda = Callable[[str, Callable[[str], str]], str]


def _lookup(stack: list[Any], name: str) -> Any:
    if name == ".":
        return stack[-1]
    head, *rest = name.split(".")
    for context in reversed(stack):
        if isinstance(context, dict) and head in context:
            value = context[head]
            for part in rest:
                value = value.get(part) if isinstance(value, dict) else None
            return value
    return None


def render_mustache(template: str, data: Any, render_value: Callable[[Any], str],
                    lambdas: Optional[Mapping[str, Callable[..., str]]] = None) -> str:
    """Render a logic-less (mustache) template; ``render_value`` turns a variable into text."""
    return _render(template, [lambdas or {}, data], render_value)


def _find_section_end(template: str, name: str, start: int) -> tuple[int, int]:
    depth = 1
    for match in _TAG.finditer(template, start):
        kind, tag_name = match.group(1), match.group(2)
        if tag_name != name:
            continue
        if kind in ("#", "^"):
            depth += 1
        elif kind == "/":
            depth -= 1
            if depth == 0:
                return match.start(), match.end()
    return len(template), len(template)


def _render(template: str, stack: list[Any], render_value: Callable[[Any], str]) -> str:
    out: list[str] = []
    pos = 0
    while True:
        match = _TAG.search(template, pos)
        if match is None:
            out.append(template[pos:])
            return "".join(out)
        out.append(template[pos:match.start()])
        kind, name = match.group(1), match.group(2)
        pos = match.end()
        if kind == "!" or kind == "/":
            continue
        if kind in ("#", "^"):
            inner_end, pos = _find_section_end(template, name, match.end())
            inner = template[match.end():inner_end]
            out.append(_section(kind, name, inner, stack, render_value))
            continue
        out.append(render_value(_lookup(stack, name)))


def _section(kind: str, name: str, inner: str, stack: list[Any], render_value: Callable[[Any], str]) -> str:
    value = _lookup(stack, name)
    if kind == "^":
        return _render(inner, stack, render_value) if not value else ""
    if callable(value):
        return str(value(inner, lambda text: _render(text, stack, render_value)))
    if not value:
        return ""
    if isinstance(value, list):
        return "".join(_render(inner, [*stack, item], render_value) for item in value)
    if isinstance(value, dict):
        return _render(inner, [*stack, value], render_value)
    return _render(inner, stack, render_value)
