"""Behaviours that once survived a one-line mutation of their code, each with a test of its own."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.build import Source, build_graph
from kg.graph.formats import GraphFormat, serialize_graph, sorted_triples
from kg.graph.namespaces import KG, RDF

R = "https://w3id.org/paperkg/resource/"


def graph_of(tmp_path: Path, text: str) -> ox.Store:
    path = tmp_path / "l.md"
    path.write_text(text)
    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in build_graph([Source(path, "l.md")]).triples)
    return store


def objects(store: ox.Store, subject: str, predicate: str) -> list[str]:
    quads = store.quads_for_pattern(ox.NamedNode(subject), ox.NamedNode(predicate), None)
    return sorted(str(q.object) for q in quads)


def test_only_the_most_specific_family_of_a_chain_is_kept(tmp_path: Path):
    """An entry under the DeepLab v2 heading whose intro names DeepLab and DeepLab v2 belongs to
    DeepLab v2 only (DeepLab v2 is skos:broader DeepLab in the vocabulary), and DeepLab is not
    counted as a method it uses; over two listings (one under DeepLab, one under DeepLab v2) the
    paper keeps DeepLab v2, each listing its own."""
    text = "# DeepLab v2\n\n**A**\n- intro: DeepLab and DeepLab v2\n- arxiv: https://arxiv.org/abs/1606.00915\n"
    store = graph_of(tmp_path, text)
    paper = R + "paper/arxiv/1606.00915"
    assert objects(store, paper, KG.methodFamily.value) == [f"<{R}family/deeplab-v2>"]
    assert objects(store, paper, KG.usesMethod.value) == []
    assert objects(store, paper + "/listing/l-md", KG.methodFamily.value) == [f"<{R}family/deeplab-v2>"]
    two = "# DeepLab\n\n**A**\n- intro: DeepLab\n- arxiv: https://arxiv.org/abs/1606.00915\n\n"
    two += "# DeepLab v2\n\n**A**\n- intro: DeepLab v2\n- arxiv: https://arxiv.org/abs/1606.00915\n"
    store = graph_of(tmp_path, two)
    assert objects(store, paper, KG.methodFamily.value) == [f"<{R}family/deeplab-v2>"]  # over two listings
    assert objects(store, paper + "/listing/l-md", KG.methodFamily.value) == [f"<{R}family/deeplab>"]


@pytest.mark.parametrize(
    ("intro", "venue"),
    [("Iccv 2017", f"<{R}venue/iccv>"), ("IcCV'17", f"<{R}venue/iccv>"), ("iccv code", None), ("Iccv", None)],
)
def test_a_venue_acronym_in_odd_case_counts_only_with_a_year(tmp_path: Path, intro: str, venue: str | None):
    """`Iccv 2017` is ICCV; `iccv` or `Iccv` with no year after it is no venue."""
    store = graph_of(tmp_path, f"**A**\n- intro: {intro}\n- arxiv: https://arxiv.org/abs/1606.00915\n")
    assert objects(store, R + "paper/arxiv/1606.00915", KG.venue.value) == ([venue] if venue else [])


def test_repository_path_segments_are_never_encoded_twice(tmp_path: Path):
    """An owner or name already percent-encoded keeps its escapes in the repository's IRI
    (`%20`, not `%2520`)."""
    store = graph_of(tmp_path, "**A**\n- github: https://github.com/some%20one/my%2Brepo\n")
    repos = {q.object.value for q in store.quads_for_pattern(None, KG.codeRepository, None)}
    assert repos == {R + "repo/github.com/some%20one/my%2Brepo"}


def test_awards_are_kept(tmp_path: Path):
    """An intro fragment that reports an award is a kg:award of the entry."""
    store = graph_of(
        tmp_path, "**A**\n- intro: CVPR 2017. Best Paper Award\n- arxiv: https://arxiv.org/abs/1606.00915\n"
    )
    assert objects(store, R + "paper/arxiv/1606.00915", KG.award.value) == ['"Best Paper Award"']


def test_a_front_matter_date_is_an_xsd_date(tmp_path: Path):
    """The list's date is written as an xsd:date (a date that is no date stays a string)."""
    store = graph_of(tmp_path, "---\ndate: 2015-10-09 10:00\n---\n**A**\n")
    dates = objects(store, R + "source/l-md", "http://purl.org/dc/terms/date")
    assert dates == ['"2015-10-09"^^<http://www.w3.org/2001/XMLSchema#date>']
    store = graph_of(tmp_path, "---\ndate: spring 2015\n---\n**A**\n")
    assert objects(store, R + "source/l-md", "http://purl.org/dc/terms/date") == ['"spring 2015"']


