"""Node positions for the HTML view, computed once in Python so that the page draws at once.

Each connected component is laid out on its own, then the components are packed around the
largest one. Components of a few nodes get a star. Larger ones get a force layout in numpy in
the manner of ForceAtlas2 (repulsion m_i m_j / d, linear attraction along edges, gravity),
where the repulsion from far nodes is computed on a grid by FFT convolution and only close
pairs (found through a grid of cells) repel exactly. An iteration so costs about
O(nodes + edges + close pairs + cells² log cells) instead of O(nodes²): 5,000 nodes take under
2 s, where networkx's `spring_layout` took 5.5 s for 1,000 nodes and its `forceatlas2_layout`
58 s for 5,000 on this project's machine (see bench/bench_html.py and the README).

Seeded and free of hash order: the same graph gives the same positions, bit for bit.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Floats = npt.NDArray[np.float64]
    Indices = npt.NDArray[np.intp]
    Spectrum = npt.NDArray[np.complex128]

NEAR = 1.5  # radius of exact repulsion between close nodes
GRAVITY = 0.6  # pull to the centre, per unit of mass and of distance
HUB = 0.5  # a node's repulsive mass is (1 + degree) ** HUB
SMALL = 8  # components up to this size are drawn as a star around their best-connected node
GAP = 1.5  # space between packed components, in ideal edge lengths
MAX_STRETCH = 1.35  # at most this much wider than the forces made it
SMALL_CELL = 5.0  # least width of a small component's cell (room for its labels)


def _close_pairs(pos: Floats, radius: float) -> tuple[Indices, Indices]:
    """Index pairs (i < j) of points closer than `radius`, found through a grid of
    `radius`-sized cells (each cell is compared with itself and four of its neighbours)."""
    import numpy as np

    cells = np.floor((pos - pos.min(axis=0)) / radius).astype(np.int64)
    width = int(cells[:, 0].max()) + 3
    cell_id = (cells[:, 1] + 1) * width + cells[:, 0] + 1
    order = np.argsort(cell_id, kind="stable")
    sorted_ids = cell_id[order]
    first: list[Indices] = []
    second: list[Indices] = []
    for offset in (0, 1, width - 1, width, width + 1):
        target = cell_id + offset
        start = np.searchsorted(sorted_ids, target, side="left")
        counts = np.searchsorted(sorted_ids, target, side="right") - start
        total = int(counts.sum())
        if not total:
            continue
        i = np.repeat(np.arange(len(pos)), counts)
        j = order[np.repeat(start - (np.cumsum(counts) - counts), counts) + np.arange(total)]
        keep = i < j if offset == 0 else slice(None)
        first.append(i[keep])
        second.append(j[keep])
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


def _far_field(pos: Floats, mass: Floats, kernel: tuple[int, Spectrum, Spectrum], cells: int) -> Floats:
    """Repulsion every node feels from all the others, sum of m_j (p_i - p_j) / |p_i - p_j|²,
    computed on a `cells`² grid: masses binned into cells, convolved (FFT) with the force kernel,
    and read back at each node's cell."""
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
    return np.stack([f.ravel()[flat] for f in field], axis=1) / h


def _kernel(cells: int) -> tuple[int, Spectrum, Spectrum]:
    """The FFT size and the spectra of the grid force kernel (x and y parts) for unit cells,
    softened by one cell."""
    import numpy as np

    offsets = np.arange(-cells + 1, cells, dtype=np.float64)
    dx, dy = np.meshgrid(offsets, offsets, indexing="ij")
    r2 = dx * dx + dy * dy + 1.0
    size = 1 << int(np.ceil(np.log2(3 * cells - 2)))
    return size, np.fft.rfft2(dx / r2, s=(size, size)), np.fft.rfft2(dy / r2, s=(size, size))


def _spring(n: int, src: Indices, dst: Indices, rng: np.random.Generator) -> Floats:
    """A ForceAtlas2-like layout with ideal edge length about 1: nodes repel as m_i m_j / d with
    m = (1 + degree) ** HUB (so hubs get room for their neighbours), edges pull linearly, and
    gravity proportional to mass and distance keeps weakly linked clusters close. Far repulsion
    goes through a grid (`_far_field`); pairs closer than a grid cell or two repel exactly, so
    that nodes do not overlap. The step size cools quadratically over the iterations."""
    import numpy as np

    degree = np.bincount(src, minlength=n) + np.bincount(dst, minlength=n)
    mass = (1.0 + degree.astype(np.float64)) ** HUB
    side = math.sqrt(mass.sum()) * 2
    pos = rng.uniform(-side / 2, side / 2, size=(n, 2))
    cells = int(min(128, max(32, 2 * math.sqrt(n))))
    kernel = _kernel(cells)
    steps = int(min(400, max(120, 40_000 / n)))
    speed = side / 10
    for step in range(steps):
        force = _far_field(pos, mass, kernel, cells) * mass[:, None]
        extent = float((pos.max(axis=0) - pos.min(axis=0)).max())
        i, j = _close_pairs(pos, max(NEAR, 1.5 * extent / (cells - 1)))
        if len(i):
            delta = pos[i] - pos[j]
            dist2 = np.maximum(np.einsum("ij,ij->i", delta, delta), 1e-3)
            push = delta * (mass[i] * mass[j] / dist2)[:, None]
            force += _accumulate(i, push, n) - _accumulate(j, push, n)
        pull = pos[dst] - pos[src]
        force += _accumulate(src, pull, n) - _accumulate(dst, pull, n)
        force -= GRAVITY * mass[:, None] * pos
        move = force / mass[:, None]
        length = np.maximum(np.linalg.norm(move, axis=1), 1e-9)
        limit = max(speed * (1 - step / steps) ** 2, 0.05)
        pos += move * (np.minimum(length, limit) / length)[:, None]
    return pos - pos.mean(axis=0)


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


