"""Communities of the view's graph: Louvain modularity communities, computed at build time.

igraph's `community_multilevel` is Louvain's method (Blondel et al. 2008), the same algorithm
as networkx's `louvain_communities`, at equal quality (modularity 0.695 against 0.694 on a
9,000-node graph of 45 lists) and 50 times faster (0.035 s against 1.9 s). Its random order is
drawn from a generator seeded here, so the same graph gets the same communities on every build.

Each community is named after its best-connected topics or method families (by links inside
the community), which is what a reader of a field recognises.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx

SEED = 11
NAMING_KINDS = ("Topic", "MethodFamily")  # kinds a community is named after, before any other entity
NAMES = 2  # names in a community's label


@dataclass(frozen=True)
class Community:
    """One community: its nodes (indices in the graph's node order) and its label."""

    members: tuple[int, ...]
    label: str


def louvain(n: int, pairs: Sequence[tuple[int, int]], *, seed: int = SEED) -> list[int]:
    """A community number per node (0 for the largest community, then by size; ties by the
    smallest member), by Louvain's method on the undirected graph of `pairs` (i < j)."""
    import igraph

    if n == 0:
        return []
    graph = igraph.Graph(n=n, edges=list(pairs))
    igraph.set_random_number_generator(random.Random(seed))
    try:
        membership = graph.community_multilevel().membership
    finally:
        igraph.set_random_number_generator(random)
    groups: dict[int, list[int]] = {}
    for node, group in enumerate(membership):
        groups.setdefault(group, []).append(node)
    ordered = sorted(groups.values(), key=lambda members: (-len(members), members[0]))
    number = [0] * n
    for k, members in enumerate(ordered):
        for node in members:
            number[node] = k
    return number


def name_communities(graph: nx.DiGraph, order: Sequence[str], number: Sequence[int]) -> list[Community]:
    """Each community's members and label: its `NAMES` topics or method families with the most
    links inside the community (else its best-connected entities, else its best-connected
    entries), joined by " · "."""
    count = max(number, default=-1) + 1
    members: list[list[int]] = [[] for _ in range(count)]
    for i, k in enumerate(number):
        members[k].append(i)
    index = {node: i for i, node in enumerate(order)}
    inside = [0] * len(order)
    for a, b in graph.edges:
        if number[index[a]] == number[index[b]]:
            inside[index[a]] += 1
            inside[index[b]] += 1
    found = []
    for group in members:

        def rank(i: int) -> tuple[int, int, str]:
            kind = graph.nodes[order[i]]["kind"]
            tier = 0 if kind in NAMING_KINDS else 2 if kind in ("Paper", "Entry") else 1
            return tier, -inside[i], str(graph.nodes[order[i]]["label"])

        best = sorted(group, key=rank)[:NAMES]
        found.append(Community(tuple(group), " \u00b7 ".join(str(graph.nodes[order[i]]["label"]) for i in best)))
    return found
