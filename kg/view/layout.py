"""Node positions for the HTML view, computed once in Python so that the page draws at once.

Each connected component is laid out on its own, then all components are packed on rings
around the largest one (`kg.view.packing`). Components of a few nodes get a star. Larger ones get a force layout in
numpy in the manner of ForceAtlas2 (repulsion m_i m_j / d, linear attraction along edges,
gravity), with a fixed number of iterations. Components up to `EXACT` nodes repel pair by pair;
in larger ones the repulsion from far nodes is computed on a grid by FFT convolution and only
close pairs (found through the same grid) repel exactly. The grid grows with the square root of
the number of nodes, so a cell holds about the same number of nodes at every size and an
iteration costs O(nodes + edges + cells² log cells): the work per node is bounded.

When nodes belong to groups (communities), the layout starts from the groups' own layout (each
node near its group's place) and pulls every node gently towards its group's centre, so that a
community reads as one region of the drawing.

Seeded and free of hash order: the same graph gives the same positions, bit for bit.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from typing import TYPE_CHECKING

from kg.view.packing import pack

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Floats = npt.NDArray[np.float64]
    Indices = npt.NDArray[np.intp]
    Spectrum = npt.NDArray[np.complex128]

NEAR = 1.5  # radius of exact repulsion between close nodes
GRAVITY = 0.6  # pull to the centre, per unit of mass and of distance
COHESION = 0.3  # pull to the centre of its group, per unit of mass and of distance
HUB = 0.5  # a node's repulsive mass is (1 + degree) ** HUB
SMALL = 8  # components up to this size are drawn as a star around their best-connected node
EXACT = 200  # components up to this size repel pair by pair (no grid)
STEPS = 100  # iterations of the force layout, at every size
MAX_STRETCH = 1.35  # at most this much wider than the forces made it
REFRESH = 5  # close pairs are searched again every this many iterations
FAR_EVERY = 2  # the far field is computed again every this many iterations
SKIN = 1.2  # ... within this much more than the radius of exact repulsion
PER_CELL = 0.5  # grid cells per node: nodes per cell stay about the same at every size


def _close_pairs(pos: Floats, radius: float) -> tuple[Indices, Indices]:
    """Index pairs (i < j) of points closer than `radius`, found through a grid of
    `radius`-sized cells (each cell is compared with itself and four of its neighbours)."""
    import numpy as np

    cells = np.floor((pos - pos.min(axis=0)) / radius).astype(np.int64)
    width = int(cells[:, 0].max()) + 3
    cell_id = (cells[:, 1] + 1) * width + cells[:, 0] + 1
    order = np.argsort(cell_id, kind="stable")
    sorted_ids = cell_id[order]  # searching sorted targets is several times faster
    first: list[Indices] = []
    second: list[Indices] = []
    for offset in (0, 1, width - 1, width, width + 1):
        target = sorted_ids + offset
        start = np.searchsorted(sorted_ids, target, side="left")
        counts = np.searchsorted(sorted_ids, target, side="right") - start
        total = int(counts.sum())
        if not total:
            continue
        i = np.repeat(np.arange(len(pos)), counts)
        j = np.repeat(start - (np.cumsum(counts) - counts), counts) + np.arange(total)
        keep = i < j if offset == 0 else slice(None)
        first.append(order[i[keep]])
        second.append(order[j[keep]])
    if not first:
        return np.empty(0, dtype=np.intp), np.empty(0, dtype=np.intp)
    i, j = np.concatenate(first), np.concatenate(second)
    delta = pos[i] - pos[j]
    near = np.einsum("ij,ij->i", delta, delta) < radius * radius
    return i[near], j[near]


def _accumulate(index: Indices, values: Floats, n: int) -> Floats:
    """Sum the rows of `values` into `n` rows by `index` (faster than `np.add.at`)."""
    import numpy as np

    return np.stack([np.bincount(index, weights=values[:, d], minlength=n) for d in (0, 1)], axis=1)


def fast_size(n: int) -> int:
    """The least 2^a 3^b 5^c >= n: an FFT length without large prime factors (an FFT of a length
    with one, such as 2·127, is many times slower)."""
    best = 1 << max(n - 1, 0).bit_length()
    five = 1
    while five < best:
        three = five
        while three < best:
            size = three
            while size < n:
                size *= 2
            best = min(best, size)
            three *= 3
        five *= 5
    return best


def _kernel(cells: int) -> tuple[int, Spectrum, Spectrum]:
    """The FFT size and the spectra of the grid force kernel (x and y parts) for unit cells,
    softened by one cell. 2·cells - 1 points suffice for a linear convolution over the grid."""
    import numpy as np

    offsets = np.arange(-cells + 1, cells, dtype=np.float64)
    dx, dy = np.meshgrid(offsets, offsets, indexing="ij")
    r2 = dx * dx + dy * dy + 1.0
    size = fast_size(2 * cells - 1)
    return size, np.fft.rfft2(dx / r2, s=(size, size)), np.fft.rfft2(dy / r2, s=(size, size))


def _far_field(pos: Floats, mass: Floats, kernel: tuple[int, Spectrum, Spectrum], cells: int) -> tuple[Floats, float]:
    """Repulsion every node feels from all the others, sum of m_j (p_i - p_j) / |p_i - p_j|²,
    on a `cells`² grid (masses binned into cells, convolved by FFT with the force kernel, read
    back at each node's cell); and the grid's cell width."""
    import numpy as np

    low = pos.min(axis=0)
    h = max(float((pos.max(axis=0) - low).max()) / (cells - 1), 1e-9)
    cell = np.minimum(((pos - low) / h).astype(np.intp), cells - 1)
    flat = cell[:, 0] * cells + cell[:, 1]
    grid = np.bincount(flat, weights=mass, minlength=cells * cells).reshape(cells, cells)
    shape = (kernel[0], kernel[0])
    spectrum = np.fft.rfft2(grid, s=shape)
    inside = slice(cells - 1, 2 * cells - 1)
    field = [np.fft.irfft2(spectrum * k, s=shape)[inside, inside] for k in kernel[1:]]
    return np.stack([f.ravel()[flat] for f in field], axis=1) / h, h


def _exact_repulsion(pos: Floats, mass: Floats) -> Floats:
    """Sum over all other nodes of m_i m_j (p_i - p_j) / |p_i - p_j|² (small components)."""
    import numpy as np

    delta = pos[:, None, :] - pos[None, :, :]
    dist2 = np.maximum(np.einsum("ijk,ijk->ij", delta, delta), 1e-3)
    weight = mass[:, None] * mass[None, :] / dist2
    np.fill_diagonal(weight, 0.0)
    return np.einsum("ij,ijk->ik", weight, delta)


def _repulsion(
    pos: Floats, mass: Floats, grid: tuple[int, tuple[int, Spectrum, Spectrum]] | None, step: int, cache: dict
) -> Floats:
    """Repulsion between all nodes: exact for small components, else grid plus close pairs.
    The far field is computed every `FAR_EVERY` steps and the close pairs are found every
    `REFRESH` steps within a radius `SKIN` times larger than needed; `cache` keeps both in
    between (nodes move little in a few steps; a Verlet list for the pairs)."""
    import numpy as np

    if grid is None:
        return _exact_repulsion(pos, mass)
    cells, kernel = grid
    if step % FAR_EVERY == 0:
        far, h = _far_field(pos, mass, kernel, cells)
        cache["far"], cache["h"] = far * mass[:, None], h
    force = cache["far"].copy()
    if step % REFRESH == 0:
        cache["pairs"] = _close_pairs(pos, SKIN * max(NEAR, cache["h"]))
    i, j = cache["pairs"]
    if len(i):
        delta = pos[i] - pos[j]
        dist2 = np.maximum(np.einsum("ij,ij->i", delta, delta), 1e-3)
        push = delta * (mass[i] * mass[j] / dist2)[:, None]
        force += _accumulate(np.concatenate([i, j]), np.concatenate([push, -push]), len(pos))
    return force


def _spring(n: int, src: Indices, dst: Indices, rng: np.random.Generator, groups: Indices | None = None) -> Floats:
    """A ForceAtlas2-like layout with ideal edge length about 1: nodes repel as m_i m_j / d with
    m = (1 + degree) ** HUB (so hubs get room for their neighbours), edges pull linearly, and
    gravity proportional to mass and distance keeps weakly linked clusters close. With `groups`,
    nodes start near their group's place in a layout of the groups and are pulled towards their
    group's centre. The step size cools quadratically over `STEPS` iterations."""
    import numpy as np

    degree = np.bincount(src, minlength=n) + np.bincount(dst, minlength=n)
    mass = (1.0 + degree.astype(np.float64)) ** HUB
    side = math.sqrt(mass.sum()) * 2
    pos = rng.uniform(-side / 2, side / 2, size=(n, 2))
    count = int(groups.max()) + 1 if groups is not None and len(groups) else 0
    if groups is not None and count > 1 and n > EXACT:
        pos = _group_start(groups, count, src, dst, mass, side, rng)
    grid = None
    if n > EXACT:
        cells = int(max(16, math.sqrt(PER_CELL * n) * 2))
        grid = (cells, _kernel(cells))
    speed = side / (30 if count > 1 and n > EXACT else 10)
    cache: dict = {}
    for step in range(STEPS):
        force = _repulsion(pos, mass, grid, step, cache)
        pull = pos[dst] - pos[src]
        force += _accumulate(src, pull, n) - _accumulate(dst, pull, n)
        force -= GRAVITY * mass[:, None] * pos
        if count > 1 and groups is not None:
            weight = np.bincount(groups, minlength=count)[:, None]
            centre = _accumulate(groups, pos, count) / np.maximum(weight, 1)
            force += COHESION * mass[:, None] * (centre[groups] - pos)
        move = force / mass[:, None]
        length = np.maximum(np.linalg.norm(move, axis=1), 1e-9)
        limit = max(speed * (1 - step / STEPS) ** 2, 0.05)
        pos += move * (np.minimum(length, limit) / length)[:, None]
    return pos - pos.mean(axis=0)


def _group_start(groups: Indices, count: int, src: Indices, dst: Indices, mass: Floats, side: float, rng) -> Floats:
    """Starting positions: the groups laid out as one node each (mass: their total mass, edges:
    the links between them), scaled to the component's size; each node near its group's place."""
    import numpy as np

    a, b = groups[src], groups[dst]
    between = sorted({(int(min(x, y)), int(max(x, y))) for x, y in zip(a, b, strict=True) if x != y})
    gs = np.array([x for x, _ in between], dtype=np.intp)
    gd = np.array([y for _, y in between], dtype=np.intp)
    places = _spring(count, gs, gd, rng) if count > 1 else np.zeros((1, 2))
    size = np.bincount(groups, weights=mass, minlength=count)
    extent = max(float(np.abs(places).max()), 1e-9)
    places *= side / 2 / extent
    spread = np.sqrt(size)[groups][:, None]
    return places[groups] + rng.normal(0.0, 1.0, size=(len(groups), 2)) * spread


def _star(n: int, src: Indices, dst: Indices) -> Floats:
    """The best-connected node in the middle, the others on a circle around it."""
    import numpy as np

    degree = np.bincount(src, minlength=n) + np.bincount(dst, minlength=n)
    centre = int(np.argmax(degree))
    pos = np.zeros((n, 2))
    others = [i for i in range(n) if i != centre]
    for k, i in enumerate(others):
        angle = 2 * math.pi * k / len(others) + math.pi / 2
        pos[i] = (math.cos(angle), math.sin(angle))
    return pos


def components(n: int, src: Sequence[int], dst: Sequence[int]) -> list[list[int]]:
    """Connected components as sorted index lists, largest first (ties: smallest index)."""
    parent = list(range(n))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in zip(src, dst, strict=True):
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    found: dict[int, list[int]] = {}
    for i in range(n):
        found.setdefault(root(i), []).append(i)
    return sorted(found.values(), key=lambda g: (-len(g), g[0]))


def _radius(part: Floats) -> float:
    import numpy as np

    return float(np.sqrt(np.einsum("ij,ij->i", part, part).max())) if len(part) else 0.0


def force_layout(
    nodes: Sequence[Hashable],
    edges: Sequence[tuple[Hashable, Hashable]],
    *,
    seed: int = 1,
    scale: float = 1.0,
    aspect: float = 1.6,
    groups: Sequence[int] | None = None,
) -> dict[Hashable, tuple[float, float]]:
    """Positions for `nodes` (in their given order) such that `edges` are short and nodes keep
    apart; the ideal edge length is `scale`, and the drawing fills a `aspect`-wide rectangle.
    `groups`: a group number per node (communities), kept together in the drawing."""
    import numpy as np

    n = len(nodes)
    index = {node: i for i, node in enumerate(nodes)}
    pairs = sorted({(min(index[a], index[b]), max(index[a], index[b])) for a, b in edges if a != b})
    parts_of = components(n, [a for a, _ in pairs], [b for _, b in pairs])
    where = np.zeros(n, dtype=np.intp)  # node index -> its index in its component
    owner = np.zeros(n, dtype=np.intp)
    for g, group in enumerate(parts_of):
        where[group] = np.arange(len(group))
        owner[group] = g
    ends = np.array(pairs, dtype=np.intp).reshape(-1, 2)
    by_part = np.argsort(owner[ends[:, 0]], kind="stable") if len(ends) else np.empty(0, dtype=np.intp)
    bounds = np.searchsorted(owner[ends[by_part, 0]], np.arange(len(parts_of) + 1)) if len(ends) else None
    rng = np.random.default_rng(seed)
    labels = np.asarray(groups, dtype=np.intp) if groups is not None else None
    parts: list[Floats] = []
    for g, group in enumerate(parts_of):
        mine = by_part[bounds[g] : bounds[g + 1]] if bounds is not None else by_part
        src, dst = where[ends[mine, 0]], where[ends[mine, 1]]
        if len(group) <= SMALL:
            part = _star(len(group), src, dst)
        else:
            local = None
            if labels is not None:
                local = np.unique(labels[group], return_inverse=True)[1].astype(np.intp)
            part = _spring(len(group), src, dst, rng, local)
        parts.append(part - (part.max(axis=0) + part.min(axis=0)) / 2)
    pos = np.zeros((n, 2))
    for group, part, (ox, oy) in zip(parts_of, parts, pack([_radius(p) for p in parts], aspect), strict=True):
        pos[group] = part + (ox, oy)
    width, height = pos.max(axis=0) - pos.min(axis=0) if n else (0.0, 0.0)
    if height > 0 and width / height < aspect:  # widen a round drawing towards the window's shape
        pos[:, 0] *= min(aspect * height / max(width, 1e-9), MAX_STRETCH)
    pos *= scale
    return {node: (float(x), float(y)) for node, (x, y) in zip(nodes, pos, strict=True)}