def _components(n: int, src: Sequence[int], dst: Sequence[int]) -> list[list[int]]:
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
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(root(i), []).append(i)
    return sorted(groups.values(), key=lambda g: (-len(g), g[0]))


def _radius(part: Floats) -> float:
    import numpy as np

    return float(np.sqrt(np.einsum("ij,ij->i", part, part).max())) if len(part) else 0.0


def _spiral(radii: list[float], aspect: float) -> list[tuple[float, float]]:
    """Centres for circles of `radii` (largest first): the first in the middle, each next one
    at the first place free of the others on a spiral around it, stretched to `aspect`."""
    placed: list[tuple[float, float, float]] = []
    for radius in radii:
        spot = (0.0, 0.0)
        if placed:
            found: tuple[float, float] | None = None
            r = placed[0][2] * 0.5
            while found is None:
                r += GAP
                turn = max(int(2 * math.pi * r / GAP), 8)
                for k in range(turn):
                    angle = 2 * math.pi * k / turn
                    x, y = math.cos(angle) * r * math.sqrt(aspect), math.sin(angle) * r / math.sqrt(aspect)
                    if all(math.hypot(x - px, y - py) >= radius + pr + GAP for px, py, pr in placed):
                        found = (x, y)
                        break
            spot = found
        placed.append((*spot, radius))
    return [(x, y) for x, y, _ in placed]


def _pack(parts: list[Floats], aspect: float) -> list[tuple[float, float]]:
    """Offsets for parts (point clouds centred on 0, largest first): the parts of more than
    `SMALL` nodes on a spiral (`_spiral`), the small ones in rows of equal cells below them."""
    big = [p for p in parts if len(p) > SMALL]
    offsets = _spiral([_radius(p) for p in big], aspect)
    if big:
        left = min(x - _radius(p) for p, (x, _) in zip(big, offsets, strict=True))
        right = max(x + _radius(p) for p, (x, _) in zip(big, offsets, strict=True))
        top = max(y + _radius(p) for p, (_, y) in zip(big, offsets, strict=True)) + GAP
    else:
        left = right = top = 0.0
    small = parts[len(big) :]
    if small:
        cell = max(2 * max(_radius(p) for p in small) + GAP, SMALL_CELL)
        columns = max(int((right - left) / cell), math.ceil(math.sqrt(len(small) * aspect)), 1)
        width = columns * cell
        start = (left + right) / 2 - width / 2 + cell / 2
        for k in range(len(small)):
            row, column = divmod(k, columns)
            offsets.append((start + column * cell, top + cell / 2 + row * cell))
    return offsets


def force_layout(
    nodes: Sequence[Hashable],
    edges: Sequence[tuple[Hashable, Hashable]],
    *,
    seed: int = 1,
    scale: float = 1.0,
    aspect: float = 1.6,
) -> dict[Hashable, tuple[float, float]]:
    """Positions for `nodes` (in their given order) such that `edges` are short and nodes keep
    apart; the ideal edge length is `scale`, and the drawing fills a `aspect`-wide rectangle."""
    import numpy as np

    n = len(nodes)
    index = {node: i for i, node in enumerate(nodes)}
    pairs = sorted({(min(index[a], index[b]), max(index[a], index[b])) for a, b in edges if a != b})
    groups = _components(n, [a for a, _ in pairs], [b for _, b in pairs])
    where: dict[int, tuple[int, int]] = {}  # node index -> (its component, its index there)
    for g, group in enumerate(groups):
        where.update((i, (g, k)) for k, i in enumerate(group))
    links: list[tuple[list[int], list[int]]] = [([], []) for _ in groups]
    for a, b in pairs:
        g, ka = where[a]
        links[g][0].append(ka)
        links[g][1].append(where[b][1])
    rng = np.random.default_rng(seed)
    parts: list[Floats] = []
    for group, (sources, targets) in zip(groups, links, strict=True):
        src, dst = np.array(sources, dtype=np.intp), np.array(targets, dtype=np.intp)
        part = _star(len(group), src, dst) if len(group) <= SMALL else _spring(len(group), src, dst, rng)
        parts.append(part - (part.max(axis=0) + part.min(axis=0)) / 2)
    pos = np.zeros((n, 2))
    for group, part, (ox, oy) in zip(groups, parts, _pack(parts, aspect), strict=True):
        pos[group] = part + (ox, oy)
    width, height = pos.max(axis=0) - pos.min(axis=0) if n else (0.0, 0.0)
    if height > 0 and width / height < aspect:  # widen a round drawing towards the window's shape
        pos[:, 0] *= min(aspect * height / max(width, 1e-9), MAX_STRETCH)
    pos *= scale
    return {node: (float(x), float(y)) for node, (x, y) in zip(nodes, pos, strict=True)}
