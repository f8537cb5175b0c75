"""Markdown paper lists into `Document` records.

Knows markdown and the habits of these lists; knows nothing of spaCy or RDF. Every line that
had to be repaired or could not be used becomes a `Problem` with its file and line.
"""

from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path

from kg.errors import InputError, ParseError
from kg.keys import is_known, normalize_key
from kg.model import Document, Entry, Field, Heading, Link, Problem, Severity, Table
from kg.urls import clean_url, find_links

_HEADING = re.compile(r"^ {0,3}(#{1,6})(?!#)\s*(.*?)\s*#*\s*$")
_TITLE = re.compile(r"^(?P<pre>[^*\s]{0,3})\*\*(?P<body>.*\S.*?)\*\*(?P<post>.*)$")
_UNTERMINATED = re.compile(r"^\*\*(?P<body>[^*].*)$")
_BULLET = re.compile(r"^\s*(?:[-*+•‣◦]\s*)+(?=\S)")
_KEY_VALUE = re.compile(
    r"^(?P<key>[A-Za-z][A-Za-z0-9 +&'._/-]{0,40}?)\s*(?:\((?P<ann>[^()]*)\))?\s*"
    r"(?P<sep>:|：|;)(?!//)\s*(?P<value>.*)$"
)
_HR = re.compile(r"^\s{0,3}(?:(?:\*\s*){3,}|(?:-\s*){3,}|(?:_\s*){3,})$")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_IMAGE_ONLY = re.compile(r"^!\[[^\]]*\]\([^)]*\)\s*$")
_HTML_TAG = re.compile(r"<[^>]*>")
_HREF = re.compile(r"""href\s*=\s*["']?([^"'\s>]+)""", re.I)
_LAYOUT_TAGS = re.compile(r"^(?:\s*</?(?:br|p|div|center|img|hr|span|sup|sub)\b[^>]*>\s*)+$", re.I)
_URL_START = re.compile(r"^(?:\[|<?[A-Za-z]{2,8}[:;]?//|www\.)")
_SPACES = re.compile(r"\s+")


def plain_text(markdown: str) -> str:
    """`markdown` with link markup replaced by its text (dropped when the text is an address),
    images, HTML tags and emphasis removed, and white space folded."""
    out: list[str] = []
    last = 0
    for found in find_links(markdown):
        out.append(markdown[last : found.start])
        if found.text and not _URL_START.match(found.text):
            out.append(found.text)
        last = found.end
    out.append(markdown[last:])
    text = "".join(out)
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", " ", text)
    text = _HTML_TAG.sub(" ", text)
    text = re.sub(r"(\*\*|__|`)", "", text)
    return _SPACES.sub(" ", text).strip()


def _clean_heading(text: str) -> str:
    return plain_text(text).strip("*_ ")


