"""How much of any one text the graph takes: longer texts are cut, and the cut is reported.

Strict tools and stores choke on huge literals (pyoxigraph's parser refuses a token over 16 MiB),
and no title, heading, intro or address of a paper list is legitimately this long.
"""

from __future__ import annotations

MAX_TITLE = 2_000  # characters of a title or heading
MAX_TEXT = 20_000  # characters of a field's value, a note or a front matter value
MAX_ADDRESS = 8_192  # characters of a web address made an IRI (a longer one stays text, cut)
MAX_FRONT_MATTER = 65_536  # characters of YAML front matter read at all


def cut(text: str, limit: int) -> tuple[str, bool]:
    """`text` cut to `limit` characters (at a space when there is one near the end, with `…`),
    and whether it was cut."""
    if len(text) <= limit:
        return text, False
    head = text[: limit - 1]
    space = head.rfind(" ", limit - 200)
    return (head[:space] if space > 0 else head).rstrip() + "\u2026", True
