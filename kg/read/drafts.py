"""Entries and fields while their lines are being read: mutable drafts that the parser fills in
and freezes into `Entry` and `Field` records when the document is done."""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.read.records import Entry, Field, Heading, Link


@dataclass
class FieldDraft:
    key: str
    raw_key: str
    annotation: str | None
    value: str
    line: int
    links: list[Link]
    text: str
    lines: list[int]

    def freeze(self) -> Field:
        return Field(
            self.key,
            self.raw_key,
            self.annotation,
            self.value,
            self.line,
            tuple(self.links),
            self.text,
            tuple(self.lines),
        )


@dataclass
class EntryDraft:
    source: str
    line: int
    titles: list[str]
    sections: tuple[Heading, ...]
    fields: list[FieldDraft] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def freeze(self) -> Entry:
        fields = tuple(f.freeze() for f in self.fields)
        return Entry(
            self.source, self.line, tuple(self.titles), self.sections, fields, tuple(self.links), tuple(self.notes)
        )


@dataclass
class Line:
    """One input line as the handlers see it."""

    number: int
    raw: str  # as in the file (tabs expanded)
    text: str  # stripped
    after_blank: bool  # a blank line (or the start) came right before it
