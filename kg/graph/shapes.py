"""The SHACL shapes (`ontology/shapes.ttl`) as SPARQL queries that Oxigraph answers in
milliseconds: the fast check that every build runs on the graph it made. `kg validate` runs the
same shapes with pySHACL, the reference; a test checks that both find the same violations on
graphs broken on purpose.

Read from the shapes: node shapes with `sh:targetClass` or `sh:targetSubjectsOf`; `sh:property`
shapes with an IRI `sh:path` and `sh:minCount`, `sh:maxCount`, `sh:datatype`, `sh:class`,
`sh:nodeKind` (`sh:IRI`, `sh:Literal`), `sh:pattern`, `sh:minInclusive`, `sh:in`,
`sh:hasValue`; node-level `sh:or` of `sh:class` shapes, `sh:xone` of property shapes with counts,
and `sh:sparql` SELECT constraints. A shape that uses anything else is refused with its name
(`ShapesError`), so the fast check never silently checks less than the shapes say.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyoxigraph as ox

from kg.errors import KGError

SH = "http://www.w3.org/ns/shacl#"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_RDF_FIRST = "http://www.w3.org/1999/02/22-rdf-syntax-ns#first"
_RDF_REST = "http://www.w3.org/1999/02/22-rdf-syntax-ns#rest"
_RDF_NIL = "http://www.w3.org/1999/02/22-rdf-syntax-ns#nil"
_IGNORED = {_RDF_TYPE, SH + "message", SH + "name", SH + "description", SH + "severity", SH + "deactivated"}
_IGNORED |= {"http://www.w3.org/2000/01/rdf-schema#comment", "http://www.w3.org/2000/01/rdf-schema#label"}
_TARGETS = {SH + "targetClass", SH + "targetSubjectsOf"}
_NODE_LEVEL = {SH + "property", SH + "or", SH + "xone", SH + "sparql"}
_PROPERTY_LEVEL = {
    SH + "path",
    SH + "minCount",
    SH + "maxCount",
    SH + "datatype",
    SH + "class",
    SH + "nodeKind",
    SH + "pattern",
    SH + "minInclusive",
    SH + "in",
    SH + "hasValue",
}


Term = ox.NamedNode | ox.BlankNode | ox.Literal
Node = ox.NamedNode | ox.BlankNode


class ShapesError(KGError):
    """The shapes use a SHACL feature the fast check does not read."""


@dataclass(frozen=True, order=True)
class Violation:
    """A node that breaks a shape: the node, the property (or ""), the rule, the value (or "")."""

    focus: str
    path: str
    message: str
    value: str = ""

    def __str__(self) -> str:
        path = f" <{self.path}>" if self.path else ""
        value = f" (value: {self.value})" if self.value and self.value != self.focus else ""
        return f"{self.focus}{path}: {self.message}{value}"


@dataclass(frozen=True)
class Check:
    """One SPARQL query that returns `?this` (and `?value`) for every violation of one rule."""

    query: str
    path: str
    message: str


class _Shapes:
    """The shapes graph, read through a pyoxigraph store."""

    def __init__(self, path: Path) -> None:
        self.store = ox.Store()
        self.store.load(path=str(path), format=ox.RdfFormat.TURTLE)

    def objects(self, subject: ox.NamedNode | ox.BlankNode, predicate: str) -> list[Term]:
        quads = self.store.quads_for_pattern(subject, ox.NamedNode(predicate), None)
        return sorted((q.object for q in quads if not isinstance(q.object, ox.Triple)), key=str)

    def one(self, subject: ox.NamedNode | ox.BlankNode, predicate: str) -> Term | None:
        found = self.objects(subject, predicate)
        return found[0] if found else None

    def predicates(self, subject: ox.NamedNode | ox.BlankNode) -> set[str]:
        return {q.predicate.value for q in self.store.quads_for_pattern(subject, None, None)}

    def items(self, head: Term) -> list[Term]:
        """The members of an RDF list."""
        found = []
        while isinstance(head, ox.NamedNode | ox.BlankNode) and head.value != _RDF_NIL:
            first = self.one(head, _RDF_FIRST)
            if first is not None:
                found.append(first)
            head = self.one(head, _RDF_REST) or ox.NamedNode(_RDF_NIL)
        return found

    def node_shapes(self) -> list[ox.NamedNode | ox.BlankNode]:
        shapes = self.store.quads_for_pattern(None, ox.NamedNode(_RDF_TYPE), ox.NamedNode(SH + "NodeShape"))
        return sorted((q.subject for q in shapes), key=str)  # type: ignore[misc]

    def message(self, shape: Term, default: str) -> str:
        found = self.one(shape, SH + "message") if isinstance(shape, ox.NamedNode | ox.BlankNode) else None
        return found.value if isinstance(found, ox.Literal) else default


def _term(term: Term) -> str:
    return str(term)


def _target(shapes: _Shapes, shape: ox.NamedNode | ox.BlankNode) -> str:
    parts = [f"{{ ?this a {_term(c)} }}" for c in shapes.objects(shape, SH + "targetClass")]
    parts += [f"{{ ?this {_term(p)} ?any }}" for p in shapes.objects(shape, SH + "targetSubjectsOf")]
    return " UNION ".join(parts)


def _value_filter(shapes: _Shapes, prop: ox.NamedNode | ox.BlankNode) -> list[tuple[str, str]]:
    """(SPARQL condition that is true for a bad ?value, rule) for each value constraint."""
    found = []
    datatype = shapes.one(prop, SH + "datatype")
    if datatype is not None:
        found.append((f"(!isLiteral(?value) || datatype(?value) != {_term(datatype)})", "datatype"))
    for cls in shapes.objects(prop, SH + "class"):
        found.append((f"NOT EXISTS {{ ?value a {_term(cls)} }}", "class"))
    kind = shapes.one(prop, SH + "nodeKind")
    if kind is not None:
        test = {SH + "IRI": "isIRI(?value)", SH + "Literal": "isLiteral(?value)"}.get(kind.value)
        if test is None:
            raise ShapesError(f"sh:nodeKind {kind} is not read by the fast check")
        found.append((f"!{test}", "nodeKind"))
    pattern = shapes.one(prop, SH + "pattern")
    if pattern is not None:
        found.append((f"(isBlank(?value) || !REGEX(STR(?value), {_term(ox.Literal(pattern.value))}))", "pattern"))
    low = shapes.one(prop, SH + "minInclusive")
    if low is not None:
        found.append((f"!(?value >= {_term(low)})", "minInclusive"))
    members = shapes.items(shapes.one(prop, SH + "in") or ox.NamedNode(_RDF_NIL))
    if members:
        found.append((f"?value NOT IN ({', '.join(_term(m) for m in members)})", "in"))
    return found


def _property_checks(shapes: _Shapes, target: str, prop: ox.NamedNode | ox.BlankNode) -> list[Check]:
    unknown = shapes.predicates(prop) - _PROPERTY_LEVEL - _IGNORED
    if unknown:
        raise ShapesError(f"property shape uses {', '.join(sorted(unknown))}, which the fast check does not read")
    path = shapes.one(prop, SH + "path")
    if not isinstance(path, ox.NamedNode):
        raise ShapesError("a property shape's sh:path must be one property for the fast check")
    p = _term(path)
    message = shapes.message(prop, f"breaks a shape on {path.value}")
    checks = []
    counts = []
    low, high = shapes.one(prop, SH + "minCount"), shapes.one(prop, SH + "maxCount")
    if low is not None:
        counts.append(f"COUNT(DISTINCT ?value) < {int(low.value)}")
    if high is not None:
        counts.append(f"COUNT(DISTINCT ?value) > {int(high.value)}")
    if counts:
        query = (
            f"SELECT ?this WHERE {{ {target} OPTIONAL {{ ?this {p} ?value }} }} "
            f"GROUP BY ?this HAVING ({' || '.join(counts)})"
        )
        checks.append(Check(query, path.value, message))
    for condition, _rule in _value_filter(shapes, prop):
        query = f"SELECT DISTINCT ?this ?value WHERE {{ {target} ?this {p} ?value FILTER({condition}) }}"
        checks.append(Check(query, path.value, message))
    must = shapes.one(prop, SH + "hasValue")
    if must is not None:
        query = f"SELECT ?this WHERE {{ {target} FILTER NOT EXISTS {{ ?this {p} {_term(must)} }} }}"
        checks.append(Check(query, path.value, message))
    return checks


def _or_check(shapes: _Shapes, target: str, shape: ox.NamedNode | ox.BlankNode, head: Term) -> Check:
    classes = []
    for member in shapes.items(head):
        found = shapes.objects(member, SH + "class") if isinstance(member, ox.NamedNode | ox.BlankNode) else []
        if len(found) != 1 or shapes.predicates(member) - {SH + "class"}:  # type: ignore[arg-type]
            raise ShapesError("sh:or is read by the fast check only as a list of [ sh:class C ] shapes")
        classes.append(_term(found[0]))
    query = (
        f"SELECT ?this WHERE {{ {target} FILTER NOT EXISTS {{ ?this a ?class "
        f"FILTER(?class IN ({', '.join(classes)})) }} }}"
    )
    return Check(query, "", shapes.message(shape, "breaks an sh:or"))


def _xone_check(shapes: _Shapes, target: str, shape: ox.NamedNode | ox.BlankNode, head: Term) -> Check:
    counted = []
    ok = []
    for k, member in enumerate(shapes.items(head)):
        if not isinstance(member, ox.NamedNode | ox.BlankNode):
            raise ShapesError("sh:xone members must be shapes")
        path = shapes.one(member, SH + "path")
        if shapes.predicates(member) - {SH + "path", SH + "minCount", SH + "maxCount"} or not isinstance(
            path, ox.NamedNode
        ):
            raise ShapesError("sh:xone is read by the fast check only with [ sh:path P ; sh:minCount ; sh:maxCount ]")
        low, high = shapes.one(member, SH + "minCount"), shapes.one(member, SH + "maxCount")
        counted.append(
            f"OPTIONAL {{ SELECT ?this (COUNT(DISTINCT ?v{k}) AS ?n{k}) WHERE {{ ?this {_term(path)} ?v{k} }} "
            "GROUP BY ?this }"
        )
        cond = f"COALESCE(?n{k}, 0) >= {int(low.value) if low is not None else 0}"
        if high is not None:
            cond += f" && COALESCE(?n{k}, 0) <= {int(high.value)}"
        ok.append(f"IF({cond}, 1, 0)")
    query = f"SELECT ?this WHERE {{ {target} {' '.join(counted)} FILTER(({' + '.join(ok)}) != 1) }}"
    return Check(query, "", shapes.message(shape, "breaks an sh:xone"))


def _sparql_checks(shapes: _Shapes, target: str, constraint: Term) -> Check:
    assert isinstance(constraint, ox.NamedNode | ox.BlankNode)
    select = shapes.one(constraint, SH + "select")
    if select is None:
        raise ShapesError("an sh:sparql constraint needs sh:select")
    prefixes = []
    for decl in shapes.store.quads_for_pattern(None, ox.NamedNode(SH + "declare"), None):
        node = decl.object
        prefix, namespace = shapes.one(node, SH + "prefix"), shapes.one(node, SH + "namespace")  # type: ignore[arg-type]
        if prefix is not None and namespace is not None:
            prefixes.append(f"PREFIX {prefix.value}: <{namespace.value}>")
    query = f"{' '.join(sorted(set(prefixes)))} SELECT ?this WHERE {{ {target} {{ {select.value} }} }}"
    return Check(query, "", shapes.message(constraint, "breaks an sh:sparql constraint"))


def _node_checks(shapes: _Shapes, shape: ox.NamedNode | ox.BlankNode) -> list[Check]:
    unknown = shapes.predicates(shape) - _TARGETS - _NODE_LEVEL - _IGNORED
    if unknown:
        raise ShapesError(f"shape {shape} uses {', '.join(sorted(unknown))}, which the fast check does not read")
    target = _target(shapes, shape)
    if not target:
        return []
    checks: list[Check] = []
    for prop in shapes.objects(shape, SH + "property"):
        assert isinstance(prop, ox.NamedNode | ox.BlankNode)
        checks.extend(_property_checks(shapes, target, prop))
    for head in shapes.objects(shape, SH + "or"):
        checks.append(_or_check(shapes, target, shape, head))
    for head in shapes.objects(shape, SH + "xone"):
        checks.append(_xone_check(shapes, target, shape, head))
    for constraint in shapes.objects(shape, SH + "sparql"):
        checks.append(_sparql_checks(shapes, target, constraint))
    return checks


@cache
def compile_shapes(path: Path) -> tuple[Check, ...]:
    """The checks of a shapes file (cached per file)."""
    shapes = _Shapes(path)
    return tuple(check for shape in shapes.node_shapes() for check in _node_checks(shapes, shape))


def check_store(store: ox.Store, checks: Iterable[Check]) -> list[Violation]:
    """Every violation of `checks` in the default graph of `store`, sorted."""
    found = set()
    for check in checks:
        solutions = store.query(check.query)
        assert isinstance(solutions, ox.QuerySolutions)
        names = {v.value for v in solutions.variables}
        for row in solutions:
            focus = row["this"]
            value = row["value"] if "value" in names else None
            found.add(Violation(str(focus), check.path, check.message, str(value) if value is not None else ""))
    return sorted(found)


def check_ntriples(data: bytes, shapes_file: Path) -> list[Violation]:
    """Every violation of the shapes in `shapes_file` by the graph in N-Triples `data`."""
    store = ox.Store()
    store.bulk_load(input=data, format=ox.RdfFormat.N_TRIPLES)
    return check_store(store, compile_shapes(shapes_file))
