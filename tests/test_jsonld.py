"""graph.jsonld reads as JSON (compact keys, @type, native numbers and booleans, one @graph,
the shipped context embedded) and converts back to exactly the triples it was written from."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.graph.jsonld import context_path, serialize_jsonld
from kg.graph.namespaces import KG

BASE = "https://w3id.org/paperkg/resource/"


def parsed(data: bytes) -> set[ox.Triple]:
    return {quad.triple for quad in ox.parse(data, format=ox.RdfFormat.JSON_LD)}


def test_graph_jsonld_embeds_the_shipped_context(seed_out: Path) -> None:
    """graph.jsonld's @context is ontology/context.jsonld's, with @base set to the build's
    resource namespace: the file needs nothing from the network."""
    document = json.loads((seed_out / "graph.jsonld").read_text(encoding="utf-8"))
    shipped = json.loads(context_path().read_text(encoding="utf-8"))["@context"]
    assert set(document) == {"@context", "@graph"}
    assert document["@context"] == {"@base": BASE, **shipped}


def test_a_paper_reads_as_json(seed_out: Path) -> None:
    """A paper node has its class as @type, short keys, its year as a JSON number, its workshop
    flag as a boolean, its lines as numbers and its references relative to @base."""
    document = json.loads((seed_out / "graph.jsonld").read_text(encoding="utf-8"))
    fcn = next(node for node in document["@graph"] if node["@id"] == "paper/arxiv/1411.4038")
    assert fcn["@type"] == ["Paper", "Entry"]
    assert fcn["title"] == "Fully Convolutional Networks for Semantic Segmentation"
    assert (fcn["venue"], fcn["year"], fcn["workshop"]) == ("venue/cvpr", 2015, False)
    assert fcn["sameAs"] == ["https://arxiv.org/abs/1411.4038"] and fcn["sourceLine"] == [106]
    assert all(not key.startswith(("kg:", "http")) for node in document["@graph"] for key in node)


def test_context_names_every_class_and_property_of_the_graphs() -> None:
    """The context has a short name for every kg: class and every kg: property a graph can hold
    (not the annotation properties of the vocabulary files)."""
    body = json.loads(context_path().read_text(encoding="utf-8"))["@context"]
    named = {(v if isinstance(v, str) else v["@id"]).removeprefix("kg:") for v in body.values()}
    vocabulary_only = {"entityClass", "venueKind", "familyKind", "frameworkKind"}
    assert KG.terms - vocabulary_only <= named


@pytest.mark.parametrize("reader", ["pyoxigraph", "rdflib", "pyld"])
def test_graph_jsonld_converts_back_to_the_same_triples(seed_out: Path, reader: str) -> None:
    """pyoxigraph, rdflib and pyld read graph.jsonld as exactly the triples of graph.nt."""
    expected = {quad.triple for quad in ox.parse(path=str(seed_out / "graph.nt"))}
    data = (seed_out / "graph.jsonld").read_bytes()
    if reader == "pyoxigraph":
        got = parsed(data)
    elif reader == "rdflib":
        import warnings

        import rdflib

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # rdflib's JSON-LD parser's own
            nt = rdflib.Graph().parse(data=data, format="json-ld").serialize(format="nt", encoding="utf-8")
        got = {quad.triple for quad in ox.parse(nt, format=ox.RdfFormat.N_TRIPLES)}
    else:
        from pyld import jsonld

        nquads = jsonld.to_rdf(json.loads(data), {"format": "application/n-quads"})
        got = {quad.triple for quad in ox.parse(nquads.encode(), format=ox.RdfFormat.N_QUADS)}
    assert got == expected


def test_values_the_context_does_not_cover_are_written_in_full() -> None:
    """Language tags, odd datatypes, non-canonical numbers and booleans, IRIs where the context
    expects text, blank nodes, unknown predicates and IRIs that cannot be relative all survive."""
    node, kg, xsd = ox.NamedNode, KG.iri, "http://www.w3.org/2001/XMLSchema#"
    s = node(BASE + "paper/x")
    triples = [
        ox.Triple(s, node(kg + "year"), ox.Literal("0999", datatype=node(xsd + "gYear"))),
        ox.Triple(s, node(kg + "year"), ox.Literal("2017")),
        ox.Triple(s, node(kg + "sourceLine"), ox.Literal("012", datatype=node(xsd + "integer"))),
        ox.Triple(s, node(kg + "workshop"), ox.Literal("1", datatype=node(xsd + "boolean"))),
        ox.Triple(s, node(kg + "venue"), ox.Literal("CVPR", language="en")),
        ox.Triple(s, node(kg + "intro"), node(BASE + "venue/cvpr")),
        ox.Triple(s, node(kg + "note"), ox.BlankNode("b1")),
        ox.Triple(s, node("http://example.org/p?q=1#x"), node(BASE + "../up")),
        ox.Triple(s, node(kg + "affiliation"), node(BASE + "a:b/c")),
        ox.Triple(s, node(kg + "dataset"), node(BASE + "./x/../y")),
        ox.Triple(s, node(kg + "section"), node(BASE + "@home/x")),
        ox.Triple(s, node(kg + "award"), ox.Literal("3.5", datatype=node(xsd + "decimal"))),
    ]
    for base in (BASE, "https://example.org/kg#", None):
        assert parsed(serialize_jsonld(sorted(triples, key=str), base=base)) == set(triples)


IRIS = st.sampled_from(
    [BASE + "a/b", BASE + "c", BASE + "x y".replace(" ", "%20"), "https://arxiv.org/abs/1411.4038", "urn:x:y"]
)
PREDICATES = st.sampled_from(
    [KG.iri + name for name in ("venue", "year", "sourceLine", "title", "note", "url", "workshop")]
    + ["http://purl.org/dc/terms/title", "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", "http://example.org/p"]
)
DATATYPES = st.sampled_from(["string", "integer", "boolean", "gYear", "anyURI", "decimal", "date"]).map(
    lambda name: ox.NamedNode("http://www.w3.org/2001/XMLSchema#" + name)
)
LITERALS = st.one_of(
    st.text(max_size=12).map(lambda t: ox.Literal(t.replace("\x00", ""))),
    st.builds(
        lambda text, dt: ox.Literal(text, datatype=dt),
        st.sampled_from(["1", "0", "true", "2017", "-5", "x"]),
        DATATYPES,
    ),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(IRIS, PREDICATES, st.one_of(IRIS.map(ox.NamedNode), LITERALS)), max_size=12))
def test_any_graph_round_trips(rows: list[tuple[str, str, object]]) -> None:
    """Any small graph of these IRIs, predicates and literals, written as JSON-LD, reads back in
    pyoxigraph as the same triples."""
    triples = {ox.Triple(ox.NamedNode(s), ox.NamedNode(p), o) for s, p, o in rows}  # type: ignore[arg-type]
    ordered = sorted(triples, key=lambda t: (t.subject.value, str(t.predicate), str(t.object)))
    assert parsed(serialize_jsonld(ordered, base=BASE)) == triples
