"""The graph's projection for people: RDF triples into a networkx graph of the things a reader
explores (entries, topics, method families, venues, institutions, datasets, frameworks).

Written against the contract's vocabulary, not against today's data: every resource typed with
one of the classes in `KINDS` becomes a node, and every triple between two nodes becomes an
edge, so classes and properties that later stages add show up without a change here. Links,
code repositories and source documents are not nodes: they are shown as a node's links and in
the page's header.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from kg.graph.namespaces import DCTERMS, KG, RDF, RDFS, SKOS

if TYPE_CHECKING:
    import networkx as nx
    from pyoxigraph import Quad, Triple

    Statement = Triple | Quad  # a loaded `Store` iterates quads


@dataclass(frozen=True)
class NodeKind:
    """A kind of node: the `kg:` class that makes a resource one, and how it is drawn."""

    key: str  # local name of the class
    label: str  # plural, for the legend
    colour: str
    shape: str  # a vis-network shape, or "ring" (a dot drawn as a thick circle)


# Order: legend order, and which kind wins when a resource has several classes. `Entry` holds
# every entry that is not a paper (blog posts, talks, courses, benchmarks, ...).
KINDS: tuple[NodeKind, ...] = (
    NodeKind("Paper", "Papers", "#4e79a7", "dot"),
    NodeKind("Entry", "Other entries", "#9c755f", "triangleDown"),
    NodeKind("MethodFamily", "Method families", "#b07aa1", "diamond"),
    NodeKind("Topic", "Topics", "#f28e2b", "square"),
    NodeKind("Venue", "Venues", "#e15759", "star"),
    NodeKind("Institution", "Institutions", "#59a14f", "triangle"),
    NodeKind("Dataset", "Datasets", "#76b7b2", "hexagon"),
    NodeKind("Framework", "Frameworks", "#d4a017", "ring"),
)
KIND_BY_KEY = {kind.key: kind for kind in KINDS}
LINK_SCHEMES = frozenset({"http", "https"})
_LABEL_WIDTH = 34


def is_web_url(url: str) -> bool:
    """True for an absolute `http`/`https` address with a host: the only ones made clickable."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in LINK_SCHEMES and bool(parts.netloc)


def class_label(local_name: str) -> str:
    """`BlogPost` -> `Blog post`: a class's local name as words."""
    words = re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z0-9]+", local_name) or [local_name]
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


@dataclass
class Resource:
    """What the projection gathered about one resource."""

    classes: set[str] = field(default_factory=set)  # local names of its kg: classes
    label: str | None = None
    title: str | None = None
    alt_labels: set[str] = field(default_factory=set)
    scalars: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    links: set[str] = field(default_factory=set)  # IRIs of its kg:link / kg:codeRepository
    edges: set[tuple[str, str]] = field(default_factory=set)  # (predicate local name, object IRI)


_SCALARS = {
    KG.year.value: "year",
    KG.arxivId.value: "arxivId",
    KG.intro.value: "intro",
    KG.sourceLine.value: "sourceLine",
    KG.url.value: "url",
    KG.urlText.value: "urlText",
    KG.linkKind.value: "linkKind",
    KG.path.value: "path",
}
_LINKS = frozenset({KG.link.value, KG.codeRepository.value})
_DERIVED = "wasDerivedFrom"


def _local(iri: str) -> str:
    return re.split(r"[#/]", iri)[-1] or iri


def gather(statements: Iterable[Statement]) -> dict[str, Resource]:
    """Everything the projection reads, by subject IRI (blank nodes and other graphs' terms are
    read the same way; only named resources become nodes)."""
    from pyoxigraph import NamedNode

    resources: dict[str, Resource] = defaultdict(Resource)
    kg_ns = KG.iri
    for st in statements:
        s, p, o = st.subject, st.predicate.value, st.object
        if not isinstance(s, NamedNode):
            continue
        res = resources[s.value]
        if isinstance(o, NamedNode):
            if p == RDF.type.value:
                if o.value.startswith(kg_ns):
                    res.classes.add(o.value[len(kg_ns) :])
            elif p in _LINKS:
                res.links.add(o.value)
                res.edges.add((_local(p), o.value))
            else:
                res.edges.add((_local(p), o.value))
            continue
        text = getattr(o, "value", None)
        if text is None:
            continue
        if p == RDFS.label.value:
            res.label = min(res.label, text) if res.label else text
        elif p == DCTERMS.title.value:
            res.title = min(res.title, text) if res.title else text
        elif p == SKOS.altLabel.value:
            res.alt_labels.add(text)
        elif p in _SCALARS:
            res.scalars[_SCALARS[p]].add(text)
    return resources


