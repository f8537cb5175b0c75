"""The graph's projection for people: RDF triples into a networkx graph of the things a reader
explores (entries, topics, method families, venues, institutions, datasets, frameworks,
libraries).

Written against the contract's vocabulary, not against today's data: every resource typed with
one of the classes in `KINDS` becomes a node, and every triple between two nodes becomes an
edge, so classes and properties that later stages add show up without a change here. Links,
code repositories, source documents and listings (`kg:Listing`, one appearance of an entry in a
list) are not nodes: they are shown in a node's details. Outside identifiers (`schema:sameAs`
IRIs such as `https://arxiv.org/abs/ID`) are never nodes either; web ones become links.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from kg.graph.namespaces import DCTERMS, KG, PROV, RDF, RDFS, SKOS
from kg.view.kinds import KINDS, NodeKind, class_label, kind_of, local_name, short_label

if TYPE_CHECKING:
    import networkx as nx
    from pyoxigraph import Quad, Triple

    Statement = Triple | Quad  # a loaded `Store` iterates quads

__all__ = ["KINDS", "NodeKind", "Projection", "Statement", "class_label", "gather", "is_web_url", "project"]
LINK_SCHEMES = frozenset({"http", "https"})


def is_web_url(url: str) -> bool:
    """True for an absolute `http`/`https` address with a host: the only ones made clickable."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in LINK_SCHEMES and bool(parts.netloc)


def arxiv_year(arxiv_id: str) -> str | None:
    """The year an arXiv id was issued: `1411.4038` -> `2014` (YYMM), `cs/9901001` -> `1999`."""
    digits = arxiv_id.rsplit("/", 1)[-1]
    if len(digits) < 4 or not digits[:4].isdigit() or not 1 <= int(digits[2:4]) <= 12:
        return None
    yy = int(digits[:2])
    return str(1900 + yy if yy >= 91 else 2000 + yy)


class Resource:
    """What the projection gathered about one resource (a plain class with slots: a graph of
    130k triples has some 20k of them)."""

    __slots__ = ("classes", "label", "title", "alt_labels", "scalars", "links", "edges", "outside")

    def __init__(self) -> None:
        self.classes: set[str] = set()  # local names of its kg: classes
        self.label: str | None = None
        self.title: str | None = None
        self.alt_labels: set[str] = set()
        self.scalars: dict[str, set[str]] = {}
        self.links: set[str] = set()  # IRIs of its kg:link / kg:codeRepository
        self.edges: set[tuple[str, str]] = set()  # (predicate local name, object IRI)
        self.outside: set[str] = set()  # its sameAs IRIs


_KG = KG.iri
_KG_LENGTH = len(_KG)
_SCALARS = {
    _KG + name: name
    for name in ("year", "arxivId", "intro", "keywords", "sourceLine", "url", "urlText", "linkKind", "path")
} | {_KG + "sectionPath": "sectionPath"}
_LINKS = frozenset({KG.link.value, KG.codeRepository.value})
_LISTING = _KG + "listing"
_TYPE, _LABEL, _TITLE, _ALT = RDF.type.value, RDFS.label.value, DCTERMS.title.value, SKOS.altLabel.value
_DERIVED = local_name(PROV.wasDerivedFrom.value)


def _literal(res: Resource, p: str, text: str) -> None:
    """Record a literal object of `res`."""
    if p == _LABEL:
        res.label = min(res.label, text) if res.label else text
    elif p == _TITLE:
        res.title = min(res.title, text) if res.title else text
    elif p == _ALT:
        res.alt_labels.add(text)
    elif p in _SCALARS:
        res.scalars.setdefault(_SCALARS[p], set()).add(text)


def gather(statements: Iterable[Statement]) -> dict[str, Resource]:
    """Everything the projection reads, by subject IRI (blank nodes and other graphs' terms are
    read the same way; only named resources become nodes)."""
    from pyoxigraph import Literal, NamedNode

    resources: dict[str, Resource] = defaultdict(Resource)
    names: dict[str, str] = {}  # predicate IRI -> local name
    last, res = "", Resource()
    for st in statements:
        s = st.subject
        if type(s) is not NamedNode:
            continue
        subject = s.value
        if subject != last:  # sorted statements come subject by subject
            last, res = subject, resources[subject]
        p, o = st.predicate.value, st.object
        if type(o) is Literal:
            _literal(res, p, o.value)
        elif type(o) is not NamedNode:
            continue
        elif p == _TYPE:
            value = o.value
            if value.startswith(_KG):
                res.classes.add(value[_KG_LENGTH:])
        else:
            name = names.get(p) or names.setdefault(p, local_name(p))
            if name == "sameAs":
                res.outside.add(o.value)
                continue
            if p in _LINKS:
                res.links.add(o.value)
            res.edges.add((name, o.value))
    return resources


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


def _outside_links(res: Resource, known: set[str]) -> list[tuple[str, str]]:
    """The web addresses among its `sameAs` IRIs that none of its links has already, named by
    their host (`arxiv.org`, `github.com`)."""
    found = []
    for iri in sorted(res.outside):
        if is_web_url(iri) and iri.rstrip("/") not in known:
            found.append((urlsplit(iri).netloc.lower().removeprefix("www."), iri))
    return found


