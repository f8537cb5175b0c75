"""The simplest SHACL constraints checked by one pass over the triples instead of SPARQL.

Most of the shapes are property shapes with a plain target (`sh:targetClass`,
`sh:targetSubjectsOf`, `sh:targetObjectsOf`), a path of one property or of alternative properties,
and a count, `sh:datatype`, `sh:class` or `sh:nodeKind`. `kg.graph.shapes` compiles each of them to
a SPARQL query and, beside it, to a `Rule` that this module checks over an index made once from the
graph's N-Triples (split as text: no RDF terms are made). Each rule finds exactly what its query
finds (the same focus nodes, values and messages; a test runs both on graphs broken on purpose):
classes are read from the `rdf:type` statements of the data only, counts count distinct terms, a
datatype is compared as an IRI. Everything else (patterns, value ranges, lists of values, qualified
counts, SPARQL targets and constraints) stays with SPARQL.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
SH = "http://www.w3.org/ns/shacl#"


@dataclass(frozen=True)
class Target:
    """A shape's focus nodes: instances of `classes`, subjects of `subjects_of`, objects of
    `objects_of` (IRIs)."""

    classes: tuple[str, ...] = ()
    subjects_of: tuple[str, ...] = ()
    objects_of: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rule:
    """One constraint of a property shape on the values of `predicates` (one property, or
    alternatives) of each focus node of `target`: `test` is "count" (fewer than `low` or more
    than `high` distinct values), "datatype" or "class" (`iri`), or "nodeKind" (`iri` is
    `sh:IRI` or `sh:Literal`)."""

    target: Target
    predicates: tuple[str, ...]
    test: str
    low: int | None = None
    high: int | None = None
    iri: str = ""


class Index:
    """The triples as the rules read them, from N-Triples as pyoxigraph writes them (one
    statement a line, terms apart by one space): the values of each property by subject, each
    node's classes and each class's instances, every term in its N-Triples form."""

    def __init__(self, ntriples: str) -> None:
        # property IRI -> subject -> values (read with `get` only, which adds nothing)
        self.values: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        self.types: dict[str, set[str]] = defaultdict(set)  # node -> class IRIs
        self.instances: dict[str, list[str]] = defaultdict(list)  # class IRI -> nodes
        values, types, instances = self.values, self.types, self.instances
        for line in ntriples.split("\n"):  # not splitlines(): a literal may hold U+2028 or U+0085
            if not line or line[0] == "#":
                continue
            subject, predicate, rest = line.split(" ", 2)
            obj = rest[:-2]  # the object before ` .`
            values[predicate[1:-1]][subject].append(obj)  # a property is written `<IRI>`
            if predicate == _TYPE and obj[0] == "<":
                types[subject].add(obj[1:-1])
                instances[obj[1:-1]].append(subject)

    def focus(self, target: Target) -> set[str]:
        """The focus nodes of `target`."""
        nodes: set[str] = set()
        for cls in target.classes:
            nodes.update(self.instances.get(cls, ()))
        for predicate in target.subjects_of:
            nodes.update(self.values.get(predicate, ()))
        for predicate in target.objects_of:
            nodes.update(value for found in self.values.get(predicate, {}).values() for value in found)
        return nodes

    def of(self, predicates: tuple[str, ...]) -> dict[str, list[str]]:
        """Each subject's values of `predicates`."""
        if len(predicates) == 1:
            return self.values.get(predicates[0]) or {}
        merged: dict[str, list[str]] = {}
        for predicate in predicates:
            for subject, found in self.values.get(predicate, {}).items():
                merged.setdefault(subject, []).extend(found)
        return merged


def _datatype(term: str) -> str | None:
    """The datatype IRI of a literal in N-Triples form (None: not a literal)."""
    if term[0] != '"':
        return None
    suffix = term[term.rindex('"') + 1 :]
    if not suffix:
        return _XSD_STRING
    return _LANG_STRING if suffix[0] == "@" else suffix[3:-1]  # ^^<IRI>


def _bad_value(rule: Rule, value: str, index: Index) -> bool:
    if rule.test == "datatype":
        return _datatype(value) != rule.iri
    if rule.test == "class":
        return rule.iri not in index.types.get(value, ())
    if rule.iri == SH + "IRI":
        return value[0] != "<"
    return value[0] != '"'


def broken(rule: Rule, index: Index, focus: set[str]) -> Iterable[tuple[str, str]]:
    """(focus node, value or "") of every violation of `rule` among `focus`, in N-Triples form."""
    values = index.of(rule.predicates)
    if rule.test == "count":
        low, high = rule.low or 0, rule.high
        if low > 0:
            yield from ((node, "") for node in focus.difference(values))  # no value at all
        if low <= 1 and high is None:
            return  # a node with a value has enough
        for node, found in values.items():
            if node in focus:
                count = len(set(found)) if len(found) > 1 else len(found)
                if count < low or (high is not None and count > high):
                    yield node, ""
        return
    for node, found in values.items():
        if node in focus:
            for value in found:
                if _bad_value(rule, value, index):
                    yield node, value
