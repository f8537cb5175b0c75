"""The graph for people: graph.html (offline, safe, fast) and graph.graphml.

Unit tests read the projection, the page's embedded data and its markup; tests marked
`browser` open the page in headless Chromium with every network request refused.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import networkx as nx
import pyoxigraph as ox
import pytest
from conftest import DATA, require_tool

from kg.build import BuildResult, build
from kg.graph.files import load_store
from kg.graph.namespaces import DCTERMS, KG, RDF, RDFS, XSD
from kg.view.graphml import render_graphml
from kg.view.page import (
    TEMPLATE,
    columns,
    page_data,
    pyvis_network,
    render_html,
    script_json,
    script_text,
    sources_text,
)
from kg.view.projection import KINDS, class_label, is_web_url, project, short_label
from kg.view.scene import LARGE, graph_view

FIXTURE = DATA / "html_fixture.ttl"
R = "https://w3id.org/paperkg/resource/"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
XSS_TITLE = "<img src=x onerror=alert(1)>"
HOSTILE_LIST = f"""# Attacks <script>alert(2)</script>

**{XSS_TITLE}**

- intro: CVPR 2015
- arxiv: [http://arxiv.org/abs/1411.4038](http://arxiv.org/abs/1411.4038)
- paper: [javascript:alert(1)](javascript:alert(1))

**A title with href="javascript:alert(4)" and </script><script>alert(5)</script>**

- link: [data:text/html,<script>alert(6)</script>](data:text/html,<script>alert(6)</script>)
- github: [https://github.com/evil/repo"onmouseover="alert(7)](https://github.com/evil/repo"onmouseover="alert(7))

**<svg onload="window.pwned=1"></svg><script>window.pwned=2</script>**

- intro: a silent payload, caught by its side effect rather than by a dialog
"""


def fixture_store() -> ox.Store:
    return load_store(FIXTURE)


def embedded_data(page: bytes) -> dict[str, Any]:
    """The JSON the page's script reads."""
    match = re.search(rb'<script type="application/json" id="kg-data">(.*?)</script>', page, re.S)
    assert match, "no data block"
    return json.loads(match.group(1))


def decode_columns(table: dict[str, Any]) -> list[dict[str, Any]]:
    """The items a `columns` table holds, rebuilt as the page's script does (without `id`)."""
    items: list[dict[str, Any]] = [{} for _ in range(table["#"])]
    for key, column in table.items():
        if key == "#":
            continue
        if isinstance(column, list):
            cells = [(i, v) for i, v in enumerate(column) if v is not None]
        elif "all" in column:
            cells = [(i, column["all"]) for i in range(len(items))]
        else:
            cells = [(int(i), v) for i, v in column["at"].items()]
        outer, _, inner = key.partition(".")
        for i, value in cells:
            if inner:
                items[i].setdefault(outer, {})[inner] = value
            else:
                items[i][outer] = value
    return items


def class_count(result: BuildResult, *names: str) -> int:
    counts = result.class_counts()
    return sum(counts.get(name, 0) for name in names)


# -- projection ------------------------------------------------------------------------------
def test_fixture_projects_every_kind_and_every_linking_property():
    """The hand-written fixture (every class of the contract) gives the 13 nodes and 16 edges
    counted in its header: entries, venues, institutions, frameworks, method families,
    datasets and topics become nodes; links, code repositories and source documents do not."""
    graph = project(fixture_store()).graph
    assert graph.number_of_nodes() == 13
    assert graph.number_of_edges() == 16
    kinds = sorted(attrs["kind"] for _, attrs in graph.nodes(data=True))
    assert kinds == sorted(
        ["Paper"] * 3
        + ["Entry", "Venue", "Institution", "Institution", "Framework"]
        + ["MethodFamily"] * 2
        + ["Dataset"]
        + ["Topic"] * 2
    )
    relations = sorted(attrs["relation"] for *_, attrs in graph.edges(data=True))
    assert relations == sorted(
        ["venue"] * 2
        + ["affiliation"] * 3
        + ["usesFramework"]
        + ["methodFamily"] * 2
        + ["dataset"] * 2
        + ["section"] * 4
        + ["broader"] * 2
    )
    assert not any("/link/" in node or "/repo/" in node or "/source/" in node for node in graph)


def test_fixture_paper_carries_what_its_tooltip_shows():
    """A paper node holds its full title, a short label, its year, arXiv id, intro, source
    line and its links: code repositories as `code: owner/name`, links by their kind, and a
    link without an address with its text."""
    graph = project(fixture_store()).graph
    fcn = graph.nodes[R + "paper/arxiv/1411.4038"]
    assert fcn["name"] == "Fully Convolutional Networks for Semantic Segmentation"
    assert fcn["label"] == "Fully Convolutional Networks for\u2026"
    assert (fcn["year"], fcn["arxivId"], fcn["intro"]) == ("2015", "1411.4038", "CVPR 2015, PAMI 2016")
    assert fcn["source"] == "lists/fixture.md:12"
    assert fcn["links"] == (
        ("arxiv", "http://arxiv.org/abs/1411.4038"),
        ("code: shelhamer/fcn.berkeleyvision.org", "https://github.com/shelhamer/fcn.berkeleyvision.org"),
        ("slides", "slides are on the workshop's page"),
    )
    deeplab = graph.nodes[R + "paper/arxiv/1606.00915"]
    assert deeplab["label"] == "DeepLab"
    blog = graph.nodes[R + "blog-post/a-2017-guide-to-semantic-segmentation"]
    assert (blog["kind"], blog["class"]) == ("Entry", "BlogPost")
    venue = graph.nodes[R + "venue/cvpr"]
    assert venue["aliases"] == ("IEEE Conference on Computer Vision and Pattern Recognition",)


def test_seed_projection_counts_match_the_rdf(seed_build: BuildResult, seed_out: Path):
    """For the bundled list, the view has one node per resource of a drawn class (every
    kg:Entry, topic, venue, institution, framework, library, method family, dataset) and one edge per
    pair of such resources that a triple links, counted independently with SPARQL."""
    graph = project(seed_build.triples).graph
    drawn = ("Entry", "Topic", "Venue", "Institution", "Framework", "Library", "MethodFamily", "Dataset")
    assert graph.number_of_nodes() == class_count(seed_build, *drawn)
    classes = ", ".join(f"kg:{name}" for name in drawn)
    query = f"""
        PREFIX kg: <{KG.iri}>
        SELECT (COUNT(*) AS ?n) WHERE {{
          SELECT DISTINCT ?s ?o WHERE {{
            ?s ?p ?o . ?s a ?a . ?o a ?b .
            FILTER(?a IN ({classes}) && ?b IN ({classes}) && ?p != <{RDF.type.value}> && ?s != ?o)
          }}
        }}"""
    solution = next(iter(load_store(seed_out / "graph.ttl").query(query)))
    assert graph.number_of_edges() == int(solution["n"].value)


def test_the_page_embeds_exactly_the_projected_nodes_and_edges(seed_build: BuildResult, seed_out: Path):
    """graph.html as the build wrote it carries as many nodes and edges as the networkx graph,
    and its header and title name the list and the counts."""
    graph = project(seed_build.triples).graph
    page = (seed_out / "graph.html").read_bytes()
    data = embedded_data(page)
    assert data["nodes"]["#"] == len(decode_columns(data["nodes"])) == graph.number_of_nodes()
    assert data["edges"]["#"] == len(decode_columns(data["edges"])) == graph.number_of_edges()
    text = page.decode()
    counts = f"{graph.number_of_nodes():,} nodes, {graph.number_of_edges():,} edges"
    assert re.search(rf"<title>segmentation\.md \u2014 paperkg graph \({counts}\)</title>", text)
    assert '<h1 title="paperkg \u00b7 segmentation.md">paperkg \u00b7 segmentation.md</h1>' in text
    assert f'<p id="summary">{counts}' in text


def test_build_writes_the_page_and_graphml_from_the_same_triples_as_a_graph_file(seed_out: Path):
    """The build writes graph.html and graph.graphml, and rendering its graph.ttl again gives
    the same bytes: the page depends on the triples only."""
    store = load_store(seed_out / "graph.ttl")
    view = graph_view(store)
    assert render_html(view) == (seed_out / "graph.html").read_bytes()
    assert render_graphml(view) == (seed_out / "graph.graphml").read_bytes()


# -- drawn with pyvis ------------------------------------------------------------------------
def test_the_page_is_generated_by_a_pyvis_network_of_the_networkx_graph(monkeypatch: pytest.MonkeyPatch):
    """render_html builds a `pyvis.network.Network` with the networkx graph's nodes and edges and
    returns what its `generate_html` returned, rendered with the project's template in an
    autoescaping environment; the page's data is the network's nodes, edges and options."""
    from pyvis.network import Network

    calls: list[tuple[Network, str]] = []
    generate = Network.generate_html

    def spy(self: Network, *args: Any, **kwargs: Any) -> str:
        calls.append((self, generate(self, *args, **kwargs)))
        return calls[-1][1]

    monkeypatch.setattr(Network, "generate_html", spy)
    view = graph_view(fixture_store())
    page = render_html(view)
    assert len(calls) == 1
    net, generated = calls[0]
    assert isinstance(net, Network) and page == generated.encode()
    assert (net.num_nodes(), net.num_edges()) == (view.graph.number_of_nodes(), view.graph.number_of_edges())
    assert net.path == TEMPLATE and net.templateEnv.autoescape is True
    assert net.cdn_resources == "in_line" and not net.select_menu and not net.filter_menu
    nodes, edges, heading, _height, _width, options = net.get_network_data()
    data = embedded_data(page)
    assert data["nodes"] == columns(nodes) and data["edges"] == columns(edges)
    assert decode_columns(data["nodes"]) == [{k: v for k, v in n.items() if k != "id"} for n in nodes]
    assert decode_columns(data["edges"]) == [{k: v for k, v in e.items() if k != "id"} for e in edges]
    assert data["options"] == json.loads(options)
    assert f'<h1 title="{heading}">{heading}</h1>' in page.decode()
    assert data == page_data(view)


def test_pyvis_nodes_and_edges_are_the_networkx_graph_with_its_layout():
    """Node ids are the networkx nodes' positions in the graph; each pyvis node carries the
    layout's x and y, size, label, kind (group) and shape, physics off and no title; each edge
    joins the pyvis nodes of a networkx edge. Physics is off in the options too."""
    view = graph_view(fixture_store())
    net = pyvis_network(view)
    iris = list(view.graph.nodes)
    assert [node["id"] for node in net.nodes] == list(range(len(iris))) == net.get_nodes()
    shapes = {kind.key: "dot" if kind.shape == "ring" else kind.shape for kind in KINDS}
    for node in net.nodes:
        attrs = view.graph.nodes[iris[node["id"]]]
        assert (node["x"], node["y"], node["size"], node["label"]) == (
            attrs["x"],
            attrs["y"],
            attrs["size"],
            attrs["label"],
        )
        assert (node["group"], node["shape"], node["physics"]) == (attrs["kind"], shapes[attrs["kind"]], False)
        assert "title" not in node
    assert [(iris[e["from"]], iris[e["to"]]) for e in net.edges] == list(view.graph.edges)
    assert [e["id"] for e in net.edges] == list(range(net.num_edges()))
    assert net.options["physics"] == {"enabled": False}
    assert set(net.options["groups"]) == {attrs["kind"] for _, attrs in view.graph.nodes(data=True)}


@pytest.mark.parametrize(
    ("title", "label"),
    [
        ("U-Net: Convolutional Networks for Biomedical Image Segmentation", "U-Net"),
        ("Short title", "Short title"),
        ("Learning to Segment Everything in a Very Long Title", "Learning to Segment Everything in\u2026"),
        ("A: b", "A: b"),
        ("  spaced   out\ttitle ", "spaced out title"),
    ],
)
def test_short_labels_of_entries(title: str, label: str):
    """An entry's drawn label is the name before a colon when short, else its title cut at a
    word with an ellipsis; whitespace is collapsed."""
    assert short_label(title) == label


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("BlogPost", "Blog post"),
        ("MethodFamily", "Method family"),
        ("Paper", "Paper"),
        ("SoftwareProject", "Software project"),
    ],
)
def test_class_labels(name: str, words: str):
    """Class local names read as words in tooltips."""
    assert class_label(name) == words