def _fold_listings(resources: dict[str, Resource], source_names: dict[str, str]) -> dict[str, list[tuple]]:
    """Each entry's listings as (list name, line, section path), and every fact read at a listing
    (its edges and scalars) added to the entry itself, so that the view shows them whether the
    graph keeps them on the entry, on its listings, or on both."""
    listed: dict[str, list[tuple]] = {}
    for iri, res in resources.items():
        for predicate, target in sorted(res.edges):
            listing = resources.get(target) if predicate == "listing" else None
            if listing is None or "Listing" not in listing.classes:
                continue
            lists = sorted(source_names[o] for p, o in listing.edges if p == _DERIVED and o in source_names)
            lines = sorted(int(v) for v in listing.scalars.get("sourceLine", ()) if v.isdigit())
            path = min(listing.scalars.get("sectionPath", {""}))
            listed.setdefault(iri, []).append((lists[0] if lists else "", lines[0] if lines else 0, path))
            res.edges |= {(p, o) for p, o in listing.edges if p != _DERIVED}
            for key, values in listing.scalars.items():
                if key not in ("sourceLine", "sectionPath"):
                    res.scalars.setdefault(key, set()).update(values)
    return {iri: sorted(set(items)) for iri, items in listed.items()}


def _direct_listings(res: Resource, source_names: dict[str, str]) -> list[tuple]:
    """Listings of a graph without `kg:Listing` nodes: each list the entry is derived from, with
    its line where there is only one list (several lines cannot be told apart then)."""
    lists = sorted(source_names[o] for p, o in res.edges if p == _DERIVED and o in source_names)
    lines = sorted(int(v) for v in res.scalars.get("sourceLine", ()) if v.isdigit())
    return [(name, lines[0] if lines and len(lists) == 1 else 0, "") for name in lists]


@dataclass(frozen=True)
class Projection:
    """The view's graph and what the page says about where it came from."""

    graph: nx.DiGraph
    sources: tuple[str, ...]


def _attributes(iri: str, res: Resource, kind: NodeKind, resources: dict[str, Resource]) -> dict[str, object]:
    """A node's attributes (see `project`), listings and communities aside."""
    specific = sorted(res.classes - {"Entry", "Listing"}) if kind.key == "Entry" else [kind.key]
    name = res.title or res.label or local_name(iri)
    attrs: dict[str, object] = {
        "label": " ".join(name.split()) if kind.key not in ("Paper", "Entry") else short_label(name),
        "name": name,
        "kind": kind.key,
        "class": specific[0] if specific else kind.key,
        "aliases": tuple(sorted(res.alt_labels | ({res.label} if res.label and res.label != name else set()))),
    }
    links = sorted({info for link in res.links if (info := _link_info(resources, link)) is not None})
    links += [("web", url) for url in sorted(res.scalars.get("url", ()))]
    links += _outside_links(res, {url.rstrip("/") for _, url in links})
    attrs["links"] = tuple(links)
    for key in ("year", "arxivId", "intro", "keywords"):
        if res.scalars.get(key):
            attrs[key] = min(res.scalars[key])
    if "year" in attrs:
        attrs["yearFrom"] = "venue"
    elif "arxivId" in attrs and (issued := arxiv_year(str(attrs["arxivId"]))):
        attrs.update(year=issued, yearFrom="arXiv")
    return attrs


def project(statements: Iterable[Statement], *, sources: Iterable[str] | None = None) -> Projection:
    """The reader's graph of `statements`: one node per resource of a kind in `KINDS` (keyed by
    IRI), one directed edge per pair of nodes that a triple links (its `relation` is the
    predicate's local name; several predicates between one pair are joined by a space).

    Node attributes: `label` (what is drawn), `name` (full name or title), `kind`, `class`
    (its most specific class, e.g. `BlogPost`), `aliases`, `links` (tuple of (text, url)),
    `listings` (tuple of (list, line or 0, section path)), and `year` with `yearFrom` (`venue`,
    or `arXiv` when the year is that of the arXiv id), `arxivId`, `intro`, `keywords`, `source`
    (`list:line` of its first listing) where known. `sources`: the names of the lists (default:
    the `kg:path` of every `kg:SourceDocument`).
    """
    import networkx as nx

    resources = gather(statements)
    source_names = {
        iri: min(res.scalars.get("path", set()) or {res.label or local_name(iri)})
        for iri, res in resources.items()
        if "SourceDocument" in res.classes
    }
    listed = _fold_listings(resources, source_names)
    kinds = {iri: kind for iri, res in resources.items() if (kind := kind_of(res.classes)) is not None}
    order = {kind.key: k for k, kind in enumerate(KINDS)}
    graph = nx.DiGraph()
    for iri in sorted(kinds, key=lambda i: (order[kinds[i].key], i)):
        res = resources[iri]
        attrs = _attributes(iri, res, kinds[iri], resources)
        listings = listed.get(iri) or _direct_listings(res, source_names)
        attrs["listings"] = tuple(listings)
        if listings:
            name, line, _path = listings[0]
            attrs["source"] = f"{name}:{line}" if line else name
        graph.add_node(iri, **attrs)
    relations: dict[tuple[str, str], set[str]] = defaultdict(set)
    for iri in kinds:
        for predicate, obj in resources[iri].edges:
            if obj in kinds and obj != iri:
                relations[(iri, obj)].add(predicate)
    graph.add_edges_from((s, o, {"relation": " ".join(sorted(relations[(s, o)]))}) for s, o in sorted(relations))
    names = tuple(sources) if sources is not None else tuple(sorted(source_names.values()))
    return Projection(graph, names)
