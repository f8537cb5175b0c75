"""`kg query`: canned queries with hand-computed answers on a hand-written graph, parameters bound
as RDF terms (never pasted into the query), the four query forms, the output formats, and
one-line errors."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pyoxigraph
import pytest
from click.testing import CliRunner, Result

from kg.cli import main
from kg.errors import QueryError
from kg.query import (
    QuerySource,
    bind_params,
    canned_queries,
    canned_query,
    execute,
    parse_term,
    query_source,
    resolve_label,
)

DATA = Path(__file__).parent / "data"
FIXTURE = DATA / "query_fixture.ttl"
R = "https://w3id.org/paperkg/resource/"
XSD = "http://www.w3.org/2001/XMLSchema#"
HOSTILE = 'CVPR" } ; DROP ALL ; #'


@pytest.fixture(scope="module")
def store() -> pyoxigraph.Store:
    """The hand-written fixture graph in an Oxigraph store."""
    from kg.graph.files import load_store

    return load_store(FIXTURE)


def kg(*args: str) -> Result:
    """Run the `kg` command in-process; stdout and stderr are kept apart."""
    return CliRunner().invoke(main, list(args))


def rows(store: pyoxigraph.Store, query: str, *params: str) -> list[tuple[str | None, ...]]:
    """The rows of a SELECT query (canned name or text), each value as its lexical form."""
    source = query_source(query)
    solutions = execute(store, source, bind_params(store, source, params))
    assert isinstance(solutions, pyoxigraph.QuerySolutions)
    width = len(solutions.variables)
    return [tuple(None if s[i] is None else s[i].value for i in range(width)) for s in solutions]


def paper(key: str) -> str:
    return f"{R}paper/arxiv/{key}"


# -- the canned queries, answers worked out by hand from tests/data/query_fixture.ttl ------------
PAPERS_PER_VENUE_YEAR = [
    ("CVPR", "2014", "1", "0"),
    ("CVPR", "2015", "1", "0"),
    ("CVPR", "2017", "5", "1"),  # PSPNet, RefineNet, Large Kernel, DenseNet, Tiramisu (workshop)
    ("CVPR", "2018", "2", "0"),
    ("CVPR", "2019", "1", "0"),
    ("ECCV", "2018", "2", "0"),
    ("ICCV", "2015", "1", "0"),
    ("ICCV", "2017", "1", "0"),
    ("ICLR", "2015", "1", "0"),
    ("ICLR", "2016", "1", "0"),
    ("PAMI", "2017", "2", "0"),
]
TOP_INSTITUTIONS = [
    ("Google", "4", "2015", "2018"),  # one of its four papers has no year
    ("Facebook AI Research", "3", "2017", "2019"),
    ("UC Berkeley", "3", "2014", "2018"),
    ("CUHK", "2", "2017", "2018"),
    ("SenseTime", "2", "2017", "2018"),
    ("Tsinghua University", "2", "2017", "2017"),
    ("Amazon", "1", "2018", "2018"),
    ("Cornell University", "1", "2017", "2017"),
    ("Intel Labs", "1", "2016", "2016"),
    ("MILA", "1", "2017", "2017"),
    ("POSTECH", "1", "2015", "2015"),
    ("Princeton University", "1", "2016", "2016"),
    ("University of Adelaide", "1", "2017", "2017"),
    ("University of Cambridge", "1", "2017", "2017"),
]
FRAMEWORKS_BY_YEAR = [
    ("2014", "Caffe", "1"),
    ("2015", "Caffe", "3"),
    ("2016", "Caffe", "1"),
    ("2017", "Caffe", "2"),
    ("2017", "PyTorch", "2"),
    ("2017", "Keras", "1"),
    ("2017", "Torch", "1"),
    ("2018", "PyTorch", "3"),  # one of them only through the paper's kg:usesFramework
    ("2018", "Caffe", "1"),
    ("2018", "TensorFlow", "1"),
    ("2019", "PyTorch", "1"),
]
DEEPLAB_V1 = "Semantic Image Segmentation with Deep Convolutional Nets and Fully Connected CRFs"
DEEPLAB_V2 = (
    "DeepLab: Semantic Image Segmentation with Deep Convolutional Nets, Atrous Convolution, and Fully Connected CRFs"
)
DEEPLAB_V3 = "Rethinking Atrous Convolution for Semantic Image Segmentation"
DEEPLAB_V3P = "Encoder-Decoder with Atrous Separable Convolution for Semantic Image Segmentation"
RCNN = "Rich feature hierarchies for accurate object detection and semantic segmentation"
SEGNET = "SegNet: A Deep Convolutional Encoder-Decoder Architecture for Image Segmentation"
METHOD_FAMILY = [
    ("DeepLab", "DeepLab v3", None, DEEPLAB_V3, paper("1706.05587")),  # no year: first
    ("DeepLab", "DeepLab", "2015", DEEPLAB_V1, paper("1412.7062")),
    ("DeepLab", "DeepLab v2", "2017", DEEPLAB_V2, paper("1606.00915")),
    ("DeepLab", "DeepLab v3+", "2018", DEEPLAB_V3P, paper("1802.02611")),  # v3+ -> v3 -> DeepLab
    ("DeepLab v2", "DeepLab v2", "2017", DEEPLAB_V2, paper("1606.00915")),
    ("DeepLab v3", "DeepLab v3", None, DEEPLAB_V3, paper("1706.05587")),
    ("DeepLab v3", "DeepLab v3+", "2018", DEEPLAB_V3P, paper("1802.02611")),
    ("DeepLab v3+", "DeepLab v3+", "2018", DEEPLAB_V3P, paper("1802.02611")),
    ("FCN", "FCN", "2015", "Fully Convolutional Networks for Semantic Segmentation", paper("1411.4038")),
    ("Mask R-CNN", "Mask R-CNN", "2017", "Mask R-CNN", paper("1703.06870")),
    ("Mask R-CNN", "Mask R-CNN", "2018", "Learning to Segment Every Thing", paper("1711.10370")),
    ("R-CNN", "R-CNN", "2014", RCNN, paper("1311.2524")),
    ("R-CNN", "Mask R-CNN", "2017", "Mask R-CNN", paper("1703.06870")),
    ("R-CNN", "Mask R-CNN", "2018", "Learning to Segment Every Thing", paper("1711.10370")),
    ("SegNet", "SegNet", "2017", SEGNET, paper("1511.00561")),
]


def code(venue: str, year: str, framework: str, title: str, repo: str, key: str, host: str = "github.com") -> tuple:
    return (venue, year, framework, title, repo, f"https://{host}/{repo}", paper(key))


TIRAMISU = "The One Hundred Layers Tiramisu: Fully Convolutional DenseNets for Semantic Segmentation"
ICNET = "ICNet for Real-Time Semantic Segmentation on High-Resolution Images"
PAPERS_WITH_CODE = [
    code("CVPR", "2014", "Caffe", RCNN, "rbgirshick/rcnn", "1311.2524"),
    code(
        "CVPR",
        "2015",
        "Caffe",
        "Fully Convolutional Networks for Semantic Segmentation",
        "shelhamer/fcn.berkeleyvision.org",
        "1411.4038",
    ),
    code("CVPR", "2017", "Caffe", "Pyramid Scene Parsing Network", "hszhao/PSPNet", "1612.01105"),
    code("CVPR", "2017", "Keras", TIRAMISU, "0bserver07/One-Hundred-Layers-Tiramisu", "1611.09326"),
    code(
        "CVPR",
        "2017",
        "PyTorch",
        "Densely Connected Convolutional Networks",
        "andreasveit/densenet-pytorch",
        "1608.06993",
    ),
    code("CVPR", "2017", "Torch", "Densely Connected Convolutional Networks", "liuzhuang13/DenseNet", "1608.06993"),
    code(
        "CVPR",
        "2018",
        "PyTorch",
        "Context Encoding for Semantic Segmentation",
        "zhanghang1989/PyTorch-Encoding",
        "1803.08904",
    ),
    # the repository names no framework: the paper's own (intro line) counts
    code("CVPR", "2018", "PyTorch", "Learning to Segment Every Thing", "ronghanghu/seg_every_thing", "1711.10370"),
    code("CVPR", "2019", "PyTorch", "Panoptic Feature Pyramid Networks", "facebookresearch/detectron2", "1901.02446"),
    code("ECCV", "2018", "Caffe", ICNET, "hszhao/ICNet", "1704.08545"),
    code("ECCV", "2018", "PyTorch", DEEPLAB_V3P, "jfzhang95/pytorch-deeplab-xception", "1802.02611"),
    code("ECCV", "2018", "TensorFlow", DEEPLAB_V3P, "tensorflow/models", "1802.02611"),
    code(
        "ICCV",
        "2015",
        "Caffe",
        "Learning Deconvolution Network for Semantic Segmentation",
        "HyeonwooNoh/DeconvNet",
        "1505.04366",
    ),
    code("ICCV", "2017", "PyTorch", "Mask R-CNN", "facebookresearch/maskrcnn-benchmark", "1703.06870"),
    code("ICLR", "2015", "Caffe", DEEPLAB_V1, "deeplab/deeplab-public", "1412.7062", host="bitbucket.org"),
    code(
        "ICLR", "2016", "Caffe", "Multi-Scale Context Aggregation by Dilated Convolutions", "fyu/dilation", "1511.07122"
    ),
    code("PAMI", "2017", "Caffe", SEGNET, "alexgkendall/caffe-segnet", "1511.00561"),
]
INSTITUTION_PAIRS = [
    ("CUHK", "SenseTime", "2"),
    ("Cornell University", "Tsinghua University", "1"),
    ("Facebook AI Research", "UC Berkeley", "1"),
    ("Intel Labs", "Princeton University", "1"),
]
TOP_DATASETS = [
    ("PASCAL VOC 2012", "12"),  # the blog post that names it is not a paper
    ("Cityscapes", "10"),
    ("CamVid", "4"),
    ("COCO", "3"),
    ("ADE20K", "2"),
    ("NYUDv2", "2"),
    ("ImageNet", "1"),
]
SMALL_OBJECTS = f"{R}paper/semantic-segmentation-of-small-objects"
PAPERS_WITHOUT_CODE = [
    (DEEPLAB_V2, "fixture.md:30", paper("1606.00915")),
    (
        "Large Kernel Matters -- Improve Semantic Segmentation by Global Convolutional Network",
        "fixture.md:100",
        paper("1703.02719"),
    ),
    ("Semantic Segmentation of Small Objects", "fixture.md:200", SMALL_OBJECTS),
    # 1606.07230 has a `code:` link that is not a repository: it has code
]
UNPLACED_ENTRIES = [
    (DEEPLAB_V3, "venue, year", "fixture.md:40", "Google. DeepLab v3", paper("1706.05587")),
    (
        "Semantic Segmentation of Small Objects",
        "year",
        "fixture.md:200",
        "ECCV Workshop. small objects",
        SMALL_OBJECTS,
    ),
    (
        "Deep Learning Markov Random Field for Semantic Segmentation",
        "venue, year",
        "fixture.md:210",
        None,
        paper("1606.07230"),
    ),
]
PAPER_LISTINGS = [
    (
        "A 2017 Guide to Semantic Segmentation with Deep Learning",
        "fixture.md",
        "300",
        None,
        None,
        None,
        f"{R}blog-post/a-2017-guide-to-semantic-segmentation-with-deep-learning",
    ),
    ("Context Encoding for Semantic Segmentation", "fixture.md", "150", None, "CVPR", "2018", paper("1803.08904")),
    (
        "Deep Learning Markov Random Field for Semantic Segmentation",
        "fixture.md",
        "210",
        None,
        None,
        None,
        paper("1606.07230"),
    ),
    (
        "DeepLab-ResNet in TensorFlow",
        "fixture.md",
        "310",
        None,
        None,
        None,
        f"{R}software/deeplab-resnet-in-tensorflow",
    ),
    (
        DEEPLAB_V2,
        "fixture.md",
        "30",
        None,
        "PAMI",
        "2017",
        paper("1606.00915"),
    ),
    ("Densely Connected Convolutional Networks", "fixture.md", "110", None, "CVPR", "2017", paper("1608.06993")),
    (
        "Encoder-Decoder with Atrous Separable Convolution for Semantic Image Segmentation",
        "fixture.md",
        "50",
        None,
        "ECCV",
        "2018",
        paper("1802.02611"),
    ),
    (
        "Fully Convolutional Networks for Semantic Segmentation",
        "fixture.md",
        "10",
        None,
        "CVPR",
        "2015",
        paper("1411.4038"),
    ),
    (
        "ICNet for Real-Time Semantic Segmentation on High-Resolution Images",
        "fixture.md",
        "140",
        None,
        "ECCV",
        "2018",
        paper("1704.08545"),
    ),
    (
        "Large Kernel Matters -- Improve Semantic Segmentation by Global Convolutional Network",
        "fixture.md",
        "100",
        None,
        "CVPR",
        "2017",
        paper("1703.02719"),
    ),
    (
        "Learning Deconvolution Network for Semantic Segmentation",
        "fixture.md",
        "180",
        None,
        "ICCV",
        "2015",
        paper("1505.04366"),
    ),
    ("Learning to Segment Every Thing", "fixture.md", "120", None, "CVPR", "2018", paper("1711.10370")),
    ("Mask R-CNN", "fixture.md", "60", None, "ICCV", "2017", paper("1703.06870")),
    (
        "Multi-Scale Context Aggregation by Dilated Convolutions",
        "fixture.md",
        "190",
        None,
        "ICLR",
        "2016",
        paper("1511.07122"),
    ),
    ("Panoptic Feature Pyramid Networks", "fixture.md", "130", None, "CVPR", "2019", paper("1901.02446")),
    ("Pyramid Scene Parsing Network", "fixture.md", "80", None, "CVPR", "2017", paper("1612.01105")),
    (
        "RefineNet: Multi-Path Refinement Networks for High-Resolution Semantic Segmentation",
        "fixture.md",
        "90",
        None,
        "CVPR",
        "2017",
        paper("1611.06612"),
    ),
    (
        "Rethinking Atrous Convolution for Semantic Image Segmentation",
        "fixture.md",
        "40",
        None,
        None,
        None,
        paper("1706.05587"),
    ),
    (
        "Rich feature hierarchies for accurate object detection and semantic segmentation",
        "fixture.md",
        "70",
        None,
        "CVPR",
        "2014",
        paper("1311.2524"),
    ),
    (
        "SegNet: A Deep Convolutional Encoder-Decoder Architecture for Image Segmentation",
        "fixture.md",
        "170",
        None,
        "PAMI",
        "2017",
        paper("1511.00561"),
    ),
    (
        "Semantic Image Segmentation with Deep Convolutional Nets and Fully Connected CRFs",
        "fixture.md",
        "20",
        None,
        "ICLR",
        "2015",
        paper("1412.7062"),
    ),
    (
        "Semantic Segmentation of Small Objects",
        "fixture.md",
        "200",
        None,
        "ECCV",
        None,
        f"{R}paper/semantic-segmentation-of-small-objects",
    ),
    (
        "The One Hundred Layers Tiramisu: Fully Convolutional DenseNets for Semantic Segmentation",
        "fixture.md",
        "160",
        None,
        "CVPR",
        "2017",
        paper("1611.09326"),
    ),
]
EXPECTED = {
    "paper-listings": PAPER_LISTINGS,
    "papers-per-venue-year": PAPERS_PER_VENUE_YEAR,
    "top-institutions": TOP_INSTITUTIONS,
    "frameworks-by-year": FRAMEWORKS_BY_YEAR,
    "method-family": METHOD_FAMILY,
    "papers-with-code": PAPERS_WITH_CODE,
    "institution-pairs": INSTITUTION_PAIRS,
    "top-datasets": TOP_DATASETS,
    "papers-without-code": PAPERS_WITHOUT_CODE,
    "unplaced-entries": UNPLACED_ENTRIES,
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_canned_query_answers_on_the_fixture(store: pyoxigraph.Store, name: str) -> None:
    """Each canned query, run without parameters, gives exactly the hand-computed rows in order."""
    assert rows(store, name) == EXPECTED[name]


def test_every_canned_query_has_expected_answers() -> None:
    """No canned query goes untested: the table of expected answers covers them all."""
    assert sorted(q.name for q in canned_queries()) == sorted(EXPECTED)


@pytest.mark.parametrize(
    ("name", "params", "expected"),
    [
        ("papers-per-venue-year", ["venue=CVPR"], PAPERS_PER_VENUE_YEAR[:5]),
        ("papers-per-venue-year", ["venue=cvpr"], PAPERS_PER_VENUE_YEAR[:5]),
        ("papers-per-venue-year", ["venue=computer vision and pattern recognition"], PAPERS_PER_VENUE_YEAR[:5]),
        ("papers-per-venue-year", ["venue=TPAMI"], PAPERS_PER_VENUE_YEAR[-1:]),
        ("papers-per-venue-year", ["year=2017"], [PAPERS_PER_VENUE_YEAR[i] for i in (2, 7, 10)]),
        (
            "papers-per-venue-year",
            ['year="2017"^^<http://www.w3.org/2001/XMLSchema#gYear>'],
            [PAPERS_PER_VENUE_YEAR[i] for i in (2, 7, 10)],
        ),
        ("papers-per-venue-year", ["venue=CVPR", "year=2017"], [("CVPR", "2017", "5", "1")]),
        ("papers-per-venue-year", ["venue=NeurIPS"], []),
        ("frameworks-by-year", ["framework=pytorch"], [r for r in FRAMEWORKS_BY_YEAR if r[1] == "PyTorch"]),
        ("frameworks-by-year", ["framework=Tensorflow", "year=2018"], [("2018", "TensorFlow", "1")]),
        ("method-family", ["family=deeplab"], METHOD_FAMILY[:4]),
        ("method-family", ["family=DeepLabv3"], METHOD_FAMILY[5:7]),
        ("method-family", ["family=R-CNN"], METHOD_FAMILY[11:14]),
        ("papers-with-code", ["venue=CVPR", "year=2017", "framework=PyTorch"], [PAPERS_WITH_CODE[4]]),
        ("papers-with-code", ["venue=cvpr", "year=2018", "framework=pytorch"], PAPERS_WITH_CODE[6:8]),
        ("papers-with-code", ["venue=ECCV", "year=2018"], PAPERS_WITH_CODE[9:12]),
        ("papers-with-code", ["framework=Keras"], [PAPERS_WITH_CODE[3]]),
    ],
)
def test_canned_query_parameters(store: pyoxigraph.Store, name: str, params: list[str], expected: list) -> None:
    """Parameters narrow a canned query: labels match any name of the entity, case-insensitively,
    and show its canonical label; years become xsd:gYear; an unknown venue matches nothing."""
    assert rows(store, name, *params) == expected


@pytest.mark.parametrize("canned", canned_queries(), ids=lambda q: q.name)
def test_canned_query_header(canned) -> None:
    """Each canned query names itself after its file, describes itself on one line, and every
    parameter it declares can be bound (Oxigraph binds only variables the query returns)."""
    from kg.graph.files import load_store

    assert re.fullmatch(r"[a-z][a-z0-9-]*", canned.name)
    assert canned.text.startswith(f"# name: {canned.name}\n# description: ")
    assert 20 <= len(canned.description) <= 100 and "\n" not in canned.description
    store = load_store(FIXTURE)
    examples = {"venue": "CVPR", "year": "2017", "framework": "PyTorch", "family": "DeepLab", "title": "Mask R-CNN"}
    params = [f"{p.name}={examples[p.name]}" for p in canned.params]
    rows(store, canned.name, *params)  # raises QueryError if a parameter cannot be bound


@pytest.mark.parametrize("canned", canned_queries(), ids=lambda q: q.name)
def test_canned_query_declares_every_prefix(canned) -> None:
    """A canned query parses without paperkg's default prefixes and in rdflib's parser too, so
    it can be pasted into any SPARQL endpoint as it is."""
    import warnings

    pyoxigraph.Store().query(canned.text)  # no `prefixes=`: a missing PREFIX raises SyntaxError
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        from rdflib.plugins.sparql import prepareQuery

        prepareQuery(canned.text)


def test_list_shows_every_canned_query() -> None:
    """`kg query --list` prints one line per canned query, its name and its description, and
    under it the parameters it takes, if any."""
    result = kg("query", "--list")
    assert result.exit_code == 0
    expected = "".join(
        f"{q.name:28} {q.description}\n"
        + (f"{'':28}   --param {', '.join(p.name for p in q.params)}\n" if q.params else "")
        for q in canned_queries()
    )
    assert result.stdout == expected
    assert len([line for line in result.stdout.splitlines() if not line.startswith(" ")]) == 10
    assert "   --param venue, year, framework" in result.stdout


# -- parameters are RDF terms, never query text ---------------------------------------------
def test_hostile_parameter_is_just_a_venue_that_matches_nothing() -> None:
    """A value that would end the query and drop the graph if pasted is bound as one literal:
    the query runs as written and finds nothing."""
    result = kg("query", "papers-per-venue-year", "--graph", str(FIXTURE), "--param", f"venue={HOSTILE}")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ("venue  year  papers  workshopPapers\n-----  ----  ------  --------------\n0 rows\n")


@pytest.mark.parametrize("value", [HOSTILE, '"x\\" } ; DROP ALL ; #"', "} UNION { ?s ?p ?o }", "?title", "'x' ) }"])
def test_hostile_parameter_leaves_the_store_unchanged(value: str) -> None:
    """Hostile values in a query of our own or a canned one return no rows, and the store keeps
    every triple: the value never becomes SPARQL."""
    from kg.graph.files import load_store

    store = load_store(FIXTURE)
    before = len(store)
    assert rows(store, "SELECT ?paper ?title WHERE { ?paper dcterms:title ?title }", f"title={value}") == []
    assert rows(store, "papers-with-code", f"venue={value}", f"framework={value}") == []
    assert len(store) == before


def test_parameter_values_are_bound_as_the_terms_they_spell(store: pyoxigraph.Store) -> None:
    """A bound value shows in the results exactly as the term it was parsed into."""
    got = rows(store, "SELECT ?paper ?title WHERE { ?paper a kg:Paper ; dcterms:title ?title }", 'title="Mask R-CNN"')
    assert got == [(paper("1703.06870"), "Mask R-CNN")]
    got = rows(
        store,
        "SELECT ?paper ?venue WHERE { ?paper a kg:Paper ; kg:venue ?venue } ORDER BY ?paper",
        f"venue=<{R}venue/pami>",
    )
    assert got == [(paper("1511.00561"), f"{R}venue/pami"), (paper("1606.00915"), f"{R}venue/pami")]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("<http://example.org/a>", pyoxigraph.NamedNode("http://example.org/a")),
        ('"CVPR"', pyoxigraph.Literal("CVPR")),
        ('"Caffe"@en', pyoxigraph.Literal("Caffe", language="en")),
        (
            '"2017"^^<http://www.w3.org/2001/XMLSchema#gYear>',
            pyoxigraph.Literal("2017", datatype=pyoxigraph.NamedNode(XSD + "gYear")),
        ),
        ('"a \\"quoted\\" word"', pyoxigraph.Literal('a "quoted" word')),
        ("42", pyoxigraph.Literal("42", datatype=pyoxigraph.NamedNode(XSD + "integer"))),
        ("-7", pyoxigraph.Literal("-7", datatype=pyoxigraph.NamedNode(XSD + "integer"))),
        ("4.5", pyoxigraph.Literal("4.5", datatype=pyoxigraph.NamedNode(XSD + "decimal"))),
        ("CVPR", pyoxigraph.Literal("CVPR")),
        ("", pyoxigraph.Literal("")),
        (HOSTILE, pyoxigraph.Literal(HOSTILE)),
    ],
)
def test_parse_term(value: str, expected: object) -> None:
    """VALUE is read as an N-Triples term, a bare number, or else a plain string."""
    assert parse_term(value) == expected


@pytest.mark.parametrize("value", ['"unterminated', "<not an iri>", '"a" . <s:s> <p:p> "b"', "<http://a> <http://b>"])
def test_parse_term_refuses_broken_terms(value: str) -> None:
    """Something that starts like an IRI or a literal but is not exactly one is an error."""
    with pytest.raises(QueryError, match="is not a valid N-Triples"):
        parse_term(value)


def test_label_naming_several_entities_is_ambiguous() -> None:
    """A name shared by two entities of the class is refused, naming both."""
    store = pyoxigraph.Store()
    data = b"""
    @prefix kg: <https://w3id.org/paperkg/ontology#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
    <urn:x:torch> a kg:Framework ; rdfs:label "Torch" ; skos:altLabel "torch7" .
    <urn:x:pytorch> a kg:Framework ; rdfs:label "PyTorch" ; skos:altLabel "Torch7" .
    <urn:x:venue> a kg:Venue ; rdfs:label "torch" .
    """
    store.load(data, format=pyoxigraph.RdfFormat.TURTLE)
    framework = "https://w3id.org/paperkg/ontology#Framework"
    with pytest.raises(QueryError, match="'TORCH7' names 2 entities: PyTorch, Torch"):
        resolve_label(store, "TORCH7", framework)
    assert resolve_label(store, "torch", framework) == pyoxigraph.Literal("Torch")  # the label wins
    assert resolve_label(store, "Caffe", framework) == pyoxigraph.Literal("Caffe")  # unknown: as given


# -- the four query forms and the output formats --------------------------------------------------
def test_select_prints_an_aligned_table() -> None:
    """SELECT prints a table: a header, a rule, numeric columns right-aligned, a row count."""
    result = kg("query", "top-datasets", "--graph", str(FIXTURE))
    assert result.exit_code == 0
    assert result.stdout == (
        "dataset          papers\n"
        "---------------  ------\n"
        "PASCAL VOC 2012      12\n"
        "Cityscapes           10\n"
        "CamVid                4\n"
        "COCO                  3\n"
        "ADE20K                2\n"
        "NYUDv2                2\n"
        "ImageNet              1\n"
        "7 rows\n"
    )


def test_table_keeps_each_row_on_one_line() -> None:
    """Line breaks and tabs inside values are shown escaped, unbound values as empty cells."""
    query = 'SELECT ?a ?b ?c WHERE { BIND("two\\nlines" AS ?a) BIND("x\\ty" AS ?c) }'
    result = kg("query", query, "--graph", str(FIXTURE))
    assert result.stdout == "a           b  c\n----------  -  ----\ntwo\\nlines     x\\ty\n1 row\n"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ('ASK { ?paper kg:venue/rdfs:label "ICCV" }', "true\n"),
        ('ASK { ?paper kg:venue/rdfs:label "NeurIPS" }', "false\n"),
    ],
)
def test_ask_prints_true_or_false(query: str, expected: str) -> None:
    """ASK prints true or false."""
    result = kg("query", query, "--graph", str(FIXTURE))
    assert (result.exit_code, result.stdout) == (0, expected)


def test_ask_as_json_is_the_sparql_boolean_form() -> None:
    """ASK with --format json prints the SPARQL 1.1 JSON boolean result."""
    result = kg(
        "query",
        "ASK { ?paper kg:venue ?venue }",
        "--graph",
        str(FIXTURE),
        "--format",
        "json",
        "--param",
        f"venue=<{R}venue/iccv>",
    )
    assert json.loads(result.stdout) == {"head": {}, "boolean": True}


def test_construct_prints_sorted_turtle_with_the_contract_prefixes() -> None:
    """CONSTRUCT prints Turtle that parses back to the constructed triples, with the paperkg
    prefixes, the same bytes on every run."""
    from rdflib import Graph, Literal, URIRef
    from rdflib.compare import isomorphic

    query = (
        "CONSTRUCT { ?paper dcterms:title ?title } "
        'WHERE { ?paper a kg:Paper ; kg:venue/rdfs:label "ICCV" ; dcterms:title ?title }'
    )
    result = kg("query", query, "--graph", str(FIXTURE))
    assert result.exit_code == 0
    assert "@prefix dcterms: <http://purl.org/dc/terms/> ." in result.stdout
    assert "@prefix kg: <https://w3id.org/paperkg/ontology#> ." in result.stdout
    body = [line for line in result.stdout.splitlines() if not line.startswith("@prefix")]
    assert body == [
        f'<{paper("1505.04366")}> dcterms:title "Learning Deconvolution Network for Semantic Segmentation" .',
        f'<{paper("1703.06870")}> dcterms:title "Mask R-CNN" .',
    ]
    expected = Graph()
    title = URIRef("http://purl.org/dc/terms/title")
    deconvnet = Literal("Learning Deconvolution Network for Semantic Segmentation")
    expected.add((URIRef(paper("1505.04366")), title, deconvnet))
    expected.add((URIRef(paper("1703.06870")), title, Literal("Mask R-CNN")))
    assert isomorphic(Graph().parse(data=result.stdout, format="turtle"), expected)
    assert kg("query", query, "--graph", str(FIXTURE)).stdout == result.stdout


def test_describe_prints_turtle() -> None:
    """DESCRIBE prints the triples about a resource as Turtle, whatever --format says."""
    result = kg("query", f"DESCRIBE <{R}venue/iccv>", "--graph", str(FIXTURE), "--format", "json")
    assert result.exit_code == 0
    body = [line for line in result.stdout.splitlines() if not line.startswith("@prefix")]
    assert body == [
        f"<{R}venue/iccv> a kg:Venue ;",
        '\trdfs:label "ICCV" ;',
        '\tskos:altLabel "International Conference on Computer Vision" .',
    ]


def test_json_is_sparql_results_json() -> None:
    """--format json prints SPARQL 1.1 Query Results JSON: head.vars, then typed bindings."""
    result = kg("query", "top-datasets", "--graph", str(FIXTURE), "--format", "json")
    data = json.loads(result.stdout)
    assert data["head"] == {"vars": ["dataset", "papers"]}
    bindings = data["results"]["bindings"]
    assert len(bindings) == len(TOP_DATASETS)
    assert bindings[0] == {
        "dataset": {"type": "literal", "value": "PASCAL VOC 2012"},
        "papers": {"type": "literal", "value": "12", "datatype": XSD + "integer"},
    }


def test_csv_follows_the_sparql_csv_format() -> None:
    """--format csv: a header of variable names, plain values, CRLF line ends."""
    result = kg("query", "papers-without-code", "--graph", str(FIXTURE), "--format", "csv")
    text = result.stdout_bytes.decode("utf-8")  # (`result.stdout` turns CRLF into LF)
    assert text.startswith("title,listings,paper\r\n")
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    parsed = list(csv.reader(io.StringIO(text, newline="")))
    assert [tuple(row) for row in parsed[1:]] == PAPERS_WITHOUT_CODE
    assert parsed[1][0].startswith("DeepLab: Semantic Image Segmentation with Deep Convolutional Nets, Atrous")


def test_tsv_follows_the_sparql_tsv_format() -> None:
    """--format tsv: a header of ?variables, values as N-Triples/Turtle terms, empty when unbound."""
    result = kg("query", "unplaced-entries", "--graph", str(FIXTURE), "--format", "tsv")
    lines = result.stdout.split("\n")
    assert lines[0] == "?title\t?missing\t?listings\t?intro\t?paper"
    assert lines[3] == (
        f'"Deep Learning Markov Random Field for Semantic Segmentation"\t"venue, year"\t'
        f'"fixture.md:210"\t\t<{paper("1606.07230")}>'
    )
    assert lines[4:] == [""]


# -- errors: one line, exit 1 ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("SELEC * WHERE { ?s ?p ?o }", "query: line 1, column 1: syntax error at 'SELEC'"),
        ("SELECT ?s WHERE {\n  ?s ?p ?o .\n  FILTER(?o = )\n}", "query: line 3, column 3: syntax error at 'FILTER'"),
        ("SELECT ?s WHERE { ?s ?p ?o } LIMT 3", "query: line 1, column 30: syntax error at 'LIMT'"),
        ("SELECT ?s WHERE { ?s ?p ?o ", "query: line 1, column 28: syntax error at end of query"),
        (
            "SELECT * WHERE { ?s foo:p ?o }",
            "query: line 1, column 26: prefix foo: is not declared (add PREFIX foo: <...>)",
        ),
        (
            "SELECT * WHERE { ?s ?p ?o } GROUP BY ?s",
            "query: line 1, column 40: SELECT * is not authorized with GROUP BY",
        ),
        ('SELECT ?s WHERE { ?s ?p "open }', "query: line 1, column 32: unterminated string"),
    ],
)
def test_bad_query_is_one_line_with_its_position(query: str, message: str) -> None:
    """A query that does not parse exits 1 with one line: where, line and column, what."""
    result = kg("query", query, "--graph", str(FIXTURE))
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", f"kg: {message}\n")


def test_bad_query_file_is_named_in_the_error(tmp_path: Path) -> None:
    """For a .rq file, the error names the file; its line numbers count its comment lines."""
    path = tmp_path / "broken.rq"
    path.write_text(
        "# a comment\nPREFIX kg: <https://w3id.org/paperkg/ontology#>\nSELECT ?p WHERE { ?p a kg:Paper ) }\n"
    )
    result = kg("query", str(path), "--graph", str(FIXTURE))
    assert (result.exit_code, result.stderr) == (1, f"kg: {path}: line 3, column 33: syntax error at ')'\n")


def test_query_file_runs(tmp_path: Path) -> None:
    """A .rq file runs like inline text, and its `# params:` header types the parameters."""
    path = tmp_path / "count.rq"
    path.write_text(
        "# params: year (xsd:gYear)\n"
        "SELECT ?year (COUNT(?p) AS ?n) WHERE { ?p a kg:Paper ; kg:year ?year } GROUP BY ?year\n"
    )
    result = kg("query", str(path), "--graph", str(FIXTURE), "--param", "year=2017", "--format", "csv")
    assert (result.exit_code, result.stdout_bytes) == (0, b"year,n\r\n2017,8\r\n")


@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }",
        "DROP ALL",
        "PREFIX kg: <https://w3id.org/paperkg/ontology#>\n# remove\nDELETE WHERE { ?p a kg:Paper }",
        "load <http://example.org/data.ttl>",
    ],
)
def test_sparql_update_is_refused(update: str) -> None:
    """`kg query` runs queries only: SPARQL Update is refused with one line, exit 1."""
    result = kg("query", update, "--graph", str(FIXTURE))
    assert result.exit_code == 1
    assert re.fullmatch(
        r"kg: query: this is SPARQL Update \([A-Z]+\); `kg query` runs queries only "
        r"\(SELECT, ASK, CONSTRUCT, DESCRIBE\) and never changes a graph\n",
        result.stderr,
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["no-such-query"], "no canned query named 'no-such-query' (`kg query --list` shows them)"),
        (["missing.rq"], "missing.rq: no such query file"),
        (["top-datasets", "--param", "venue"], "--param 'venue': expected NAME=VALUE, such as venue=CVPR"),
        (["top-datasets", "--param", "=CVPR"], "--param '=CVPR': expected NAME=VALUE, such as venue=CVPR"),
        (
            ["papers-per-venue-year", "--param", "venu=CVPR"],
            "--param venu: papers-per-venue-year.rq has no parameter 'venu' (its parameters: venue, year)",
        ),
        (
            ["top-datasets", "--param", "year=2017"],
            "--param year: top-datasets.rq has no parameter 'year' (its parameters: none)",
        ),
        (["papers-per-venue-year", "--param", "year=2017", "--param", "year=2018"], "--param year: given twice"),
        (["papers-per-venue-year", "--param", "year=MMXVII"], "--param year: 'MMXVII' is not a year such as 2017"),
        (
            ["papers-per-venue-year", "--param", "venue=<urn:x:cvpr>"],
            "--param venue: expected a literal, got the IRI '<urn:x:cvpr>'",
        ),
        (["SELECT ?s WHERE { ?s ?p ?o }", "--param", "x=1"], "--param x: the query has no variable ?x"),
        (
            ["SELECT ?s WHERE { ?s ?p ?o }", "--param", "o=1"],
            "--param o: ?o is not a result variable of the query; only the variables a query returns can be bound",
        ),
        (
            ["SELECT ?s WHERE { ?s ?p ?o }", "--param", 'o="x'],
            '--param o: \'"x\' is not a valid N-Triples literal "..."',
        ),
    ],
)
def test_bad_arguments_are_one_line(args: list[str], message: str) -> None:
    """Unknown queries and parameters, malformed --param values: one line, exit 1."""
    result = kg("query", *args, "--graph", str(FIXTURE))
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", f"kg: {message}\n")


def test_missing_graph_file(tmp_path: Path) -> None:
    """A graph file that does not exist: one line naming it, exit 1."""
    missing = tmp_path / "nothing.ttl"
    result = kg("query", "top-datasets", "--graph", str(missing))
    assert (result.exit_code, result.stderr) == (1, f"kg: {missing}: no such graph file\n")


def test_query_is_required() -> None:
    """Without QUERY or --list, `kg query` is wrong usage: exit 2."""
    result = kg("query", "--graph", str(FIXTURE))
    assert result.exit_code == 2
    assert "QUERY is required (or use --list)" in result.stderr


def test_errors_from_the_command_line_have_no_traceback() -> None:
    """Through the real console entry point, a bad query prints one line and no traceback."""
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, "-m", "kg", "query", "SELECT ?x WHERE {", "--graph", str(FIXTURE)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert proc.stderr == "kg: query: line 1, column 18: syntax error at end of query\n"


# -- the seed build ----------------------------------------------------------------------------
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_canned_queries_run_on_the_seed_build(seed_out: Path, name: str) -> None:
    """Every canned query runs on the graph built from the bundled list, in every format."""
    graph = str(seed_out / "graph.ttl")
    for fmt in ("table", "csv", "tsv", "json"):
        result = kg("query", name, "--graph", graph, "--format", fmt)
        assert result.exit_code == 0, result.stderr
    json.loads(kg("query", name, "--graph", graph, "--format", "json").stdout)


def test_seed_papers_are_placed_or_listed_as_unplaced(seed_out: Path) -> None:
    """On the seed build, the papers counted per venue and year plus the unplaced ones are all
    the papers, and the papers without code plus those with a code link are all the papers."""
    from kg.graph.files import load_store

    store = load_store(seed_out / "graph.ttl")
    total = int(rows(store, "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a kg:Paper }")[0][0] or 0)
    placed = sum(int(row[2] or 0) for row in rows(store, "papers-per-venue-year"))
    assert placed + len(rows(store, "unplaced-entries")) == total
    with_code = rows(
        store,
        """SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE {
        ?p a kg:Paper . { ?p kg:codeRepository ?r } UNION { ?p kg:link/kg:linkKind "code" } }""",
    )
    assert len(rows(store, "papers-without-code")) + int(with_code[0][0] or 0) == total
    assert total > 100


def test_unknown_canned_query_name_from_library() -> None:
    """The library raises QueryError for a canned query that does not exist."""
    with pytest.raises(QueryError, match="no canned query named 'nope'"):
        canned_query("nope")


def test_inline_query_source() -> None:
    """Text that is neither a canned name nor a .rq file is the query itself."""
    source = query_source("ASK {}")
    assert source == QuerySource("ASK {}", "query", None)