def test_triples_are_sorted_by_subject_with_the_type_first(tmp_path: Path):
    """The triples are in one order: by subject, `rdf:type` first, then predicate and object;
    N-Triples shows that order line by line."""
    path = tmp_path / "l.md"
    path.write_text("**B**\n- arxiv: https://arxiv.org/abs/1606.00915\n\n**A**\n- intro: CVPR 2017\n")
    triples = build_graph([Source(path, "l.md")]).triples
    keys = [(t.subject.value, t.predicate != RDF.type, t.predicate.value, str(t.object)) for t in triples]
    assert keys == sorted(keys)
    lines = serialize_graph(sorted_triples(reversed(triples)), GraphFormat.NTRIPLES).decode().splitlines()
    assert lines == serialize_graph(triples, GraphFormat.NTRIPLES).decode().splitlines()


def test_graph_defaults_to_outputs_graph_ttl(tmp_path: Path):
    """`kg query` and `kg validate` read `outputs/graph.ttl` of the working folder when no
    `--graph` is given, and say `run kg build first` when there is none."""
    missing = subprocess.run([sys.executable, "-m", "kg", "validate"], cwd=tmp_path, capture_output=True, text=True)
    assert missing.returncode == 1 and "outputs/graph.ttl: no such graph file (run `kg build` first)" in missing.stderr
    subprocess.run([sys.executable, "-m", "kg", "build", "-q"], cwd=tmp_path, check=True, capture_output=True)
    proc = subprocess.run(
        [sys.executable, "-m", "kg", "query", "SELECT (COUNT(*) AS ?n) WHERE { ?s a kg:Paper }", "--format", "csv"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0 and proc.stdout.splitlines()[1].isdigit() and int(proc.stdout.splitlines()[1]) > 100


def test_large_pages_hide_edges_while_dragging_and_small_ones_do_not():
    """Above `LARGE` nodes the page hides edges while dragging or zooming; below it, not."""
    import networkx as nx

    from kg.view.page import vis_options
    from kg.view.scene import LARGE, GraphView

    small, large = nx.DiGraph(), nx.DiGraph()
    small.add_nodes_from(range(10), kind="Paper")
    large.add_nodes_from(range(LARGE + 1), kind="Paper")
    for graph, expected in ((small, False), (large, True)):
        interaction = vis_options(GraphView(graph, ()))["interaction"]
        assert interaction["hideEdgesOnDrag"] is expected and interaction["hideEdgesOnZoom"] is expected


def test_the_first_view_labels_at_most_the_budget_without_overlaps(seed_build):
    """The first view names at most `LABELLED` nodes (the best connected), and their label boxes
    do not overlap."""
    from kg.view.scene import LABELLED, graph_view

    view = graph_view(seed_build.triples)
    shown = [n for n in view.graph.nodes if view.graph.nodes[n]["label_px"] > 0]
    assert 10 <= len(shown) <= LABELLED
    entities = [n for n in view.graph.nodes if view.graph.nodes[n]["kind"] not in ("Paper", "Entry")]
    assert max(entities, key=view.graph.degree) in shown  # the hub of the graph is named
    boxes = []
    for node in shown:
        attrs = view.graph.nodes[node]
        half = 0.3 * attrs["label_px"] * len(attrs["label"]) + 2
        top = (attrs["y"] + attrs["size"]) * view.scale
        boxes.append(
            (attrs["x"] * view.scale - half, top, attrs["x"] * view.scale + half, top + 1.3 * attrs["label_px"])
        )
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3])


def test_a_heading_title_of_only_a_byte_order_mark_builds(tmp_path: Path):
    """A heading holding nothing but U+FEFF with a bullet under it (an entry whose title is
    invisible) builds: the entry is kept, its intro read, and no spaCy index error escapes."""
    store = graph_of(tmp_path, "# \ufeff\n- intro: CVPR 2017\n")
    venues = {q.object.value for q in store.quads_for_pattern(None, KG.venue, None)}
    assert venues == {R + "venue/cvpr"}
