"""The view's Python side: the projection of the vocabulary the graph is growing into (listings,
`kg:usesMethod`, libraries, outside identifiers), communities, the layout, and GraphML as Gephi,
networkx and igraph read it."""

from __future__ import annotations

import math
import random
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest

from kg.graph.namespaces import DCTERMS, KG, PROV, RDF, RDFS, SKOS, XSD
from kg.view.communities import louvain, name_communities
from kg.view.graphml import NODE_KEYS, render_graphml
from kg.view.layout import components, fast_size, force_layout, pack
from kg.view.page import columns, page_data
from kg.view.projection import arxiv_year, project
from kg.view.scene import graph_view

R = "https://w3id.org/paperkg/resource/"
SCHEMA_SAME_AS = ox.NamedNode("http://schema.org/sameAs")


def node(path: str) -> ox.NamedNode:
    return ox.NamedNode(R + path)


def term(name: str) -> ox.NamedNode:
    """A `kg:` term whether or not this checkout's closed namespace has it yet."""
    return ox.NamedNode(KG.iri + name)


def listing_graph() -> list[ox.Triple]:
    """A paper listed twice (two lists), with its facts on the listings, a `usesMethod` edge,
    a library, and outside identifiers; a family with a version below it."""
    paper, family, version = node("paper/arxiv/1703.06870"), node("family/fcn"), node("family/fcn-8s")
    library, topic, venue = node("library/mmdetection"), node("topic/instance"), node("venue/iccv")
    triples = [
        ox.Triple(paper, RDF.type, KG.Paper),
        ox.Triple(paper, RDF.type, KG.Entry),
        ox.Triple(paper, DCTERMS.title, ox.Literal("Mask R-CNN")),
        ox.Triple(paper, KG.arxivId, ox.Literal("1703.06870")),
        ox.Triple(paper, term("usesMethod"), family),
        ox.Triple(paper, KG.methodFamily, version),
        ox.Triple(paper, term("usesLibrary"), library),
        ox.Triple(paper, SCHEMA_SAME_AS, ox.NamedNode("https://arxiv.org/abs/1703.06870")),
        ox.Triple(paper, SCHEMA_SAME_AS, ox.NamedNode("https://github.com/facebookresearch/Detectron")),
        ox.Triple(library, RDF.type, term("Library")),
        ox.Triple(library, RDFS.label, ox.Literal("MMDetection")),
        ox.Triple(family, RDF.type, KG.MethodFamily),
        ox.Triple(family, RDFS.label, ox.Literal("FCN")),
        ox.Triple(version, RDF.type, KG.MethodFamily),
        ox.Triple(version, RDFS.label, ox.Literal("FCN-8s")),
        ox.Triple(version, SKOS.broader, family),
        ox.Triple(topic, RDF.type, KG.Topic),
        ox.Triple(topic, RDFS.label, ox.Literal("Instance Segmentation")),
        ox.Triple(venue, RDF.type, KG.Venue),
        ox.Triple(venue, RDFS.label, ox.Literal("ICCV")),
    ]
    for k, (name, line, path) in enumerate([("a.md", 12, "Segmentation / Instance"), ("b.md", 40, "Detection")]):
        listing, source = node(f"listing/{k}"), node(f"source/{name}")
        triples += [
            ox.Triple(paper, term("listing"), listing),
            ox.Triple(listing, RDF.type, term("Listing")),
            ox.Triple(listing, PROV.wasDerivedFrom, source),
            ox.Triple(listing, KG.sourceLine, ox.Literal(str(line), datatype=XSD.integer)),
            ox.Triple(listing, term("sectionPath"), ox.Literal(path)),
            ox.Triple(source, RDF.type, KG.SourceDocument),
            ox.Triple(source, KG.path, ox.Literal(name)),
        ]
    triples += [
        ox.Triple(node("listing/0"), KG.section, topic),
        ox.Triple(node("listing/0"), KG.venue, venue),
        ox.Triple(node("listing/0"), KG.year, ox.Literal("2017", datatype=XSD.gYear)),
    ]
    return triples


def test_listings_are_details_not_nodes_and_their_facts_reach_the_entry():
    """`kg:Listing` resources are no nodes; the entry keeps each as (list, line, section path),
    and the facts read at a listing (its topic, venue, year) become the entry's edges and year."""
    graph = project(listing_graph()).graph
    paper = R + "paper/arxiv/1703.06870"
    assert not any("/listing/" in n or "/source/" in n for n in graph)
    attrs = graph.nodes[paper]
    assert attrs["listings"] == (("a.md", 12, "Segmentation / Instance"), ("b.md", 40, "Detection"))
    assert attrs["source"] == "a.md:12"
    assert graph.has_edge(paper, R + "topic/instance") and graph.has_edge(paper, R + "venue/iccv")
    assert (attrs["year"], attrs["yearFrom"]) == ("2017", "venue")


