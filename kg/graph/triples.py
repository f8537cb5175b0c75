"""Resources, listings and their facts into RDF triples. The only place RDF terms are made.

Every decision (what an entry is, which resource it is, what it says) was taken by the
understanding stage; this module maps complete records to triples and nothing else. Triples are
pyoxigraph terms (fast to make, sort and write).
"""

from __future__ import annotations

import datetime as _dt
from collections import Counter
from collections.abc import Iterable

from pyoxigraph import Literal, NamedNode, Triple

from kg.graph.formats import statement_order
from kg.graph.namespaces import DCTERMS, KG, PROV, RDF, RDFS, SCHEMA, SKOS, XSD
from kg.graph.outside import arxiv_iri, forge_iri
from kg.graph.terms import any_uri, boolean, integer, text_literal, year
from kg.read.bullet_keys import key_kind
from kg.read.records import Document, Field
from kg.understand.records import Entity, EntryKind, Facts, Listing, PlacedLink, Resource, Topic, Understanding


def field_note(fld: Field) -> str | None:
    """What a field that is no intro or keywords line leaves as a `kg:note` (None: nothing,
    its links say it all): a text field's text; any other field's text outside its links,
    after its key (`code: coming soon`, `wibble: hello`)."""
    if key_kind(fld.key) == "text":
        if not fld.text:
            return None
        return fld.text if fld.key == "note" else f"{fld.raw_key or fld.key}: {fld.text}"
    rest = fld.rest if fld.links else fld.text
    if not any(ch.isalnum() for ch in rest):  # only the brackets of a broken link are left
        return None
    return f"{fld.raw_key or fld.key}: {rest}"