@pytest.mark.parametrize(
    ("url", "web"),
    [
        ("https://arxiv.org/abs/1411.4038", True),
        ("HTTP://EXAMPLE.ORG/", True),
        ("javascript:alert(1)", False),
        (" javascript:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("http:no-host", False),
        ("//example.org/x", False),
        ("ftp://example.org/", False),
    ],
)
def test_only_http_and_https_addresses_are_web_links(url: str, web: bool):
    """Only absolute http/https addresses with a host count as links."""
    assert is_web_url(url) is web


def test_every_kind_has_its_own_colour_and_shape():
    """The legend can tell every kind apart by colour and by shape."""
    assert len({k.colour for k in KINDS}) == len(KINDS)
    assert len({k.shape for k in KINDS}) == len(KINDS)


# -- escaping and safety ---------------------------------------------------------------------
def hostile_statements(title: str, url: str) -> list[ox.Triple]:
    paper = ox.NamedNode(R + "paper/x")
    link = ox.NamedNode(R + "paper/x/link/1")
    topic = ox.NamedNode(R + "topic/t")
    return [
        ox.Triple(paper, RDF.type, KG.Paper),
        ox.Triple(paper, RDF.type, KG.Entry),
        ox.Triple(paper, DCTERMS.title, ox.Literal(title)),
        ox.Triple(paper, KG.section, topic),
        ox.Triple(paper, KG.link, link),
        ox.Triple(link, RDF.type, KG.Link),
        ox.Triple(link, KG.linkKind, ox.Literal("paper")),
        ox.Triple(link, KG.url, ox.Literal(url, datatype=XSD.anyURI)),
        ox.Triple(topic, RDF.type, KG.Topic),
        ox.Triple(topic, RDFS.label, ox.Literal(title)),
    ]


def test_script_json_cannot_close_its_script_element():
    """Data embedded in the page has no `<`, `>`, `&`, U+2028 or U+2029 left, and still reads
    back as the same value."""
    value = {"t": "</script><script>alert(1)</script><!-- & \u2028\u2029"}
    text = script_json(value)
    assert not re.search("[<>&\u2028\u2029]", text)
    assert json.loads(text) == value


def test_inlined_code_cannot_close_its_script_element():
    """Inlined JavaScript has no `</script` (any case) or `<!--` left."""
    code = script_text('var a = "</SCRIPT>", b = "<!--";')
    assert "</script" not in code.lower() and "<!--" not in code


@pytest.mark.parametrize(
    "title",
    [
        XSS_TITLE,
        "</script><script>alert(1)</script>",
        'x" onmouseover="alert(1)',
        "a <a href='javascript:alert(1)'>b</a>",
    ],
)
def test_hostile_titles_reach_the_page_only_as_escaped_data(title: str):
    """Titles and labels from the input appear in the page only inside the JSON data block,
    with `<` and `>` escaped: never as markup."""
    page = render_html(hostile_statements(title, "javascript:alert(1)"), sources=[title + ".md"])
    data = embedded_data(page)
    assert data["info"][0]["n"] == title
    outside = re.sub(rb'<script type="application/json" id="kg-data">.*?</script>', b"", page, flags=re.S)
    assert title.encode() not in outside
    heading = re.search(rb'<h1 title="([^"]*)">(.*?)</h1>', outside, re.S)
    assert heading and html.unescape(heading.group(2).decode()) == f"paperkg \u00b7 {title}.md"  # as text
    assert html.unescape(heading.group(1).decode()) == f"paperkg \u00b7 {title}.md"  # an attribute value
    assert "title" not in data["nodes"]  # no pyvis tooltips (HTML when they hold `href`)
    assert b"<img" not in page
    assert b"<script>alert" not in page
    assert b'onmouseover="alert' not in page


def test_template_syntax_in_the_input_is_text():
    """Jinja syntax in a title or a list's name is shown as written: the template engine never
    reads the values it inserts as template."""
    title = "{{ csp }} {% if true %}x{% endif %}"
    page = render_html(hostile_statements(title, "https://example.org/"), sources=[title + ".md"]).decode()
    assert embedded_data(page.encode())["info"][0]["n"] == title
    assert f">paperkg \u00b7 {title}.md</h1>" in page


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles.append(data)


def test_the_page_loads_nothing_from_the_network(seed_out: Path):
    """No script, stylesheet, font, image or frame comes from a URL: every <script> is inline,
    there is no <link>, no @import or url() in styles, and the CSP allows no remote source."""
    page = (seed_out / "graph.html").read_text()
    parser = _Tags()
    parser.feed(page)
    for tag, attrs in parser.tags:
        assert tag not in ("link", "iframe", "img", "object", "embed", "base"), tag
        assert "src" not in attrs and "href" not in attrs, (tag, attrs)
    assert [tag for tag, _ in parser.tags].count("script") == 3  # data, vis-network, the page's script
    style = "\n".join(parser.styles)
    assert "@import" not in style and "url(" not in style and "@font-face" not in style
    csp = next(attrs["content"] for tag, attrs in parser.tags if attrs.get("http-equiv") == "Content-Security-Policy")
    assert csp is not None and "default-src 'none'" in csp
    assert "http" not in csp and "'unsafe-eval'" not in csp
    assert re.search(r"script-src( 'sha256-[A-Za-z0-9+/=]+'){2};", csp)


def test_the_csp_allows_exactly_the_inlined_scripts(seed_out: Path):
    """The CSP's script hashes are those of the page's two inline scripts (vis-network and the
    page's own); the data block is JSON, which no browser runs."""
    page = (seed_out / "graph.html").read_text()
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page)
    assert csp
    allowed = re.findall(r"'sha256-([A-Za-z0-9+/=]+)'", html.unescape(csp.group(1)))
    scripts = re.findall(r"<script>(.*?)</script>", page, re.S)
    assert len(scripts) == 2
    digests = [base64.b64encode(hashlib.sha256(code.encode()).digest()).decode() for code in scripts]
    assert digests == allowed