def test_uses_method_libraries_and_outside_identifiers():
    """`kg:usesMethod` is an edge of its own relation, drawn lighter; a `kg:Library` is a node
    with its own kind; `schema:sameAs` IRIs are no nodes, and the arXiv one becomes a link."""
    view = graph_view(listing_graph())
    graph = view.graph
    paper = R + "paper/arxiv/1703.06870"
    assert graph.edges[paper, R + "family/fcn"]["relation"] == "usesMethod"
    assert graph.edges[paper, R + "family/fcn-8s"]["relation"] == "methodFamily"
    assert graph.nodes[R + "library/mmdetection"]["kind"] == "Library"
    assert not any(n.startswith("https://arxiv.org") or n.startswith("https://github.com") for n in graph)
    assert ("arxiv.org", "https://arxiv.org/abs/1703.06870") in graph.nodes[paper]["links"]
    data = page_data(view)
    lighter = {data["relations"][k] for k in data["lighter"]}
    assert lighter == {"usesLibrary", "usesMethod"}
    assert "Library" in [kind["key"] for kind in data["kinds"]]
    info = data["info"][list(graph).index(paper)]
    assert info["L"] == [[0, 12, "Segmentation / Instance"], [1, 40, "Detection"]] and data["lists"] == ["a.md", "b.md"]


@pytest.mark.parametrize(
    ("arxiv", "year"),
    [("1411.4038", "2014"), ("2106.00001", "2021"), ("0704.0001", "2007"), ("cs/9901001", "1999"), ("1499.0001", None)],
)
def test_the_year_of_an_arxiv_id(arxiv: str, year: str | None):
    """An arXiv id's YYMM gives its year (old ids `archive/YYMMNNN` too); a month beyond 12 none."""
    assert arxiv_year(arxiv) == year


def test_an_entry_without_a_venue_year_takes_its_arxiv_year_marked_as_such():
    """A paper with an arXiv id but no venue year gets the id's year, with `yearFrom` arXiv."""
    paper = node("paper/arxiv/1505.04597")
    graph = project(
        [ox.Triple(paper, RDF.type, KG.Paper), ox.Triple(paper, KG.arxivId, ox.Literal("1505.04597"))]
    ).graph
    assert (graph.nodes[paper.value]["year"], graph.nodes[paper.value]["yearFrom"]) == ("2015", "arXiv")


# -- communities -------------------------------------------------------------------------------
def two_cliques(size: int) -> list[tuple[int, int]]:
    clique = [(a, b) for a in range(size) for b in range(a + 1, size)]
    return clique + [(a + size, b + size) for a, b in clique] + [(0, size)]


def test_louvain_finds_two_cliques_joined_by_one_edge_and_numbers_them_by_size():
    """Two cliques joined by one edge are two communities; the numbering is the same on every
    run (seeded) and the larger community is number 0."""
    number = louvain(12, two_cliques(6))
    assert number[:6] == [number[0]] * 6 and number[6:] == [number[6]] * 6 and number[0] != number[6]
    assert louvain(12, two_cliques(6)) == number
    bigger = louvain(13, two_cliques(6) + [(6, 12), (7, 12), (8, 12)])
    assert bigger[12] == bigger[6] == 0


def test_communities_are_named_after_their_topics_and_families():
    """A community's label names its best-connected topics or method families, not its papers."""
    graph = nx.DiGraph()
    graph.add_node("t", kind="Topic", label="Segmentation")
    graph.add_node("f", kind="MethodFamily", label="FCN")
    graph.add_node("v", kind="Venue", label="CVPR")
    for k in range(5):
        graph.add_node(f"p{k}", kind="Paper", label=f"Paper {k}")
        graph.add_edge(f"p{k}", "t")
        graph.add_edge(f"p{k}", "v")
    graph.add_edge("p0", "f")
    order = list(graph)
    found = name_communities(graph, order, [0] * len(order))
    assert found[0].label == "Segmentation \u00b7 FCN"


# -- layout ----------------------------------------------------------------------------------
def test_fft_sizes_have_no_large_prime_factor():
    """`fast_size(n)` is the least number >= n whose prime factors are 2, 3 and 5."""
    for n in range(1, 400):
        size = fast_size(n)
        assert size >= n
        rest = size
        for p in (2, 3, 5):
            while rest % p == 0:
                rest //= p
        assert rest == 1
        assert all(not _smooth(m) for m in range(n, size))


def _smooth(m: int) -> bool:
    for p in (2, 3, 5):
        while m % p == 0:
            m //= p
    return m == 1


