"""The graph laid out for people: the projection (`kg.view.projection`) split into communities
(`kg.view.communities`), placed by the layout (`kg.view.layout`), each node sized, the labels
chosen that the first view shows, and each community's outline (a hull) for the overview."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.collector import paused_gc
from kg.view.communities import Community
from kg.view.kinds import ENTRY_KINDS
from kg.view.projection import Projection, project

if TYPE_CHECKING:
    import networkx as nx

    from kg.view.projection import Statement

LARGE = 2000  # above this many nodes the page starts with leaf entities hidden (see README)
LAYOUT_SEED = 7
EDGE_LENGTH = 36.0  # pixels per ideal edge length of the layout
VIEWPORT = (1080.0, 820.0)  # the graph's part of a typical window, in pixels
ASPECT = VIEWPORT[0] / VIEWPORT[1]
LABELLED = 30  # labels readable in the first view
LABEL_MIN_PX = 6.0  # the page hides a label below this many pixels (labels.js: 7, minus 1)
HULL_MIN = 6  # communities of at least this many nodes get an outline
HULLS = 60  # at most this many outlines (the largest communities)


@dataclass(frozen=True)
class GraphView:
    """A projected graph with its layout: nodes carry `x`, `y`, `size`, `font` and `label_px`
    (see `label_sizes`) besides the attributes of `kg.view.projection.project`."""

    graph: nx.DiGraph
    sources: tuple[str, ...]
    scale: float = 1.0  # the zoom at which the page will first show the whole graph (estimate)
    communities: tuple[Community, ...] = ()  # nodes carry their community's number in `community`
    hulls: tuple[tuple[int, tuple[float, ...]], ...] = ()  # (community, x0, y0, x1, y1, ...)

    @property
    def large(self) -> bool:
        return self.graph.number_of_nodes() > LARGE


def node_size(degree: int) -> float:
    """Drawn size of a node: grows with the square root of its number of connections."""
    return round(min(7.0 + 3.2 * math.sqrt(degree), 44.0), 1)


def overview_scale(xs: list[float], ys: list[float]) -> float:
    """The zoom at which the page first shows the whole graph, in a typical window
    (`VIEWPORT`): the page fits the drawing to its canvas."""
    if not xs:
        return 1.0
    width = max(xs) - min(xs) + 80.0
    height = max(ys) - min(ys) + 80.0
    return min(VIEWPORT[0] / width, VIEWPORT[1] / height, 2.0)


def label_sizes(graph: nx.DiGraph, scale: float) -> dict[str, tuple[float, float]]:
    """(font size in graph units, size in pixels in the first view or 0) of each node's label.

    The page draws a label only when it is at least `LABEL_MIN_PX` pixels high on screen,
    so the font size decides the zoom at which a label appears. Up to `LABELLED` of the
    best-connected nodes (entities before entries), skipping any whose label would overlap one
    already chosen, get a size in pixels instead: the page keeps their labels that high at every
    zoom, so the first, whole-graph view names the hubs. The other labels appear as one zooms
    in, entries last. `scale` is the zoom of the first view (`overview_scale`).
    """
    degree = dict(graph.degree())
    ranked = sorted(graph.nodes(data="kind"), key=lambda n: (n[1] in ENTRY_KINDS, -degree[n[0]], n[0]))
    fonts = (
        round(min(13.0, 0.9 * LABEL_MIN_PX / scale), 1),  # entities
        round(min(11.0, 0.7 * LABEL_MIN_PX / scale), 1),  # entries
    )
    sizes: dict[str, tuple[float, float]] = {}
    boxes: list[tuple[float, float, float, float]] = []
    for node, kind in ranked:
        font = fonts[kind in ENTRY_KINDS]
        pixels = 0.0
        if len(boxes) < LABELLED:
            attrs = graph.nodes[node]
            pixels = round(min(9.5 + 1.3 * math.log2(1 + degree[node]), 16.0), 1)
            half = 0.3 * pixels * len(attrs["label"]) + 2
            top = (attrs["y"] + attrs["size"]) * scale
            box = (attrs["x"] * scale - half, top, attrs["x"] * scale + half, top + 1.3 * pixels)
            if any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in boxes):
                pixels = 0.0
            else:
                boxes.append(box)
        sizes[node] = (font, pixels)
    return sizes


def convex_hull(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The convex hull of `points`, counter-clockwise from the lowest-leftmost (monotone chain)."""
    pts = sorted(set(points))
    if len(pts) <= 2:
        return pts

    def half(seq: list[tuple[float, float]]) -> list[tuple[float, float]]:
        chain: list[tuple[float, float]] = []
        for p in seq:
            while len(chain) >= 2:
                (ax, ay), (bx, by) = chain[-2], chain[-1]
                if (bx - ax) * (p[1] - ay) - (by - ay) * (p[0] - ax) > 0:
                    break
                chain.pop()
            chain.append(p)
        return chain

    return half(pts)[:-1] + half(pts[::-1])[:-1]


