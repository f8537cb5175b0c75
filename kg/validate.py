"""SHACL validation of a built graph against `ontology/shapes.ttl`.

First the quick check every build runs (`kg.graph.shapes`: the shapes compiled to SPARQL and
answered by Oxigraph; tests hold it to pySHACL's findings on graphs broken every way the shapes
forbid). A graph it finds conforming is reported so. Otherwise, or when asked (`full`), pySHACL,
a complete SHACL processor, validates the graph and its results make the report.

pySHACL walks the data graph through rdflib's Python API, triple pattern by triple pattern. On
the seed graph that took 0.3 s over rdflib's in-memory store and 9 s over Oxigraph behind the
same API (oxrdflib converts every term it returns), so the graph is read into a plain
`rdflib.Graph`: parsed by Oxigraph, which is quick and strict, then handed to rdflib.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import rdflib

SH = "http://www.w3.org/ns/shacl#"


@dataclass(frozen=True)
class Violation:
    """One result of a validation: where (list file and line, when the node is an entry),
    which node, which property, what rule it breaks, and the value that breaks it."""

    location: str  # "segmentation.md:42", or "" for a node that is not an entry
    focus: str  # the node, as <iri> or _:b0
    path: str  # the property, prefixed (dcterms:title), or "" for a rule on the node itself
    message: str
    value: str = ""  # the offending value, as an N-Triples term, where there is one
    severity: str = "Violation"

    def sort_key(self) -> tuple[str, int, str, str, str, str]:
        """By list, then line as a number, then node, property and message."""
        name, _, line = self.location.rpartition(":")
        if not line.isdigit():
            name, line = self.location, "0"
        return (name, int(line), self.focus, self.path, self.message, self.value)

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        path = f" {self.path}" if self.path else ""
        value = f" (value: {self.value})" if self.value and self.value != self.focus else ""
        severity = "" if self.severity == "Violation" else f" [{self.severity.lower()}]"
        return f"{where}{self.focus}{path}: {self.message}{value}{severity}"


@dataclass
class ValidationReport:
    """The outcome of `validate_graph`: `conforms`, the results, and the text `kg validate` prints."""

    graph: Path
    conforms: bool
    triples: int
    violations: list[Violation] = field(default_factory=list)

    @property
    def text(self) -> str:
        lines = [str(violation) for violation in self.violations]
        errors = sum(1 for violation in self.violations if violation.severity == "Violation")
        if self.conforms:
            lines.append(f"{self.graph}: conforms to the paperkg shapes ({self.triples} triples)")
        else:
            lines.append(f"{self.graph}: {errors} violation{'' if errors == 1 else 's'} of the paperkg shapes")
        return "\n".join(lines) + "\n"


def shapes_path() -> Path:
    """`ontology/shapes.ttl`."""
    from kg.resources import ontology_dir

    return ontology_dir() / "shapes.ttl"


def validate_graph(path: Path, *, full: bool = False) -> ValidationReport:
    """Validate a built graph file against the paperkg SHACL shapes: by the quick check when it
    finds the graph conforming, else (or always, with `full`) by pySHACL."""
    if not full:
        quick = _quick_conformance(path)
        if quick is not None:
            return quick
    return _pyshacl_report(path)


def _quick_conformance(path: Path) -> ValidationReport | None:
    """The report of a graph that the quick check finds conforming, else None."""
    from kg.graph.files import load_store
    from kg.graph.shapes import check_store, compile_shapes

    store = load_store(path)
    if check_store(store, compile_shapes(shapes_path())):
        return None
    return ValidationReport(path, True, len(store), [])


def _pyshacl_report(path: Path) -> ValidationReport:
    """pySHACL's validation of the graph at `path`."""
    import warnings

    import pyshacl
    import rdflib

    from kg.graph.files import load_plain_rdflib

    data = load_plain_rdflib(path)
    shapes = rdflib.Graph().parse(shapes_path(), format="turtle")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # pySHACL's own, not the user's
        conforms, results, _ = pyshacl.validate(
            data, shacl_graph=shapes, inplace=True, allow_infos=True, allow_warnings=True, advanced=True
        )
    assert isinstance(results, rdflib.Graph)
    violations = sorted(set(_violations(results, data)), key=Violation.sort_key)
    return ValidationReport(path, bool(conforms), len(data), violations)


def _violations(results: rdflib.Graph, data: rdflib.Graph) -> list[Violation]:
    import rdflib
    import rdflib.collection

    from kg.graph.namespaces import PREFIXES

    sh = rdflib.Namespace(SH)
    names = rdflib.namespace.NamespaceManager(rdflib.Graph(), bind_namespaces="none")
    for prefix, iri in PREFIXES.items():
        names.bind(prefix, iri)

    def show(node: object) -> str:
        if isinstance(node, rdflib.BNode):  # a property path: kg:url|kg:urlText for an alternative path
            alternatives = results.value(node, sh.alternativePath)
            if alternatives is not None:
                return "|".join(show(member) for member in rdflib.collection.Collection(results, alternatives))
        return node.n3(names) if isinstance(node, rdflib.term.Node) else ""

    found = []
    for result in results.subjects(rdflib.RDF.type, sh.ValidationResult):
        focus = results.value(result, sh.focusNode)
        path = results.value(result, sh.resultPath)
        value = results.value(result, sh.value)
        severity = results.value(result, sh.resultSeverity)
        messages = sorted(str(m) for m in results.objects(result, sh.resultMessage))
        found.append(
            Violation(
                location=_location(data, focus),
                focus=focus.n3() if isinstance(focus, rdflib.term.Node) else "",
                path=show(path),
                message="; ".join(messages) or "breaks a shape",
                value=show(value),
                severity=str(severity).removeprefix(SH) if severity is not None else "Violation",
            )
        )
    return found


def _location(data: rdflib.Graph, node: object) -> str:
    """`list.md:line` of an entry, from its provenance; "" for other nodes."""
    import rdflib

    from kg.graph.namespaces import KG, PROV, RDFS

    if not isinstance(node, rdflib.URIRef):
        return ""
    lines = sorted(
        int(line)
        for line in data.objects(node, rdflib.URIRef(KG.sourceLine.value))
        if isinstance(line, rdflib.Literal) and str(line).isdigit()
    )
    documents = data.objects(node, rdflib.URIRef(PROV.wasDerivedFrom.value))
    names = sorted(str(label) for doc in documents for label in data.objects(doc, rdflib.URIRef(RDFS.label.value)))
    if not names:
        return ""
    return f"{names[0]}:{lines[0]}" if lines else names[0]
