"""`graph.html`: an interactive page of the graph that works offline.

`kg.view.scene` lays the graph out; this module hands its nodes and edges to pyvis and renders
the page as bytes, writing nothing else (no `lib/` folder, no temporary file).

The page is drawn with pyvis: `pyvis_network` builds a `pyvis.network.Network` from the networkx
graph and its layout (nodes with positions, sizes, shapes and groups, physics off; the vis-network
options), and its `generate_html` renders the page through pyvis's template mechanism, with this
project's template (`kg/view/static/graph.html.j2`) in a Jinja environment that autoescapes.
pyvis's own template is not used: it loads Bootstrap and tom-select from CDNs and shows tooltips
as HTML. `write_html`/`show` are never called (they write files, and may create `lib/` in the
working directory).

The page inlines everything it runs (vis-network and its own script, from `kg/view/static/`); its
Content-Security-Policy allows those two scripts by hash and nothing from the network. Text from
the lists goes into the page only as escaped HTML text or as JSON that the script shows through
`textContent` (no pyvis `title` tooltips); only `http`/`https` addresses become links.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from kg.view.projection import KINDS, NodeKind, class_label
from kg.view.scene import ENTRY_KINDS, GraphView, as_view, rgb

if TYPE_CHECKING:
    import networkx as nx
    from jinja2 import Environment
    from pyvis.network import Network

    from kg.view.projection import Statement

_INTRO_CHARS = 300


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
    return files("kg.view").joinpath("static", name).read_text(encoding="utf-8")


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
TEMPLATE = "graph.html.j2"  # in kg/view/static/, rendered by pyvis's `Network.generate_html`
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
    return "#" + "".join(f"{int(part * 0.72 + 0.5):02x}" for part in rgb(colour))


def _palette(kind: NodeKind) -> dict[str, Any]:
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


def _shape(kind: NodeKind) -> str:
    return "dot" if kind.shape == "ring" else kind.shape


def _drawn_kinds(graph: nx.DiGraph) -> tuple[list[NodeKind], Counter[str]]:
    counts = Counter(attrs["kind"] for _, attrs in graph.nodes(data=True))
    return [kind for kind in KINDS if counts[kind.key]], counts


def _relations(graph: nx.DiGraph) -> list[str]:
    return sorted({attrs["relation"] for *_, attrs in graph.edges(data=True)})


def _is_leaf(graph: nx.DiGraph, node: str) -> bool:
    """An entity linked to a single entry (hidden at first in large graphs)."""
    return graph.degree(node) == 1 and graph.nodes[node]["kind"] not in ENTRY_KINDS


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
    net.set_template_dir(str(files("kg.view").joinpath("static")), TEMPLATE)
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
    return pyvis_network(as_view(source, sources)).generate_html().encode("utf-8", errors="replace")
