"""The records the reading stage produces: documents, entries, their bullet fields and links, and
the problems met on the way. Immutable; no markdown, spaCy or RDF knowledge lives here."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    """How the parser dealt with an input line."""

    REPAIRED = "repaired"  # read, after a repair
    TEXT_ONLY = "kept as text"  # kept in the graph as text only (an address that is no IRI)
    UNUSED = "unused"  # not in the graph


@dataclass(frozen=True, order=True)
class Problem:
    """An input line that the parser had to repair or could not use."""

    source: str
    line: int
    severity: Severity
    message: str

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else self.source
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class Link:
    """A web address found in an entry, with the key of the bullet line it sits on."""

    key: str
    annotation: str | None
    url: str | None  # cleaned, a valid absolute IRI; None when it cannot be made one
    raw: str  # as written
    text: str | None  # the link text of a markdown link, if any
    line: int


@dataclass(frozen=True)
class Field:
    """One `- key: value` bullet line of an entry, with its continuation lines joined."""

    key: str  # normalized key ("github", "project page", "intro")
    raw_key: str  # as written
    annotation: str | None  # "official, PyTorch" from `github(official, PyTorch)`
    value: str  # the value text, markdown links kept as written
    line: int
    links: tuple[Link, ...] = ()
    text: str = ""  # the value as plain text: link markup replaced by the link text
    lines: tuple[int, ...] = ()  # every line the value spans
    rest: str = ""  # the plain text outside the value's links (what its links do not carry)


@dataclass(frozen=True)
class Heading:
    """A markdown heading: its level (1 for `#`) and its text."""

    level: int
    text: str
    line: int


@dataclass(frozen=True)
class Table:
    """A markdown table, kept as rows of cell texts; never an entry."""

    line: int
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Entry:
    """One item of a list: its bold titles, bullet fields, links and the headings above it."""

    source: str
    line: int
    titles: tuple[str, ...]
    sections: tuple[Heading, ...]
    fields: tuple[Field, ...] = ()
    links: tuple[Link, ...] = ()  # bare link lines and HTML links
    notes: tuple[str, ...] = ()  # bare text lines of the entry

    @property
    def title(self) -> str:
        return self.titles[0]

    def all_links(self) -> list[Link]:
        """Every link of the entry in line order."""
        found = [link for f in self.fields for link in f.links] + list(self.links)
        return sorted(found, key=lambda link: link.line)

    def values(self, *keys: str) -> list[Field]:
        """The fields whose normalized key is one of `keys`, in order."""
        return [f for f in self.fields if f.key in keys]


@dataclass(frozen=True)
class Document:
    """A parsed markdown list."""

    source: str  # the name it is known by: a path relative to the folder given, or the file name
    front_matter: tuple[tuple[str, str], ...]
    entries: tuple[Entry, ...]
    headings: tuple[Heading, ...]
    tables: tuple[Table, ...]
    problems: tuple[Problem, ...]

    def meta(self, key: str) -> str:
        """The front matter value of `key`, or "" when there is none."""
        return dict(self.front_matter).get(key, "")
