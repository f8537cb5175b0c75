"""Stable names for resources: the same entity gets the same IRI on every build and in every list."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import quote, unquote

_MAX_SLUG = 80


def fold(text: str) -> str:
    """`text` without accents, case-folded, its white space collapsed."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", plain.casefold()).strip()


def slug(text: str) -> str:
    """An IRI-safe key for `text`: lowercase ASCII words joined by hyphens; long or non-Latin
    texts get a short hash so that different texts keep different keys."""
    folded = fold(text)
    words = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")
    digest = hashlib.sha1(folded.encode("utf-8")).hexdigest()[:8]
    if not words:
        return f"x-{digest}"
    if len(words) > _MAX_SLUG or not folded.isascii():
        return f"{words[:_MAX_SLUG].rstrip('-')}-{digest}"
    return words


def title_key(title: str) -> str:
    """The key of an entry with no arXiv id: its normalized title."""
    return slug(title)


def digest(*parts: str) -> str:
    """A short stable hash of `parts`."""
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:12]


def path_segment(text: str) -> str:
    """`text` percent-encoded for use as one IRI path segment (owner and repository names);
    escapes already in `text` are decoded first, so nothing is encoded twice."""
    return quote(unquote(text), safe="-._~")