class _Triples:
    """The triples of one build, made under one resource namespace."""

    def __init__(self, base: str) -> None:
        self.base = base
        # subject IRI -> the subject and its (predicate, object) pairs: the triples grouped as
        # they are written, made into `Triple`s (costly) once each, in order (`in_order`)
        self.subjects: dict[str, tuple[NamedNode, set[tuple[NamedNode, NamedNode | Literal]]]] = {}
        # entity key -> its node, how often each name was given, every other spelling seen or known
        self.entities: dict[str, tuple[NamedNode, Counter[str], set[str]]] = {}

    def add(self, s: NamedNode, p: NamedNode, o: NamedNode | Literal) -> None:
        found = self.subjects.get(s.value)
        if found is None:
            found = self.subjects[s.value] = (s, set())
        found[1].add((p, o))

    def in_order(self) -> list[Triple]:
        """Every triple, in the order of `kg.graph.formats.sorted_triples`."""
        ordered: list[Triple] = []
        for key in sorted(self.subjects):
            subject, pairs = self.subjects[key]
            ordered.extend(Triple(subject, p, o) for p, o in sorted(pairs, key=lambda pair: statement_order(*pair)))
        return ordered

    def node(self, key: str) -> NamedNode:
        return NamedNode(self.base + key)

    def entity(self, entity: Entity) -> NamedNode:
        key = f"{entity.kind}/{entity.key}"
        found = self.entities.get(key)
        if found is None:  # the first mention: the node and its class
            node = self.node(key)
            self.add(node, RDF.type, KG[entity.kind.class_name])
            found = self.entities[key] = (node, Counter(), set())
        found[1][entity.label] += 1
        found[2].update(entity.spellings)
        return found[0]

    def entity_names(self) -> None:
        """Each entity's `rdfs:label` (the name given most often, then the first in
        alphabetical order) and its other spellings as `skos:altLabel`."""
        for node, names, spellings in self.entities.values():
            label = min(names, key=lambda name: (-names[name], name))
            self.add(node, RDFS.label, text_literal(label))
            for spelling in (set(names) | spellings) - {label}:
                self.add(node, SKOS.altLabel, text_literal(spelling))

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

    def link(self, subject: NamedNode, placed: PlacedLink, facts: Facts) -> None:
        link, repo = placed.link, placed.repository
        if repo is not None:
            node = self.node(repo.key)
            self.add(subject, KG.codeRepository, node)
            self.add(node, RDF.type, KG.CodeRepository)
            self.add(node, RDFS.label, text_literal(repo.label))
            self.add(node, KG.url, any_uri(repo.url))
            if (same := forge_iri(repo.url)) is not None:
                self.add(node, SCHEMA.sameAs, same)
            for framework in facts.frameworks_of(link.url or ""):
                self.add(node, KG.framework, self.entity(framework))
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

    def sections(self, subject: NamedNode, listing: Listing) -> None:
        parent: NamedNode | None = None
        for section in listing.sections:
            node = self.topic(section)
            self.add(subject, KG.section, node)
            if parent is not None and parent != node:
                self.add(node, SKOS.broader, parent)
            parent = node

    def resource(self, resource: Resource) -> NamedNode:
        """Class, titles and the facts of a resource over all its listings."""
        subject = self.node(resource.key)
        self.add(subject, RDF.type, KG[resource.kind.class_name])
        self.add(subject, RDF.type, KG.Entry)
        self.add(subject, DCTERMS.title, text_literal(resource.title))
        if resource.kind is not EntryKind.PAPER:
            self.add(subject, RDFS.label, text_literal(resource.title))
        for title in resource.alternative_titles:
            self.add(subject, KG.alternativeTitle, text_literal(title))
        if resource.arxiv:
            self.add(subject, KG.arxivId, text_literal(resource.arxiv))
            self.add(subject, SCHEMA.sameAs, arxiv_iri(resource.arxiv))
        self.facts(subject, resource.facts, dated=resource.kind.dated)
        for award in resource.facts.awards:
            self.add(subject, KG.award, text_literal(award))
        if resource.kind is EntryKind.PAPER and resource.facts.presentation is not None:
            self.add(subject, KG.presentation, text_literal(resource.facts.presentation))
        return subject

    def content(self, subject: NamedNode, listing: Listing) -> None:
        """What one listing adds to its resource: provenance, sections, text and links."""
        entry = listing.entry
        self.add(subject, PROV.wasDerivedFrom, self.node(listing.source_key))
        self.add(subject, KG.sourceLine, integer(entry.line))
        self.sections(subject, listing)
        for fld in entry.fields:
            if fld.key == "intro" and fld.text:
                self.add(subject, KG.intro, text_literal(fld.text))
            elif fld.key == "keywords" and fld.text:
                self.add(subject, KG.keywords, text_literal(fld.text))
            elif (note := field_note(fld)) is not None:
                self.add(subject, KG.note, text_literal(note))
        for note in entry.notes:
            if note:
                self.add(subject, KG.note, text_literal(note))
        for placed in listing.links:
            self.link(subject, placed, listing.facts)

    def listing(self, subject: NamedNode, listing: Listing, *, dated: bool) -> None:
        """The listing's own node: where it is and what was read there."""
        node = self.node(listing.listing_key)
        self.add(subject, KG.listing, node)
        self.add(node, RDF.type, KG.Listing)
        self.add(node, DCTERMS.title, text_literal(listing.entry.title))
        self.add(node, PROV.wasDerivedFrom, self.node(listing.source_key))
        self.add(node, KG.sourceLine, integer(listing.entry.line))
        if listing.section_path:
            self.add(node, KG.sectionPath, text_literal(listing.section_path))
        self.sections(node, listing)
        self.facts(node, listing.facts, dated=dated)

    def facts(self, subject: NamedNode, facts: Facts, *, dated: bool) -> None:
        """What facts say of a resource or a listing; a venue, year and workshop flag only when
        `dated` (see `EntryKind.dated`)."""
        for framework in facts.frameworks:
            self.add(subject, KG.usesFramework, self.entity(framework))
        for library in facts.libraries:
            self.add(subject, KG.usesLibrary, self.entity(library))
        if dated and facts.venue is not None:
            self.add(subject, KG.venue, self.entity(facts.venue))
            if facts.year is not None:
                self.add(subject, KG.year, year(facts.year))
        if dated and facts.workshop is not None:
            self.add(subject, KG.workshop, boolean(facts.workshop))
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


def graph_triples(understood: Understanding, *, base: str) -> list[Triple]:
    """The triples of a build: its lists, every resource with its facts, every listing (where it
    is and what was read there), their sections, text, links and code repositories, and the
    method family hierarchy; sorted as `kg.graph.formats.sorted_triples` sorts them."""
    made = _Triples(base)
    for doc, key in zip(understood.documents, understood.source_keys, strict=True):
        made.document(doc, key)
    for resource in understood.resources:
        subject = made.resource(resource)
        for listing in resource.listings:
            made.content(subject, listing)
            made.listing(subject, listing, dated=resource.kind.dated)
    made.family_hierarchy(understood.broader)
    made.entity_names()
    return made.in_order()
