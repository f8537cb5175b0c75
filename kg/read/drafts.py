"""Entries and fields while their lines are being read: mutable drafts that the parser fills in
and freezes into `Entry` and `Field` records when the document is done. Freezing is where texts
are joined, reduced to plain text and cut to their limits (`kg.read.limits`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.read.limits import MAX_TEXT, cut
from kg.read.links import outside_links, plain_text
from kg.read.records import Entry, Field, Heading, Link, Problem, Severity


@dataclass
class FieldDraft:
    key: str
    raw_key: str
    annotation: str | None
    parts: list[str]  # the value's text on each of its lines, markdown kept
    line: int
    links: list[Link]
    lines: list[int]

    def freeze(self, source: str) -> tuple[Field, list[Problem]]:
        value = " ".join(self.parts).strip()
        text, cut_text = cut(plain_text(value), MAX_TEXT)
        rest, _ = cut(outside_links(value), MAX_TEXT)
        problems = []
        if not self.links and not any(ch.isalnum() for ch in text):
            problems.append(
                Problem(source, self.line, Severity.UNUSED, f"key {self.raw_key or self.key!r} has no value")
            )
        if cut_text:
            message = f"the value of {self.raw_key or self.key!r} cut to {MAX_TEXT:,} characters"
            problems.append(Problem(source, self.line, Severity.REPAIRED, message))
        frozen = Field(
            self.key,
            self.raw_key,
            self.annotation,
            value[: 2 * MAX_TEXT],
            self.line,
            tuple(self.links),
            text,
            tuple(self.lines),
            rest,
        )
        return frozen, problems


@dataclass
class EntryDraft:
    source: str
    line: int
    titles: list[str]
    sections: tuple[Heading, ...]
    fields: list[FieldDraft] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def has_body(self) -> bool:
        """True once a field, link or note follows the entry's titles."""
        return bool(self.fields or self.links or self.notes)

    def freeze(self) -> tuple[Entry, list[Problem]]:
        problems: list[Problem] = []
        fields = []
        for draft in self.fields:
            frozen, found = draft.freeze(self.source)
            fields.append(frozen)
            problems.extend(found)
        notes = []
        for note in self.notes:
            text, was_cut = cut(note, MAX_TEXT)
            notes.append(text)
            if was_cut:
                message = f"a note of the entry cut to {MAX_TEXT:,} characters"
                problems.append(Problem(self.source, self.line, Severity.REPAIRED, message))
        entry = Entry(
            self.source, self.line, tuple(self.titles), self.sections, tuple(fields), tuple(self.links), tuple(notes)
        )
        return entry, problems


@dataclass
class Line:
    """One input line as the handlers see it."""

    number: int
    raw: str  # as in the file (tabs expanded)
    text: str  # stripped
    after_blank: bool  # a blank line (or the start) came right before it
