"""The SHACL shapes (`ontology/shapes.ttl`) as SPARQL queries that Oxigraph answers in
milliseconds: the fast check that every build runs on the graph it made. `kg validate` runs the
same shapes with pySHACL, the reference; a test checks that both find the same violations on
graphs broken on purpose.

Read from the shapes: node shapes with `sh:targetClass` or `sh:targetSubjectsOf`; `sh:property`
shapes with an IRI `sh:path` and `sh:minCount`, `sh:maxCount`, `sh:datatype`, `sh:class`,
`sh:nodeKind` (`sh:IRI`, `sh:Literal`), `sh:pattern`, `sh:minInclusive`, `sh:in`,
`sh:hasValue`, `sh:qualifiedValueShape` (with `sh:in` or `sh:class`) and its counts; paths that
are a property or an `sh:alternativePath` of properties; `sh:targetObjectsOf` and SPARQL-based
targets (`sh:target [ a sh:SPARQLTarget ; sh:select ... ]`); node-level `sh:class`, `sh:or` of
`sh:class` shapes, `sh:xone` of property shapes with counts, and `sh:sparql` SELECT constraints.
A shape that uses anything else is refused with its name (`ShapesError`), so the fast check never
silently checks less than the shapes say.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

import pyoxigraph as ox

from kg.errors import KGError
from kg.graph.shape_pass import Rule, Target, broken

SH = "http://www.w3.org/ns/shacl#"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_RDF_FIRST = "http://www.w3.org/1999/02/22-rdf-syntax-ns#first"
_RDF_REST = "http://www.w3.org/1999/02/22-rdf-syntax-ns#rest"
_RDF_NIL = "http://www.w3.org/1999/02/22-rdf-syntax-ns#nil"
_IGNORED = {_RDF_TYPE, SH + "message", SH + "name", SH + "description", SH + "severity", SH + "deactivated"}
_IGNORED |= {"http://www.w3.org/2000/01/rdf-schema#comment", "http://www.w3.org/2000/01/rdf-schema#label"}
_TARGETS = {SH + "targetClass", SH + "targetSubjectsOf", SH + "targetObjectsOf", SH + "target"}
_NODE_LEVEL = {SH + "property", SH + "or", SH + "xone", SH + "sparql", SH + "class"}
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
    SH + "qualifiedValueShape",
    SH + "qualifiedMinCount",
    SH + "qualifiedMaxCount",
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
    """One SPARQL query that returns `?this` (and `?value`) for every violation of one rule, and
    the same rule for a pass over the triples where it is one of the simplest
    (`kg.graph.shape_pass`)."""

    query: str
    path: str
    message: str
    rule: Rule | None = None


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
    parts += [f"{{ ?any {_term(p)} ?this }}" for p in shapes.objects(shape, SH + "targetObjectsOf")]
    for target in shapes.objects(shape, SH + "target"):
        select = shapes.one(target, SH + "select") if isinstance(target, ox.NamedNode | ox.BlankNode) else None
        if select is None:
            raise ShapesError("an sh:target is read by the fast check only as an sh:SPARQLTarget with sh:select")
        parts.append(f"{{ {select.value} }}")
    return " UNION ".join(parts)


def _plain_target(shapes: _Shapes, shape: ox.NamedNode | ox.BlankNode) -> Target | None:
    """The shape's target when it names only classes and properties by IRI (None: it has a
    SPARQL target, or names one by a blank node or a literal, left to SPARQL)."""
    if shapes.objects(shape, SH + "target"):
        return None
    found = [shapes.objects(shape, SH + kind) for kind in ("targetClass", "targetSubjectsOf", "targetObjectsOf")]
    if not all(isinstance(t, ox.NamedNode) for named in found for t in named):
        return None
    return Target(*(tuple(t.value for t in named) for named in found))


def _path(shapes: _Shapes, node: Term | None) -> tuple[str, str, tuple[str, ...]]:
    """(SPARQL property path, the path as shown in a violation, its properties) of an `sh:path`
    value: one property, or an `sh:alternativePath` of properties."""
    if isinstance(node, ox.NamedNode):
        return _term(node), node.value, (node.value,)
    if isinstance(node, ox.BlankNode) and shapes.predicates(node) == {SH + "alternativePath"}:
        members = shapes.items(shapes.one(node, SH + "alternativePath") or ox.NamedNode(_RDF_NIL))
        if members and all(isinstance(m, ox.NamedNode) for m in members):
            return "(" + "|".join(_term(m) for m in members) + ")", "", tuple(m.value for m in members)
    raise ShapesError("a property shape's sh:path must be a property or an sh:alternativePath of properties")


def _qualified(shapes: _Shapes, prop: ox.NamedNode | ox.BlankNode, target: str, p: str) -> list[str]:
    """Queries for `sh:qualifiedValueShape` with `sh:qualifiedMinCount`/`MaxCount`; the shape may
    hold `sh:in` or `sh:class`."""
    shape = shapes.one(prop, SH + "qualifiedValueShape")
    if shape is None:
        return []
    assert isinstance(shape, ox.NamedNode | ox.BlankNode)
    if shapes.predicates(shape) - {SH + "in", SH + "class"}:
        raise ShapesError("sh:qualifiedValueShape is read by the fast check only with sh:in or sh:class")
    tests = []
    members = shapes.items(shapes.one(shape, SH + "in") or ox.NamedNode(_RDF_NIL))
    if members:
        tests.append(f"?value IN ({', '.join(_term(m) for m in members)})")
    tests += [f"EXISTS {{ ?value a {_term(c)} }}" for c in shapes.objects(shape, SH + "class")]
    conforming = f"OPTIONAL {{ ?this {p} ?value FILTER({' && '.join(tests)}) }}"
    bounds = []
    low, high = shapes.one(prop, SH + "qualifiedMinCount"), shapes.one(prop, SH + "qualifiedMaxCount")
    if low is not None:
        bounds.append(f"COUNT(DISTINCT ?value) < {int(low.value)}")
    if high is not None:
        bounds.append(f"COUNT(DISTINCT ?value) > {int(high.value)}")
    return [f"SELECT ?this WHERE {{ {target} {conforming} }} GROUP BY ?this HAVING ({' || '.join(bounds)})"]


def _value_filter(shapes: _Shapes, prop: ox.NamedNode | ox.BlankNode) -> list[tuple[str, str, str]]:
    """(SPARQL condition that is true for a bad ?value, rule, the rule's IRI argument for
    `kg.graph.shape_pass` or "" where only SPARQL checks it) for each value constraint."""
    found = []
    datatype = shapes.one(prop, SH + "datatype")
    if datatype is not None:
        iri = datatype.value if isinstance(datatype, ox.NamedNode) else ""
        found.append((f"(!isLiteral(?value) || datatype(?value) != {_term(datatype)})", "datatype", iri))
    for cls in shapes.objects(prop, SH + "class"):
        iri = cls.value if isinstance(cls, ox.NamedNode) else ""
        found.append((f"NOT EXISTS {{ ?value a {_term(cls)} }}", "class", iri))
    kind = shapes.one(prop, SH + "nodeKind")
    if kind is not None:
        test = {SH + "IRI": "isIRI(?value)", SH + "Literal": "isLiteral(?value)"}.get(kind.value)
        if test is None:
            raise ShapesError(f"sh:nodeKind {kind} is not read by the fast check")
        found.append((f"!{test}", "nodeKind", kind.value))
    pattern = shapes.one(prop, SH + "pattern")
    if pattern is not None:
        found.append((f"(isBlank(?value) || !REGEX(STR(?value), {_term(ox.Literal(pattern.value))}))", "pattern", ""))
    low = shapes.one(prop, SH + "minInclusive")
    if low is not None:
        found.append((f"!(?value >= {_term(low)})", "minInclusive", ""))
    members = shapes.items(shapes.one(prop, SH + "in") or ox.NamedNode(_RDF_NIL))
    if members:
        found.append((f"?value NOT IN ({', '.join(_term(m) for m in members)})", "in", ""))
    return found


def _property_checks(
    shapes: _Shapes, target: str, prop: ox.NamedNode | ox.BlankNode, plain: Target | None
) -> list[Check]:
    unknown = shapes.predicates(prop) - _PROPERTY_LEVEL - _IGNORED
    if unknown:
        raise ShapesError(f"property shape uses {', '.join(sorted(unknown))}, which the fast check does not read")
    p, shown, predicates = _path(shapes, shapes.one(prop, SH + "path"))
    message = shapes.message(prop, f"breaks a shape on {shown or p}")
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
        bounds = (int(low.value) if low is not None else None, int(high.value) if high is not None else None)
        rule = Rule(plain, predicates, "count", *bounds) if plain is not None else None
        checks.append(Check(query, shown, message, rule))
    for condition, test, iri in _value_filter(shapes, prop):
        query = f"SELECT DISTINCT ?this ?value WHERE {{ {target} ?this {p} ?value FILTER({condition}) }}"
        rule = Rule(plain, predicates, test, iri=iri) if plain is not None and iri else None
        checks.append(Check(query, shown, message, rule))
    must = shapes.one(prop, SH + "hasValue")
    if must is not None:
        query = f"SELECT ?this WHERE {{ {target} FILTER NOT EXISTS {{ ?this {p} {_term(must)} }} }}"
        checks.append(Check(query, shown, message))
    checks += [Check(query, shown, message) for query in _qualified(shapes, prop, target, p)]
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
    query = f"SELECT ?this WHERE {{ {target} {{ {select.value} }} }}"
    return Check(query, "", shapes.message(constraint, "breaks an sh:sparql constraint"))


def _prefixes(shapes: _Shapes) -> str:
    """The `sh:declare`d prefixes of the shapes graph, for the SPARQL of targets and constraints."""
    found = set()
    for decl in shapes.store.quads_for_pattern(None, ox.NamedNode(SH + "declare"), None):
        node = decl.object
        assert isinstance(node, ox.NamedNode | ox.BlankNode)
        prefix, namespace = shapes.one(node, SH + "prefix"), shapes.one(node, SH + "namespace")
        if prefix is not None and namespace is not None:
            found.add(f"PREFIX {prefix.value}: <{namespace.value}>")
    return " ".join(sorted(found))


def _node_checks(shapes: _Shapes, shape: ox.NamedNode | ox.BlankNode) -> list[Check]:
    unknown = shapes.predicates(shape) - _TARGETS - _NODE_LEVEL - _IGNORED
    if unknown:
        raise ShapesError(f"shape {shape} uses {', '.join(sorted(unknown))}, which the fast check does not read")
    target = _target(shapes, shape)
    if not target:
        return []
    plain = _plain_target(shapes, shape)
    checks: list[Check] = []
    for prop in shapes.objects(shape, SH + "property"):
        assert isinstance(prop, ox.NamedNode | ox.BlankNode)
        checks.extend(_property_checks(shapes, target, prop, plain))
    for head in shapes.objects(shape, SH + "or"):
        checks.append(_or_check(shapes, target, shape, head))
    for head in shapes.objects(shape, SH + "xone"):
        checks.append(_xone_check(shapes, target, shape, head))
    for constraint in shapes.objects(shape, SH + "sparql"):
        checks.append(_sparql_checks(shapes, target, constraint))
    for cls in shapes.objects(shape, SH + "class"):
        query = f"SELECT ?this WHERE {{ {target} FILTER NOT EXISTS {{ ?this a {_term(cls)} }} }}"
        checks.append(Check(query, "", shapes.message(shape, f"is not a {cls}")))
    return checks


@cache
def compile_shapes(path: Path) -> tuple[Check, ...]:
    """The checks of a shapes file (cached per file)."""
    shapes = _Shapes(path)
    prefixes = _prefixes(shapes)
    return tuple(
        replace(check, query=f"{prefixes} {check.query}")
        for shape in shapes.node_shapes()
        for check in _node_checks(shapes, shape)
    )


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


def check_rules(ntriples: bytes, checks: Iterable[Check]) -> list[Violation]:
    """Every violation of the `checks` that have a `Rule`, found by passes over `ntriples`
    (N-Triples as pyoxigraph writes them, each subject's statements together;
    `kg.graph.shape_pass`), sorted; the others are not run."""
    ruled = [check for check in checks if check.rule is not None]
    rules = [check.rule for check in ruled if check.rule is not None]
    found = {
        Violation(node, ruled[number].path, ruled[number].message, value)
        for number, node, value in broken(rules, ntriples)
    }
    return sorted(found)


def check_ntriples(data: bytes, shapes_file: Path, *, written: bool = False) -> list[Violation]:
    """Every violation of the shapes in `shapes_file` by the graph in N-Triples `data`. The
    simplest constraints are checked by passes over its lines, the others by SPARQL. `written`:
    `data` is a build's `graph.nt`, written by pyoxigraph from triples sorted by subject, with
    literals in their canonical forms (`kg.graph.terms`), so its lines need no rewriting into the
    store's forms first."""
    checks = compile_shapes(shapes_file)
    store = ox.Store()
    store.bulk_load(input=data, format=ox.RdfFormat.N_TRIPLES)
    found = check_store(store, [check for check in checks if check.rule is None])
    if not written:  # one form, each subject's lines together (sorted lines: a subject ends in a space)
        lines = (ox.serialize(store, format=ox.RdfFormat.N_QUADS) or b"").split(b"\n")
        data = b"\n".join(sorted(line for line in lines if line)) + b"\n"
    del store  # not held while the lines are read
    found += check_rules(data, checks)
    return sorted(set(found))
