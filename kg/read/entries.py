"""Writing entries while lines come in: titles, `- key: value` fields and their continuation
lines, links, notes; and the account of which lines went where, so that no line is lost."""

from __future__ import annotations

from kg.read.bullet_keys import is_known, normalize_key, split_key
from kg.read.drafts import EntryDraft, FieldDraft, Line
from kg.read.limits import MAX_ADDRESS, MAX_TITLE, cut
from kg.read.links import find_links, image_spans, plain_text, strip_tags
from kg.read.records import Heading, Link, Problem, Severity
from kg.read.urls import clean_url

_HREF_QUOTES = "\"'"


def _hrefs(line: str) -> list[str]:
    """The values of the `href=` attributes of an HTML line, in order (read without a regular
    expression that could backtrack)."""
    found = []
    lower = line.lower()
    i = 0
    while (i := lower.find("href", i)) >= 0:
        j = i + 4
        while j < len(line) and line[j].isspace():
            j += 1
        if j >= len(line) or line[j] != "=":
            i = j
            continue
        j += 1
        while j < len(line) and line[j].isspace():
            j += 1
        quote = line[j] if j < len(line) and line[j] in _HREF_QUOTES else ""
        k = j + len(quote)
        end = k
        while end < len(line) and line[end] not in "\"' >" and not line[end].isspace():
            end += 1
        if end > k:
            found.append(line[k:end])
        i = end
    return found


