"""The graph for people: `graph.html` (an interactive page that works offline) and
`graph.graphml` (the same nodes, edges and positions for Gephi or Cytoscape).

`kg.project` chooses the nodes and edges (networkx), `kg.layout` places them; this module sizes
them, hands them to pyvis and writes the two files as bytes, and writes nothing else (no `lib/`
folder, no temporary file).

The page is drawn with pyvis: `pyvis_network` builds a `pyvis.network.Network` from the networkx
graph and its layout (nodes with positions, sizes, shapes and groups, physics off; the vis-network
options), and its `generate_html` renders the page through pyvis's template mechanism, with this
project's template (`kg/static/graph.html.j2`) in a Jinja environment that autoescapes. pyvis's own
template is not used: it loads Bootstrap and tom-select from CDNs and shows tooltips as HTML.
`write_html`/`show` are never called (they write files, and may create `lib/` in the working
directory).

The page inlines everything it runs (vis-network and its own script, from `kg/static/`); its
Content-Security-Policy allows those two scripts by hash and nothing from the network. Text from
the lists goes into the page only as escaped HTML text or as JSON that the script shows through
`textContent` (no pyvis `title` tooltips); only `http`/`https` addresses become links.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from kg.project import KINDS, Kind, Projection, class_label, is_web_url, project

if TYPE_CHECKING:
    import networkx as nx
    from jinja2 import Environment
    from pyvis.network import Network

    from kg.project import Statement

LARGE = 2000  # above this many nodes the page starts with leaf entities hidden (see README)
LAYOUT_SEED = 7
EDGE_LENGTH = 36.0  # pixels per ideal edge length of the layout
VIEWPORT = (1080.0, 820.0)  # the graph's part of a typical window, in pixels
ASPECT = VIEWPORT[0] / VIEWPORT[1]
LABELLED = 30  # labels readable in the first view
LABEL_MIN_PX = 6.0  # vis-network hides a label below this many pixels (drawThreshold 7, minus 1)
_INTRO_CHARS = 300
_ENTRY_KINDS = frozenset({"Paper", "Entry"})


@dataclass(frozen=True)
class GraphView:
    """A projected graph with its layout: nodes carry `x`, `y`, `size`, `font` and `label_px`
    (see `label_sizes`) besides the attributes of `kg.project.project`."""

    graph: nx.DiGraph
    sources: tuple[str, ...]
    scale: float = 1.0  # the zoom at which the page will first show the whole graph (estimate)

    @property
    def large(self) -> bool:
        return self.graph.number_of_nodes() > LARGE


def node_size(degree: int) -> float:
    """Drawn size of a node: grows with the square root of its number of connections."""
    return round(min(7.0 + 3.2 * math.sqrt(degree), 44.0), 1)


def overview_scale(xs: list[float], ys: list[float]) -> float:
    """The zoom at which the page first shows the whole graph, in a typical window
    (`VIEWPORT`): vis-network fits the drawing to its canvas."""
    if not xs:
        return 1.0
    width = max(xs) - min(xs) + 80.0
    height = max(ys) - min(ys) + 80.0
    return min(VIEWPORT[0] / width, VIEWPORT[1] / height, 2.0)


def label_sizes(graph: nx.DiGraph, scale: float) -> dict[str, tuple[float, float]]:
    """(font size in graph units, size in pixels in the first view or 0) of each node's label.

    vis-network draws a label only when it is at least `LABEL_MIN_PX` pixels high on screen,
    so the font size decides the zoom at which a label appears. Up to `LABELLED` of the
    best-connected nodes (entities before entries), skipping any whose label would overlap one
    already chosen, get a size in pixels instead: the page keeps their labels that high at every
    zoom, so the first, whole-graph view names the hubs. The other labels appear as one zooms
    in, entries last. `scale` is the zoom of the first view (`overview_scale`).
    """
    ranked = sorted(graph.nodes, key=lambda n: (graph.nodes[n]["kind"] in _ENTRY_KINDS, -graph.degree(n), n))
    sizes: dict[str, tuple[float, float]] = {}
    boxes: list[tuple[float, float, float, float]] = []
    for node in ranked:
        attrs = graph.nodes[node]
        entry = attrs["kind"] in _ENTRY_KINDS
        font = round(min(11.0, 0.7 * LABEL_MIN_PX / scale) if entry else min(13.0, 0.9 * LABEL_MIN_PX / scale), 1)
        pixels = 0.0
        if len(boxes) < LABELLED:
            pixels = round(min(9.5 + 1.3 * math.log2(1 + graph.degree(node)), 16.0), 1)
            half = 0.3 * pixels * len(attrs["label"]) + 2
            top = (attrs["y"] + attrs["size"]) * scale
            box = (attrs["x"] * scale - half, top, attrs["x"] * scale + half, top + 1.3 * pixels)
            if any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in boxes):
                pixels = 0.0
            else:
                boxes.append(box)
        sizes[node] = (font, pixels)
    return sizes


def graph_view(statements: Iterable[Statement] | Projection, *, sources: Iterable[str] | None = None) -> GraphView:
    """Project `statements` (the build's triples, or the quads of a loaded store) and lay the
    graph out; the layout is seeded, so the same statements give the same view."""
    from kg.layout import force_layout

    projection = statements if isinstance(statements, Projection) else project(statements, sources=sources)
    graph = projection.graph
    nodes = list(graph.nodes)
    positions = force_layout(nodes, list(graph.edges), seed=LAYOUT_SEED, scale=EDGE_LENGTH, aspect=ASPECT)
    for node in nodes:
        x, y = positions[node]
        graph.nodes[node].update(x=round(x, 1) + 0.0, y=round(y, 1) + 0.0, size=node_size(graph.degree(node)))
    scale = overview_scale([graph.nodes[n]["x"] for n in nodes], [graph.nodes[n]["y"] for n in nodes])
    for node, (font, pixels) in label_sizes(graph, scale).items():
        graph.nodes[node].update(font=font, label_px=pixels)
    return GraphView(graph, projection.sources, scale)


def _view(source: GraphView | Iterable[Statement], sources: Iterable[str] | None) -> GraphView:
    return source if isinstance(source, GraphView) else graph_view(source, sources=sources)


# -- escaping --------------------------------------------------------------------------------
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_JSON_ESCAPE = re.compile("[<>&\u2028\u2029]")


def script_json(value: Any) -> str:
    """`value` as JSON that is safe inside a `<script>` element: no `<`, `>` or `&` (so no
    `</script>` or `<!--`), and no U+2028/U+2029."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return _JSON_ESCAPE.sub(lambda m: _JSON_ESCAPES[m.group()], text)


def script_text(code: str) -> str:
    """JavaScript source made safe to inline: `</script` and `<!--` cannot occur in it."""
    code = re.sub(r"</(script)", r"<\\/\1", code, flags=re.IGNORECASE)
    return code.replace("<!--", "<\\!--")


def _csp_hash(code: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode("ascii") + "'"


@cache
def _static(name: str) -> str:
    return files("kg").joinpath("static", name).read_text(encoding="utf-8")


def _vis_network() -> str:
    """vis-network's standalone build, without its source-map comment."""
    code = _static("vis-network.min.js")
    return re.sub(r"\n//# sourceMappingURL=\S*\s*$", "\n", code)


@cache
def _scripts() -> tuple[str, ...]:
    """The page's inline scripts (vis-network, then the page's own), made safe to inline."""
    return script_text(_vis_network()), script_text(_static("graph.js"))


@cache
def _csp() -> str:
    """The page's Content-Security-Policy: its two inline scripts by hash, nothing from the network."""
    return "; ".join(
        [
            "default-src 'none'",
            "script-src " + " ".join(_csp_hash(code) for code in _scripts()),
            "style-src 'unsafe-inline'",
            "img-src data:",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )


# -- the page --------------------------------------------------------------------------------
TEMPLATE = "graph.html.j2"  # in kg/static/, rendered by pyvis's `Network.generate_html`
INK = "#1f2328"  # text, and the border of a highlighted node
FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif'
EDGE_COLOUR = {"color": "#b9bfc9", "highlight": "#5b6370", "hover": "#7d8590", "inherit": False, "opacity": 0.75}


def sources_text(sources: tuple[str, ...]) -> str:
    """`a.md`, `a.md, b.md`, ... `a.md, b.md, c.md and 4 more`."""
    if not sources:
        return "no list"
    if len(sources) <= 3:
        return ", ".join(sources)
    return f"{', '.join(sources[:3])} and {len(sources) - 3} more"


def _plural(count: int, one: str, many: str) -> str:
    return f"{count:,} {one if count == 1 else many}"


def _darker(colour: str) -> str:
    return "#" + "".join(f"{int(part * 0.72 + 0.5):02x}" for part in _rgb(colour))


def _palette(kind: Kind) -> dict[str, Any]:
    """A kind's colours in vis-network's form: filled in its colour with a darker border, or for
    a "ring" white with a border in its colour; a highlighted or hovered node gets an ink border."""
    if kind.shape == "ring":
        fill, border = "#ffffff", kind.colour
    else:
        fill, border = kind.colour, _darker(kind.colour)
    return {
        "background": fill,
        "border": border,
        "highlight": {"background": fill, "border": INK},
        "hover": {"background": fill, "border": INK},
    }


def _shape(kind: Kind) -> str:
    return "dot" if kind.shape == "ring" else kind.shape


def _drawn_kinds(graph: nx.DiGraph) -> tuple[list[Kind], Counter[str]]:
    counts = Counter(attrs["kind"] for _, attrs in graph.nodes(data=True))
    return [kind for kind in KINDS if counts[kind.key]], counts


def _relations(graph: nx.DiGraph) -> list[str]:
    return sorted({attrs["relation"] for *_, attrs in graph.edges(data=True)})


def _is_leaf(graph: nx.DiGraph, node: str) -> bool:
    """An entity linked to a single entry (hidden at first in large graphs)."""
    return graph.degree(node) == 1 and graph.nodes[node]["kind"] not in _ENTRY_KINDS


def vis_options(view: GraphView) -> dict[str, Any]:
    """The vis-network options the page draws with (given to pyvis as `Network.options`): no
    physics (the positions come from `kg.layout`), hover and selection, straight edges, and one
    group per kind with its colours and shape."""
    kinds, _ = _drawn_kinds(view.graph)
    return {
        "autoResize": True,
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False},
        "interaction": {
            "hover": True,
            "hoverConnectedEdges": True,
            "multiselect": False,
            "keyboard": False,
            "hideEdgesOnDrag": view.large,
            "hideEdgesOnZoom": view.large,
            "navigationButtons": False,
            "tooltipDelay": 3600000,
            "zoomSpeed": 0.8,
        },
        "nodes": {
            "borderWidth": 1,
            "borderWidthSelected": 3,
            "font": {"face": FONT, "color": INK, "strokeWidth": 3, "strokeColor": "rgba(251,251,252,0.92)"},
            "scaling": {"label": {"drawThreshold": 7, "maxVisible": 18}},
            "shapeProperties": {"interpolation": False},
        },
        "edges": {"smooth": False, "width": 0.7, "hoverWidth": 0.6, "selectionWidth": 1.2, "color": EDGE_COLOUR},
        "groups": {kind.key: {"shape": _shape(kind), "color": _palette(kind)} for kind in kinds},
    }


def view_data(view: GraphView) -> dict[str, Any]:
    """What the page's script reads besides pyvis's nodes, edges and options: the kinds (legend
    order), the relation names (edges' `rel`), each node's details (by node id), the first view's
    zoom and the size policy."""
    graph = view.graph
    kinds, counts = _drawn_kinds(graph)
    info = []
    for _, attrs in graph.nodes(data=True):
        item: dict[str, Any] = {"n": attrs["name"], "c": class_label(attrs["class"])}
        for key, short in (("source", "s"), ("year", "y"), ("arxivId", "a")):
            if key in attrs:
                item[short] = attrs[key]
        if "intro" in attrs:
            intro = attrs["intro"]
            item["i"] = intro if len(intro) <= _INTRO_CHARS else intro[: _INTRO_CHARS - 1] + "\u2026"
        if attrs["aliases"]:
            item["k"] = list(attrs["aliases"])
        if attrs["links"]:
            item["l"] = [[text, url] for text, url in attrs["links"]]
        info.append(item)
    leaves = sum(_is_leaf(graph, node) for node in graph.nodes)
    return {
        "kinds": [
            {"key": k.key, "label": k.label, "colour": k.colour, "shape": k.shape, "count": counts[k.key]}
            for k in kinds
        ],
        "relations": _relations(graph),
        "info": info,
        "scale": round(view.scale, 4),
        "large": view.large,
        "leaves": leaves,
        "hideLeaves": view.large and leaves > 0,
    }


def _page_values(view: GraphView) -> dict[str, Any]:
    """The template's values besides those pyvis passes (nodes, edges, options, heading, ...)."""
    graph = view.graph
    nodes, edges = graph.number_of_nodes(), graph.number_of_edges()
    kinds, counts = _drawn_kinds(graph)
    listed = sources_text(view.sources)
    counted = f"{_plural(nodes, 'node', 'nodes')}, {_plural(edges, 'edge', 'edges')}"
    return {
        "csp": _csp(),
        "title": f"{listed} \u2014 paperkg graph ({counted})",
        "summary": " \u00b7 ".join([counted] + [f"{counts[k.key]:,} {k.label.lower()}" for k in kinds]),
        "aria": f"Graph of {counted} built from {listed}",
        "css": Markup(_static("graph.css").replace("</", "<\\/")),  # our own file, cannot close <style>
        "scripts": [Markup(code) for code in _scripts()],  # made safe by `script_text`, allowed by hash
        "view": view_data(view),
    }


def _script_json_filter(value: Any) -> Markup:
    return Markup(script_json(value))


def _script_json_text_filter(text: str) -> Markup:
    """A JSON text (pyvis hands the options over as one) re-encoded with `script_json`."""
    return Markup(script_json(json.loads(text)))


def _environment(values: dict[str, Any]) -> Environment:
    """The Jinja environment pyvis renders the page with: the project's template, autoescaping
    (pyvis's own environment has none), undefined names an error, and the filters that put JSON
    inside `<script>` (`script_json`; `script_json_text` for a JSON text such as pyvis's options)."""
    from jinja2 import Environment, FunctionLoader, StrictUndefined

    env = Environment(
        loader=FunctionLoader(lambda name: _static(name) if name == TEMPLATE else None),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["script_json"] = _script_json_filter
    env.filters["script_json_text"] = _script_json_text_filter
    env.globals.update(values)
    return env


def pyvis_network(view: GraphView) -> Network:
    """The page as a `pyvis.network.Network`, ready for `generate_html()` (which returns the page
    and writes nothing).

    Nodes: id (the node's index in the networkx graph), label, shape, group (its kind), x, y,
    size, physics off, `font.size` (in graph units), and `labelPx` (a label kept that many pixels
    high, see `label_sizes`), `leaf` and ring borders where they apply. No `title`: the page builds
    its tooltips itself, as text. Edges: id, from, to (the RDF direction; drawn as plain lines)
    and `rel` (an index into the page's relation names). Options: `vis_options`.

    Nodes and edges are added as `Network.add_node`/`add_edge` would (pyvis's `Node` and `Edge`
    build them) but without their checks, which scan lists and make building quadratic (pyvis
    #304): the networkx graph has unique nodes and edges between its own nodes.
    """
    from pyvis.edge import Edge
    from pyvis.network import Network
    from pyvis.node import Node

    graph = view.graph
    # `directed=True` would only give every edge an arrow (`arrows: "to"`); the page draws the
    # relations as lines, and each edge keeps the RDF direction in `from` and `to`. "in_line":
    # pyvis's setting for a page that inlines its scripts (its "local" copies files to `lib/`).
    net = Network(
        height="100%",
        width="100%",
        directed=False,
        cdn_resources="in_line",
        heading=f"paperkg \u00b7 {sources_text(view.sources)}",
    )
    index = {node: i for i, node in enumerate(graph.nodes)}
    kinds = {kind.key: kind for kind in KINDS}
    for node, i in index.items():
        attrs = graph.nodes[node]
        kind = kinds[attrs["kind"]]
        options: dict[str, Any] = {
            "group": kind.key,
            "x": attrs["x"],
            "y": attrs["y"],
            "size": attrs["size"],
            "physics": False,
            "font": {"size": attrs["font"]},
        }
        if attrs["label_px"]:
            options["labelPx"] = attrs["label_px"]
        if _is_leaf(graph, node):
            options["leaf"] = True
        if kind.shape == "ring":
            options["borderWidth"] = max(3.0, round(attrs["size"] / 4, 2))
            options["borderWidthSelected"] = options["borderWidth"] + 2
        item = Node(i, _shape(kind), label=attrs["label"], font_color=net.font_color, **options).options
        net.nodes.append(item)
        net.node_ids.append(i)
        net.node_map[i] = item
    relations = {name: k for k, name in enumerate(_relations(graph))}
    for j, (a, b, attrs) in enumerate(graph.edges(data=True)):
        net.edges.append(Edge(index[a], index[b], net.directed, id=j, rel=relations[attrs["relation"]]).options)
    net.options = vis_options(view)
    net.set_template_dir(str(files("kg").joinpath("static")), TEMPLATE)
    net.templateEnv = _environment(_page_values(view))  # replaces pyvis's, which does not autoescape
    return net


def page_data(view: GraphView) -> dict[str, Any]:
    """What the page's script reads (the JSON in its `kg-data` element): pyvis's nodes, edges and
    options (`Network.get_network_data`), then `view_data`."""
    nodes, edges, _heading, _height, _width, options = pyvis_network(view).get_network_data()
    return {"nodes": nodes, "edges": edges, "options": json.loads(options), **view_data(view)}


def render_html(source: GraphView | Iterable[Statement], *, sources: Iterable[str] | None = None) -> bytes:
    """`graph.html`: the graph drawn with vis-network from positions computed here (no physics),
    with a legend that filters by kind, a search box, tooltips and neighbourhood highlighting.
    Rendered by pyvis (`pyvis_network(view).generate_html()`), which returns the page as a string.
    `source`: a `GraphView`, or statements to project (then `sources` names the lists)."""
    return pyvis_network(_view(source, sources)).generate_html().encode("utf-8", errors="replace")


# -- GraphML ---------------------------------------------------------------------------------
def _rgb(colour: str) -> tuple[int, int, int]:
    value = int(colour.lstrip("#"), 16)
    return value >> 16, (value >> 8) & 255, value & 255


def render_graphml(source: GraphView | Iterable[Statement], *, sources: Iterable[str] | None = None) -> bytes:
    """`graph.graphml`: the same nodes (keyed by IRI) and directed edges as the page, with each
    node's label, kind, class, position, size and colour (`x`, `y`, `size`, `r`, `g`, `b`, as
    Gephi reads them), and each edge's `relation` (the predicate's local name)."""
    import networkx as nx

    view = _view(source, sources)
    colours = {kind.key: kind.colour for kind in KINDS}
    out = nx.DiGraph(sources="; ".join(view.sources))
    for node, attrs in view.graph.nodes(data=True):
        r, g, b = _rgb(colours[attrs["kind"]])
        row: dict[str, Any] = {
            "label": attrs["label"],
            "name": attrs["name"],
            "kind": attrs["kind"],
            "class": attrs["class"],
            "x": float(attrs["x"]),
            "y": float(attrs["y"]),
            "size": float(attrs["size"]),
            "r": r,
            "g": g,
            "b": b,
            "color": colours[attrs["kind"]],
        }
        for key in ("year", "arxivId", "source", "intro"):
            if key in attrs:
                row[key] = str(attrs[key])
        if attrs["aliases"]:
            row["aliases"] = "; ".join(attrs["aliases"])
        urls = [url for _, url in attrs["links"] if is_web_url(url)]
        if urls:
            row["urls"] = " ".join(urls)
        out.add_node(node, **row)
    for a, b, attrs in view.graph.edges(data=True):
        out.add_edge(a, b, relation=attrs["relation"])
    text = "\n".join(nx.generate_graphml(out, encoding="utf-8", prettyprint=True))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + text + "\n").encode("utf-8", errors="replace")
