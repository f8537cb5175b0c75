"""The graph for people: `graph.html` (an interactive page that works offline) and
`graph.graphml` (the same nodes, edges and positions for Gephi or Cytoscape).

`kg.project` chooses the nodes and edges, `kg.layout` places them; this module sizes them and
writes the two files as bytes, and writes nothing else (no `lib/` folder, no temporary file).
The page inlines everything it runs (vis-network and its own script, from `kg/static/`); its
Content-Security-Policy allows those two scripts by hash and nothing from the network. Text from
the lists goes into the page only as escaped HTML text or as JSON that the script shows through
`textContent`; only `http`/`https` addresses become links.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any

from kg.project import KINDS, Projection, class_label, is_web_url, project

if TYPE_CHECKING:
    import networkx as nx

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


def _fill(template: str, values: dict[str, str]) -> str:
    """Replace every `{{name}}` in one pass, so a value is never scanned for placeholders."""
    return re.sub(r"\{\{(\w+)\}\}", lambda m: values[m.group(1)], template)


# -- the page --------------------------------------------------------------------------------
def sources_text(sources: tuple[str, ...]) -> str:
    """`a.md`, `a.md, b.md`, ... `a.md, b.md, c.md and 4 more`."""
    if not sources:
        return "no list"
    if len(sources) <= 3:
        return ", ".join(sources)
    return f"{', '.join(sources[:3])} and {len(sources) - 3} more"


def _plural(count: int, one: str, many: str) -> str:
    return f"{count:,} {one if count == 1 else many}"


def page_data(view: GraphView) -> dict[str, Any]:
    """What the page's script reads: kinds, nodes, edges and each node's details."""
    graph = view.graph
    nodes = list(graph.nodes)
    index = {node: i for i, node in enumerate(nodes)}
    counts = Counter(attrs["kind"] for _, attrs in graph.nodes(data=True))
    kinds = [kind for kind in KINDS if counts[kind.key]]
    kind_index = {kind.key: i for i, kind in enumerate(kinds)}
    relations = sorted({attrs["relation"] for *_, attrs in graph.edges(data=True)})
    rel_index = {name: i for i, name in enumerate(relations)}
    node_rows, info = [], []
    leaves = 0
    for node in nodes:
        attrs = graph.nodes[node]
        leaf = int(graph.degree(node) == 1 and attrs["kind"] not in _ENTRY_KINDS)
        leaves += leaf
        node_rows.append([
            kind_index[attrs["kind"]], attrs["x"], attrs["y"], attrs["size"], attrs["font"], attrs["label"], leaf,
            attrs["label_px"],
        ])
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
    edge_rows = [[index[a], index[b], rel_index[attrs["relation"]]] for a, b, attrs in graph.edges(data=True)]
    return {
        "kinds": [
            {"key": k.key, "label": k.label, "colour": k.colour, "shape": k.shape, "count": counts[k.key]}
            for k in kinds
        ],
        "relations": relations,
        "nodes": node_rows,
        "edges": edge_rows,
        "info": info,
        "scale": round(view.scale, 4),
        "large": view.large,
        "leaves": leaves,
        "hideLeaves": view.large and leaves > 0,
    }


def render_html(source: GraphView | Iterable[Statement], *, sources: Iterable[str] | None = None) -> bytes:
    """`graph.html`: the graph drawn with vis-network from positions computed here (no physics),
    with a legend that filters by kind, a search box, tooltips and neighbourhood highlighting.
    `source`: a `GraphView`, or statements to project (then `sources` names the lists)."""
    view = _view(source, sources)
    graph = view.graph
    nodes, edges = graph.number_of_nodes(), graph.number_of_edges()
    counts = Counter(attrs["kind"] for _, attrs in graph.nodes(data=True))
    listed = sources_text(view.sources)
    counted = f"{_plural(nodes, 'node', 'nodes')}, {_plural(edges, 'edge', 'edges')}"
    summary = " \u00b7 ".join(
        [counted]
        + [f"{counts[k.key]:,} {k.label.lower()}" for k in KINDS if counts[k.key]]
    )
    scripts = [script_text(_vis_network()), script_text(_static("graph.js"))]
    csp = "; ".join([
        "default-src 'none'",
        "script-src " + " ".join(_csp_hash(code) for code in scripts),
        "style-src 'unsafe-inline'",
        "img-src data:",
        "base-uri 'none'",
        "form-action 'none'",
    ])
    page = _fill(_static("graph.html"), {
        "csp": html.escape(csp),
        "title": html.escape(f"{listed} \u2014 paperkg graph ({counted})"),
        "heading": html.escape(f"paperkg \u00b7 {listed}"),
        "summary": html.escape(summary),
        "aria": html.escape(f"Graph of {counted} built from {listed}"),
        "css": _static("graph.css").replace("</", "<\\/"),
        "data": script_json(page_data(view)),
        "scripts": "\n".join(f"<script>{code}</script>" for code in scripts),
    })
    return page.encode("utf-8", errors="replace")


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
            "label": attrs["label"], "name": attrs["name"], "kind": attrs["kind"], "class": attrs["class"],
            "x": float(attrs["x"]), "y": float(attrs["y"]), "size": float(attrs["size"]),
            "r": r, "g": g, "b": b, "color": colours[attrs["kind"]],
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