def test_packed_components_never_overlap_and_fill_around_the_largest():
    """Circles packed by `pack` keep a gap between each other, and a hundred small ones sit in
    a compact block around the big one, not in a line."""
    radii = [20.0] + [1.0] * 100
    centres = pack(radii, 1.3)
    for a in range(len(radii)):
        for b in range(a + 1, len(radii)):
            gap = math.dist(centres[a], centres[b]) - radii[a] - radii[b]
            assert gap >= 1.5 - 1e-9
    xs, ys = [x for x, _ in centres], [y for _, y in centres]
    width, height = max(xs) - min(xs), max(ys) - min(ys)
    assert 0.5 < width / height < 3


def _pack_against_every_circle(radii: list[float], aspect: float) -> list[tuple[float, float]]:
    """`pack`'s rule read plainly: each ring tested against every circle placed before."""
    import numpy as np

    from kg.view.packing import GAP

    xs, ys, rs = np.zeros(len(radii)), np.zeros(len(radii)), np.asarray(radii, dtype=np.float64)
    stretch, ring = math.sqrt(aspect), 0.0
    for k in range(1, len(radii)):
        if rs[k] != rs[k - 1]:
            ring = (rs[0] + rs[k] + GAP) / stretch - GAP / 2
        r, found = ring, None
        while found is None:
            r += GAP / 2
            turn = max(int(2 * math.pi * r / max(GAP / 2, rs[k] / 2)), 8)
            angle = 2 * math.pi * np.arange(turn) / turn
            cx, cy = np.cos(angle) * r * stretch, np.sin(angle) * r / stretch
            clear = np.hypot(cx[:, None] - xs[None, :k], cy[:, None] - ys[None, :k]) >= rs[k] + rs[None, :k] + GAP
            free = np.flatnonzero(clear.all(axis=1))
            if len(free):
                found = (float(cx[free[0]]), float(cy[free[0]]))
        xs[k], ys[k] = found
        ring = r - GAP / 2
    return list(zip(xs.tolist(), ys.tolist(), strict=True))


@pytest.mark.parametrize("aspect", [1.3, 0.7])
def test_packing_tests_neighbours_only_yet_places_as_a_test_against_every_circle(aspect: float):
    """`pack` tests a place against the circles near it only, and resumes a ring where the last
    circle of the same size went; the centres are still, bit for bit, those of testing every
    placed circle at every place (a big component, medium ones, and hundreds of single nodes,
    pairs and stars, as a corpus of lists gives)."""
    rng = random.Random(5)
    radii = [60.0, *sorted((rng.uniform(2, 12) for _ in range(12)), reverse=True)]
    radii += [1.0] * 40 + [0.5] * 60 + [0.0] * 400
    assert pack(radii, aspect) == _pack_against_every_circle(radii, aspect)


def star_forest(stars: int, leaves: int) -> tuple[list[str], list[tuple[str, str]]]:
    nodes = [f"hub{s}" for s in range(stars)] + [f"leaf{s}.{k}" for s in range(stars) for k in range(leaves)]
    edges = [(f"hub{s}", f"leaf{s}.{k}") for s in range(stars) for k in range(leaves)]
    edges += [(f"hub{s}", f"hub{s + 1}") for s in range(stars - 1)]
    return nodes, edges


@pytest.mark.parametrize("stars", [3, 30])
def test_the_layout_is_seeded_finite_and_keeps_nodes_apart(stars: int):
    """The same graph gets the same positions; every position is finite, and no two nodes of a
    component of hundreds of nodes sit closer than a fifth of an edge."""
    nodes, edges = star_forest(stars, 20)
    first = force_layout(nodes, edges, seed=3)
    assert first == force_layout(nodes, edges, seed=3)
    points = list(first.values())
    assert all(math.isfinite(x) and math.isfinite(y) for x, y in points)
    close = sum(
        1 for a in range(len(points)) for b in range(a + 1, len(points)) if math.dist(points[a], points[b]) < 0.2
    )
    assert close <= len(points) // 100


