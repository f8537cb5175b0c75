"""The fast shapes check that every build runs finds what pySHACL (`kg validate`) finds: the same
nodes and properties, on graphs broken on purpose in every way the shapes forbid."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from kg.graph.shapes import Violation, check_ntriples, compile_shapes
from kg.resources import ontology_dir

KG = "https://w3id.org/paperkg/ontology#"
R = "https://w3id.org/paperkg/resource/"
XSD = "http://www.w3.org/2001/XMLSchema#"
SHAPES = ontology_dir() / "shapes.ttl"
ROOT = Path(__file__).resolve().parent.parent
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


CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"


@pytest.mark.skipif(
    not CORPUS.is_dir(), reason="the development corpus (../shared/corpus) is not beside the repository"
)
def test_the_development_corpus_builds_with_no_violation(tmp_path: Path):
    """The 17 real lists of the development corpus, the bundled list and the other-fields list,
    built together, break no shape."""
    from kg.build import build

    result = build([CORPUS, ROOT / "kg" / "data" / "segmentation.md", ROOT / "tests" / "data" / "lists"], out=tmp_path)
    assert result.violations == ()
    assert result.triple_count > 40_000


def _sparql_and_pass(data: bytes) -> tuple[set[Violation], set[Violation]]:
    """The violations of the checks that have a rule, found by SPARQL and by the pass."""
    import pyoxigraph as ox

    from kg.graph.shapes import check_rules, check_store

    checks = [check for check in compile_shapes(SHAPES) if check.rule is not None]
    store = ox.Store()
    store.bulk_load(input=data, format=ox.RdfFormat.N_TRIPLES)
    lines = sorted(line for line in (ox.serialize(store, format=ox.RdfFormat.N_TRIPLES) or b"").split(b"\n") if line)
    return set(check_store(store, checks)), set(check_rules(b"\n".join(lines) + b"\n", checks))


def test_most_checks_are_also_a_pass_over_the_triples():
    """The counts, datatypes, classes and node kinds of plain-target shapes (most of the checks)
    are also rules checked by one pass over the triples; SPARQL-only constraints are not."""
    checks = compile_shapes(SHAPES)
    ruled = [check for check in checks if check.rule is not None]
    assert len(ruled) > len(checks) / 2
    assert {check.rule.test for check in ruled} == {"count", "datatype", "class", "nodeKind"}
    assert not any("REGEX" in check.query or "NOT IN" in check.query for check in ruled)


@pytest.mark.parametrize("name", sorted(BREAKS))
def test_the_pass_finds_what_sparql_finds(seed_lines: list[str], name: str):
    """On every graph broken on purpose, the pass over the triples finds the same violations
    (node, property, message and value) as the SPARQL queries of the same checks."""
    by_sparql, by_pass = _sparql_and_pass(nt(BREAKS[name](seed_lines)))
    assert by_pass == by_sparql


def test_the_pass_finds_values_of_the_wrong_kind(seed_lines: list[str]):
    """Values of the wrong datatype, class and node kind (a literal, a blank node and an RDF 1.2
    triple term where an IRI belongs, a node whose only `rdf:type` is a literal spelling a class)
    and one value under both alternative properties are judged by the pass as SPARQL judges them."""
    broken = [
        *seed_lines,
        f'{PAPER} <{KG}venue> "CVPR" .',  # a literal where a venue resource belongs
        f"{PAPER} <{KG}intro> {TOPIC} .",  # an IRI where a plain string belongs
        f'{PAPER} <{KG}intro> "an intro"@en .',  # a language-tagged string
        f'{PAPER} <{KG}note> "a line\u2028a paragraph\u0085and \\"quotes\\" ."@en .',  # not line ends in N-Triples
        f'{PAPER} <http://schema.org/sameAs> "https://arxiv.org/abs/1411.4038" .',  # a literal, not an IRI
        f"{PAPER} <http://schema.org/sameAs> _:b2 .",  # a blank node, not an IRI
        f"{PAPER} <http://schema.org/sameAs> <<( <http://a.org/s> <http://a.org/p> <http://a.org/o> )>> .",
        f"{FAMILY} <http://www.w3.org/2004/02/skos/core#broader> <{R}family/x> .",
        f'<{R}family/x> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "{KG}MethodFamily" .',
        # a link with one value under both of its alternative properties: one value, no count broken
        f"<{R}link/x> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{KG}Link> .",
        f'<{R}link/x> <{KG}linkKind> "pdf" .',
        f'<{R}link/x> <{KG}url> "https://a.org/x"^^<{XSD}anyURI> .',
        f'<{R}link/x> <{KG}urlText> "https://a.org/x"^^<{XSD}anyURI> .',
        f"_:b1 <{KG}url> <https://a.org/x> .",  # an IRI where an anyURI literal belongs
    ]
    by_sparql, by_pass = _sparql_and_pass(nt(broken))
    # a triple term shows as `<<( s p o )>>` in N-Triples and as `s p o` in SPARQL results
    assert {replace(v, value=v.value.removeprefix("<<( ").removesuffix(" )>>")) for v in by_pass} == by_sparql
    assert {v.path.rsplit("#", 1)[-1].rsplit("/", 1)[-1] for v in by_pass} == {
        "venue",
        "intro",
        "note",
        "sameAs",
        "url",
        "broader",
    }
    assert sum(v.path.endswith("sameAs") and v.focus == PAPER for v in by_pass) == 3


def _written(data: bytes) -> bytes:
    """`data` as a build writes its graph.nt: its triples sorted, written by pyoxigraph."""
    import pyoxigraph as ox

    from kg.graph.formats import sorted_triples

    triples = sorted_triples(quad.triple for quad in ox.parse(data, format=ox.RdfFormat.N_TRIPLES))
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""


@pytest.mark.parametrize("name", sorted(BREAKS))
def test_the_check_a_build_runs_finds_what_the_store_finds(seed_lines: list[str], name: str):
    """On every graph broken on purpose, written as a build writes its graph.nt, the check a build
    runs (`written=True`: its lines read as they are) finds the same violations as the check that
    reads any N-Triples through a store first."""
    data = nt(BREAKS[name](seed_lines))
    assert check_ntriples(_written(data), SHAPES, written=True) == check_ntriples(data, SHAPES)


def test_the_pass_counts_a_statement_written_twice_once(seed_out: Path):
    """A statement written twice in a build's N-Triples (which a store would have merged) is one
    value: an entity's one label, written twice, breaks no `sh:maxCount 1`."""
    from kg.graph.shapes import check_rules

    lines = (seed_out / "graph.nt").read_bytes().split(b"\n")
    label = next(
        i
        for i, line in enumerate(lines)
        if line.startswith(TOPIC.encode() + b" <http://www.w3.org/2000/01/rdf-schema#label>")
    )
    doubled = b"\n".join([*lines[: label + 1], lines[label], *lines[label + 1 :]])
    assert doubled.count(lines[label]) == 2
    assert check_rules(doubled, compile_shapes(SHAPES)) == []


