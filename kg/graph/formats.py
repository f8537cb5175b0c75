"""The RDF formats paperkg reads and writes, found by file extension (`RdfFormat.from_extension`),
and triples written with bytes that never change for the same input."""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from enum import StrEnum
from pathlib import Path

from pyoxigraph import NamedNode, RdfFormat, Triple, serialize

from kg.errors import GraphFileError
from kg.graph.namespaces import PREFIXES, RDF

_TYPE = RDF.type
READABLE = (RdfFormat.TURTLE, RdfFormat.N_TRIPLES, RdfFormat.JSON_LD)  # what a built graph file may be


def graph_format(path: Path) -> RdfFormat:
    """The RDF format of a graph file, by its extension (.ttl, .nt, .jsonld or .json)."""
    try:
        fmt = RdfFormat.from_extension(path.suffix.lstrip(".").lower())
    except ValueError:
        fmt = None
    if fmt not in READABLE:
        raise GraphFileError(f"{path}: unknown graph format (expected .ttl, .nt or .jsonld)")
    return fmt


def ntriples_statements(data: bytes, *, having: bytes | None = None) -> Iterator[tuple[str, str, str]]:
    """(subject, predicate, object) of each statement of N-Triples `data` as pyoxigraph writes
    them (one statement a line, terms apart by one space), each term as written there (`<IRI>`,
    `_:b0`, `"text"@en`). Lines are split at newlines only (a literal may hold U+2028 or U+0085)
    and decoded one at a time, so that the file is not also held as text; `having`: only the
    lines holding these bytes."""
    for raw in io.BytesIO(data):
        if having is not None and having not in raw:
            continue
        line = raw.decode("utf-8").rstrip("\n")
        if not line or line[0] == "#":  # an empty graph's file holds one newline
            continue
        subject, predicate, rest = line.split(" ", 2)
        yield subject, predicate, rest[:-2]  # the object before ` .`


def rdflib_parser(fmt: RdfFormat) -> str:
    """The name of oxrdflib's rdflib parser plugin for `fmt` (Oxigraph parsing behind rdflib)."""
    return {RdfFormat.TURTLE: "ox-turtle", RdfFormat.N_TRIPLES: "ox-nt", RdfFormat.JSON_LD: "ox-json-ld"}[fmt]


class GraphFormat(StrEnum):
    """The RDF files a build writes, by file name."""

    TURTLE = "graph.ttl"
    NTRIPLES = "graph.nt"
    JSONLD = "graph.jsonld"

    @property
    def rdf_format(self) -> RdfFormat:
        return graph_format(Path(self.value))


def statement_order(predicate: NamedNode, obj: object) -> tuple[bool, str, str]:
    """The order of a subject's statements in `sorted_triples`: `rdf:type` first, then by
    predicate and object."""
    return predicate != _TYPE, predicate.value, str(obj)


def _order(triple: Triple) -> tuple[str, bool, str, str]:
    subject = getattr(triple.subject, "value", str(triple.subject))  # paperkg makes only named subjects
    return (subject, *statement_order(triple.predicate, triple.object))


def sorted_triples(triples: Iterable[Triple]) -> list[Triple]:
    """Triples in one fixed order: by subject, `rdf:type` first, then predicate and object."""
    return sorted(triples, key=_order)


def serialize_graph(triples: list[Triple], fmt: GraphFormat, *, base: str | None = None) -> bytes:
    """`triples` (already sorted) in `fmt`. Turtle uses the contract's prefixes and writes resource
    IRIs in full (their paths hold `/`, which a prefixed name must escape); JSON-LD is compacted
    with the shipped context (`kg.graph.jsonld`), resource IRIs relative to `base`."""
    if fmt is GraphFormat.JSONLD:
        from kg.graph.jsonld import serialize_jsonld

        return serialize_jsonld(triples, base=base)
    rdf_format = fmt.rdf_format
    prefixes = PREFIXES if rdf_format == RdfFormat.TURTLE else None
    data = serialize(triples, format=rdf_format, prefixes=prefixes)
    assert data is not None
    return data if data.endswith(b"\n") else data + b"\n"
