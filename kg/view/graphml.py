"""`graph.graphml`: the page's nodes, edges, positions and colours for Gephi, Cytoscape, yEd,
networkx or igraph, written directly (networkx's writer took ten times longer).

Every key's id is its attribute's name (`label`, `kind`, `x`, ...), never `d0`, `d1`, ...:
Gephi's importer looks a key up by its id before its name and reads ids `d3` (nodes) and `d7`
(edges) as labels, a yEd habit, so numbered ids would turn some other attribute into every
node's label. By id, Gephi reads `label` as the node's label, `x`, `y`, `size` as its place and
size, and `r`, `g`, `b` (integers) as its colour; the other keys become typed columns.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from kg.collector import paused_gc
from kg.view.kinds import KIND_BY_KEY
from kg.view.projection import is_web_url
from kg.view.scene import GraphView, as_view, rgb

if TYPE_CHECKING:
    from kg.view.projection import Statement

# (id = attr.name, GraphML type) of the node keys, in the order they are written
NODE_KEYS: tuple[tuple[str, str], ...] = (
    ("label", "string"),  # the full name or title (Gephi's node label)
    ("kind", "string"),
    ("class", "string"),
    ("x", "double"),
    ("y", "double"),
    ("size", "double"),
    ("r", "int"),
    ("g", "int"),
    ("b", "int"),
    ("color", "string"),
    ("short", "string"),  # the label drawn in graph.html (titles cut near 34 characters)
    ("year", "int"),
    ("yearFrom", "string"),  # "venue", or "arXiv" when the year is that of the arXiv id
    ("arxivId", "string"),
    ("source", "string"),
    ("lists", "string"),
    ("aliases", "string"),
    ("urls", "string"),
    ("intro", "string"),
    ("community", "int"),
    ("communityLabel", "string"),
)
EDGE_KEYS: tuple[tuple[str, str], ...] = (("relation", "string"),)
# Text as XML character data (and attribute values, in double quotes): markup characters as
# entities, and the characters XML 1.0 cannot hold (most C0 controls, U+FFFE, U+FFFF) as U+FFFD.
_ESCAPES = {ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;", ord('"'): "&quot;"}
_ESCAPES.update({c: "\ufffd" for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF]})
_ESCAPES.update({ord("\t"): "&#9;", ord("\n"): "&#10;", ord("\r"): "&#13;"})


_SPECIAL = re.compile('[&<>"\x00-\x1f\ufffe\uffff]')


def _text(value: str) -> str:
    return value.translate(_ESCAPES) if _SPECIAL.search(value) else value


def node_row(attrs: dict[str, Any], community_labels: list[str]) -> dict[str, Any]:
    """The GraphML values of one node of the view (keys of `NODE_KEYS`)."""
    kind = KIND_BY_KEY[attrs["kind"]]
    r, g, b = rgb(kind.colour)
    row: dict[str, Any] = {
        "label": " ".join(str(attrs["name"]).split()),
        "kind": attrs["kind"],
        "class": attrs["class"],
        "x": attrs["x"],
        "y": attrs["y"],
        "size": attrs["size"],
        "r": r,
        "g": g,
        "b": b,
        "color": kind.colour,
        "short": attrs["label"],
    }
    if str(attrs.get("year", "")).isdigit():
        row["year"] = int(attrs["year"])
        row["yearFrom"] = attrs.get("yearFrom", "venue")
    for key in ("arxivId", "source", "intro"):
        if key in attrs:
            row[key] = attrs[key]
    if attrs.get("listings"):
        row["lists"] = "; ".join(sorted({name for name, _line, _path in attrs["listings"] if name}))
    if attrs["aliases"]:
        row["aliases"] = "; ".join(attrs["aliases"])
    urls = [url for _, url in attrs["links"] if is_web_url(url)]
    if urls:
        row["urls"] = " ".join(urls)
    if "community" in attrs:
        row["community"] = attrs["community"]
        if attrs["community"] < len(community_labels):
            row["communityLabel"] = community_labels[attrs["community"]]
    return row


def _value(value: Any) -> str:
    return repr(value) if type(value) is float else _text(str(value))


def render_graphml(source: GraphView | Iterable[Statement], *, sources: Iterable[str] | None = None) -> bytes:
    """`graph.graphml`: the same nodes (keyed by IRI) and directed edges as the page, with each
    node's full name as `label`, its kind, class, position, size and colour (`x`, `y`, `size`,
    `r`, `g`, `b`), typed `year` (int), lists, aliases, web addresses and community, and each
    edge's `relation` (the predicate's local name)."""
    view = as_view(source, sources)
    with paused_gc():
        return _graphml(view)


def _graphml(view: GraphView) -> bytes:
    labels = [community.label for community in view.communities]
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
        'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
        '  <key id="sources" for="graph" attr.name="sources" attr.type="string"/>',
    ]
    out += [f'  <key id="{k}" for="node" attr.name="{k}" attr.type="{t}"/>' for k, t in NODE_KEYS]
    out += [f'  <key id="{k}" for="edge" attr.name="{k}" attr.type="{t}"/>' for k, t in EDGE_KEYS]
    out.append('  <graph id="paperkg" edgedefault="directed">')
    out.append(f'    <data key="sources">{_text("; ".join(view.sources))}</data>')
    for node, attrs in view.graph.nodes(data=True):
        row = node_row(attrs, labels)
        out.append(f'    <node id="{_text(node)}">')
        out += [f'      <data key="{k}">{_value(row[k])}</data>' for k, _ in NODE_KEYS if k in row]
        out.append("    </node>")
    for a, b, attrs in view.graph.edges(data=True):
        out.append(f'    <edge source="{_text(a)}" target="{_text(b)}">')
        out.append(f'      <data key="relation">{_text(attrs["relation"])}</data>')
        out.append("    </edge>")
    out += ["  </graph>", "</graphml>", ""]
    return "\n".join(out).encode("utf-8", errors="replace")