def test_the_pass_reads_targets_by_the_objects_of_a_property(tmp_path: Path):
    """A shape targeting the objects of a property (`sh:targetObjectsOf`) checks every such
    object, those that are no subject and literals included, as SPARQL does."""
    import pyoxigraph as ox

    from kg.graph.shapes import check_rules, check_store

    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "<urn:s> a sh:NodeShape ; sh:targetObjectsOf <urn:p> ;\n"
        "  sh:property [ sh:path <urn:q> ; sh:minCount 1 ; sh:datatype <http://www.w3.org/2001/XMLSchema#string> ] .\n",
        encoding="utf-8",
    )
    data = nt(
        [
            "<urn:a> <urn:p> <urn:b> .",  # b is no subject: no <urn:q>
            "<urn:a> <urn:p> <urn:c> .",
            '<urn:c> <urn:q> "fine" .',
            "<urn:a> <urn:p> <urn:d> .",
            "<urn:d> <urn:q> <urn:e> .",  # not a string
            '<urn:a> <urn:p> "a literal" .',  # a literal focus node has no <urn:q>
        ]
    )
    checks = compile_shapes(shapes)
    assert all(check.rule is not None for check in checks)
    store = ox.Store()
    store.bulk_load(input=data, format=ox.RdfFormat.N_TRIPLES)
    lines = sorted(line for line in (ox.serialize(store, format=ox.RdfFormat.N_TRIPLES) or b"").split(b"\n") if line)
    by_pass = check_rules(b"\n".join(lines) + b"\n", checks)
    assert by_pass == check_store(store, checks)
    assert {v.focus for v in by_pass} == {"<urn:b>", "<urn:d>", '"a literal"'}


def test_the_pass_reads_each_kind_of_literal_datatype():
    """The pass reads a literal's datatype from its N-Triples form as RDF defines it: a plain
    string is an xsd:string, a language-tagged one an rdf:langString, and IRIs and blank nodes
    have none."""
    from kg.graph.shape_pass import _datatype

    rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    assert _datatype('"a \\"quoted\\" b"') == f"{XSD}string"
    assert _datatype('"chat"@fr') == f"{rdf}langString"
    assert _datatype('"chat"@ar--rtl') == f"{rdf}dirLangString"
    assert _datatype(f'"2017"^^<{XSD}gYear>') == f"{XSD}gYear"
    assert _datatype(f"<{R}x>") is None
    assert _datatype("_:b0") is None
