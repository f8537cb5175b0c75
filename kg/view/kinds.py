"""The kinds of node the view draws, and how their names read."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class NodeKind:
    """A kind of node: the `kg:` class that makes a resource one, and how it is drawn."""

    key: str  # local name of the class
    label: str  # plural, for the legend
    colour: str
    shape: str  # a vis-network shape; "ring" and "frame": a dot or a square drawn hollow
    facet: str = ""  # the name of its filter in the page, if entries can be filtered by it


# Order: legend order, and which kind wins when a resource has several classes. `Entry` holds
# every entry that is not a paper (blog posts, talks, courses, benchmarks, ...).
KINDS: tuple[NodeKind, ...] = (
    NodeKind("Paper", "Papers", "#4e79a7", "dot"),
    NodeKind("Entry", "Other entries", "#9c755f", "triangleDown"),
    NodeKind("MethodFamily", "Method families", "#b07aa1", "diamond", "family"),
    NodeKind("Topic", "Topics", "#f28e2b", "square", "topic"),
    NodeKind("Venue", "Venues", "#e15759", "star", "venue"),
    NodeKind("Institution", "Institutions", "#59a14f", "triangle", "institution"),
    NodeKind("Dataset", "Datasets", "#76b7b2", "hexagon", "dataset"),
    NodeKind("Framework", "Frameworks", "#d4a017", "ring", "framework"),
    NodeKind("Library", "Libraries", "#8c6bb1", "frame", "library"),
)
KIND_BY_KEY = {kind.key: kind for kind in KINDS}
ENTRY_KINDS = frozenset({"Paper", "Entry"})
_LABEL_WIDTH = 34


def kind_of(classes: set[str]) -> NodeKind | None:
    """The kind a resource is drawn as, or None when it is not a node of the view."""
    for kind in KINDS:
        if kind.key in classes:
            return kind
    return None


def local_name(iri: str) -> str:
    """The last segment of an IRI after `#` or `/` (the whole IRI if that is empty)."""
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[cut + 1 :] or iri


def class_label(name: str) -> str:
    """`BlogPost` -> `Blog post`: a class's local name as words."""
    words = re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z0-9]+", name) or [name]
    return " ".join([words[0], *(w if w.isupper() else w.lower() for w in words[1:])])


def short_label(title: str, width: int = _LABEL_WIDTH) -> str:
    """A label to draw for an entry: the name before a colon (`DeepLab: Semantic ...` ->
    `DeepLab`) when there is a short one, else the title cut at a word near `width`."""
    title = " ".join(title.split())
    head, sep, _rest = title.partition(": ")
    if sep and 2 <= len(head) <= 24:
        return head
    if len(title) <= width:
        return title
    cut = title.rfind(" ", 0, width)
    return title[: cut if cut > width // 2 else width].rstrip(" ,;:-") + "\u2026"