def kind_of(classes: set[str]) -> NodeKind | None:
    """The kind a resource is drawn as, or None when it is not a node of the view."""
    for kind in KINDS:
        if kind.key in classes:
            return kind
    return None


def _link_info(resources: dict[str, Resource], iri: str) -> tuple[str, str] | None:
    """(text, url) for one of an entry's links or code repositories; url '' if it has none."""
    link = resources.get(iri)
    if link is None:
        return None
    urls = sorted(link.scalars.get("url", ()))
    url = urls[0] if urls else min(link.scalars.get("urlText", {""}))
    if "CodeRepository" in link.classes:
        text = f"code: {link.label}" if link.label and link.label != url else "code"
    else:
        text = min(link.scalars.get("linkKind", {"link"}))
    return text, url


@dataclass(frozen=True)
class Projection:
    """The view's graph and what the page says about where it came from."""

    graph: nx.DiGraph
    sources: tuple[str, ...]


def project(statements: Iterable[Statement], *, sources: Iterable[str] | None = None) -> Projection:
    """The reader's graph of `statements`: one node per resource of a kind in `KINDS` (keyed by
    IRI), one directed edge per pair of nodes that a triple links (its `relation` is the
    predicate's local name; several predicates between one pair are joined by a space).

    Node attributes: `label` (what is drawn), `name` (full name or title), `kind`, `class`
    (its most specific class, e.g. `BlogPost`), `aliases`, `links` (tuple of (text, url)),
    and `year`, `arxivId`, `intro`, `source` where known. `sources`: the names of the lists
    (default: the `kg:path` of every `kg:SourceDocument`).
    """
    import networkx as nx

    resources = gather(statements)
    graph = nx.DiGraph()
    kinds = {iri: kind for iri, res in resources.items() if (kind := kind_of(res.classes)) is not None}
    source_names = {
        iri: min(res.scalars.get("path", set()) or {res.label or _local(iri)})
        for iri, res in resources.items()
        if "SourceDocument" in res.classes
    }
    for iri in sorted(kinds, key=lambda i: (KINDS.index(kinds[i]), i)):
        res, kind = resources[iri], kinds[iri]
        specific = sorted(res.classes - {"Entry"}) if kind.key == "Entry" else [kind.key]
        name = res.title or res.label or _local(iri)
        attrs: dict[str, object] = {
            "label": short_label(name) if kind.key in ("Paper", "Entry") else " ".join(name.split()),
            "name": name,
            "kind": kind.key,
            "class": specific[0] if specific else kind.key,
            "aliases": tuple(sorted(res.alt_labels | ({res.label} if res.label and res.label != name else set()))),
        }
        links = sorted({info for link in res.links if (info := _link_info(resources, link)) is not None})
        links += [("web", url) for url in sorted(res.scalars.get("url", ()))]
        attrs["links"] = tuple(links)
        for key in ("year", "arxivId", "intro"):
            if res.scalars.get(key):
                attrs[key] = min(res.scalars[key])
        derived = sorted(source_names[o] for p, o in res.edges if p == _DERIVED and o in source_names)
        if derived:
            line = min(res.scalars.get("sourceLine", {""}), key=lambda v: (len(v), v))
            attrs["source"] = f"{derived[0]}:{line}" if line else derived[0]
        graph.add_node(iri, **attrs)
    relations: dict[tuple[str, str], set[str]] = defaultdict(set)
    for iri in kinds:
        for predicate, obj in resources[iri].edges:
            if obj in kinds and obj != iri:
                relations[(iri, obj)].add(predicate)
    for s, o in sorted(relations):
        graph.add_edge(s, o, relation=" ".join(sorted(relations[(s, o)])))
    names = tuple(sources) if sources is not None else tuple(sorted(source_names.values()))
    return Projection(graph, names)
