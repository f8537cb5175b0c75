"""`graph.jsonld`: the graph as JSON-LD that reads as JSON, compacted with the context shipped in
`ontology/context.jsonld`.

One `@graph` of node objects, one per subject in the order of the sorted triples; in each, `@id`,
`@type` (class names: `"Paper"`), then the properties in the order the context lists them, under
their short names (`"title"`, `"venue"`, `"year"`). Resource IRIs are written relative to the
build's base (`"paper/arxiv/1411.4038"`), which the embedded context declares as `@base`.
Integers and booleans are JSON numbers and booleans, a year is a number (`"year": 2017`, typed
`xsd:gYear` by the context); multi-valued properties are always arrays. Any value the context
does not cover is written in full (`{"@value": ..., "@type": ...}`), so the file converts back to
exactly the triples it was written from.

pyoxigraph's own JSON-LD writer ignores prefixes and writes expanded JSON-LD; pyld's compaction
takes minutes on a graph of this size. This writer does one pass over the sorted triples.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from pyoxigraph import BlankNode, Literal, NamedNode, Triple

from kg.graph.namespaces import KG, RDF, XSD

CONTEXT_FILE = "context.jsonld"
_SAFE_LOCAL = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_INTEGER = re.compile(r"-?(?:0|[1-9][0-9]{0,14})")  # canonical, and exact as a JSON number everywhere
_YEAR = re.compile(r"[1-9][0-9]{3}")


@dataclass(frozen=True)
class Term:
    """How the context writes one property: its key, its type coercion (`@id`, a datatype IRI,
    or None) and whether its values always form an array."""

    key: str
    coercion: str | None
    always_array: bool
    rank: int  # its place in the context: keys are written in this order


@dataclass(frozen=True)
class Context:
    """The shipped context, read: the JSON object itself, and the lookups the writer needs."""

    body: dict[str, Any]
    properties: dict[str, Term]  # property IRI -> term
    classes: dict[str, str]  # class IRI -> term
    prefixes: tuple[tuple[str, str], ...]  # (prefix, namespace IRI), longest namespace first


def context_path() -> Path:
    """`ontology/context.jsonld`."""
    from kg.resources import ontology_dir

    return ontology_dir() / CONTEXT_FILE


@cache
def load_context() -> Context:
    """The JSON-LD context that `graph.jsonld` embeds, read from `ontology/context.jsonld`."""
    body = json.loads(context_path().read_text(encoding="utf-8"))["@context"]
    prefixes = {key: value for key, value in body.items() if isinstance(value, str) and value.endswith(("#", "/"))}

    def expand(value: str) -> str:
        prefix, colon, local = value.partition(":")
        return prefixes[prefix] + local if colon and prefix in prefixes else value

    properties: dict[str, Term] = {}
    classes: dict[str, str] = {}
    for rank, (key, value) in enumerate(body.items()):
        if key in prefixes:
            continue
        if isinstance(value, str) and key[:1].isupper():
            classes[expand(value)] = key
            continue
        spec = value if isinstance(value, dict) else {"@id": value}
        coercion = spec.get("@type")
        coercion = coercion if coercion in (None, "@id") else expand(coercion)
        properties[expand(spec["@id"])] = Term(key, coercion, spec.get("@container") == "@set", rank)
    ordered = tuple(sorted(prefixes.items(), key=lambda item: -len(item[1])))
    return Context(body, properties, classes, ordered)


class _Writer:
    """Compacts one graph's triples, made once per file."""

    def __init__(self, context: Context, base: str | None) -> None:
        self.context = context
        self.base = base if base is not None and _relative_base(base) else None
        self.fallback: dict[str, Term] = {}
        self.references: dict[str, str] = {}  # IRI -> how it is written (IRIs repeat: cached)

    def compact_iri(self, iri: str) -> str:
        """`prefix:local` where a context prefix covers `iri` with a plain local name, else `iri`."""
        for prefix, namespace in self.context.prefixes:
            if iri.startswith(namespace) and _SAFE_LOCAL.fullmatch(iri[len(namespace) :]):
                return f"{prefix}:{iri[len(namespace) :]}"
        return iri

    def reference(self, node: NamedNode | BlankNode) -> str:
        """A node's `@id`: relative to the base where that reads back the same, else in full."""
        if isinstance(node, BlankNode):
            return f"_:{node.value}"
        iri = node.value
        written = self.references.get(iri)
        if written is None:
            relative = self.base is not None and iri.startswith(self.base) and _relative_ok(iri[len(self.base) :])
            written = self.references[iri] = iri[len(self.base or "") :] if relative else iri
        return written

    def term(self, predicate: str) -> Term:
        term = self.context.properties.get(predicate) or self.fallback.get(predicate)
        if term is None:
            term = self.fallback[predicate] = Term(self.compact_iri(predicate), None, False, 1 << 30)
        return term

    def value(self, obj: object, term: Term) -> Any:
        if isinstance(obj, NamedNode | BlankNode):
            ref = self.reference(obj)
            return ref if term.coercion == "@id" else {"@id": ref}
        assert isinstance(obj, Literal)
        datatype = obj.datatype.value
        if obj.language:
            return {"@value": obj.value, "@language": obj.language}
        if datatype == term.coercion:
            return int(obj.value) if datatype == _GYEAR and _YEAR.fullmatch(obj.value) else obj.value
        if term.coercion is None:
            if datatype == _STRING:
                return obj.value
            if datatype == _INTEGER_IRI and _INTEGER.fullmatch(obj.value):
                return int(obj.value)
            if datatype == _BOOLEAN and obj.value in ("true", "false"):
                return obj.value == "true"
        if datatype == _STRING:
            return {"@value": obj.value}
        return {"@value": obj.value, "@type": self.compact_iri(datatype)}

    def node(self, subject: NamedNode | BlankNode, triples: list[Triple]) -> dict[str, Any]:
        types: list[str] = []
        values: dict[str, tuple[Term, list[Any]]] = {}  # by predicate IRI (a str hashes quicker than a Term)
        for triple in triples:
            predicate, obj = triple.predicate.value, triple.object
            if predicate == _TYPE and isinstance(obj, NamedNode):
                types.append(obj.value)
                continue
            found = values.get(predicate)
            if found is None:
                found = values[predicate] = (self.term(predicate), [])
            found[1].append(self.value(obj, found[0]))
        node: dict[str, Any] = {"@id": self.reference(subject)}
        if types:  # the most specific first: kg:Entry after the kind of entry
            names = [self.context.classes.get(iri) or self.compact_iri(iri) for iri in sorted(types, key=_entry_last)]
            node["@type"] = names[0] if len(names) == 1 else names
        for term, written in sorted(values.values(), key=lambda pair: (pair[0].rank, pair[0].key)):
            node[term.key] = written if term.always_array or len(written) > 1 else written[0]
        return node


