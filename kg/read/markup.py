"""What kind of markdown line a line is: a heading, a bold title, a rule, a fence, images only,
HTML. Each test reads the line once (string methods, or regular expressions that are anchored and
cannot backtrack over a run), so a line of any length costs time in proportion to its length."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.read.links import image_spans, tags

_RULE_CHARS = frozenset("*-_")
_FENCE = re.compile(r" {0,3}(```|~~~)")
_LAYOUT_TAGS = frozenset({"br", "p", "div", "center", "img", "hr", "span", "sup", "sub", ""})
_HTML_START = re.compile(r"<[A-Za-z/!]")


@dataclass(frozen=True)
class BoldTitle:
    """A line that is a bold title: `pre**body**post` (up to three stray characters before it)."""

    pre: str
    body: str
    post: str


def heading(raw: str) -> tuple[int, str] | None:
    """(level, text) of an ATX heading line (`## Text ##`, `#Text`), or None. Closing `#`s are
    dropped when a space comes before them (`# C#` keeps its `#`)."""
    indent = len(raw) - len(raw.lstrip(" "))
    if indent > 3:
        return None
    rest = raw[indent:]
    level = len(rest) - len(rest.lstrip("#"))
    if not 1 <= level <= 6:
        return None
    text = rest[level:].strip()  # `#Title` with no space is read as a heading too
    closing = text.rstrip("#")
    if closing != text and (not closing or closing[-1].isspace()):
        text = closing.rstrip()
    return level, text


def is_rule(raw: str) -> bool:
    """True for a thematic break: three or more `*`, `-` or `_` (one kind), spaces between."""
    text = raw.strip()
    if len(raw) - len(raw.lstrip(" ")) > 3 or not text or text[0] not in _RULE_CHARS:
        return False
    marks = text.replace(" ", "").replace("\t", "")
    return len(marks) >= 3 and marks == text[0] * len(marks)


def fence(raw: str) -> str | None:
    """The fence (```` ``` ```` or `~~~`) a line opens or closes a code block with, or None."""
    m = _FENCE.match(raw)
    return m.group(1) if m else None


def bold_title(line: str) -> BoldTitle | None:
    """A bold title line (`line` stripped): `**` within its first four characters, no white
    space before it, and a closing `**` later (the last one, as in `**A** and **B**`) with a
    non-blank body between."""
    star = line.find("*", 0, 4)
    if star < 0 or line[star : star + 2] != "**" or any(ch.isspace() for ch in line[:star]):
        return None
    close = line.rfind("**", star + 2)
    if close < 0:
        return None
    body = line[star + 2 : close]
    if not body.strip() or not body.strip("* "):
        return None
    return BoldTitle(line[:star], body, line[close + 2 :])


def unterminated_title(line: str) -> str | None:
    """The body of a bold title with no closing `**` (`**Title`), or None."""
    if line.startswith("**") and len(line) > 2 and line[2] != "*":
        return line[2:]
    return None


def angle_title(line: str) -> str | None:
    """The title of a line that is only a title in Chinese book-title brackets (`《Title》`)."""
    if line.startswith("《") and line.endswith("》") and line.count("《") == 1 and line.count("》") == 1:
        inner = line[1:-1].strip()
        return inner or None
    return None


def images_only(line: str) -> bool:
    """True when the line holds nothing but images (`![alt](src)`, several allowed)."""
    spans = image_spans(line)
    if not spans:
        return False
    last = 0
    for start, end in spans:
        if line[last:start].strip():
            return False
        last = end
    return not line[last:].strip()


def is_html(line: str) -> bool:
    """True for a line that starts with an HTML tag or comment."""
    return line.startswith("<") and bool(_HTML_START.match(line))


def layout_only(line: str) -> bool:
    """True for a line of layout tags only (`<br>`, `<p>`, `</div>`, `<img ...>`), no text."""
    from kg.read.links import strip_tags

    return not strip_tags(line).strip() and all(name in _LAYOUT_TAGS for name in tags(line))
