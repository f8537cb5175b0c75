"""Listings and their facts into RDF triples. The only place RDF terms are made.

Every decision (what an entry is, which resource it is, what it says) was taken by the
understanding stage; this module maps complete records to triples and nothing else. Triples are
pyoxigraph terms (fast to make, sort and write).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable

from pyoxigraph import Literal, NamedNode, Triple

from kg.graph.namespaces import DCTERMS, KG, PROV, RDF, RDFS, SKOS, XSD
from kg.graph.terms import any_uri, boolean, integer, text_literal, year
from kg.read.bullet_keys import key_kind
from kg.read.records import Document
from kg.understand.records import Entity, EntryKind, Listing, PlacedLink, Topic, Understanding


class _Triples:
    """The triples of one build, made under one resource namespace."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.triples: set[Triple] = set()
        self.labels: dict[str, str] = {}  # entity IRI -> the label it was first given

    def add(self, s: NamedNode, p: NamedNode, o: NamedNode | Literal) -> None:
        self.triples.add(Triple(s, p, o))

    def node(self, key: str) -> NamedNode:
        return NamedNode(self.base + key)

    def entity(self, entity: Entity) -> NamedNode:
        node = self.node(f"{entity.kind}/{entity.key}")
        label = self.labels.setdefault(node.value, entity.label)
        self.add(node, RDF.type, KG[entity.kind.class_name])
        self.add(node, RDFS.label, text_literal(label))
        for spelling in {entity.label, *entity.spellings}:
            if spelling != label:
                self.add(node, SKOS.altLabel, text_literal(spelling))
        return node

    def topic(self, topic: Topic) -> NamedNode:
        node = self.node(topic.key)
        self.add(node, RDF.type, KG.Topic)
        self.add(node, RDFS.label, text_literal(topic.label))
        return node

    def document(self, doc: Document, key: str) -> None:
        node = self.node(key)
        self.add(node, RDF.type, KG.SourceDocument)
        self.add(node, RDFS.label, text_literal(doc.source.rsplit("/", 1)[-1]))
        self.add(node, KG.path, text_literal(doc.source))
        if doc.meta("title"):
            self.add(node, DCTERMS.title, text_literal(doc.meta("title")))
        if doc.meta("category"):
            self.add(node, KG.category, text_literal(doc.meta("category")))
        date = doc.meta("date")
        try:
            self.add(node, DCTERMS.date, Literal(_dt.date.fromisoformat(date[:10]).isoformat(), datatype=XSD.date))
        except ValueError:
            if date:
                self.add(node, DCTERMS.date, text_literal(date))

    def link(self, subject: NamedNode, placed: PlacedLink) -> None:
        link, repo = placed.link, placed.repository
        if repo is not None:
            node = self.node(repo.key)
            self.add(subject, KG.codeRepository, node)
            self.add(node, RDF.type, KG.CodeRepository)
            self.add(node, RDFS.label, text_literal(repo.label))
            self.add(node, KG.url, any_uri(repo.url))
            return
        node = self.node(placed.key)
        self.add(subject, KG.link, node)
        self.add(node, RDF.type, KG.Link)
        self.add(node, KG.linkKind, text_literal(link.key))
        if link.annotation:
            self.add(node, KG.annotation, text_literal(link.annotation))
        if link.url:
            self.add(node, KG.url, any_uri(link.url))
        else:
            self.add(node, KG.urlText, text_literal(link.raw))

    def repository_frameworks(self, listing: Listing) -> None:
        for placed in listing.links:
            if placed.repository is not None:
                node = self.node(placed.repository.key)
                for framework in listing.facts.frameworks_of(placed.link.url or ""):
                    self.add(node, KG.framework, self.entity(framework))

    def structure(self, subject: NamedNode, listing: Listing) -> None:
        """Class, titles, provenance, sections, text and links of a listing."""
        entry = listing.entry
        self.add(subject, RDF.type, KG[listing.kind.class_name])
        self.add(subject, RDF.type, KG.Entry)
        if listing.first:
            self.add(subject, DCTERMS.title, text_literal(listing.title))
            if listing.kind is not EntryKind.PAPER:
                self.add(subject, RDFS.label, text_literal(listing.title))
        for title in entry.titles:
            if title != listing.title:
                self.add(subject, KG.alternativeTitle, text_literal(title))
        if listing.arxiv:
            self.add(subject, KG.arxivId, text_literal(listing.arxiv))
        self.add(subject, PROV.wasDerivedFrom, self.node(listing.source_key))
        self.add(subject, KG.sourceLine, integer(entry.line))
        parent: NamedNode | None = None
        for section in listing.sections:
            node = self.topic(section)
            self.add(subject, KG.section, node)
            if parent is not None and parent != node:
                self.add(node, SKOS.broader, parent)
            parent = node
        for fld in entry.fields:
            if fld.key == "intro" and fld.text:
                self.add(subject, KG.intro, text_literal(fld.text))
            elif fld.key == "keywords" and fld.text:
                self.add(subject, KG.keywords, text_literal(fld.text))
            elif key_kind(fld.key) == "text" and fld.text:
                note = fld.text if fld.key == "note" else f"{fld.raw_key or fld.key}: {fld.text}"
                self.add(subject, KG.note, text_literal(note))
        for note in entry.notes:
            if note:
                self.add(subject, KG.note, text_literal(note))
        for placed in listing.links:
            self.link(subject, placed)
        self.repository_frameworks(listing)

    def facts(self, subject: NamedNode, listing: Listing) -> None:
        """What the listing's facts say of its resource."""
        facts, paper = listing.facts, listing.kind is EntryKind.PAPER
        for framework in facts.frameworks:
            self.add(subject, KG.usesFramework, self.entity(framework))
        for library in facts.libraries:
            self.add(subject, KG.usesLibrary, self.entity(library))
        # only papers have publication venues (a talk's "2016 Embedded Vision Summit" is not one)
        if paper and facts.venue is not None:
            self.add(subject, KG.venue, self.entity(facts.venue))
            if facts.year is not None:
                self.add(subject, KG.year, year(facts.year))
        if paper and facts.workshop is not None:
            self.add(subject, KG.workshop, boolean(facts.workshop))
        for award in facts.awards:
            self.add(subject, KG.award, text_literal(award))
        if paper and facts.presentation is not None:
            self.add(subject, KG.presentation, text_literal(facts.presentation))
        for institution in facts.institutions:
            self.add(subject, KG.affiliation, self.entity(institution))
        for family in facts.families:
            self.add(subject, KG.methodFamily, self.entity(family))
        for family in facts.uses:
            self.add(subject, KG.usesMethod, self.entity(family))
        for dataset in facts.datasets:
            self.add(subject, KG.dataset, self.entity(dataset))

    def family_hierarchy(self, broader: Iterable[tuple[Entity, Entity]]) -> None:
        for narrow, wide in broader:
            self.add(self.entity(narrow), SKOS.broader, self.entity(wide))


def graph_triples(understood: Understanding, *, base: str) -> set[Triple]:
    """The triples of a build: its lists, every listing (class, titles, provenance, sections,
    text, links and code repositories) with its facts, and the method family hierarchy."""
    made = _Triples(base)
    for doc, key in zip(understood.documents, understood.source_keys, strict=True):
        made.document(doc, key)
    for listing in understood.listings:
        subject = made.node(listing.key)
        made.structure(subject, listing)
        made.facts(subject, listing)
    made.family_hierarchy(understood.broader)
    return made.triples
