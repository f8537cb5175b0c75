"""The records the understanding stage produces: entities, the facts read about an entry, and
listings (one entry of one list, with its kind, its identity and its facts). Immutable."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from kg.read.records import Document, Entry, Link, Problem


class EntityKind(StrEnum):
    """The kinds of entities the vocabulary and the extractor know; the value is the folder of
    the entity's IRI (`venue/cvpr`) and of its vocabulary concept."""

    VENUE = "venue"
    INSTITUTION = "institution"
    FRAMEWORK = "framework"
    LIBRARY = "library"
    DATASET = "dataset"
    FAMILY = "family"

    @property
    def class_name(self) -> str:
        """The local name of the entity's class in the ontology (`MethodFamily`)."""
        return _CLASS_NAMES[self]

    @property
    def ruler_label(self) -> str:
        """The label of the entity's patterns in the spaCy entity rulers (`ORG`)."""
        return _RULER_LABELS[self]


_CLASS_NAMES = {
    EntityKind.VENUE: "Venue",
    EntityKind.INSTITUTION: "Institution",
    EntityKind.FRAMEWORK: "Framework",
    EntityKind.LIBRARY: "Library",
    EntityKind.DATASET: "Dataset",
    EntityKind.FAMILY: "MethodFamily",
}
_RULER_LABELS = {
    EntityKind.VENUE: "VENUE",
    EntityKind.INSTITUTION: "ORG",
    EntityKind.FRAMEWORK: "FRAMEWORK",
    EntityKind.LIBRARY: "LIBRARY",
    EntityKind.DATASET: "DATASET",
    EntityKind.FAMILY: "FAMILY",
}
KIND_OF_RULER_LABEL = {kind.ruler_label: kind for kind in EntityKind}


class EntryKind(StrEnum):
    """The kinds of entries; the value is the folder of an entry's IRI (`blog-post/...`)."""

    PAPER = "paper"
    BLOG_POST = "blog-post"
    TALK = "talk"
    TUTORIAL = "tutorial"
    SOFTWARE = "software"
    BENCHMARK = "benchmark"
    CHALLENGE = "challenge"
    LEADERBOARD = "leaderboard"
    COURSE = "course"
    DATASET = "dataset"

    @property
    def class_name(self) -> str:
        """The local name of the entry's class in the ontology (`BlogPost`)."""
        return _ENTRY_CLASSES[self]

    @property
    def dated(self) -> bool:
        """True when an entry of this kind takes a venue, year and workshop flag: every kind but
        a blog post (a paper where it appeared; a talk, tutorial or course where it was given)."""
        return self is not EntryKind.BLOG_POST


_ENTRY_CLASSES = {
    EntryKind.PAPER: "Paper",
    EntryKind.BLOG_POST: "BlogPost",
    EntryKind.TALK: "Talk",
    EntryKind.TUTORIAL: "Tutorial",
    EntryKind.SOFTWARE: "SoftwareProject",
    EntryKind.BENCHMARK: "Benchmark",
    EntryKind.CHALLENGE: "Challenge",
    EntryKind.LEADERBOARD: "Leaderboard",
    EntryKind.COURSE: "Course",
    EntryKind.DATASET: "DatasetRelease",
}


@dataclass(frozen=True, order=True)
class Entity:
    """A resolved entity: its kind, stable key and canonical name."""

    kind: EntityKind
    key: str
    label: str
    spellings: tuple[str, ...] = ()  # other spellings, seen in the input or known
    known: bool = True  # a concept of the vocabulary (False: found by the shape of its name)


@dataclass(frozen=True)
class Facts:
    """What paperkg learned about one entry beyond its structure."""

    frameworks: tuple[Entity, ...] = ()
    repo_frameworks: tuple[tuple[str, tuple[Entity, ...]], ...] = ()  # (repository url, its frameworks)
    venue: Entity | None = None
    year: int | None = None
    workshop: bool | None = None
    institutions: tuple[Entity, ...] = ()
    families: tuple[Entity, ...] = ()  # kg:methodFamily: the families it belongs to (origin, version, variant)
    uses: tuple[Entity, ...] = ()  # kg:usesMethod: methods and architectures it uses or builds on
    libraries: tuple[Entity, ...] = ()  # kg:usesLibrary: toolboxes and libraries of its code
    datasets: tuple[Entity, ...] = ()
    awards: tuple[str, ...] = ()
    presentation: str | None = None

    def frameworks_of(self, url: str) -> tuple[Entity, ...]:
        """The frameworks named for the code at `url` (`github(PyTorch): url`)."""
        return next((found for at, found in self.repo_frameworks if at == url), ())


@dataclass(frozen=True)
class Topic:
    """A heading as a topic: its key and its text."""

    key: str
    label: str


@dataclass(frozen=True)
class Repository:
    """A code repository that a link points into: its key (the path below `repo/`), its name
    (`owner/name` on a forge) and its address."""

    key: str
    label: str
    url: str


@dataclass(frozen=True)
class PlacedLink:
    """One link of an entry, as placed in the graph: a code repository, or a link of its own
    with the key of its node below the entry."""

    link: Link
    repository: Repository | None
    key: str


@dataclass(frozen=True)
class Listing:
    """One appearance of an entry in a list, understood: what it is, which resource it is
    (`key`, the path of the resource's IRI below the base) and which listing (`listing_key`),
    where it sits (its topics and the path of headings above it), its links, and the facts read
    from it."""

    entry: Entry
    kind: EntryKind
    key: str
    listing_key: str
    source_key: str
    arxiv: str | None
    sections: tuple[Topic, ...]  # the headings above it that name topics
    section_path: str  # every heading above it, " / " between them
    links: tuple[PlacedLink, ...]
    facts: Facts


@dataclass(frozen=True)
class Resource:
    """An entry as one resource, over all its listings: its title (from its first listing in the
    order of list names and lines), the other titles seen, and the facts its listings give,
    brought together by the rule in `kg.understand.consolidate`."""

    key: str
    kind: EntryKind
    title: str
    alternative_titles: tuple[str, ...]
    arxiv: str | None
    facts: Facts
    listings: tuple[Listing, ...]


@dataclass(frozen=True)
class Understanding:
    """Everything the understanding stage learned from a build's documents."""

    documents: tuple[Document, ...]
    source_keys: tuple[str, ...]  # the key of each document's node, in the same order
    resources: tuple[Resource, ...]  # one per entry resource, by key
    broader: tuple[tuple[Entity, Entity], ...]  # (narrower, broader) method families
    problems: tuple[Problem, ...]  # what the reading stage and this one repaired or did not use
    unplaced: tuple[Problem, ...]  # intro and keywords fragments that named no entity
    disagreements: tuple[Problem, ...] = ()  # listings of one resource whose facts differ

    @property
    def listings(self) -> tuple[Listing, ...]:
        """Every listing, resource by resource."""
        return tuple(listing for resource in self.resources for listing in resource.listings)
