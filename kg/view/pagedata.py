"""What the page's script reads besides vis-network's nodes, edges and options: each node's
details, the lists, the communities and their outlines, the facets, and the size policy."""

from __future__ import annotations

import os
from collections import Counter
from typing import TYPE_CHECKING, Any

from kg.view.kinds import ENTRY_KINDS, KINDS, NodeKind, class_label
from kg.view.scene import GraphView

if TYPE_CHECKING:
    import networkx as nx

INTRO_CHARS = 600  # an intro longer than this is cut (the whole text is in graph.ttl)
LIGHTER = ("usesMethod", "usesLibrary")  # relations drawn lighter than the others


def drawn_kinds(graph: nx.DiGraph) -> tuple[list[NodeKind], Counter[str]]:
    """The kinds present in `graph` (legend order) and the number of nodes of each."""
    counts = Counter(attrs["kind"] for _, attrs in graph.nodes(data=True))
    return [kind for kind in KINDS if counts[kind.key]], counts


def relations(graph: nx.DiGraph) -> list[str]:
    """The edges' relation names, sorted (an edge's `rel` is an index into this list)."""
    return sorted({attrs["relation"] for *_, attrs in graph.edges(data=True)})


def is_leaf(graph: nx.DiGraph, node: str) -> bool:
    """An entity linked to a single entry (hidden at first in large graphs)."""
    return graph.degree(node) == 1 and graph.nodes[node]["kind"] not in ENTRY_KINDS


def id_base(nodes: list[str]) -> str:
    """The longest common prefix of the node IRIs that ends in `/` or `#` (the resource base):
    the page keeps each node's IRI without it, and the URL fragment names nodes that way."""
    prefix = os.path.commonprefix(nodes) if len(nodes) > 1 else (nodes[0] if nodes else "")
    cut = max(prefix.rfind("/"), prefix.rfind("#"))
    return prefix[: cut + 1]


def node_info(attrs: dict[str, Any], list_index: dict[str, int]) -> dict[str, Any]:
    """One node's details, with short keys: `n` name, `c` class, `y` year (`yf` 1 when it is the
    arXiv id's), `a` arXiv id, `i` intro, `w` keywords, `k` aliases, `l` links [text, url],
    `L` listings [list index, line or 0, section path]."""
    item: dict[str, Any] = {"n": attrs["name"], "c": class_label(attrs["class"])}
    if "year" in attrs:
        item["y"] = attrs["year"]
        if attrs.get("yearFrom") == "arXiv":
            item["yf"] = 1
    if "arxivId" in attrs:
        item["a"] = attrs["arxivId"]
    for key, short in (("intro", "i"), ("keywords", "w")):
        if key in attrs:
            text = attrs[key]
            item[short] = text if len(text) <= INTRO_CHARS else text[: INTRO_CHARS - 1] + "\u2026"
    if attrs["aliases"]:
        item["k"] = list(attrs["aliases"])
    if attrs["links"]:
        item["l"] = [[text, url] for text, url in attrs["links"]]
    if attrs.get("listings"):
        item["L"] = [[list_index.get(name, -1), line, path] for name, line, path in attrs["listings"]]
    return item


def communities_data(view: GraphView) -> list[dict[str, Any]]:
    """Each community's label and size, and its outline where it has one (x0, y0, x1, ...)."""
    hulls = dict(view.hulls)
    found = []
    for k, community in enumerate(view.communities):
        item: dict[str, Any] = {"label": community.label, "n": len(community.members)}
        if k in hulls:
            item["hull"] = list(hulls[k])
        found.append(item)
    return found


def view_data(view: GraphView) -> dict[str, Any]:
    """The page's data besides pyvis's nodes, edges and options: the kinds (legend order, with
    their facets), the relation names (edges' `rel`) and which are drawn lighter, the lists, each
    node's IRI (without `base`), community and details, the communities, the first view's zoom
    and the size policy."""
    graph = view.graph
    kinds, counts = drawn_kinds(graph)
    lists = sorted({name for _, attrs in graph.nodes(data=True) for name, *_ in attrs.get("listings", ()) if name})
    list_index = {name: k for k, name in enumerate(lists)}
    nodes = list(graph.nodes)
    base = id_base(nodes)
    leaves = sum(is_leaf(graph, node) for node in nodes)
    names = relations(graph)
    return {
        "kinds": [
            {"key": k.key, "label": k.label, "colour": k.colour, "shape": k.shape, "count": counts[k.key]}
            | ({"facet": k.facet} if k.facet else {})
            for k in kinds
        ],
        "relations": names,
        "lighter": [k for k, name in enumerate(names) if set(name.split()) <= set(LIGHTER)],
        "lists": lists,
        "base": base,
        "ids": [node[len(base) :] for node in nodes],
        "community": [graph.nodes[node].get("community", 0) for node in nodes],
        "communities": communities_data(view),
        "info": [node_info(graph.nodes[node], list_index) for node in nodes],
        "scale": round(view.scale, 4),
        "large": view.large,
        "leaves": leaves,
        "hideLeaves": view.large and leaves > 0,
    }
