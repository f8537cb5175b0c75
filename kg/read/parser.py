"""Markdown paper lists into `Document` records.

Knows markdown and the habits of these lists; knows nothing of spaCy or RDF. Every line either
ends up in the records (a title, a field, a link, a note, a heading over an entry) or becomes a
`Problem` with its file and line; `_Parser.audit` checks that no line is left out.

The parser reads line by line. Each line is offered to the handlers of `_Parser._HANDLERS` in
order (code fences, comments, headings, rules, titles, images, HTML, bullets, continuations,
other text); the first that takes it wins. Entries and fields are drafted as mutable records while
their lines come in, and frozen when the document is done. Besides the bold-title style, an entry
may be written as a heading or a plain line with its `- key:` bullets right under it, or as a
`《title》` line: those are read as entries and reported as repairs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from kg.read.bullet_keys import is_key_value, is_known, normalize_key, split_key
from kg.read.drafts import FieldDraft, Line
from kg.read.entries import EntryWriter
from kg.read.frontmatter import front_matter
from kg.read.limits import MAX_TITLE, cut
from kg.read.lines import split_lines
from kg.read.links import plain_text
from kg.read.markup import (
    angle_title,
    bold_title,
    fence,
    heading,
    images_only,
    is_html,
    is_rule,
    layout_only,
    unterminated_title,
)
from kg.read.records import Document, Heading, Problem, Severity, Table

_BULLET_CHARS = "-*+•‣◦"
_DOUBLED = re.compile(r"[-*+]\s*[-*+]\s")
_TITLE_LIKE = 300  # a plain line longer than this is never read as a title


def bullet_body(raw: str) -> str | None:
    """The text after a line's bullet marks (`- `, `* `, `•`, a doubled `- -`), or None."""
    text = raw.lstrip()
    if not text or text[0] not in _BULLET_CHARS:
        return None
    i = 0
    while i < len(text) and (text[i] in _BULLET_CHARS or text[i].isspace()):
        i += 1
    return text[i:] if i < len(text) else None


@dataclass
class _TableDraft:
    first: int
    last: int
    rows: list[tuple[str, ...]]