def decode(data: bytes, source: str) -> str:
    """The text of a list file: UTF-8 with or without a BOM, else a `ParseError` naming the line."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ParseError(source, line, f"not valid UTF-8: byte 0x{data[exc.start]:02x} at column {column}") from None


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


def split_lines(text: str) -> list[str]:
    """Lines split at LF, CRLF or CR only (not at the other characters `str.splitlines` knows)."""
    lines = re.split(r"\r\n|\r|\n", text)
    if lines and lines[-1] == "":
        lines.pop()
    return [line.replace("\t", "    ") for line in lines]


def _front_matter(lines: list[str], problems: list[Problem], source: str) -> tuple[dict[str, str], int]:
    """The YAML front matter as strings and the index of the first line after it."""
    if not lines or lines[0].strip() != "---":
        return {}, 0
    for end in range(1, len(lines)):
        if lines[end].strip() in ("---", "..."):
            break
    else:
        return {}, 0
    import yaml

    try:
        data = yaml.safe_load("\n".join(lines[1:end]))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = 2 + (mark.line if mark else 0)
        problems.append(
            Problem(source, line, Severity.UNUSED, f"front matter is not valid YAML: {getattr(exc, 'problem', exc)}")
        )
        return {}, end + 1
    if data is None:
        return {}, end + 1
    if not isinstance(data, dict):
        problems.append(Problem(source, 2, Severity.UNUSED, "front matter is not a mapping of keys to values"))
        return {}, end + 1
    meta: dict[str, str] = {}
    for key, value in data.items():
        if isinstance(value, (list, tuple)):
            value = ", ".join(str(v) for v in value)
        elif isinstance(value, (_dt.date, _dt.datetime)):
            value = value.isoformat()
        elif isinstance(value, dict) or value is None:
            continue
        meta[str(key)] = str(value)
    return meta, end + 1


class _Parser:
    def __init__(self, source: str) -> None:
        self.source = source
        self.entries: list[Entry] = []
        self.headings: list[Heading] = []
        self.tables: list[Table] = []
        self.problems: list[Problem] = []
        self.stack: list[Heading] = []
        self.entry: Entry | None = None
        self.field: Field | None = None  # the field a continuation line would extend
        self.titles_open = False  # only titles (and blank lines) seen since the entry began
        self.table: Table | None = None

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
            self.entry = Entry(self.source, number, [text], tuple(self.stack))
            self.entries.append(self.entry)
            self.titles_open = True
        self.field = None
        if text != written:
            self.entry.links.extend(self.links_in(written, "link", None, number))

    def bullet_or_field(self, number: int, body: str, *, dashed: bool) -> bool:
        """Read `key: value` (or a link line) into the current entry. False when it is not one."""
        assert self.entry is not None
        m = _KEY_VALUE.match(body)
        key_raw = ann = None
        value = body
        if m and not _URL_START.match(body):
            key_raw, ann, value = m.group("key").strip(), m.group("ann"), m.group("value")
            if m.group("sep") != ":":
                self.problem(
                    number, Severity.REPAIRED, f"separator {m.group('sep')!r} after key {key_raw!r} read as ':'"
                )
        elif not _URL_START.match(body):
            # `- arxiv https://...` or `- intro CVPR 2017`: a known key with no separator
            words = re.match(r"^([A-Za-z][A-Za-z+ ]{0,30}?)(?:\((?P<ann>[^()]*)\))?\s+(?=\S)(.*)$", body)
            if words:
                candidate, typo = normalize_key(words.group(1))
                if is_known(candidate) and (find_links(words.group(3)) or candidate in ("intro", "keywords")):
                    key_raw, ann, value = words.group(1).strip(), words.group("ann"), words.group(3)
                    self.problem(number, Severity.REPAIRED, f"missing ':' after key {key_raw!r}")
        if key_raw is None:
            if not dashed:
                return False
            links = self.links_in(body, "link", None, number)
            if links and not plain_text(body).replace(links[0].raw, "").strip():
                self.entry.links.extend(links)
                self.field = None
                return True
            # a bullet of plain text: kept as a note of the entry
            self.field = Field("note", "", None, body, number, links, plain_text(body), [number])
            self.entry.fields.append(self.field)
            return True
        key, typo = normalize_key(key_raw)
        if not dashed:
            if not is_known(key):
                return False
            self.problem(number, Severity.REPAIRED, f"missing '-' before key {key_raw!r}")
        if typo:
            self.problem(number, Severity.REPAIRED, f"key {key_raw!r} read as {key!r}")
        annotation = _SPACES.sub(" ", ann).strip() if ann and ann.strip() else None
        self.field = Field(
            key,
            key_raw,
            annotation,
            value.strip(),
            number,
            self.links_in(value, key, annotation, number),
            plain_text(value),
            [number],
        )
        self.entry.fields.append(self.field)
        return True

    def continuation(self, number: int, text: str) -> None:
        assert self.field is not None
        self.field.value = f"{self.field.value} {text.strip()}".strip()
        self.field.text = plain_text(self.field.value)
        self.field.lines.append(number)
        self.field.links.extend(self.links_in(text, self.field.key, self.field.annotation, number))

    def html(self, number: int, line: str) -> None:
        hrefs = _HREF.findall(line)
        if self.entry is not None and hrefs:
            for href in hrefs:
                self.entry.links.extend(self.links_in(f"<{href}>" if "//" in href else href, "link", None, number))
            self.titles_open = False
            return
        if _LAYOUT_TAGS.match(line):
            return
        text = _SPACES.sub(" ", _HTML_TAG.sub(" ", line)).strip()
        if text:
            self.problem(number, Severity.UNUSED, "HTML ignored")

    def run(self, lines: list[str], start: int) -> None:
        fence: str | None = None
        comment = False
        blank_before = True
        for index in range(start, len(lines)):
            number = index + 1
            raw = lines[index]
            line = raw.strip()
            if fence:
                if line.startswith(fence):
                    fence = None
                continue
            if comment:
                comment = "-->" not in line
                continue
            if not line:
                blank_before = True
                self.field = None
                self.table = None
                continue
            was_blank, blank_before = blank_before, False
            if line.startswith("|") or (self.table is not None and "|" in line):
                cells = [c.strip() for c in line.strip("|").split("|")]
                if self.table is None:
                    self.table = Table(number, [])
                    self.tables.append(self.table)
                if not all(re.fullmatch(r":?-+:?", c) for c in cells if c):
                    self.table.rows.append(cells)
                self.field = None
                continue
            self.table = None
            m = _FENCE.match(raw)
            if m:
                fence = m.group(1)
                self.problem(number, Severity.UNUSED, "code block ignored")
                continue
            if line.startswith("<!--"):
                comment = "-->" not in line
                continue
            m = _HEADING.match(raw)
            if m and (m.group(2) or not m.group(1)):
                self.heading(number, len(m.group(1)), m.group(2))
                continue
            if _HR.match(raw):
                self.end_entry()
                continue
            m = _TITLE.match(line)
            if m and m.group("body").strip("* "):
                body = m.group("body")
                if m.group("pre"):
                    self.problem(
                        number, Severity.REPAIRED, f"stray {m.group('pre')!r} before the bold title joined to it"
                    )
                    body = m.group("pre") + body
                post = m.group("post").strip()
                self.title(number, body)
                if post and self.entry is not None:
                    self.problem(number, Severity.REPAIRED, f"text after the bold title kept as a note: {post!r}")
                    self.field = Field(
                        "note",
                        "",
                        None,
                        post,
                        number,
                        self.links_in(post, "link", None, number),
                        plain_text(post),
                        [number],
                    )
                    self.entry.fields.append(self.field)
                    self.titles_open = False
                continue
            m = _UNTERMINATED.match(line)
            if m:
                self.problem(number, Severity.REPAIRED, f"unterminated title {line[:60]!r} read as a title")
                self.title(number, m.group("body"))
                continue
            if _IMAGE_ONLY.match(line) or re.fullmatch(r"(?:!\[[^\]]*\]\([^)]*\)\s*)+", line):
                if self.entry is not None:
                    self.titles_open = False
                continue
            if line.startswith("<") and re.match(r"<[A-Za-z/!]", line):
                self.html(number, line)
                continue
            if self.entry is None:
                what = "list item" if _BULLET.match(raw) else "text"
                self.problem(number, Severity.UNUSED, f"{what} outside any entry ignored")
                continue
            bullet = _BULLET.match(raw)
            if bullet:
                if raw.lstrip().startswith(("--", "- -", "-- ")) or re.match(r"^\s*[-*+]\s*[-*+]\s", raw):
                    self.problem(number, Severity.REPAIRED, "doubled '-' read as one")
                body = raw[bullet.end() :]
                # an indented keyless bullet under a field continues that field
                if raw.startswith((" ", "\t")) and self.field is not None and not _KEY_VALUE.match(body):
                    self.continuation(number, body)
                    continue
                self.bullet_or_field(number, body, dashed=True)
                self.titles_open = False
                continue
            if self.field is not None and not was_blank and not _KEY_VALUE.match(line):
                self.continuation(number, line)
                continue
            if self.bullet_or_field(number, line, dashed=False):
                self.titles_open = False
                continue
            links = self.links_in(line, "link", None, number)
            if links and not plain_text(line).replace(links[0].raw, "").strip(" |,;"):
                self.entry.links.extend(links)
            elif self.field is not None and not was_blank:
                self.continuation(number, line)
            else:
                self.entry.notes.append(plain_text(line))
                self.entry.links.extend(links)
            self.titles_open = False
            self.field = None


def parse_text(text: str, source: str) -> Document:
    """Parse the text of one markdown list; `source` names it in problems and in the graph."""
    lines = split_lines(text)
    problems: list[Problem] = []
    front, start = _front_matter(lines, problems, source)
    parser = _Parser(source)
    parser.problems = problems
    parser.run(lines, start)
    return Document(source, front, parser.entries, parser.headings, parser.tables, sorted(parser.problems))