class EntryWriter:
    """The entry being written, its current field, the problems met, and the lines accounted for."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.entries: list[EntryDraft] = []
        self.problems: list[Problem] = []
        self.entry: EntryDraft | None = None
        self.field: FieldDraft | None = None  # the field a continuation line would extend
        self.titles_open = False  # only titles (and blank lines) seen since the entry began
        self.accounted: set[int] = set()  # lines that went into the records
        self.nonblank: list[int] = []  # every non-blank line read outside code blocks and comments
        self.stack: list[Heading] = []  # the headings above the current line

    def problem(self, line: int, severity: Severity, message: str) -> None:
        self.problems.append(Problem(self.source, line, severity, message))

    # -- links ---------------------------------------------------------------------------
    def links_in(self, text: str, key: str, annotation: str | None, line: int) -> list[Link]:
        links = []
        for found in find_links(text):
            if found.repair:
                self.problem(line, Severity.REPAIRED, f"address {found.target[:80]!r}: {found.repair}")
            if len(found.target) > MAX_ADDRESS:
                reason = f"longer than {MAX_ADDRESS:,} characters"
                self.problem(line, Severity.TEXT_ONLY, f"address {found.target[:80]!r}... kept as text only: {reason}")
                links.append(Link(key, annotation, None, cut(found.target, MAX_ADDRESS)[0], found.text, line))
                continue
            cleaned = clean_url(found.target)
            for repair in cleaned.repairs:
                self.problem(line, Severity.REPAIRED, f"address {found.target!r}: {repair}")
            if cleaned.iri is None:
                message = f"address {found.target!r} kept as text only: {cleaned.reason}"
                self.problem(line, Severity.TEXT_ONLY, message)
            links.append(Link(key, annotation, cleaned.iri, found.target, found.text, line))
        return links

    def image_links(self, text: str, line: int) -> list[Link]:
        """The images of a line as links of kind `image` (their addresses)."""
        links = []
        for start, end in image_spans(text):
            piece = text[start + 1 : end]  # `[alt](src)` read as a link
            links.extend(self.links_in(piece, "image", None, line))
        return links

    # -- entries -------------------------------------------------------------------------
    def start_entry(self, number: int, title: str, sections: tuple[Heading, ...]) -> EntryDraft:
        self.entry = EntryDraft(self.source, number, [title], sections)
        self.entries.append(self.entry)
        self.titles_open = True
        self.field = None
        self.accounted.add(number)
        return self.entry

    def end_entry(self) -> None:
        self.entry = None
        self.field = None
        self.titles_open = False

    def title(self, number: int, written: str, *, new: bool = False) -> None:
        """A title line: the next title of the open entry when only titles came before, else the
        first title of a new entry (always a new one when `new`)."""
        text = plain_text(written) if find_links(written) else written
        text, was_cut = cut(" ".join(text.replace("**", "").split()), MAX_TITLE)
        if not text:
            self.problem(number, Severity.UNUSED, "empty bold title ignored")
            return
        if was_cut:
            self.problem(number, Severity.REPAIRED, f"title cut to {MAX_TITLE:,} characters")
        if self.entry is not None and self.titles_open and not new:
            self.entry.titles.append(text)
            self.accounted.add(number)
        else:
            self.start_entry(number, text, tuple(self.stack))
        self.field = None
        assert self.entry is not None
        if text != written.strip():
            self.entry.links.extend(self.links_in(written, "link", None, number))

    def new_field(self, draft: FieldDraft) -> None:
        """A field of the current entry, made the one continuations extend."""
        assert self.entry is not None
        self.entry.fields.append(draft)
        self.field = draft
        self.accounted.add(draft.line)

    def keyless_bullet(self, number: int, body: str) -> None:
        """A bullet with no key: a link line, or a note of the entry."""
        assert self.entry is not None
        links = self.links_in(body, "link", None, number)
        if links and not plain_text(body).replace(links[0].raw, "").strip():
            self.entry.links.extend(links)
            self.field = None
            self.accounted.add(number)
            return
        self.new_field(FieldDraft("note", "", None, [body], number, links, [number]))

    def bullet_or_field(self, number: int, body: str, *, dashed: bool) -> bool:
        """Read `key: value` (or a link line) into the current entry. False when it is not one."""
        assert self.entry is not None
        found, repairs = split_key(body)
        if found is None:
            if not dashed:
                return False
            self.keyless_bullet(number, body)
            return True
        key_raw, ann, value = found
        key, typo = normalize_key(key_raw)
        if not dashed and not is_known(key):
            return False
        for repair in repairs:
            self.problem(number, Severity.REPAIRED, repair)
        if not dashed:
            self.problem(number, Severity.REPAIRED, f"missing '-' before key {key_raw!r}")
        if typo:
            self.problem(number, Severity.REPAIRED, f"key {key_raw!r} read as {key!r}")
        annotation = " ".join(ann.split()) if ann and ann.strip() else None
        value = value.strip()
        self.new_field(
            FieldDraft(
                key, key_raw, annotation, [value], number, self.links_in(value, key, annotation, number), [number]
            )
        )
        return True

    def continuation(self, number: int, text: str) -> None:
        assert self.field is not None
        self.field.parts.append(text.strip())
        self.field.lines.append(number)
        self.field.links.extend(self.links_in(text, self.field.key, self.field.annotation, number))
        self.accounted.add(number)

    def link_line(self, line: Line) -> bool:
        """True for a line that is only a link (or links): read into the entry's links."""
        assert self.entry is not None
        links = [f for f in find_links(line.text)]
        if not links or plain_text(line.text).replace(links[0].target, "").strip(" |,;"):
            return False
        self.entry.links.extend(self.links_in(line.text, "link", None, line.number))
        self.titles_open = False
        self.field = None
        self.accounted.add(line.number)
        return True

    def note(self, line: Line) -> None:
        """A line of the entry that is no field: its links and its text are kept."""
        assert self.entry is not None
        if not self.link_line(line):
            self.entry.notes.append(plain_text(line.text))
            self.entry.links.extend(self.links_in(line.text, "link", None, line.number))
            self.accounted.add(line.number)
        self.titles_open = False
        self.field = None

    def html_line(self, line: Line) -> None:
        """A line of HTML: its `href` links kept in the entry, its text as a note."""
        hrefs = _hrefs(line.text)
        text = " ".join(strip_tags(line.text).split())
        if self.entry is None:
            self.problem(line.number, Severity.UNUSED, "HTML outside any entry ignored")
            return
        for href in hrefs:
            self.entry.links.extend(self.links_in(f"<{href}>" if "//" in href else href, "link", None, line.number))
        if text:
            self.entry.notes.append(text)
        if hrefs or text:
            self.accounted.add(line.number)
            self.titles_open = False
        else:
            self.problem(line.number, Severity.UNUSED, "HTML ignored")

    def audit(self) -> None:
        """Report every non-blank line that went neither into the records nor into a problem
        (a safety net: each handler accounts for its lines)."""
        reported = {p.line for p in self.problems}
        for number in self.nonblank:
            if number not in self.accounted and number not in reported:
                self.problem(number, Severity.UNUSED, "line not read")
