"""Entries and their facts into RDF triples. The only stage that makes triples.

Triples are pyoxigraph terms (fast to make, sort and write); `kg.graph` puts them behind the
rdflib API where that serves.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from pyoxigraph import Literal, NamedNode, Triple

from kg.classify import Kind, classify, entry_arxiv_id
from kg.ids import digest, path_segment, slug, title_key
from kg.keys import key_kind
from kg.model import Document, Entity, Entry, Facts, Link
from kg.namespaces import DCTERMS, KG, PROV, RDF, RDFS, SKOS, XSD
from kg.urls import forge_repository

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_NON_CODE_KINDS = frozenset({"paper", "slides", "project", "data", "person", "video", "blog"})
ENTITY_CLASSES = {
    "venue": "Venue",
    "institution": "Institution",
    "framework": "Framework",
    "dataset": "Dataset",
    "family": "MethodFamily",
}


def text_literal(text: str) -> Literal:
    """A plain string literal, with control characters and lone surrogates removed."""
    return Literal(_CONTROL.sub("", text))


def integer(value: int) -> Literal:
    return Literal(str(value), datatype=XSD.integer)


def any_uri(iri: str) -> Literal:
    return Literal(iri, datatype=XSD.anyURI)


@dataclass(frozen=True)
class Repository:
    """A code repository that a link points into."""

    key: str  # path below `repo/` in the resource namespace
    label: str
    url: str


def code_repository(link: Link) -> Repository | None:
    """The repository a link is code in, if it is a code link (see the README for the rule)."""
    if link.url is None:
        return None
    kind = key_kind(link.key)
    forge = forge_repository(link.url)
    if forge and kind not in _NON_CODE_KINDS:
        host, owner, name = forge
        return Repository(
            f"{host}/{path_segment(owner.lower())}/{path_segment(name.lower())}",
            f"{owner}/{name}",
            f"https://{host}/{owner}/{name}",
        )
    if kind == "code":
        return Repository(f"url/{digest(link.url)}", link.url, link.url)
    return None


@dataclass
class Listing:
    """One entry of one document, as placed in the graph."""

    entry: Entry
    kind: Kind
    arxiv: str | None
    iri: NamedNode
    facts: Facts


@dataclass
class GraphContent:
    """The triples of a build, and what was placed where."""

    triples: set[Triple] = field(default_factory=set)
    listings: list[Listing] = field(default_factory=list)

    def add(self, s: NamedNode, p: NamedNode, o: NamedNode | Literal) -> None:
        self.triples.add(Triple(s, p, o))


class GraphBuilder:
    """Makes the triples for a set of parsed documents under one resource namespace."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.content = GraphContent()
        self.labels: dict[str, str] = {}  # entity IRI -> the label it was first given

    def node(self, path: str) -> NamedNode:
        return NamedNode(self.base + path)

    # -- entities ----------------------------------------------------------------------
    def entity(self, entity: Entity) -> NamedNode:
        node = self.node(f"{entity.kind}/{entity.key}")
        add = self.content.add
        label = self.labels.setdefault(node.value, entity.label)
        add(node, RDF.type, KG[ENTITY_CLASSES[entity.kind]])
        add(node, RDFS.label, text_literal(label))
        for spelling in {entity.label, *entity.spellings}:
            if spelling != label:
                add(node, SKOS.altLabel, text_literal(spelling))
        return node

    def topic(self, text: str) -> NamedNode:
        node = self.node(f"topic/{slug(text)}")
        self.content.add(node, RDF.type, KG.Topic)
        self.content.add(node, RDFS.label, text_literal(text))
        return node

    def document(self, doc: Document) -> NamedNode:
        node = self.node(f"source/{slug(doc.source)}")
        add = self.content.add
        add(node, RDF.type, KG.SourceDocument)
        add(node, RDFS.label, text_literal(doc.source.rsplit("/", 1)[-1]))
        add(node, KG.path, text_literal(doc.source))
        if doc.front_matter.get("title"):
            add(node, DCTERMS.title, text_literal(doc.front_matter["title"]))
        if doc.front_matter.get("category"):
            add(node, KG.category, text_literal(doc.front_matter["category"]))
        date = doc.front_matter.get("date", "")
        try:
            add(node, DCTERMS.date, Literal(_dt.date.fromisoformat(date[:10]).isoformat(), datatype=XSD.date))
        except ValueError:
            if date:
                add(node, DCTERMS.date, text_literal(date))
        return node

    # -- entries -----------------------------------------------------------------------
    def entry_iri(self, entry: Entry, kind: Kind, arxiv: str | None, known_titles: dict[str, str]) -> NamedNode:
        if kind is Kind.PAPER:
            if arxiv is None:
                arxiv = next((known_titles[k] for k in map(title_key, entry.titles) if k in known_titles), None)
            if arxiv:
                return self.node(f"paper/arxiv/{arxiv}")
            return self.node(f"paper/{title_key(entry.title)}")
        return self.node(f"{kind.value}/{title_key(entry.title)}")

    def links(self, subject: NamedNode, entry: Entry, facts: Facts) -> None:
        add = self.content.add
        for link in entry.all_links():
            repo = code_repository(link)
            if repo is not None:
                node = self.node(f"repo/{repo.key}")
                add(subject, KG.codeRepository, node)
                add(node, RDF.type, KG.CodeRepository)
                add(node, RDFS.label, text_literal(repo.label))
                add(node, KG.url, any_uri(repo.url))
                for framework in facts.repo_frameworks.get(link.url or "", []):
                    add(node, KG.framework, self.entity(framework))
                continue
            node = NamedNode(f"{subject.value}/link/{digest(link.key, link.url or link.raw)}")
            add(subject, KG.link, node)
            add(node, RDF.type, KG.Link)
            add(node, KG.linkKind, text_literal(link.key))
            if link.annotation:
                add(node, KG.annotation, text_literal(link.annotation))
            if link.url:
                add(node, KG.url, any_uri(link.url))
            else:
                add(node, KG.urlText, text_literal(link.raw))

    def listing(self, listing: Listing, doc_node: NamedNode, main_title: str | None) -> None:
        """Add one listing; `main_title` is the title an earlier listing of the same resource
        gave it (None for the first listing)."""
        entry, subject, facts = listing.entry, listing.iri, listing.facts
        add = self.content.add
        add(subject, RDF.type, KG[listing.kind.class_name])
        add(subject, RDF.type, KG.Entry)
        if main_title is None:
            main_title = entry.title
            add(subject, DCTERMS.title, text_literal(main_title))
            if listing.kind is not Kind.PAPER:
                add(subject, RDFS.label, text_literal(main_title))
        for title in entry.titles:
            if title != main_title:
                add(subject, KG.alternativeTitle, text_literal(title))
        if listing.arxiv:
            add(subject, KG.arxivId, text_literal(listing.arxiv))
        add(subject, PROV.wasDerivedFrom, doc_node)
        add(subject, KG.sourceLine, integer(entry.line))
        parent: NamedNode | None = None
        for heading in entry.sections:
            topic = self.topic(heading.text)
            add(subject, KG.section, topic)
            if parent is not None and parent != topic:
                add(topic, SKOS.broader, parent)
            parent = topic
        for fld in entry.fields:
            if fld.key == "intro" and fld.text:
                add(subject, KG.intro, text_literal(fld.text))
            elif fld.key == "keywords" and fld.text:
                add(subject, KG.keywords, text_literal(fld.text))
            elif key_kind(fld.key) == "text" and fld.text:
                note = fld.text if fld.key == "note" else f"{fld.raw_key or fld.key}: {fld.text}"
                add(subject, KG.note, text_literal(note))
        for note in entry.notes:
            if note:
                add(subject, KG.note, text_literal(note))
        self.links(subject, entry, facts)
        for framework in facts.frameworks:
            add(subject, KG.usesFramework, self.entity(framework))
        # only papers have publication venues (a talk's "2016 Embedded Vision Summit" is not one)
        if listing.kind is Kind.PAPER and facts.venue is not None:
            add(subject, KG.venue, self.entity(facts.venue))
            if facts.year is not None:
                add(subject, KG.year, Literal(f"{facts.year:04d}", datatype=XSD.gYear))
        if listing.kind is Kind.PAPER and facts.workshop is not None:
            add(subject, KG.workshop, Literal("true" if facts.workshop else "false", datatype=XSD.boolean))
        for award in facts.awards:
            add(subject, KG.award, text_literal(award))
        if facts.presentation is not None and listing.kind is Kind.PAPER:
            add(subject, KG.presentation, text_literal(facts.presentation))
        for institution in facts.institutions:
            add(subject, KG.affiliation, self.entity(institution))
        for family in facts.families:
            add(subject, KG.methodFamily, self.entity(family))
        for dataset in facts.datasets:
            add(subject, KG.dataset, self.entity(dataset))

    def family_hierarchy(self, broader: Iterable[tuple[Entity, Entity]]) -> None:
        for narrow, wide in broader:
            self.content.add(self.entity(narrow), SKOS.broader, self.entity(wide))


