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
`textContent` or draws on the canvas (no pyvis `title` tooltips); only `http`/`https` addresses
become links. In the browser vis-network pans, zooms and reports pointer events; the page's
script (`static/js/`) draws the nodes, edges, labels and highlight from pyvis's items.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from importlib.resources import files
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from kg.collector import paused_gc
from kg.view.inline import csp, script_json, script_text, scripts, static
from kg.view.kinds import KINDS, NodeKind
from kg.view.pagedata import drawn_kinds, is_leaf, relations, view_data
from kg.view.scene import GraphView, as_view, rgb

if TYPE_CHECKING:
    from jinja2 import Environment
    from pyvis.network import Network

    from kg.view.projection import Statement

__all__ = ["page_data", "pyvis_network", "render_html", "script_json", "script_text", "sources_text", "vis_options"]
HOLLOW = {"ring": "dot", "frame": "square"}  # hollow shapes: drawn as this vis shape, white inside


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
    a hollow shape white with a border in its colour; a highlighted or hovered node gets an ink
    border."""
    if kind.shape in HOLLOW:
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
    return HOLLOW.get(kind.shape, kind.shape)


def vis_options(view: GraphView) -> dict[str, Any]:
    """The vis-network options of the page (given to pyvis as `Network.options`): no physics
    (the positions come from `kg.view.layout`), edges hidden while dragging or zooming a large
    graph, the label font, and one group per kind with its colours and shape, which the page's
    script draws with."""
    kinds, _ = drawn_kinds(view.graph)
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


def _page_values(view: GraphView) -> dict[str, Any]:
    """The template's values besides those pyvis passes (nodes, edges, options, heading, ...)."""
    graph = view.graph
    nodes, edges = graph.number_of_nodes(), graph.number_of_edges()
    kinds, counts = drawn_kinds(graph)
    listed = sources_text(view.sources)
    counted = f"{_plural(nodes, 'node', 'nodes')}, {_plural(edges, 'edge', 'edges')}"
    return {
        "csp": csp(),
        "title": f"{listed} \u2014 paperkg graph ({counted})",
        "summary": " \u00b7 ".join([counted] + [f"{counts[k.key]:,} {k.label.lower()}" for k in kinds]),
        "aria": f"Graph of {counted} built from {listed}",
        "css": Markup(static("graph.css").replace("</", "<\\/")),  # our own file, cannot close <style>
        "scripts": [Markup(code) for code in scripts()],  # made safe by `script_text`, allowed by hash
        "view": view_data(view),
    }


def columns(items: list[dict[str, Any]]) -> dict[str, Any]:
    """vis-network items (pyvis's node or edge dicts, whose `id` is their position) as columns:
    per key a list of values (`None` where an item lacks the key), or `{"all": value}` when every
    item has the same value, or `{"at": {position: value}}` when at most half the items have
    one. A nested dict's keys become `outer.inner`; key `#` holds the number of items. Several
    times smaller than the list of dicts; the page's script rebuilds the items."""
    flat = []
    for item in items:
        row: dict[str, Any] = {}
        for key, value in item.items():
            if key == "id":
                continue
            if isinstance(value, dict):
                row.update((f"{key}.{inner}", v) for inner, v in value.items())
            else:
                row[key] = value
        flat.append(row)
    out: dict[str, Any] = {"#": len(items)}
    for key in dict.fromkeys(key for row in flat for key in row):
        values = [row.get(key) for row in flat]
        present = {k: v for k, v in enumerate(values) if v is not None}
        if len(present) == len(values) and all(v == values[0] for v in values):
            out[key] = {"all": values[0]}
        elif 2 * len(present) <= len(values):
            out[key] = {"at": {str(k): v for k, v in present.items()}}
        else:
            out[key] = values
    return out


def _script_json_filter(value: Any) -> Markup:
    return Markup(script_json(value))


def _columns_filter(items: list[dict[str, Any]]) -> Markup:
    return Markup(script_json(columns(items)))


def _script_json_text_filter(text: str) -> Markup:
    """A JSON text (pyvis hands the options over as one) re-encoded with `script_json`."""
    return Markup(script_json(json.loads(text)))


def _environment(values: dict[str, Any]) -> Environment:
    """The Jinja environment pyvis renders the page with: the project's template, autoescaping
    (pyvis's own environment has none), undefined names an error, and the filters that put JSON
    inside `<script>` (`script_json`; `script_json_text` for a JSON text such as pyvis's options)."""
    from jinja2 import Environment, FunctionLoader, StrictUndefined

    env = Environment(
        loader=FunctionLoader(lambda name: static(name) if name == TEMPLATE else None),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["script_json"] = _script_json_filter
    env.filters["script_json_text"] = _script_json_text_filter
    env.filters["columns"] = _columns_filter
    env.globals.update(values)
    return env


def pyvis_network(view: GraphView) -> Network:
    """The page as a `pyvis.network.Network`, ready for `generate_html()` (which returns the page
    and writes nothing).

    Nodes: id (the node's index in the networkx graph), label, shape, group (its kind), x, y,
    size, physics off, `font.size` (in graph units), and `labelPx` (a label kept that many pixels
    high, see `label_sizes`), `leaf` and hollow shapes' borders where they apply. No `title`: the page builds
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
        if is_leaf(graph, node):
            options["leaf"] = True
        if kind.shape in HOLLOW:
            options["borderWidth"] = max(3.0, round(attrs["size"] / 4, 2))
            options["borderWidthSelected"] = options["borderWidth"] + 2
        item = Node(i, _shape(kind), label=attrs["label"], font_color=net.font_color, **options).options
        net.nodes.append(item)
        net.node_ids.append(i)
        net.node_map[i] = item
    rel_index = {name: k for k, name in enumerate(relations(graph))}
    for j, (a, b, attrs) in enumerate(graph.edges(data=True)):
        net.edges.append(Edge(index[a], index[b], net.directed, id=j, rel=rel_index[attrs["relation"]]).options)
    net.options = vis_options(view)
    net.set_template_dir(str(files("kg.view").joinpath("static")), TEMPLATE)
    net.templateEnv = _environment(_page_values(view))  # replaces pyvis's, which does not autoescape
    return net


def page_data(view: GraphView) -> dict[str, Any]:
    """What the page's script reads (the JSON in its `kg-data` element): pyvis's nodes and edges
    (`Network.get_network_data`) as `columns`, its options, then `view_data`."""
    nodes, edges, _heading, _height, _width, options = pyvis_network(view).get_network_data()
    return {"nodes": columns(nodes), "edges": columns(edges), "options": json.loads(options), **view_data(view)}


def render_html(source: GraphView | Iterable[Statement], *, sources: Iterable[str] | None = None) -> bytes:
    """`graph.html`: the graph drawn on vis-network's canvas from positions computed here (no
    physics), to walk (details whose names select, hops, paths, Back and Forward), filter
    (kinds, years, facets), search, export, with its state in the URL fragment.
    Rendered by pyvis (`pyvis_network(view).generate_html()`), which returns the page as a string.
    `source`: a `GraphView`, or statements to project (then `sources` names the lists)."""
    with paused_gc():
        return pyvis_network(as_view(source, sources)).generate_html().encode("utf-8", errors="replace")