class _Parser(EntryWriter):
    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.headings: list[Heading] = []
        self.tables: list[_TableDraft] = []
        self.table: _TableDraft | None = None
        self.fence: tuple[str, int] | None = None  # the open code block's fence and first line
        self.comment: int | None = None  # first line of an open HTML comment
        self.blank_before = True
        self.heading_pending: Heading | None = None  # the last line was this heading: a title if bullets follow
        self.orphan: Line | None = None  # a text line outside entries: a title if bullets follow
        self.candidate: Line | None = None  # a text line after a blank in an entry: a title if bullets follow

    # -- lines kept pending until the next line says what they are ---------------------------
    def settle(self) -> None:
        """The next line is no `- key:` bullet: pending lines are what they looked like."""
        self.heading_pending = None
        if self.orphan is not None:
            what = "text outside any entry ignored"
            self.problem(self.orphan.number, Severity.UNUSED, what)
            self.orphan = None
        if self.candidate is not None:
            line, self.candidate = self.candidate, None
            self.note(line)

    def title_from_pending(self, number: int) -> bool:
        """A `- key:` bullet with no entry of its own: the pending heading or plain line before it
        becomes its entry's title. False when there is none."""
        if self.heading_pending is not None and self.entry is None:
            head, self.heading_pending = self.heading_pending, None
            if self.stack and self.stack[-1] is head:
                self.stack.pop()
            self.headings.remove(head)
            self.accounted.discard(head.line)
            self.problem(
                head.line, Severity.REPAIRED, "heading read as the title of an entry: `- key:` lines follow it"
            )
            self.start_entry(head.line, head.text, tuple(self.stack))
            return True
        pending = self.orphan or self.candidate
        if pending is None:
            return False
        self.orphan = self.candidate = None
        message = "line read as the title of an entry: `- key:` lines follow it"
        self.problem(pending.number, Severity.REPAIRED, message)
        self.title(pending.number, pending.text, new=True)
        return True

    # -- the handlers, one kind of line each -----------------------------------------------
    def table_row(self, line: Line) -> bool:
        if not (line.text.startswith("|") or (self.table is not None and "|" in line.text)):
            self.table = None
            return False
        self.settle()
        cells = tuple(c.strip() for c in line.text.strip("|").split("|"))
        if self.table is None:
            self.table = _TableDraft(line.number, line.number, [])
            self.tables.append(self.table)
        if not all(c.strip(":-") == "" and "-" in c for c in cells if c):
            self.table.rows.append(cells)
        self.table.last = line.number
        self.field = None
        return True

    def fence_start(self, line: Line) -> bool:
        mark = fence(line.raw)
        if mark is None:
            return False
        self.settle()
        self.fence = (mark, line.number)
        return True

    def comment_start(self, line: Line) -> bool:
        if not line.text.startswith("<!--"):
            return False
        self.settle()
        self.comment = line.number
        if "-->" in line.text:
            self.close_block("HTML comment ignored", line.number, line.number)
        return True

    def heading_line(self, line: Line) -> bool:
        found = heading(line.raw)
        if found is None:
            return False
        self.settle()
        self.end_entry()
        level, raw_text = found
        text, was_cut = cut(plain_text(raw_text).strip("*_ "), MAX_TITLE)
        if not text:
            self.problem(line.number, Severity.UNUSED, "empty heading ignored")
            return True
        if was_cut:
            self.problem(line.number, Severity.REPAIRED, f"heading cut to {MAX_TITLE:,} characters")
        head = Heading(level, text, line.number)
        while self.stack and self.stack[-1].level >= level:
            self.stack.pop()
        self.stack.append(head)
        self.headings.append(head)
        self.heading_pending = head
        self.accounted.add(line.number)
        return True

    def rule(self, line: Line) -> bool:
        if not is_rule(line.raw):
            return False
        self.settle()
        self.end_entry()
        self.accounted.add(line.number)  # a separator: markup, nothing to keep
        return True

    def title_line(self, line: Line) -> bool:
        found = bold_title(line.text)
        if found is None:
            return False
        self.settle()
        body = found.body
        if found.pre:
            self.problem(line.number, Severity.REPAIRED, f"stray {found.pre!r} before the bold title joined to it")
            body = found.pre + body
        self.title(line.number, body)
        post = found.post.strip()
        if post and self.entry is not None:
            self.problem(line.number, Severity.REPAIRED, f"text after the bold title kept as a note: {post[:60]!r}")
            self.new_field(FieldDraft("note", "", None, [post], line.number, [], [line.number]))
            self.titles_open = False
        return True

    def other_title(self, line: Line) -> bool:
        """`**Title` with no closing `**`, or `《Title》`."""
        body = unterminated_title(line.text)
        if body is not None:
            self.settle()
            self.problem(line.number, Severity.REPAIRED, f"unterminated title {line.text[:60]!r} read as a title")
            self.title(line.number, body)
            return True
        body = angle_title(line.text)
        if body is not None:
            self.settle()
            self.problem(line.number, Severity.REPAIRED, "title in 《》 read as a bold title")
            self.title(line.number, body)
            return True
        return False

    def images(self, line: Line) -> bool:
        if not images_only(line.text):
            return False
        self.settle()
        if self.entry is None:
            self.problem(line.number, Severity.UNUSED, "image outside any entry ignored")
            return True
        self.entry.links.extend(self.image_links(line.text, line.number))
        self.accounted.add(line.number)
        self.titles_open = False
        return True

    def html(self, line: Line) -> bool:
        if not is_html(line.text):
            return False
        self.settle()
        if layout_only(line.text):
            self.accounted.add(line.number)  # `<br>`, `</div>`: markup, nothing to keep
            return True
        self.html_line(line)
        return True

    def bullet(self, line: Line) -> bool:
        body = bullet_body(line.raw)
        if body is None:
            return False
        found, _ = split_key(body)
        keyed = found is not None and is_known(normalize_key(found[0])[0])
        if not (keyed and self.title_from_pending(line.number)):
            self.settle()
        if self.entry is None:
            self.problem(line.number, Severity.UNUSED, "list item outside any entry ignored")
            return True
        raw = line.raw.lstrip()
        if raw.startswith(("--", "- -")) or _DOUBLED.match(raw):
            self.problem(line.number, Severity.REPAIRED, "doubled '-' read as one")
        # an indented keyless bullet under a field continues that field
        if line.raw.startswith((" ", "\t")) and self.field is not None and not is_key_value(body):
            self.continuation(line.number, body)
            return True
        self.bullet_or_field(line.number, body, dashed=True)
        self.titles_open = False
        return True

    def text_line(self, line: Line) -> bool:
        """A wrapped value, a field with no dash, a link line, a note, or a pending title."""
        if self.entry is None:
            self.settle()
            if len(line.text) <= _TITLE_LIKE:
                self.orphan = line
            else:
                self.problem(line.number, Severity.UNUSED, "text outside any entry ignored")
            return True
        if self.field is not None and not line.after_blank and not is_key_value(line.text):
            self.settle()
            if not self.link_line(line):  # a line that is only a link is the entry's link, not prose
                self.continuation(line.number, line.text)
            return True
        self.settle()
        if self.bullet_or_field(line.number, line.text, dashed=False):
            self.titles_open = False
        elif self.link_line(line):
            pass
        elif self.field is not None and not line.after_blank:
            self.continuation(line.number, line.text)
            self.titles_open = False
            self.field = None
        elif line.after_blank and self.entry.has_body() and len(line.text) <= _TITLE_LIKE:
            self.candidate = line
            self.field = None
        else:
            self.note(line)
        return True

    _HANDLERS: tuple[Callable[[_Parser, Line], bool], ...] = (
        fence_start,
        comment_start,
        heading_line,
        rule,
        title_line,
        other_title,
        images,
        html,
        bullet,
        text_line,
    )

    # -- reading a document -------------------------------------------------------------------
    def close_block(self, what: str, first: int, last: int) -> None:
        span = f"line {first}" if first == last else f"lines {first}-{last}"
        self.problem(first, Severity.UNUSED, f"{what} ({span})")
        self.accounted.update(range(first, last + 1))

    def inside_block(self, line: Line) -> bool:
        """Lines of an open code block or HTML comment."""
        if self.fence is not None:
            if line.text.startswith(self.fence[0]):
                self.close_block("code block ignored", self.fence[1], line.number)
                self.fence = None
            return True
        if self.comment is not None:
            if "-->" in line.text:
                self.close_block("HTML comment ignored", self.comment, line.number)
                self.comment = None
            return True
        return False

    def feed(self, number: int, raw: str) -> None:
        """Read one line."""
        line = Line(number, raw, raw.strip(), self.blank_before)
        if self.inside_block(line):
            return
        if not line.text:
            self.blank_before = True
            self.field = None
            self.table = None
            return
        self.nonblank.append(number)
        self.blank_before = False
        if self.table_row(line):
            return
        for handler in self._HANDLERS:
            if handler(self, line):
                return

    def finish(self, last: int) -> None:
        """The end of the document: pending lines settled, open blocks and tables reported."""
        self.settle()
        if self.fence is not None:
            self.close_block("code block with no closing fence ignored", self.fence[1], last)
        if self.comment is not None:
            self.close_block("HTML comment with no end ignored", self.comment, last)
        for table in self.tables:
            self.close_block(f"table of {len(table.rows)} rows not used", table.first, table.last)
        used = {id(h) for entry in self.entries for h in entry.sections}
        for head in self.headings:
            if id(head) not in used:
                self.problem(head.line, Severity.UNUSED, f"heading {head.text[:60]!r} has no entry under it")
        self.audit()

    def document(self, front: tuple[tuple[str, str], ...], problems: list[Problem]) -> Document:
        entries = []
        for draft in self.entries:
            entry, found = draft.freeze()
            entries.append(entry)
            problems.extend(found)
        return Document(
            self.source,
            front,
            tuple(entries),
            tuple(self.headings),
            tuple(Table(table.first, tuple(table.rows)) for table in self.tables),
            tuple(sorted(set(problems + self.problems))),
        )


def parse_text(text: str, source: str) -> Document:
    """Parse the text of one markdown list; `source` names it in problems and in the graph."""
    lines = split_lines(text)
    front, start, problems = front_matter(lines, source)
    parser = _Parser(source)
    for index in range(start, len(lines)):
        parser.feed(index + 1, lines[index])
    parser.finish(len(lines))
    return parser.document(front, problems)