def build_content(
    docs: list[Document],
    facts: dict[tuple[str, int], Facts],
    *,
    base: str,
    broader: Iterable[tuple[Entity, Entity]] = (),
) -> GraphContent:
    """The graph of `docs`: entries (papers keyed by arXiv id, else by normalized title), their
    sections, links, code repositories, provenance and the facts found for them."""
    builder = GraphBuilder(base)
    known_titles: dict[str, str] = {}
    placed: list[tuple[Document, Listing]] = []
    for doc in docs:
        for entry in doc.entries:
            kind = classify(entry)
            arxiv = entry_arxiv_id(entry)
            if kind is Kind.PAPER and arxiv:
                for title in entry.titles:
                    known_titles.setdefault(title_key(title), arxiv)
            placed.append(
                (doc, Listing(entry, kind, arxiv, NamedNode(base), facts.get((doc.source, entry.line), Facts())))
            )
    main_titles: dict[str, str] = {}
    doc_nodes = {doc.source: builder.document(doc) for doc in docs}
    for doc, listing in placed:
        listing.iri = builder.entry_iri(listing.entry, listing.kind, listing.arxiv, known_titles)
        builder.listing(listing, doc_nodes[doc.source], main_titles.get(listing.iri.value))
        main_titles.setdefault(listing.iri.value, listing.entry.title)
        builder.content.listings.append(listing)
    builder.family_hierarchy(broader)
    return builder.content
