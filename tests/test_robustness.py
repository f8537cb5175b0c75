"""Whatever text a list holds, the build neither crashes nor writes an IRI strict tools refuse;
and the spaCy patterns are inspectable data."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.build import Source, build_graph
from kg.graph.formats import GraphFormat, serialize_graph, sorted_triples
from kg.graph.shapes import check_ntriples
from kg.resources import ontology_dir
from kg.understand.patterns import vocabulary_patterns, write_patterns
from kg.understand.vocabulary import load_vocabulary

PIECES = st.sampled_from(
    [
        "# ",
        "## ",
        "### ",
        "**",
        "- ",
        "-- ",
        "* ",
        "intro: ",
        "gtihub(PyTorch): ",
        "arxiv: ",
        "keywords: ",
        "[",
        "]",
        "(",
        ")",
        "<",
        ">",
        "|",
        "`",
        "\\",
        '"',
        "'",
        "#",
        "%",
        "%zz",
        "{",
        "}",
        "^",
        " ",
        "\n",
        "\r\n",
        "http://",
        "https://",
        "hmttps://",
        "javascript:alert(1)",
        "github.com//a/b",
        "arxiv.org/abs/1411.4038v2",
        "CVPR 2017",
        "ECCV18",
        "University of ",
        "Toronto",
        " & ",
        "FAIR",
        "DeepLab v2",
        "COCO",
        "<img src=x>",
        "---\n",
        "title: x\n",
        "é",
        "语义",
        "\u2028",
        "\x00",
        "\ufeff",
        "![](x.png)",
        "| a | b |\n",
    ]
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=60).map("".join))
def test_any_list_text_builds_and_every_iri_is_strict(text: str):
    """Random mixes of list syntax, addresses and Unicode build without an exception, and every
    IRI of the result passes pyoxigraph.NamedNode with none of the characters strict tools refuse;
    the Turtle written parses back to the same number of triples."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "list.md"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        result = build_graph([Source(path, "list.md")])
    for triple in result.triples:
        for term in (triple.subject, triple.predicate, triple.object):
            if isinstance(term, ox.NamedNode):
                ox.NamedNode(term.value)
                assert not set(term.value) & set(' <>"{}|\\^`\n\r\t')
    data = serialize_graph(sorted_triples(result.triples), GraphFormat.TURTLE)
    assert len(list(ox.parse(data, format=ox.RdfFormat.TURTLE))) == result.triple_count


def test_patterns_are_jsonl_data_a_ruler_can_load(tmp_path: Path):
    """`write_patterns` saves every generated pattern as one JSON object a line, and a spaCy
    entity ruler loaded from that file finds the entities."""
    import spacy

    path = tmp_path / "patterns.jsonl"
    count = write_patterns(path, load_vocabulary())
    rows = [json.loads(line) for line in path.read_text().splitlines()]
    assert count == len(rows) == len(vocabulary_patterns(load_vocabulary())) > 1000
    assert {"label": "VENUE", "pattern": "CVPR", "id": "venue:cvpr", "case": "exact"} in rows
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
    ruler.add_patterns([{k: r[k] for k in ("label", "pattern", "id")} for r in rows if r["case"] == "any"])
    doc = nlp("Work of the University of Toronto on Cityscapes")
    assert {(ent.label_, ent.ent_id_) for ent in doc.ents} >= {
        ("ORG", "institution:toronto"),
        ("DATASET", "dataset:cityscapes"),
    }


BYTES = st.one_of(
    PIECES.map(lambda piece: piece.encode("utf-8", "surrogatepass")),
    st.binary(max_size=6),
    st.sampled_from([b"\r\n", b"\n\n", b"\xef\xbb\xbf", b"\xff\xfe", b"**", b"- intro: CVPR 2017\n"]),
)


@pytest.mark.fuzz
@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(BYTES, max_size=50).map(b"".join))
def test_thousands_of_generated_lists_build_or_fail_in_one_line(data: bytes):
    """Two thousand generated files of list syntax, Unicode and raw bytes each build, or fail with
    one `KGError` of one line; what builds meets the SHACL shapes and re-parses in pyoxigraph
    (Turtle, N-Triples and JSON-LD) with as many triples as were made."""
    import tempfile

    from kg.errors import KGError

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "list.md"
        path.write_bytes(data)
        try:
            result = build_graph([Source(path, "list.md")])
        except KGError as exc:
            assert "\n" not in str(exc) and str(exc)
            return
    ntriples = serialize_graph(result.triples, GraphFormat.NTRIPLES)
    assert check_ntriples(ntriples, ontology_dir() / "shapes.ttl") == []
    for fmt, rdf_format in (
        (GraphFormat.TURTLE, ox.RdfFormat.TURTLE),
        (GraphFormat.NTRIPLES, ox.RdfFormat.N_TRIPLES),
        (GraphFormat.JSONLD, ox.RdfFormat.JSON_LD),
    ):
        written = serialize_graph(result.triples, fmt)
        assert len(list(ox.parse(written, format=rdf_format))) == result.triple_count
