"""Markdown paper lists into `Document` records.

Knows markdown and the habits of these lists; knows nothing of spaCy or RDF. Every line that
had to be repaired or could not be used becomes a `Problem` with its file and line.

The parser reads line by line. Each line is offered to the handlers of `_Parser._HANDLERS` in
order (code fences, comments, blank lines, tables, headings, rules, titles, images, HTML, bullets,
continuations, other text); the first that takes it wins. Entries and fields are drafted as
mutable records while their lines come in, and frozen when the document is done.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from kg.errors import InputError
from kg.read.bullet_keys import is_key_value, is_known, normalize_key, split_key
from kg.read.drafts import EntryDraft, FieldDraft, Line
from kg.read.frontmatter import front_matter
from kg.read.lines import decode, split_lines
from kg.read.links import find_links, plain_text
from kg.read.records import Document, Heading, Link, Problem, Severity, Table
from kg.read.urls import clean_url

_HEADING = re.compile(r"^ {0,3}(#{1,6})(?!#)\s*(.*?)\s*#*\s*$")
_TITLE = re.compile(r"^(?P<pre>[^*\s]{0,3})\*\*(?P<body>.*\S.*?)\*\*(?P<post>.*)$")
_UNTERMINATED = re.compile(r"^\*\*(?P<body>[^*].*)$")
_BULLET = re.compile(r"^\s*(?:[-*+•‣◦]\s*)+(?=\S)")
_DOUBLED_DASH = re.compile(r"^\s*[-*+]\s*[-*+]\s")
_HR = re.compile(r"^\s{0,3}(?:(?:\*\s*){3,}|(?:-\s*){3,}|(?:_\s*){3,})$")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_IMAGE_ONLY = re.compile(r"^!\[[^\]]*\]\([^)]*\)\s*$")
_IMAGES_ONLY = re.compile(r"(?:!\[[^\]]*\]\([^)]*\)\s*)+")
_HTML_START = re.compile(r"<[A-Za-z/!]")
_HTML_TAG = re.compile(r"<[^>]*>")
_HREF = re.compile(r"""href\s*=\s*["']?([^"'\s>]+)""", re.I)
_LAYOUT_TAGS = re.compile(r"^(?:\s*</?(?:br|p|div|center|img|hr|span|sup|sub)\b[^>]*>\s*)+$", re.I)
_TABLE_RULE = re.compile(r":?-+:?")
_SPACES = re.compile(r"\s+")


def _clean_heading(text: str) -> str:
    return plain_text(text).strip("*_ ")


class _Parser:
    def __init__(self, source: str) -> None:
        self.source = source
        self.entries: list[EntryDraft] = []
        self.headings: list[Heading] = []
        self.tables: list[tuple[int, list[tuple[str, ...]]]] = []
        self.problems: list[Problem] = []
        self.stack: list[Heading] = []
        self.entry: EntryDraft | None = None
        self.field: FieldDraft | None = None  # the field a continuation line would extend
        self.titles_open = False  # only titles (and blank lines) seen since the entry began
        self.table: list[tuple[str, ...]] | None = None
        self.fence: str | None = None
        self.comment = False
        self.blank_before = True

    def problem(self, line: int, severity: Severity, message: str) -> None:
        self.problems.append(Problem(self.source, line, severity, message))

    # -- links ---------------------------------------------------------------------------
    def links_in(self, text: str, key: str, annotation: str | None, line: int) -> list[Link]:
        links = []
        for found in find_links(text):
            cleaned = clean_url(found.target)
            for repair in cleaned.repairs:
                self.problem(line, Severity.REPAIRED, f"address {found.target!r}: {repair}")
            if cleaned.iri is None:
                self.problem(line, Severity.UNUSED, f"address {found.target!r} kept as text only: {cleaned.reason}")
            links.append(Link(key, annotation, cleaned.iri, found.target, found.text, line))
        return links

    def new_field(self, key: str, raw_key: str, annotation: str | None, value: str, line: int) -> FieldDraft:
        """A field of the current entry, appended to it and made the one continuations extend."""
        assert self.entry is not None
        draft = FieldDraft(
            key,
            raw_key,
            annotation,
            value,
            line,
            self.links_in(value, key, annotation, line),
            plain_text(value),
            [line],
        )
        self.entry.fields.append(draft)
        self.field = draft
        return draft

    # -- structure -----------------------------------------------------------------------
    def end_entry(self) -> None:
        self.entry = None
        self.field = None
        self.titles_open = False

    def heading(self, number: int, level: int, raw: str) -> None:
        self.end_entry()
        text = _clean_heading(raw)
        if not text:
            self.problem(number, Severity.UNUSED, "empty heading ignored")
            return
        heading = Heading(level, text, number)
        while self.stack and self.stack[-1].level >= level:
            self.stack.pop()
        self.stack.append(heading)
        self.headings.append(heading)

    def title(self, number: int, written: str) -> None:
        text = plain_text(written) if find_links(written) else written
        text = _SPACES.sub(" ", text.replace("**", "")).strip()
        if not text:
            self.problem(number, Severity.UNUSED, "empty bold title ignored")
            return
        if self.entry is not None and self.titles_open:
            self.entry.titles.append(text)
        else:
            self.entry = EntryDraft(self.source, number, [text], tuple(self.stack))
            self.entries.append(self.entry)
            self.titles_open = True
        self.field = None
        if text != written:
            self.entry.links.extend(self.links_in(written, "link", None, number))

    def keyless_bullet(self, number: int, body: str) -> None:
        """A bullet with no key: a link line, or a note of the entry."""
        assert self.entry is not None
        links = self.links_in(body, "link", None, number)
        if links and not plain_text(body).replace(links[0].raw, "").strip():
            self.entry.links.extend(links)
            self.field = None
            return
        draft = FieldDraft("note", "", None, body, number, links, plain_text(body), [number])
        self.entry.fields.append(draft)
        self.field = draft

    def bullet_or_field(self, number: int, body: str, *, dashed: bool) -> bool:
        """Read `key: value` (or a link line) into the current entry. False when it is not one."""
        assert self.entry is not None
        found, repairs = split_key(body)
        for repair in repairs:
            self.problem(number, Severity.REPAIRED, repair)
        if found is None:
            if not dashed:
                return False
            self.keyless_bullet(number, body)
            return True
        key_raw, ann, value = found
        key, typo = normalize_key(key_raw)
        if not dashed:
            if not is_known(key):
                return False
            self.problem(number, Severity.REPAIRED, f"missing '-' before key {key_raw!r}")
        if typo:
            self.problem(number, Severity.REPAIRED, f"key {key_raw!r} read as {key!r}")
        annotation = _SPACES.sub(" ", ann).strip() if ann and ann.strip() else None
        self.new_field(key, key_raw, annotation, value.strip(), number)
        return True

    def continuation(self, number: int, text: str) -> None:
        assert self.field is not None
        self.field.value = f"{self.field.value} {text.strip()}".strip()
        self.field.text = plain_text(self.field.value)
        self.field.lines.append(number)
        self.field.links.extend(self.links_in(text, self.field.key, self.field.annotation, number))

    # -- the handlers, one kind of line each -----------------------------------------------
    def in_fence(self, line: Line) -> bool:
        if self.fence is None:
            return False
        if line.text.startswith(self.fence):
            self.fence = None
        return True

    def in_comment(self, line: Line) -> bool:
        if not self.comment:
            return False
        self.comment = "-->" not in line.text
        return True

    def blank(self, line: Line) -> bool:
        if line.text:
            return False
        self.blank_before = True
        self.field = None
        self.table = None
        return True

    def table_row(self, line: Line) -> bool:
        if not (line.text.startswith("|") or (self.table is not None and "|" in line.text)):
            self.table = None
            return False
        cells = tuple(c.strip() for c in line.text.strip("|").split("|"))
        if self.table is None:
            self.table = []
            self.tables.append((line.number, self.table))
        if not all(_TABLE_RULE.fullmatch(c) for c in cells if c):
            self.table.append(cells)
        self.field = None
        return True

    def fence_start(self, line: Line) -> bool:
        m = _FENCE.match(line.raw)
        if not m:
            return False
        self.fence = m.group(1)
        self.problem(line.number, Severity.UNUSED, "code block ignored")
        return True

    def comment_start(self, line: Line) -> bool:
        if not line.text.startswith("<!--"):
            return False
        self.comment = "-->" not in line.text
        return True

    def heading_line(self, line: Line) -> bool:
        m = _HEADING.match(line.raw)
        if not (m and (m.group(2) or not m.group(1))):
            return False
        self.heading(line.number, len(m.group(1)), m.group(2))
        return True

    def rule(self, line: Line) -> bool:
        if not _HR.match(line.raw):
            return False
        self.end_entry()
        return True

    def title_line(self, line: Line) -> bool:
        m = _TITLE.match(line.text)
        if not (m and m.group("body").strip("* ")):
            return False
        body = m.group("body")
        if m.group("pre"):
            self.problem(line.number, Severity.REPAIRED, f"stray {m.group('pre')!r} before the bold title joined to it")
            body = m.group("pre") + body
        post = m.group("post").strip()
        self.title(line.number, body)
        if post and self.entry is not None:
            self.problem(line.number, Severity.REPAIRED, f"text after the bold title kept as a note: {post!r}")
            self.field = FieldDraft(
                "note",
                "",
                None,
                post,
                line.number,
                self.links_in(post, "link", None, line.number),
                plain_text(post),
                [line.number],
            )
            self.entry.fields.append(self.field)
            self.titles_open = False
        return True

    def unterminated_title(self, line: Line) -> bool:
        m = _UNTERMINATED.match(line.text)
        if not m:
            return False
        self.problem(line.number, Severity.REPAIRED, f"unterminated title {line.text[:60]!r} read as a title")
        self.title(line.number, m.group("body"))
        return True

    def images(self, line: Line) -> bool:
        if not (_IMAGE_ONLY.match(line.text) or _IMAGES_ONLY.fullmatch(line.text)):
            return False
        if self.entry is not None:
            self.titles_open = False
        return True

    def html(self, line: Line) -> bool:
        if not (line.text.startswith("<") and _HTML_START.match(line.text)):
            return False
        hrefs = _HREF.findall(line.text)
        if self.entry is not None and hrefs:
            for href in hrefs:
                self.entry.links.extend(self.links_in(f"<{href}>" if "//" in href else href, "link", None, line.number))
            self.titles_open = False
        elif not _LAYOUT_TAGS.match(line.text) and _SPACES.sub(" ", _HTML_TAG.sub(" ", line.text)).strip():
            self.problem(line.number, Severity.UNUSED, "HTML ignored")
        return True

    def outside_entry(self, line: Line) -> bool:
        if self.entry is not None:
            return False
        what = "list item" if _BULLET.match(line.raw) else "text"
        self.problem(line.number, Severity.UNUSED, f"{what} outside any entry ignored")
        return True

    def bullet(self, line: Line) -> bool:
        bullet = _BULLET.match(line.raw)
        if not bullet:
            return False
        raw = line.raw
        if raw.lstrip().startswith(("--", "- -", "-- ")) or _DOUBLED_DASH.match(raw):
            self.problem(line.number, Severity.REPAIRED, "doubled '-' read as one")
        body = raw[bullet.end() :]
        # an indented keyless bullet under a field continues that field
        if raw.startswith((" ", "\t")) and self.field is not None and not is_key_value(body):
            self.continuation(line.number, body)
            return True
        self.bullet_or_field(line.number, body, dashed=True)
        self.titles_open = False
        return True

    def wrapped_value(self, line: Line) -> bool:
        if self.field is None or line.after_blank or is_key_value(line.text):
            return False
        self.continuation(line.number, line.text)
        return True

    def undashed_field(self, line: Line) -> bool:
        if not self.bullet_or_field(line.number, line.text, dashed=False):
            return False
        self.titles_open = False
        return True

    def other_text(self, line: Line) -> bool:
        """A bare link line, a wrapped value, or a note of the entry."""
        assert self.entry is not None
        links = self.links_in(line.text, "link", None, line.number)
        if links and not plain_text(line.text).replace(links[0].raw, "").strip(" |,;"):
            self.entry.links.extend(links)
        elif self.field is not None and not line.after_blank:
            self.continuation(line.number, line.text)
        else:
            self.entry.notes.append(plain_text(line.text))
            self.entry.links.extend(links)
        self.titles_open = False
        self.field = None
        return True

    _HANDLERS: tuple[Callable[[_Parser, Line], bool], ...] = (
        fence_start,
        comment_start,
        heading_line,
        rule,
        title_line,
        unterminated_title,
        images,
        html,
        outside_entry,
        bullet,
        wrapped_value,
        undashed_field,
        other_text,
    )

    def feed(self, number: int, raw: str) -> None:
        """Read one line."""
        line = Line(number, raw, raw.strip(), self.blank_before)
        if self.in_fence(line) or self.in_comment(line) or self.blank(line):
            return
        self.blank_before = False
        if self.table_row(line):
            return
        for handler in self._HANDLERS:
            if handler(self, line):
                return

    def document(self, front: tuple[tuple[str, str], ...], problems: list[Problem]) -> Document:
        return Document(
            self.source,
            front,
            tuple(entry.freeze() for entry in self.entries),
            tuple(self.headings),
            tuple(Table(line, tuple(rows)) for line, rows in self.tables),
            tuple(sorted(problems + self.problems)),
        )


def parse_text(text: str, source: str) -> Document:
    """Parse the text of one markdown list; `source` names it in problems and in the graph."""
    lines = split_lines(text)
    front, start, problems = front_matter(lines, source)
    parser = _Parser(source)
    for index in range(start, len(lines)):
        parser.feed(index + 1, lines[index])
    return parser.document(front, problems)


def read_document(path: Path, source: str) -> Document:
    """Read and parse one list file; `source` is the name it is known by in the graph."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder, not a file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from None
    return parse_text(decode(data, str(path)), source)
