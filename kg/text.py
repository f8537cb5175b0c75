"""Plain-text helpers every stage shares: one way to fold a name, one key for comparing names,
one slug for IRIs, one edit distance. Nothing here knows markdown, spaCy or RDF."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import quote, unquote

_MAX_SLUG = 80
_SPACES = re.compile(r"\s+")
_NOT_KEY = re.compile(r"[^0-9a-z+]+")


def fold(text: str) -> str:
    """`text` without accents, case-folded, its white space collapsed: the one form in which
    paperkg compares names (`Université  de Montréal` and `universite de montreal` fold alike)."""
    if text.isascii():  # nothing to decompose (the common case, and a quick one)
        plain = text
    else:
        decomposed = unicodedata.normalize("NFKD", text)
        plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", plain.casefold()).strip()


def name_key(name: str) -> str:
    """`fold(name)` reduced to letters, digits and `+` (`&` read as `and`): the key under which
    two spellings of one name meet (`U-Net`, `UNet` and `u net` share `unet`)."""
    return _NOT_KEY.sub("", fold(name).replace("&", "and"))


def slug(text: str) -> str:
    """An IRI-safe key for `text`: lowercase ASCII words joined by hyphens; long or non-Latin
    texts get a short hash so that different texts keep different keys."""
    folded = fold(text)
    words = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")
    hashed = hashlib.sha1(folded.encode("utf-8")).hexdigest()[:8]
    if not words:
        return f"x-{hashed}"
    if len(words) > _MAX_SLUG or not folded.isascii():
        return f"{words[:_MAX_SLUG].rstrip('-')}-{hashed}"
    return words


def digest(*parts: str) -> str:
    """A short stable hash of `parts`."""
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:12]


def path_segment(text: str) -> str:
    """`text` percent-encoded for use as one IRI path segment (owner and repository names);
    escapes already in `text` are decoded first, so nothing is encoded twice."""
    return quote(unquote(text), safe="-._~")


def edit_distance(a: str, b: str) -> int:
    """Insertions, deletions, substitutions and swaps of two neighbours needed to turn `a` into
    `b` (optimal string alignment, computed by rapidfuzz)."""
    from rapidfuzz.distance import OSA

    return int(OSA.distance(a, b))
