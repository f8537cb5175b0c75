"""`graph.graphml`: the page's nodes, edges and positions for Gephi or Cytoscape."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from kg.view.projection import KINDS, is_web_url
from kg.view.scene import GraphView, as_view, rgb

if TYPE_CHECKING:
    from kg.view.projection import Statement


def render_graphml(source: GraphView | Iterable[Statement], *, sources: Iterable[str] | None = None) -> bytes:
    """`graph.graphml`: the same nodes (keyed by IRI) and directed edges as the page, with each
    node's label, kind, class, position, size and colour (`x`, `y`, `size`, `r`, `g`, `b`, as
    Gephi reads them), and each edge's `relation` (the predicate's local name)."""
    import networkx as nx

    view = as_view(source, sources)
    colours = {kind.key: kind.colour for kind in KINDS}
    out = nx.DiGraph(sources="; ".join(view.sources))
    for node, attrs in view.graph.nodes(data=True):
        r, g, b = rgb(colours[attrs["kind"]])
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
