"""Components of a drawing packed together: circles placed on rings around the largest one,
each at the first free place, so that small components fill the gaps between large ones.

A placed circle is found near a ring by its distance from the centre and its angle (with the
ring's stretch undone), so a place is tested against its neighbours only, never against every
circle placed before it: packing thousands of single-node components costs about as much per
component at every size.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Floats = npt.NDArray[np.float64]

GAP = 1.5  # space between packed components, in ideal edge lengths
CHUNK = 64  # positions of a ring tested at once when packing resumes on it


def _covered(
    k: int, at: int, cx: Floats, cy: Floats, r: float, placed: tuple[Floats, ...], warp: float
) -> npt.NDArray[np.bool_]:
    """Which of the positions (`cx`, `cy`), numbers `at`, `at` + 1, ... of the `turn` on the ring
    of radius `r`, some placed circle leaves no room at for circle `k` (the first `k` of
    `placed`: centres, radii, and the polar coordinates of the centres with the ring's stretch
    undone, and the ring's number of positions last). Only circles near the positions in
    distance and angle are tested, with the test a test against all of them would make (the
    bounds are safe by a margin), so the cost follows the positions and their neighbours."""
    import numpy as np

    rk, turn = placed[2][k], len(placed[-1])
    xs, ys, rs, rho, phi = (a[:k] for a in placed[:-1])
    blocked = np.zeros(len(cx), dtype=bool)
    # A circle touches a position only within `reach` of it with the stretch undone: dist_uv ≤ warp · dist,
    reach = warp * (rk + rs + GAP) * (1 + 1e-6) + 1e-9
    near = np.flatnonzero(np.abs(rho - r) < reach)
    # ... and so only within an angle of it: dist_uv ≥ 2 sqrt(r rho) sin(|angle between| / 2).
    sine = reach[near] / np.maximum(2 * np.sqrt(r * rho[near]), 1e-300)
    half = np.where(sine < 1, 2 * np.arcsin(np.minimum(sine, 1.0)), math.pi)
    step = 2 * math.pi / turn
    span = np.ceil(half / step).astype(np.intp) + 1
    count = np.minimum(2 * span + 1, turn)  # each circle's window of positions, from `first`
    first = np.where(count < turn, np.rint(phi[near] / step).astype(np.intp) - span, 0)
    offset = (first - at) % turn  # the window from the first position asked, wrapping round the ring
    pieces = [
        (near, offset, np.minimum(offset + count, len(cx))),
        (near, np.zeros_like(offset), np.minimum(offset + count - turn, len(cx))),
    ]
    i_parts, j_parts = [], []
    for j, lo, hi in pieces:
        width = np.maximum(hi - lo, 0)
        total = int(width.sum())
        i_parts.append(np.repeat(lo - (np.cumsum(width) - width), width) + np.arange(total))
        j_parts.append(np.repeat(j, width))
    i, j = np.concatenate(i_parts), np.concatenate(j_parts)
    clear = np.hypot(cx[i] - xs[j], cy[i] - ys[j]) >= rk + rs[j] + GAP
    blocked[i[~clear]] = True
    return blocked


def _first_free(k: int, r: float, at: int, placed: tuple[Floats, ...], stretch: float) -> int | None:
    """The first position, from number `at`, on the ring of radius `r` with room for circle `k`:
    the whole ring tested at once from its start, else (resuming a ring) `CHUNK` at a time."""
    import numpy as np

    turn, warp = len(placed[-1]), max(stretch, 1 / stretch)
    chunk = turn if at == 0 else CHUNK
    while at < turn:
        number = np.arange(turn)[at : at + chunk]
        angle = 2 * math.pi * number / turn
        cx, cy = np.cos(angle) * r * stretch, np.sin(angle) * r / stretch
        free = np.flatnonzero(~_covered(k, at, cx, cy, r, placed, warp))
        if len(free):
            return at + int(free[0])
        at += len(number)
    return None


def pack(radii: Sequence[float], aspect: float) -> list[tuple[float, float]]:
    """Centres for circles of `radii` (largest first): the first in the middle, each next one at
    the first free place on rings around it, ring by ring outwards (stretched to `aspect`), so
    small components fill the gaps between large ones. A ring is tested against the placed
    circles near it (`_covered`); circles of one size resume on a ring where the last one was
    placed (the places before it stay taken)."""
    import numpy as np

    n = len(radii)
    xs, ys, rs = np.zeros(n), np.zeros(n), np.asarray(radii, dtype=np.float64)
    rho, phi = np.zeros(n), np.zeros(n)
    stretch = math.sqrt(aspect)
    ring, resume = 0.0, (0.0, 0)
    for k in range(1, n):
        if rs[k] != rs[k - 1]:  # rings inside the last one used are full for circles this large
            ring, resume = (rs[0] + rs[k] + GAP) / stretch - GAP / 2, (0.0, 0)
        r, found = ring, None
        while found is None:
            r += GAP / 2
            turn = max(int(2 * math.pi * r / max(GAP / 2, rs[k] / 2)), 8)
            found = _first_free(
                k, r, resume[1] if resume[0] == r else 0, (xs, ys, rs, rho, phi, np.empty(turn)), stretch
            )
        angle = 2 * math.pi * np.arange(turn)[found : found + 1] / turn
        xs[k], ys[k] = float((np.cos(angle) * r * stretch)[0]), float((np.sin(angle) * r / stretch)[0])
        rho[k], phi[k] = math.hypot(xs[k] / stretch, ys[k] * stretch), math.atan2(ys[k] * stretch, xs[k] / stretch)
        ring, resume = r - GAP / 2, (r, found + 1)
    return list(zip(xs.tolist(), ys.tolist(), strict=True))
