"""`kg validate`: SHACL shapes of the contract. Built graphs conform; hand-broken graphs do not,
and each violation names the list line, the node, the property and the rule."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pyoxigraph
import pytest
from click.testing import CliRunner, Result

from kg.cli import main
from kg.validate import shapes_path, validate_graph

DATA = Path(__file__).parent / "data"
FIXTURE = DATA / "query_fixture.ttl"
R = "https://w3id.org/paperkg/resource/"
KG = "https://w3id.org/paperkg/ontology#"
XSD = "http://www.w3.org/2001/XMLSchema#"
FCN = f"{R}paper/arxiv/1411.4038"  # line 10 of fixture.md in the fixture graph


def kg(*args: str) -> Result:
    """Run the `kg` command in-process; stdout and stderr are kept apart."""
    return CliRunner().invoke(main, list(args))


def broken(tmp_path: Path, remove: list[tuple[str, str, str | None]], add: str = "") -> Path:
    """The fixture graph with triples removed (None: any object) and Turtle added, as a file."""
    store = pyoxigraph.Store()
    store.load(path=str(FIXTURE), format=pyoxigraph.RdfFormat.TURTLE)
    for s, p, o in remove:
        obj = None if o is None else (pyoxigraph.NamedNode(o) if o.startswith("http") else pyoxigraph.Literal(o))
        quads = list(store.quads_for_pattern(pyoxigraph.NamedNode(s), pyoxigraph.NamedNode(p), obj))
        assert quads, (s, p, o)
        for quad in quads:
            store.remove(quad)
    if add:
        prefixes = (
            f"@prefix kg: <{KG}> . @prefix xsd: <{XSD}> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
            "@prefix schema: <http://schema.org/> . @prefix prov: <http://www.w3.org/ns/prov#> .\n"
        )
        store.load((prefixes + add).encode(), format=pyoxigraph.RdfFormat.TURTLE)
    path = tmp_path / "broken.ttl"
    store.dump(str(path), format=pyoxigraph.RdfFormat.TURTLE, from_graph=pyoxigraph.DefaultGraph())
    return path


def test_seed_build_conforms(seed_out: Path) -> None:
    """The graph built from the bundled list conforms, in each of the formats it is written in."""
    for name in ("graph.ttl", "graph.nt", "graph.jsonld"):
        report = validate_graph(seed_out / name)
        assert report.conforms, report.text
        assert report.violations == []


def test_validate_command_on_a_conforming_graph(seed_out: Path) -> None:
    """`kg validate` on a conforming graph prints one line and exits 0."""
    graph = seed_out / "graph.ttl"
    result = kg("validate", "--graph", str(graph))
    assert result.exit_code == 0, result.stdout
    assert re.fullmatch(rf"{re.escape(str(graph))}: conforms to the paperkg shapes \(\d+ triples\)\n", result.stdout)


def test_fixture_graph_conforms() -> None:
    """The hand-written graph of the query tests, with every kind of extracted fact, conforms."""
    report = validate_graph(FIXTURE)
    assert report.conforms, report.text
    assert report.text == f"{FIXTURE}: conforms to the paperkg shapes ({report.triples} triples)\n"


def test_paper_without_title_and_with_a_plain_string_year(tmp_path: Path) -> None:
    """A paper with no title and a year written as a plain string: two violations, each line
    naming the list line, the paper, the property and the rule; exit 1."""
    path = broken(
        tmp_path,
        remove=[(FCN, "http://purl.org/dc/terms/title", None), (FCN, KG + "year", None)],
        add=f'<{FCN}> kg:year "2015" .',
    )
    result = kg("validate", "--graph", str(path))
    assert result.exit_code == 1
    assert result.stdout == (
        f"fixture.md:10: <{FCN}> dcterms:title: an entry has exactly one dcterms:title, a plain string\n"
        f"fixture.md:10: <{FCN}> kg:year: an entry has at most one kg:year, an xsd:gYear of four digits "
        f'(value: "2015")\n'
        f"{path}: 2 violations of the paperkg shapes\n"
    )


@pytest.mark.parametrize(
    ("remove", "add", "expected"),
    [
        pytest.param(
            [],
            f'<{FCN}> kg:year "2016"^^xsd:gYear .',
            f"fixture.md:10: <{FCN}> kg:year: an entry has at most one kg:year, an xsd:gYear of four digits",
            id="two-years",
        ),
        pytest.param(
            [(FCN, KG + "year", None)],
            f'<{FCN}> kg:year "15"^^xsd:gYear .',
            f"fixture.md:10: <{FCN}> kg:year: an entry has at most one kg:year, an xsd:gYear of four digits "
            f'(value: "15"^^xsd:gYear)',
            id="short-year",
        ),
        pytest.param(
            [(FCN, KG + "arxivId", None)],
            f'<{FCN}> kg:arxivId "1411.4038v2" .',
            f"fixture.md:10: <{FCN}> kg:arxivId: a paper has at most one kg:arxivId, a string such as 1411.4038 or "
            f'cs/0112017 (no version suffix) (value: "1411.4038v2")',
            id="arxiv-version",
        ),
        pytest.param(
            [],
            f"<{FCN}> kg:venue <{R}venue/iccv> .",
            f"fixture.md:10: <{FCN}> kg:venue: an entry has at most one kg:venue, a kg:Venue",
            id="two-venues",
        ),
        pytest.param(
            [],
            f"<{FCN}> kg:affiliation <{R}venue/iccv> .",
            f"fixture.md:10: <{FCN}> kg:affiliation: kg:affiliation points to a kg:Institution "
            f"(value: <{R}venue/iccv>)",
            id="affiliation-not-institution",
        ),
        pytest.param(
            [(FCN, KG + "sourceLine", None)],
            f"<{FCN}> kg:sourceLine 0 .",
            f"fixture.md:0: <{FCN}> kg:sourceLine: an entry has a kg:sourceLine, an xsd:integer of 1 or more "
            '(value: "0"^^xsd:integer)',
            id="line-zero",
        ),
        pytest.param(
            [(FCN, "http://www.w3.org/ns/prov#wasDerivedFrom", None)],
            "",
            f"<{FCN}> prov:wasDerivedFrom: an entry is prov:wasDerivedFrom at least one kg:SourceDocument",
            id="no-source",
        ),
        pytest.param(
            [(FCN, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", KG + "Paper")],
            "",
            f"fixture.md:10: <{FCN}> rdf:type: an entry has one of the classes kg:Paper, kg:BlogPost, kg:Talk, "
            "kg:Tutorial, "
            "kg:SoftwareProject, kg:Benchmark, kg:Challenge, kg:Leaderboard, kg:Course, kg:DatasetRelease",
            id="no-entry-class",
        ),
        pytest.param(
            [],
            f'<{R}venue/cvpr> <http://www.w3.org/2000/01/rdf-schema#label> "CVPR 2" .',
            f"<{R}venue/cvpr> rdfs:label: an entity other than a paper has exactly one rdfs:label",
            id="two-labels",
        ),
        pytest.param(
            [],
            f"<{R}family/deeplab> skos:broader <{R}family/deeplab-v3-plus> .",
            f"<{R}family/deeplab>: a method family is its own skos:broader, through a cycle",
            id="family-cycle",
        ),
        pytest.param(
            [],
            f"<{R}family/fcn> skos:broader <{R}topic/semantic-segmentation> .",
            f"<{R}family/fcn> skos:broader: a method family is skos:broader only to another kg:MethodFamily "
            f"(DeepLab v2 -> DeepLab) (value: <{R}topic/semantic-segmentation>)",
            id="family-broader-topic",
        ),
        pytest.param(
            [(f"{R}repo/github.com/fyu/dilation", KG + "url", None)],
            "",
            f"<{R}repo/github.com/fyu/dilation> kg:url: a code repository has exactly one kg:url",
            id="repo-without-url",
        ),
        pytest.param(
            [(f"{R}repo/github.com/fyu/dilation", KG + "url", None)],
            f'<{R}repo/github.com/fyu/dilation> kg:url "https://github.com/fyu/dilation" .',
            f"<{R}repo/github.com/fyu/dilation> kg:url: kg:url is an xsd:anyURI literal holding an absolute IRI "
            'with no space or <>"{}|\\^` (value: "https://github.com/fyu/dilation")',
            id="url-plain-string",
        ),
        pytest.param(
            [],
            f'<{R}repo/github.com/fyu/dilation> kg:url "https://github.com/fyu/dila tion"^^xsd:anyURI .',
            f"<{R}repo/github.com/fyu/dilation> kg:url: kg:url is an xsd:anyURI literal holding an absolute IRI "
            'with no space or <>"{}|\\^` (value: "https://github.com/fyu/dila tion"^^xsd:anyURI)',
            id="url-with-space",
        ),
        pytest.param(
            [(f"{R}paper/arxiv/1606.07230/link/1", KG + "url", None)],
            "",
            f"<{R}paper/arxiv/1606.07230/link/1> kg:url|kg:urlText: a link has either one kg:url or, where the address "
            "could not be made an IRI, one kg:urlText",
            id="link-without-url",
        ),
        pytest.param(
            [(FCN, "http://schema.org/sameAs", None)],
            "",
            f"fixture.md:10: <{FCN}> kg:arxivId: an entry with a kg:arxivId is schema:sameAs <https://arxiv.org/abs/ID>",
            id="no-arxiv-page",
        ),
        pytest.param(
            [],
            f"<{R}repo/github.com/fyu/dilation> schema:sameAs <https://example.org/fyu/dilation/tree/x> .",
            f"<{R}repo/github.com/fyu/dilation> schema:sameAs: a code repository is schema:sameAs at most one IRI, "
            "https://HOST/owner/name on GitHub, GitLab or Bitbucket (value: <https://example.org/fyu/dilation/tree/x>)",
            id="repo-same-as-elsewhere",
        ),
        pytest.param(
            [],
            f"<{FCN}> kg:usesMethod <{R}topic/semantic-segmentation> .",
            f"fixture.md:10: <{FCN}> kg:usesMethod: kg:usesMethod points to a kg:MethodFamily "
            f"(value: <{R}topic/semantic-segmentation>)",
            id="uses-method-topic",
        ),
        pytest.param(
            [],
            f"<{FCN}> kg:listing <{R}listing/1> . "
            f"<{R}listing/1> a kg:Listing ; prov:wasDerivedFrom <{R}source/fixture-md> .",
            f"fixture.md: <{R}listing/1> kg:sourceLine: a listing has exactly one kg:sourceLine, an xsd:integer of 1 "
            "or more",
            id="listing-without-line",
        ),
        pytest.param(
            [],
            f"<{FCN}> kg:listing <{R}venue/cvpr> .",
            f"fixture.md:10: <{FCN}> kg:listing: an entry has at least one kg:listing, a kg:Listing "
            f"(value: <{R}venue/cvpr>)",
            id="listing-not-a-listing",
        ),
    ],
)
def test_each_rule_names_the_node(tmp_path: Path, remove: list, add: str, expected: str) -> None:
    """Each broken promise of the contract gives one line naming the node and the rule."""
    report = validate_graph(broken(tmp_path, remove, add))
    assert not report.conforms
    assert expected in [str(v) for v in report.violations], report.text


def test_missing_graph_is_one_line(tmp_path: Path) -> None:
    """A graph file that does not exist: one line naming it, exit 1."""
    missing = tmp_path / "none.ttl"
    result = kg("validate", "--graph", str(missing))
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", f"kg: {missing}: no such graph file\n")


def test_unparsable_graph_is_one_line(tmp_path: Path) -> None:
    """A graph file that does not parse: one line with the file and position, exit 1."""
    bad = tmp_path / "bad.ttl"
    bad.write_text("<urn:x:a> <urn:x:b> .\n")
    result = kg("validate", "--graph", str(bad))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"kg: {bad}: ") and result.stderr.count("\n") == 1


def test_shapes_are_valid_shacl() -> None:
    """shapes.ttl passes SHACL's own shapes (pySHACL's meta-SHACL check)."""
    import warnings

    import pyshacl
    import rdflib

    shapes = rdflib.Graph().parse(shapes_path(), format="turtle")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        conforms, _, text = pyshacl.validate(rdflib.Graph(), shacl_graph=shapes, meta_shacl=True)
    assert conforms, text


def test_shapes_use_only_terms_of_the_ontology() -> None:
    """Every kg: term the shapes name is declared by paperkg, so a typo cannot hide a rule."""
    from kg.graph.namespaces import KG as NS

    text = shapes_path().read_text(encoding="utf-8")
    used = set(re.findall(r"\bkg:([A-Za-z]+)", text))
    assert used and used <= NS.terms, used - NS.terms


def test_a_conforming_graph_is_validated_by_the_quick_check_without_pyshacl(seed_out: Path) -> None:
    """`validate_graph` of a conforming graph answers from the quick check (pySHACL is not even
    imported); with `full=True` pySHACL validates it and gives the same report."""
    code = (
        "import sys\nfrom pathlib import Path\nfrom kg.validate import validate_graph\n"
        f"report = validate_graph(Path({str(seed_out / 'graph.ttl')!r}))\n"
        "print(report.conforms, 'pyshacl' in sys.modules)\n"
        f"full = validate_graph(Path({str(seed_out / 'graph.ttl')!r}), full=True)\n"
        "print(full.text == report.text, 'pyshacl' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["True", "False", "True", "True"]