def community_hulls(graph: nx.DiGraph, order: list[str], found: list[Community]) -> list[tuple[int, tuple[float, ...]]]:
    """Outlines of the `HULLS` largest communities of `HULL_MIN` nodes or more: the convex hull
    of their nodes, leaving out strays farther than twice the median distance from the centre."""
    hulls = []
    for k, community in enumerate(found[:HULLS]):
        if len(community.members) < HULL_MIN:
            break
        points = [(graph.nodes[order[i]]["x"], graph.nodes[order[i]]["y"]) for i in community.members]
        cx = sum(x for x, _ in points) / len(points)
        cy = sum(y for _, y in points) / len(points)
        dist = sorted(math.hypot(x - cx, y - cy) for x, y in points)
        limit = 2 * dist[len(dist) // 2] + 1e-9
        kept = [(x, y) for x, y in points if math.hypot(x - cx, y - cy) <= limit]
        hull = convex_hull(kept)
        if len(hull) >= 3:
            hulls.append((k, tuple(round(v, 1) for point in hull for v in point)))
    return hulls


def import_libraries() -> None:
    """Import the libraries that laying out and drawing a view use (networkx, numpy, igraph,
    pyvis with Jinja), ahead of their first use."""
    import igraph  # noqa: F401
    import networkx  # noqa: F401
    import numpy  # noqa: F401
    import pyvis.network  # noqa: F401


def graph_view(statements: Iterable[Statement] | Projection, *, sources: Iterable[str] | None = None) -> GraphView:
    """Project `statements` (the build's triples, or the quads of a loaded store), find its
    communities and lay the graph out; communities and layout are seeded, so the same statements
    give the same view."""

    with paused_gc():
        projection = statements if isinstance(statements, Projection) else project(statements, sources=sources)
        return _laid_out(projection)


def _laid_out(projection: Projection) -> GraphView:
    """The view of a projection: communities, positions, sizes, labels and outlines."""
    from kg.view.communities import louvain, name_communities
    from kg.view.layout import force_layout

    graph = projection.graph
    nodes = list(graph.nodes)
    index = {node: i for i, node in enumerate(nodes)}
    pairs = sorted({(a, b) if a < b else (b, a) for a, b in ((index[s], index[o]) for s, o in graph.edges)})
    number = louvain(len(nodes), pairs)
    positions = force_layout(
        nodes, list(graph.edges), seed=LAYOUT_SEED, scale=EDGE_LENGTH, aspect=ASPECT, groups=number
    )
    degree = dict(graph.degree())
    xs, ys = [], []
    for (node, attrs), k in zip(graph.nodes(data=True), number, strict=True):
        x, y = positions[node]
        x, y = round(x, 1) + 0.0, round(y, 1) + 0.0
        attrs.update(x=x, y=y, size=node_size(degree[node]), community=k)
        xs.append(x)
        ys.append(y)
    scale = overview_scale(xs, ys)
    for node, (font, pixels) in label_sizes(graph, scale).items():
        graph.nodes[node].update(font=font, label_px=pixels)
    found = name_communities(graph, nodes, number)
    hulls = community_hulls(graph, nodes, found)
    return GraphView(graph, projection.sources, scale, tuple(found), tuple(hulls))


def as_view(source: GraphView | Iterable[Statement], sources: Iterable[str] | None = None) -> GraphView:
    """`source` itself when it is a view, else the view of the statements it holds."""
    return source if isinstance(source, GraphView) else graph_view(source, sources=sources)


def rgb(colour: str) -> tuple[int, int, int]:
    """`#4e79a7` as (78, 121, 167)."""
    value = int(colour.lstrip("#"), 16)
    return value >> 16, (value >> 8) & 255, value & 255