def test_a_lattice_is_laid_out_with_linked_nodes_close_together():
    """On a 20 x 15 lattice (grid far field, close pairs), linked nodes end up several times
    closer than nodes picked at random: the median edge is under a third of the median distance
    between random pairs, and no edge is longer than that median."""
    import random

    nodes = [(x, y) for x in range(20) for y in range(15)]
    edges = [((x, y), (x + 1, y)) for x in range(19) for y in range(15)]
    edges += [((x, y), (x, y + 1)) for x in range(20) for y in range(14)]
    positions = force_layout(nodes, edges, seed=1)
    lengths = sorted(math.dist(positions[a], positions[b]) for a, b in edges)
    pick = random.Random(1)
    spread = sorted(math.dist(positions[pick.choice(nodes)], positions[pick.choice(nodes)]) for _ in range(500))
    assert lengths[len(lengths) // 2] < spread[250] / 3
    assert lengths[-1] < spread[250]


def test_components_are_found_largest_first():
    """Connected components are sorted index lists, largest first."""
    assert components(6, [0, 1, 4], [1, 2, 5]) == [[0, 1, 2], [4, 5], [3]]


# -- GraphML ---------------------------------------------------------------------------------
def gephi_read(path: Path) -> dict[str, dict[str, object]]:
    """Nodes as Gephi's GraphML importer sees them: a key is looked up by its id, then by its
    attr.name, among Gephi's properties (label and yEd's `d3`; x, y, size; r, g, b as integers);
    other keys become columns named by their id."""
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    root = ET.parse(path).getroot()
    properties = {"label": "label", "d3": "label", "x": "x", "y": "y", "size": "size", "r": "r", "g": "g", "b": "b"}
    keys = {}
    for key in root.findall("g:key", ns):
        if key.get("for") == "node":
            keys[key.get("id")] = properties.get(key.get("id")) or properties.get(key.get("attr.name")) or key.get("id")
    nodes = {}
    for element in root.findall("g:graph/g:node", ns):
        row: dict[str, object] = {}
        for data in element.findall("g:data", ns):
            name, text = keys[data.get("key")], data.text or ""
            row[name] = int(text) if name in ("r", "g", "b") else float(text) if name in ("x", "y", "size") else text
        nodes[element.get("id")] = row
    return nodes


def test_graphml_opens_in_gephi_with_full_labels_positions_and_colours(tmp_path: Path):
    """No key is numbered (`d0`, `d3`...); as Gephi maps keys, every node's label is its full
    name (not its kind), its place and size come from x, y, size and its colour from r, g, b."""
    view = graph_view(listing_graph())
    path = tmp_path / "graph.graphml"
    path.write_bytes(render_graphml(view))
    text = path.read_text()
    ids = [k.get("id") for k in ET.parse(path).getroot().iter("{http://graphml.graphdrawing.org/xmlns}key")]
    assert not any(key[0] == "d" and key[1:].isdigit() for key in ids)
    seen = gephi_read(path)
    for iri, attrs in view.graph.nodes(data=True):
        assert seen[iri]["label"] == attrs["name"]
        assert (seen[iri]["x"], seen[iri]["y"], seen[iri]["size"]) == (attrs["x"], attrs["y"], attrs["size"])
        assert all(isinstance(seen[iri][c], int) for c in "rgb")
    assert "\u2026" not in text  # labels are never cut


def test_graphml_reads_back_typed_in_networkx_and_igraph(tmp_path: Path):
    """networkx and igraph read the file with the same nodes and edges, `year` as an integer,
    coordinates as floats and each edge's relation."""
    import igraph

    view = graph_view(listing_graph())
    path = tmp_path / "graph.graphml"
    path.write_bytes(render_graphml(view))
    read = nx.read_graphml(path)
    paper = R + "paper/arxiv/1703.06870"
    assert set(read) == set(view.graph) and set(read.edges) == set(view.graph.edges)
    assert read.nodes[paper]["year"] == 2017 and isinstance(read.nodes[paper]["x"], float)
    assert read.nodes[paper]["lists"] == "a.md; b.md" and read.nodes[paper]["label"] == "Mask R-CNN"
    assert read.edges[paper, R + "family/fcn"]["relation"] == "usesMethod"
    other = igraph.Graph.Read_GraphML(str(path))
    assert other.vcount() == view.graph.number_of_nodes() and other.ecount() == view.graph.number_of_edges()
    names = other.vs["id"]
    assert other.vs[names.index(paper)]["year"] == 2017
    assert {k for k, _ in NODE_KEYS} >= {"label", "kind", "x", "y", "size", "r", "g", "b", "year", "community"}


def test_graphml_holds_text_that_xml_cannot(tmp_path: Path):
    """A title with markup, quotes and control characters still gives a file that parses, with
    the markup kept as text."""
    paper = node("paper/x")
    title = 'A <b>"bold"</b> & \x07 title'
    statements = [ox.Triple(paper, RDF.type, KG.Paper), ox.Triple(paper, DCTERMS.title, ox.Literal(title))]
    path = tmp_path / "graph.graphml"
    path.write_bytes(render_graphml(statements))
    assert nx.read_graphml(path).nodes[paper.value]["label"] == 'A <b>"bold"</b> & \ufffd title'


def test_columns_hold_the_items_compactly():
    """Item lists become columns: a list per key, or one value for all, or the few that have
    one; the count is kept."""
    items = [
        {"id": 0, "x": 1, "k": "a", "f": {"s": 2}},
        {"id": 1, "x": 2, "k": "a", "f": {"s": 3}},
        {"id": 2, "x": 3, "k": "a", "leaf": True},
    ]
    table = columns(items)
    assert table == {"#": 3, "x": [1, 2, 3], "k": {"all": "a"}, "f.s": [2, 3, None], "leaf": {"at": {"2": True}}}