_TYPE = RDF.type.value
_ENTRY = KG.Entry.value
_STRING = XSD.string.value
_INTEGER_IRI = XSD.integer.value
_BOOLEAN = XSD.boolean.value
_GYEAR = XSD.gYear.value


def _entry_last(iri: str) -> tuple[bool, str]:
    return (iri == _ENTRY, iri)


def _relative_base(base: str) -> bool:
    """Whether IRIs can be written relative to `base`: a path ending in `/`, no query or fragment."""
    return base.endswith("/") and "?" not in base and "#" not in base


def _relative_ok(rest: str) -> bool:
    """Whether `rest`, resolved against the base (RFC 3986), gives back base + rest: no scheme-like
    first segment, no leading `/`, `?` or `#`, no `.` or `..` segment, not empty, not a blank node,
    and no leading `@` (JSON-LD 1.1 ignores values shaped like keywords)."""
    if not rest or rest[0] in "/?#@":
        return False
    first = re.split(r"[/?#]", rest, maxsplit=1)[0]
    if ":" in first:
        return False
    path = re.split(r"[?#]", rest, maxsplit=1)[0]
    return not any(segment in (".", "..") for segment in path.split("/"))


def _by_subject(triples: Iterable[Triple]) -> Iterable[tuple[NamedNode | BlankNode, list[Triple]]]:
    subject: NamedNode | BlankNode | None = None
    group: list[Triple] = []
    for triple in triples:
        if triple.subject != subject:
            if subject is not None:
                yield subject, group
            subject, group = triple.subject, []  # type: ignore[assignment]
        group.append(triple)
    if subject is not None:
        yield subject, group


def jsonld_document(triples: list[Triple], *, base: str | None = None) -> dict[str, Any]:
    """The JSON-LD document of `triples` (sorted, so that a subject's triples are together): the
    shipped context with `@base` set to `base`, and one `@graph` of node objects."""
    context, nodes = _context_and_nodes(triples, base)
    return {"@context": context, "@graph": list(nodes)}


def _context_and_nodes(triples: list[Triple], base: str | None) -> tuple[dict[str, Any], Iterator[dict[str, Any]]]:
    """The document's context, and its node objects made one at a time."""
    context = load_context()
    writer = _Writer(context, base)
    body = {"@base": writer.base, **context.body} if writer.base is not None else dict(context.body)
    return body, (writer.node(s, group) for s, group in _by_subject(triples))


def serialize_jsonld(triples: list[Triple], *, base: str | None = None) -> bytes:
    """`jsonld_document` as UTF-8 JSON with a final newline, the same bytes for the same triples:
    the context one term a line, as in `ontology/context.jsonld`, and each node one key a line
    (written as it is made: the nodes are not all held at once)."""
    body, nodes = _context_and_nodes(triples, base)
    context = ",\n".join(f"    {_dump(key)}: {_dump(value)}" for key, value in body.items())
    written = b",\n".join(  # each node encoded as it is made: the file is not also held as text
        (
            "    {\n" + ",\n".join(f"      {_string(key)}: {_dump(value)}" for key, value in node.items()) + "\n    }"
        ).encode()
        for node in nodes
    )
    graph = b"[\n" + written + b"\n  ]" if written else b"[]"
    return f'{{\n  "@context": {{\n{context}\n  }},\n  "@graph": '.encode() + graph + b"\n}\n"


_string = json.encoder.encode_basestring  # type: ignore[attr-defined]  # the C encoder of a str, non-ASCII kept


def _dump(value: object) -> str:
    """`value` as one line of JSON (`json.dumps`, quicker by hand for the common cases)."""
    if isinstance(value, str):
        return _string(value)  # type: ignore[no-any-return]
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return "[" + ", ".join(map(_string, value)) + "]"
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
