"""The fast shapes check that every build runs finds what pySHACL (`kg validate`) finds: the same
nodes and properties, on graphs broken on purpose in every way the shapes forbid."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.graph.shapes import Violation, check_ntriples, compile_shapes
from kg.resources import ontology_dir

KG = "https://w3id.org/paperkg/ontology#"
R = "https://w3id.org/paperkg/resource/"
XSD = "http://www.w3.org/2001/XMLSchema#"
SHAPES = ontology_dir() / "shapes.ttl"
PAPER = f"<{R}paper/arxiv/1411.4038>"
TOPIC = f"<{R}topic/semantic-segmentation>"
FAMILY = f"<{R}family/deeplab>"


def nt(triples: list[str]) -> bytes:
    return ("\n".join(triples) + "\n").encode()


def pyshacl_violations(data: bytes) -> set[tuple[str, str]]:
    import warnings

    import pyshacl
    import rdflib

    graph = rdflib.Graph().parse(data=data, format="nt")
    shapes = rdflib.Graph().parse(SHAPES, format="turtle")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        _, results, _ = pyshacl.validate(graph, shacl_graph=shapes)
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    found = set()
    for result in results.subjects(rdflib.RDF.type, sh.ValidationResult):
        focus = results.value(result, sh.focusNode)
        path = results.value(result, sh.resultPath)
        found.add((focus.n3(), str(path) if path is not None else ""))
    return found


def fast_violations(data: bytes) -> set[tuple[str, str]]:
    return {(v.focus, v.path) for v in check_ntriples(data, SHAPES)}


@pytest.fixture(scope="module")
def seed_lines(seed_out: Path) -> list[str]:
    return (seed_out / "graph.nt").read_text(encoding="utf-8").splitlines()


def _without(lines: list[str], *needles: str) -> list[str]:
    return [line for line in lines if not all(n in line for n in needles)]


BREAKS = {
    "a paper with no title": lambda ls: _without(ls, PAPER + " ", "<http://purl.org/dc/terms/title>"),
    "a paper with two titles": lambda ls: [*ls, f'{PAPER} <http://purl.org/dc/terms/title> "Another" .'],
    "a paper with two venues": lambda ls: [
        *ls,
        f"{PAPER} <{KG}venue> <{R}venue/eccv> .",
        f"<{R}venue/eccv> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{KG}Venue> .",
    ],
    "a year as a plain string": lambda ls: [*_without(ls, PAPER + " ", f"<{KG}year>"), f'{PAPER} <{KG}year> "2015" .'],
    "a year of two digits": lambda ls: [
        *_without(ls, PAPER + " ", f"<{KG}year>"),
        f'{PAPER} <{KG}year> "15"^^<{XSD}gYear> .',
    ],
    "a venue that is a topic": lambda ls: [
        *_without(ls, PAPER + " ", f"<{KG}venue>"),
        f"{PAPER} <{KG}venue> {TOPIC} .",
    ],
    "an entry with no line": lambda ls: _without(ls, PAPER + " ", f"<{KG}sourceLine>"),
    "a line of zero": lambda ls: [*ls, f'{PAPER} <{KG}sourceLine> "0"^^<{XSD}integer> .'],
    "an entry of no kind": lambda ls: _without(ls, PAPER + " ", f"<{KG}Paper>"),
    "a family cycle": lambda ls: [
        *ls,
        f"{FAMILY} <http://www.w3.org/2004/02/skos/core#broader> <{R}family/deeplab-v2> .",
    ],
    "a version suffix": lambda ls: [*ls, f'<{R}paper/arxiv/1412.7062> <{KG}arxivId> "1412.7062v4" .'],
    "an entity with no label": lambda ls: _without(ls, TOPIC + " ", "rdf-schema#label"),
    "an altLabel that is an IRI": lambda ls: [
        *ls,
        f"{FAMILY} <http://www.w3.org/2004/02/skos/core#altLabel> {TOPIC} .",
    ],
    "a url with a space": lambda ls: [*ls, f'{PAPER} <{KG}url> "http://a b"^^<{XSD}anyURI> .'],
    "a listing with no list": lambda ls: _without(ls, f"{PAPER[:-1]}/listing/segmentation-md> ", "wasDerivedFrom"),
    "an entry with no listing": lambda ls: _without(ls, PAPER + " ", f"<{KG}listing>"),
}


def test_the_shapes_compile():
    """Every shape of ontology/shapes.ttl is read by the fast check (none is skipped)."""
    assert len(compile_shapes(SHAPES)) > 40


def test_the_seed_graph_passes_both_checks(seed_lines: list[str]):
    """The bundled list's graph breaks no shape, for either check."""
    data = nt(seed_lines)
    assert fast_violations(data) == set() == pyshacl_violations(data)


@pytest.mark.parametrize("name", sorted(BREAKS))
def test_both_checks_find_the_same_violations(seed_lines: list[str], name: str):
    """A graph broken one way gives the same (node, property) violations in the fast check as in
    pySHACL, and at least one."""
    data = nt(BREAKS[name](seed_lines))
    fast = fast_violations(data)
    assert fast, f"{name}: the fast check finds nothing"
    assert fast == pyshacl_violations(data)


def test_a_violation_reads_as_one_line():
    """A violation prints as the node, the property, the rule and the value."""
    text = str(Violation("<https://a.org/p>", f"{KG}year", "a paper has at most one kg:year", '"15"'))
    assert text == f'<https://a.org/p> <{KG}year>: a paper has at most one kg:year (value: "15")'
