"""The simplest SHACL constraints checked by one pass over the triples instead of SPARQL.

Most of the shapes are property shapes with a plain target (`sh:targetClass`,
`sh:targetSubjectsOf`, `sh:targetObjectsOf`), a path of one property or of alternative properties,
and a count, `sh:datatype`, `sh:class` or `sh:nodeKind`. `kg.graph.shapes` compiles each of them to
a SPARQL query and, beside it, to a `Rule` that this module checks in two passes over the graph's
N-Triples lines, split as text (no RDF terms are made) and held one subject at a time. Each rule
finds exactly what its query finds (the same focus nodes, values and messages; a test runs both on
graphs broken on purpose): classes are read from the `rdf:type` statements of the data only, counts
count distinct terms, a datatype is compared as an IRI. Everything else (patterns, value ranges,
lists of values, qualified counts, SPARQL targets and constraints) stays with SPARQL.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from kg.graph.formats import ntriples_statements

_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_TYPE_WRITTEN = f" {_TYPE} ".encode()
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_DIR_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#dirLangString"
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
    """What the rules need beyond one subject's own statements: each node's classes (from
    `rdf:type` statements) and the objects of the properties that targets name."""

    def __init__(self, ntriples: bytes, objects_of: Iterable[str] = ()) -> None:
        self.types: dict[str, set[str]] = defaultdict(set)  # node -> class IRIs (read with `get`)
        self.objects: dict[str, set[str]] = {p: set() for p in objects_of}  # property -> its objects
        types, objects = self.types, self.objects
        # most lines need no splitting here: only those of `rdf:type`, unless targets name objects
        for subject, predicate, obj in ntriples_statements(ntriples, having=None if objects else _TYPE_WRITTEN):
            if predicate == _TYPE and _is_iri(obj):
                types[subject].add(obj[1:-1])
            if predicate[1:-1] in objects:
                objects[predicate[1:-1]].add(obj)


def _datatype(term: str) -> str | None:
    """The datatype IRI of a literal in N-Triples form (None: not a literal)."""
    if term[0] != '"':
        return None
    suffix = term[term.rindex('"') + 1 :]
    if not suffix:
        return _XSD_STRING
    if suffix[0] == "@":  # a language tag, with a base direction in RDF 1.2 (`@ar--rtl`)
        return _DIR_LANG_STRING if "--" in suffix else _LANG_STRING
    return suffix[3:-1]  # ^^<IRI>


def _is_iri(term: str) -> bool:
    """Whether a term in N-Triples form is an IRI (not a blank node, literal or `<<( triple )>>`)."""
    return term[0] == "<" and not term.startswith("<<")


def _bad_value(rule: Rule, value: str, index: Index) -> bool:
    if rule.test == "datatype":
        return _datatype(value) != rule.iri
    if rule.test == "class":
        return rule.iri not in index.types.get(value, ())
    if rule.iri == SH + "IRI":
        return not _is_iri(value)
    return value[0] != '"'


def _broken(rule: Rule, values: dict[str, list[str]], index: Index) -> list[str]:
    """The value ("" for a count) of each violation of `rule` by a focus node whose statements
    are `values` (property IRI -> objects)."""
    if len(rule.predicates) == 1:
        found = values.get(rule.predicates[0], [])
    else:
        found = [v for p in rule.predicates for v in values.get(p, ())]
    if rule.test == "count":
        count = len(set(found)) if len(found) > 1 else len(found)
        if (rule.low is not None and count < rule.low) or (rule.high is not None and count > rule.high):
            return [""]
        return []
    return [value for value in found if _bad_value(rule, value, index)]


class _Targets:
    """The rules by target, and the targets by what makes a node their focus."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        self.rules: dict[Target, list[int]] = defaultdict(list)
        for number, rule in enumerate(rules):
            self.rules[rule.target].append(number)
        self.by_class: dict[str, list[Target]] = defaultdict(list)
        self.by_subject_of: dict[str, list[Target]] = defaultdict(list)
        self.by_object_of: dict[str, list[Target]] = defaultdict(list)
        for target in self.rules:
            for cls in target.classes:
                self.by_class[cls].append(target)
            for predicate in target.subjects_of:
                self.by_subject_of[predicate].append(target)
            for predicate in target.objects_of:
                self.by_object_of[predicate].append(target)

    def of(self, node: str, values: dict[str, list[str]], index: Index) -> set[Target]:
        """The targets that `node` (with its statements `values`) is a focus node of."""
        found: set[Target] = set()
        for cls in index.types.get(node, ()):
            found.update(self.by_class.get(cls, ()))
        for predicate in values:
            found.update(self.by_subject_of.get(predicate, ()))
        for predicate, objects in index.objects.items():
            if node in objects:
                found.update(self.by_object_of[predicate])
        return found


def broken(rules: Sequence[Rule], ntriples: bytes) -> Iterator[tuple[int, str, str]]:
    """(the rule's position in `rules`, focus node, value or "") of every violation of `rules`
    in `ntriples` (N-Triples as pyoxigraph writes them, each subject's statements together),
    in two passes over its lines: classes first, then one subject at a time."""
    index = Index(ntriples, {p for rule in rules for p in rule.target.objects_of})
    targets = _Targets(rules)
    seen: set[str] = set()

    def check(node: str, values: dict[str, list[str]]) -> Iterator[tuple[int, str, str]]:
        for target in targets.of(node, values, index):
            for number in targets.rules[target]:
                for value in _broken(rules[number], values, index):
                    yield number, node, value

    node = ""
    values: dict[str, list[str]] = {}
    for subject, written, obj in ntriples_statements(ntriples):
        predicate = written[1:-1]  # `<IRI>`
        if subject != node:
            if node:
                yield from check(node, values)
            if subject in seen:
                raise ValueError(f"the statements of {subject} are not together")
            seen.add(subject)
            node, values = subject, {}
        found = values.get(predicate)
        if found is None:
            values[predicate] = [obj]
        else:
            found.append(obj)
    if node:
        yield from check(node, values)
    for node in sorted({o for found in index.objects.values() for o in found} - seen):  # objects only
        yield from check(node, {})
