"""`void.ttl`: a VoID description of a built graph, for stores and catalogues: how many triples,
subjects, objects, entities per class and triples per property it holds, the lists it was read
from with their dates, their rights, the vocabularies it
uses, and the paperkg version that made it. Counted from the graph's own triples.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

from pyoxigraph import BlankNode, Literal, NamedNode, RdfFormat, Triple, parse, serialize

from kg import __version__
from kg.graph.formats import ntriples_statements
from kg.graph.namespaces import DCTERMS, FORMATS, KG, PAV, PREFIXES, RDF, RDFS, SCHEMA, VOID
from kg.graph.terms import integer, text_literal

SOFTWARE = "https://w3id.org/paperkg/software/"  # + version: the release of paperkg that made a graph
_LOCAL = re.compile(r"[A-Za-z0-9_-]+")
_COPIED = (RDFS.label, KG.path, DCTERMS.title, DCTERMS.date)  # what void.ttl repeats of each list
RIGHTS = (
    "Derived by paperkg from the lists named by dcterms:source; the rights in these data are those "
    "of the lists' authors, under the lists' own licences."
)


def dataset_iri(base: str, sources: Iterable[str]) -> NamedNode:
    """The IRI of the VoID dataset of a graph built from the lists `sources` (their IRIs): the
    same lists give the same IRI, other lists another."""
    digest = hashlib.sha256("\n".join(sorted(sources)).encode()).hexdigest()[:12]
    return NamedNode(f"{base}dataset/{digest}")


def _namespace(iri: str) -> str:
    for namespace in sorted(PREFIXES.values(), key=len, reverse=True):
        if iri.startswith(namespace):
            return namespace
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[: cut + 1]


def _name(iri: str) -> str:
    """A path segment for the partition of `iri`: `kg-Paper`, `dcterms-title`, or a digest."""
    namespace = _namespace(iri)
    prefix = next((p for p, ns in PREFIXES.items() if ns == namespace), None)
    local = iri[len(namespace) :]
    if prefix and _LOCAL.fullmatch(local):
        return f"{prefix}-{local}"
    return hashlib.sha256(iri.encode()).hexdigest()[:12]


class _Counts:
    """What VoID counts, in one pass over the graph's N-Triples lines (`<s> <p> o .`, as
    pyoxigraph writes them): Python strings hash far quicker than pyoxigraph terms, and an
    Oxigraph store takes longer to load than this takes to count."""

    def __init__(self, triples: list[Triple], base: str, ntriples: bytes | None = None) -> None:
        data = ntriples if ntriples is not None else serialize(triples, format=RdfFormat.N_TRIPLES) or b""
        subjects: set[str] = set()
        objects: set[str] = set()
        members: dict[str, set[str]] = {}
        properties: dict[str, tuple[list[int], set[str], set[str]]] = {}
        copied, kept = {f"<{p.value}>" for p in _COPIED}, []
        for s, p, o in ntriples_statements(data):
            if p in copied:
                kept.append((s, f"{s} {p} {o} ."))
            subjects.add(s)
            objects.add(o)
            entry = properties.get(p) or properties.setdefault(p, ([0], set(), set()))
            entry[0][0] += 1
            entry[1].add(s)
            entry[2].add(o)
            if p == _TYPE and o.startswith("<"):
                members.setdefault(o, set()).add(s)
        self.triples = len(triples)
        self.subjects, self.objects = len(subjects), len(objects)
        self.entities = sum(1 for s in subjects if s.startswith(f"<{base}"))
        self.members = {_iri(c): len(members[c]) for c in sorted(members)}
        self.per_property = {_iri(p): (n[0], len(s), len(o)) for p, (n, s, o) in sorted(properties.items())}
        self.sources = [_iri(s) for s in sorted(members.get(_SOURCE, ())) if s.startswith("<")]
        listed = {f"<{s.value}>" for s in self.sources}
        lines = "\n".join(line for s, line in kept if s in listed)
        self.copied = [quad.triple for quad in parse(lines.encode(), format=RdfFormat.N_TRIPLES)]
        papers = sorted(s for s in members.get(_PAPER, ()) if s.startswith("<"))
        self.example = _iri(papers[0]) if papers else None

    def vocabularies(self) -> list[str]:
        used = {p.value for p in self.per_property} | {c.value for c in self.members}
        return sorted({_namespace(iri) for iri in used})


def _iri(written: str) -> NamedNode:
    return NamedNode(written[1:-1])


_TYPE, _SOURCE, _PAPER = (f"<{term.value}>" for term in (RDF.type, KG.SourceDocument, KG.Paper))


def void_triples(
    triples: list[Triple], *, base: str, version: str = __version__, ntriples: bytes | None = None
) -> list[Triple]:
    """The VoID description of the graph `triples` built under `base` (`ntriples`: the same
    triples as N-Triples, as the build wrote them, saving their writing again)."""
    counts = _Counts(triples, base, ntriples)
    sources = counts.sources
    ds = dataset_iri(base, (s.value for s in sources))
    out = [Triple(ds, RDF.type, VOID.Dataset)]

    def add(s: NamedNode | BlankNode, p: NamedNode, o: NamedNode | BlankNode | Literal) -> None:
        out.append(Triple(s, p, o))

    listed = set(sources)
    names = sorted(
        str(getattr(t.object, "value", t.object)) for t in triples if t.predicate == RDFS.label and t.subject in listed
    )
    title = ", ".join(names) if len(names) <= 3 else f"{len(names)} lists"
    add(ds, DCTERMS.title, text_literal(f"paperkg graph of {title}"))
    add(ds, DCTERMS.rights, text_literal(RIGHTS))
    for number, value in (
        (VOID.triples, counts.triples),
        (VOID.entities, counts.entities),
        (VOID.distinctSubjects, counts.subjects),
        (VOID.distinctObjects, counts.objects),
        (VOID.properties, len(counts.per_property)),
        (VOID.classes, len(counts.members)),
    ):
        add(ds, number, integer(value))
    add(ds, VOID.uriSpace, text_literal(base))
    for vocabulary in counts.vocabularies():
        add(ds, VOID.vocabulary, NamedNode(vocabulary))
    for fmt in ("Turtle", "N-Triples", "JSON-LD"):
        add(ds, VOID.feature, FORMATS[fmt])
    if counts.example is not None:
        add(ds, VOID.exampleResource, counts.example)
    software = NamedNode(SOFTWARE + version)
    add(ds, PAV.createdWith, software)
    add(software, RDF.type, SCHEMA.SoftwareApplication)
    add(software, SCHEMA.name, text_literal("paperkg"))
    add(software, SCHEMA.softwareVersion, text_literal(version))
    out += list(counts.copied)
    out += [Triple(ds, DCTERMS.source, source) for source in counts.sources]
    out += _partitions(ds, counts)
    return out


def _partitions(ds: NamedNode, counts: _Counts) -> list[Triple]:
    """A class partition per class (its entities) and a property partition per property (its
    triples, distinct subjects and objects)."""
    out: list[Triple] = []
    for cls, entities in counts.members.items():
        part = NamedNode(f"{ds.value}/class/{_name(cls.value)}")
        out += [
            Triple(ds, VOID.classPartition, part),
            Triple(part, VOID["class"], cls),
            Triple(part, VOID.entities, integer(entities)),
        ]
    for prop, (number, subjects, objects) in counts.per_property.items():
        part = NamedNode(f"{ds.value}/property/{_name(prop.value)}")
        out += [
            Triple(ds, VOID.propertyPartition, part),
            Triple(part, VOID.property, prop),
            Triple(part, VOID.triples, integer(number)),
            Triple(part, VOID.distinctSubjects, integer(subjects)),
            Triple(part, VOID.distinctObjects, integer(objects)),
        ]
    return out