def test_rendering_writes_no_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Rendering returns bytes and writes nothing: no `lib/` folder (pyvis's habit) or any other
    file appears in the working directory, nor in pyvis's package folder."""
    import pyvis

    package = Path(pyvis.__file__).parent
    before = sorted(p for p in package.rglob("*") if "__pycache__" not in p.parts)
    monkeypatch.chdir(tmp_path)
    view = graph_view(fixture_store())
    assert render_html(view) and render_graphml(view)
    assert pyvis_network(view).generate_html()
    assert list(tmp_path.iterdir()) == []
    assert sorted(p for p in package.rglob("*") if "__pycache__" not in p.parts) == before


def test_building_creates_no_lib_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """`kg build` into another folder leaves the working directory empty (no `lib/`)."""
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    (tmp_path / "list.md").write_text("# Topic\n\n**A Paper**\n\n- arxiv: https://arxiv.org/abs/1411.4038\n")
    build([tmp_path / "list.md"], out=tmp_path / "out")
    assert list(work.iterdir()) == []
    assert {"graph.html", "graph.graphml"} <= {p.name for p in (tmp_path / "out").iterdir()}


# -- determinism -----------------------------------------------------------------------------
def test_rendering_is_deterministic_within_a_process():
    """The same statements give byte-identical HTML and GraphML."""
    first = graph_view(fixture_store())
    second = graph_view(fixture_store())
    assert render_html(first) == render_html(second)
    assert render_graphml(first) == render_graphml(second)


def test_rendering_is_deterministic_across_hash_seeds():
    """Processes with different PYTHONHASHSEEDs write the same bytes for the fixture."""
    code = (
        "import hashlib, sys; from pathlib import Path; from kg.graph.files import load_store; "
        "from kg.view import graph_view, render_html, render_graphml; "
        f"v = graph_view(load_store(Path({str(FIXTURE)!r}))); "
        "print(hashlib.sha256(render_html(v) + render_graphml(v)).hexdigest())"
    )
    digests = set()
    for seed in ("0", "1", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
        digests.add(proc.stdout.strip())
    assert len(digests) == 1


def test_layout_is_finite_and_keeps_nodes_apart(seed_build: BuildResult):
    """Every node of the seed graph gets a finite position, and no two nodes sit on top of
    each other."""
    view = graph_view(seed_build.triples)
    points = [(attrs["x"], attrs["y"]) for _, attrs in view.graph.nodes(data=True)]
    assert all(abs(x) < 1e6 and abs(y) < 1e6 for x, y in points)
    assert len(set(points)) == len(points)


# -- GraphML ---------------------------------------------------------------------------------
def test_graphml_has_the_same_nodes_edges_and_attributes(tmp_path: Path):
    """graph.graphml reads back (networkx) with the view's nodes keyed by IRI, its directed
    edges with their relation, and each node's label, kind, position, size and colour."""
    view = graph_view(fixture_store())
    path = tmp_path / "graph.graphml"
    path.write_bytes(render_graphml(view))
    read = nx.read_graphml(path)
    assert read.is_directed()
    assert set(read.nodes) == set(view.graph.nodes)
    assert set(read.edges) == set(view.graph.edges)
    fcn = read.nodes[R + "paper/arxiv/1411.4038"]
    assert fcn["kind"] == "Paper" and fcn["year"] == 2015
    assert fcn["urls"] == "http://arxiv.org/abs/1411.4038 https://github.com/shelhamer/fcn.berkeleyvision.org"
    assert {"x", "y", "size", "r", "g", "b", "label"} <= set(fcn)
    assert read.edges[R + "family/deeplab", R + "family/fcn"]["relation"] == "broader"


# -- size policy -----------------------------------------------------------------------------
def big_statements(papers: int) -> list[ox.Triple]:
    """A synthetic graph: each paper in one of 50 topics and with its own dataset (a leaf)."""
    triples = []
    for i in range(papers):
        paper, dataset = ox.NamedNode(f"{R}paper/p{i}"), ox.NamedNode(f"{R}dataset/d{i}")
        topic = ox.NamedNode(f"{R}topic/t{i % 50}")
        triples += [
            ox.Triple(paper, RDF.type, KG.Paper),
            ox.Triple(paper, DCTERMS.title, ox.Literal(f"Paper {i}")),
            ox.Triple(paper, KG.section, topic),
            ox.Triple(paper, KG.dataset, dataset),
            ox.Triple(dataset, RDF.type, KG.Dataset),
            ox.Triple(dataset, RDFS.label, ox.Literal(f"Dataset {i}")),
            ox.Triple(topic, RDF.type, KG.Topic),
            ox.Triple(topic, RDFS.label, ox.Literal(f"Topic {i % 50}")),
        ]
    return triples


def test_large_graphs_start_with_leaf_entities_hidden():
    """Above LARGE nodes the page starts with the entities linked to a single entry hidden
    (a checkbox shows them); smaller graphs show everything."""
    small = page_data(graph_view(big_statements(100)))
    assert not small["large"] and not small["hideLeaves"]
    big = page_data(graph_view(big_statements(LARGE // 2 + 10)))
    assert big["large"] and big["hideLeaves"]
    assert big["leaves"] == LARGE // 2 + 10  # every dataset is a leaf
    assert sum(node.get("leaf", False) for node in decode_columns(big["nodes"])) == big["leaves"]


@pytest.mark.parametrize(
    ("statements", "title"),
    [
        ([], "no list \u2014 paperkg graph (0 nodes, 0 edges)"),
        (
            [ox.Triple(ox.NamedNode(R + "paper/a"), RDF.type, KG.Paper)],
            "no list \u2014 paperkg graph (1 node, 0 edges)",
        ),
    ],
)
def test_empty_and_single_node_graphs_render(statements: list[ox.Triple], title: str):
    """A graph with no node, or one node and no edge, still gives a page (titled with the right
    counts) and a GraphML file that parses."""
    page = render_html(statements).decode()
    assert f"<title>{title}</title>" in page
    graphml = render_graphml(statements)
    assert graphml.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    assert nx.parse_graphml(graphml.decode()).number_of_nodes() == len(statements)


def test_sources_text_names_a_few_lists_and_counts_the_rest():
    """The header names up to three lists, then says how many more."""
    assert sources_text(()) == "no list"
    assert sources_text(("a.md", "b.md")) == "a.md, b.md"
    assert sources_text(("a.md", "b.md", "c.md", "d.md", "e.md")) == "a.md, b.md, c.md and 2 more"


# -- in a browser ----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def browser():
    """Headless Chromium driven by Playwright (the Debian package; never `playwright install`).
    `launch` gives every browser a fresh temporary profile."""
    require_tool("chromium", found=CHROMIUM.exists(), why="apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Visit:
    """A page opened with the network refused, recording what went wrong on it."""

    def __init__(self, browser, path: Path, *, fragment: str = "", size=(1400, 900), scheme: str = "light") -> None:
        self.page = browser.new_page(viewport={"width": size[0], "height": size[1]}, color_scheme=scheme)
        self.console_errors: list[str] = []
        self.failed: list[str] = []
        self.blocked: list[str] = []
        self.dialogs: list[str] = []
        self.page_errors: list[str] = []
        page = self.page
        page.on("console", lambda m: self.console_errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.page_errors.append(str(e)))
        page.on("requestfailed", lambda r: self.failed.append(r.url))
        page.on("dialog", self._dialog)
        page.route("**/*", self._route)
        self.url = path.resolve().as_uri()
        page.goto(self.url + fragment)
        page.wait_for_function("window.paperkgFirstFrame !== undefined", timeout=30_000)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _route(self, route) -> None:
        if route.request.url.split("#")[0] == self.url:
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def node_point(self, index: int) -> tuple[float, float]:
        """Where node `index` is drawn, in page coordinates."""
        x, y = self.page.evaluate(
            """(i) => { const p = paperkg.position(i); const d = paperkg.network.canvasToDOM(p);
                        const r = document.getElementById('graph').getBoundingClientRect();
                        return [d.x + r.left, d.y + r.top]; }""",
            index,
        )
        return x, y

    def close(self) -> None:
        self.page.close()


@pytest.fixture
def visit(browser):
    """Opens pages (`visit(path)`) and closes them after the test."""
    opened: list[Visit] = []

    def open_page(path: Path, **how: Any) -> Visit:
        opened.append(Visit(browser, path, **how))
        return opened[-1]

    yield open_page
    for v in opened:
        v.close()


@pytest.mark.browser
def test_seed_page_draws_offline_without_errors(visit, seed_build: BuildResult, seed_out: Path):
    """The seed page loads with every network request refused, makes no request but its own
    file, logs no console error, and draws exactly the networkx graph's nodes and edges."""
    page = visit(seed_out / "graph.html")
    graph = project(seed_build.triples).graph
    counts = page.page.evaluate("[paperkg.nodes.length, paperkg.edges.length]")
    assert counts == [graph.number_of_nodes(), graph.number_of_edges()]
    assert page.failed == [] and page.blocked == []
    assert page.console_errors == [] and page.page_errors == []
    assert page.page.title().startswith("segmentation.md")


@pytest.mark.browser
def test_search_finds_and_selects_a_paper(visit, seed_out: Path):
    """Typing part of a paper's title in the search box and pressing Enter selects that paper,
    focuses it and shows its details."""
    page = visit(seed_out / "graph.html")
    page.page.fill("#search", "fully convolutional networks for semantic")
    assert "Fully Convolutional Networks for Semantic Segmentation" in page.page.inner_text("#results")
    page.page.press("#search", "Enter")
    selected = page.page.evaluate("paperkg.selected().map(paperkg.nameOf)")
    assert selected == ["Fully Convolutional Networks for Semantic Segmentation"]
    details = page.page.inner_text("#details")
    assert "Fully Convolutional Networks for Semantic Segmentation" in details
    assert "1411.4038" in details
    assert page.console_errors == [] and page.page_errors == []


@pytest.mark.browser
def test_filters_hide_a_kind_and_clicking_highlights_a_neighbourhood(visit, tmp_path: Path):
    """Unticking a kind hides its nodes; 'only' keeps just one kind; clicking a node fades
    every node outside its neighbourhood and shows its details."""
    path = tmp_path / "graph.html"
    path.write_bytes(render_html(fixture_store()))
    page = visit(path)
    hidden = "() => paperkg.visible().filter((shown) => !shown).length"
    page.page.uncheck('input[data-kind="Topic"]')
    assert page.page.evaluate(hidden) == 2
    page.page.click("#kinds li:first-child button")  # only papers
    assert page.page.evaluate(hidden) == 13 - 3
    page.page.click("#show-all")
    assert page.page.evaluate(hidden) == 0
    index = page.page.evaluate("paperkg.find('fully convolutional networks')[0]")
    page.page.mouse.click(*page.node_point(index))
    lit = page.page.evaluate("paperkg.lit().map(paperkg.nameOf)")
    assert len(lit) == 7  # the paper and its six neighbours stay lit, the other six fade
    assert "CVPR" in lit and "Semantic Segmentation" in lit and "DeepLab" not in lit
    assert "Fully Convolutional Networks" in page.page.inner_text("#details")


@pytest.mark.browser
def test_tooltip_shows_a_paper_and_its_links(visit, tmp_path: Path):
    """Hovering a paper shows its title, kind, venue and year, institutions and its links; only
    http(s) addresses are links, opening in a new tab without opener or referrer."""
    path = tmp_path / "graph.html"
    path.write_bytes(render_html(fixture_store()))
    page = visit(path)
    index = page.page.evaluate("paperkg.find('fully convolutional networks')[0]")
    page.page.mouse.move(*page.node_point(index))
    page.page.wait_for_selector("#tip:not([hidden])")
    tip = page.page.inner_text("#tip")
    for text in (
        "Fully Convolutional Networks for Semantic Segmentation",
        "Paper",
        "CVPR 2015",
        "UC Berkeley",
        "Caffe",
        "PASCAL VOC",
        "FCN",
        "slides are on the workshop's page",
    ):
        assert text in tip, text
    links = page.page.eval_on_selector_all("#tip a", "as => as.map(a => [a.textContent, a.href, a.target, a.rel])")
    assert links == [
        ["arxiv", "http://arxiv.org/abs/1411.4038", "_blank", "noopener noreferrer"],
        [
            "code: shelhamer/fcn.berkeleyvision.org",
            "https://github.com/shelhamer/fcn.berkeleyvision.org",
            "_blank",
            "noopener noreferrer",
        ],
    ]


@pytest.mark.browser
def test_hostile_list_runs_no_script_and_shows_its_text(visit, tmp_path: Path):
    """A list whose titles hold HTML and script (`<img onerror>`, `</script>`, a title with
    `href`) and whose links are `javascript:` and `data:` addresses: the page opens no dialog,
    runs none of it, shows the titles as text, and makes no link of those addresses."""
    (tmp_path / "hostile.md").write_text(HOSTILE_LIST)
    result = build([tmp_path / "hostile.md"], out=tmp_path / "out")
    page = visit(result.out / "graph.html")
    p = page.page
    titles = p.evaluate("paperkg.nodes.map((n) => paperkg.nameOf(n.id))")
    assert XSS_TITLE in titles
    assert any("href=" in t and "</script>" in t for t in titles)
    assert any("window.pwned=1" in t for t in titles)
    href_title = next(t for t in titles if "href=" in t)
    shown_as_text = {XSS_TITLE: "javascript:alert(1)", href_title: "data:text/html,<script>alert(6)</script>"}
    for title, address in shown_as_text.items():
        index = p.evaluate("(t) => paperkg.find(t)[0]", title)
        p.mouse.move(*page.node_point(index))
        p.wait_for_selector("#tip:not([hidden])")
        assert title in p.inner_text("#tip")
        p.mouse.click(*page.node_point(index))
        details = p.inner_text("#details")
        assert title in details and address in details  # shown as text, not as a link
    p.fill("#search", "img src")
    assert XSS_TITLE in p.inner_text("#results")
    p.wait_for_timeout(300)
    assert page.dialogs == []
    assert p.evaluate("window.pwned") is None
    assert p.evaluate("document.querySelectorAll('img, iframe, object, embed').length") == 0
    assert p.evaluate("document.querySelectorAll('script').length") == 3
    hrefs = p.evaluate("Array.from(document.querySelectorAll('a')).map((a) => a.href)")
    assert hrefs and all(h.startswith(("http://", "https://")) for h in hrefs), hrefs
    assert page.console_errors == [] and page.page_errors == [] and page.failed == []


@pytest.mark.browser
def test_javascript_link_in_the_data_is_never_made_clickable(visit, tmp_path: Path):
    """Even a `kg:url` holding `javascript:` (which the build never writes) is shown as text:
    the page checks the scheme before it sets any href."""
    path = tmp_path / "graph.html"
    path.write_bytes(render_html(hostile_statements(XSS_TITLE, "javascript:alert(1)")))
    page = visit(path)
    page.page.mouse.move(*page.node_point(0))
    page.page.wait_for_selector("#tip:not([hidden])")
    assert page.page.evaluate("document.querySelectorAll('#tip a').length") == 0
    assert "javascript:alert(1)" in page.page.inner_text("#tip")
    assert XSS_TITLE in page.page.inner_text("#tip")
    assert page.dialogs == [] and page.console_errors == []
