"""The keys of `- key: value` bullet lines: their canonical names and how misspellings map to them."""

from __future__ import annotations

import re
from functools import lru_cache

# Canonical key -> what kind of link or text it carries.
KEYS: dict[str, str] = {
    "intro": "text",
    "keywords": "text",
    "author": "text",
    "authors": "text",
    "note": "text",
    "arxiv": "paper",
    "paper": "paper",
    "pdf": "paper",
    "github": "code",
    "gitlab": "code",
    "bitbucket": "code",
    "code": "code",
    "source code": "code",
    "implementation": "code",
    "repository": "code",
    "code+data": "code",
    "project page": "project",
    "project": "project",
    "homepage": "project",
    "website": "project",
    "slides": "slides",
    "poster": "slides",
    "video": "video",
    "youtube": "video",
    "talk": "video",
    "demo": "demo",
    "blog": "blog",
    "notes": "notes",
    "dataset": "data",
    "data": "data",
    "supplementary": "paper",
    "author page": "person",
    "mirror": "mirror",
    "model": "model",
    "models": "model",
    "pretrained models": "model",
    "caffe model zoo": "code",
    "tutorial": "tutorial",
    "leaderboard": "benchmark",
    "challenge": "benchmark",
    "benchmark": "benchmark",
    "gitxiv": "paper",
    "paperswithcode": "paper",
    "openreview": "paper",
    "ipn": "code",
    "notebook": "code",
    "docs": "project",
    "review": "notes",
    "date": "text",
    "year": "text",
    "venue": "text",
    "conference": "text",
    "journal": "text",
    "affiliation": "text",
    "tags": "text",
    "award": "text",
}
ALIASES: dict[str, str] = {
    "keyword": "keywords",
    "key words": "keywords",
    "introduction": "intro",
    "abstract": "intro",
    "summary": "intro",
    "arxiv paper": "arxiv",
    "paper link": "paper",
    "codes": "code",
    "source": "code",
    "repo": "repository",
    "code and data": "code+data",
    "project website": "project page",
    "project site": "project page",
    "project webpage": "project page",
    "home page": "homepage",
    "home": "homepage",
    "web": "website",
    "page": "website",
    "slide": "slides",
    "presentation": "slides",
    "videos": "video",
    "blog post": "blog",
    "post": "blog",
    "note": "note",
    "authors page": "author page",
    "pretrained model": "pretrained models",
    "pre trained models": "pretrained models",
    "supp": "supplementary",
    "supplemental": "supplementary",
    "supplementary material": "supplementary",
    "paper pdf": "pdf",
    "ipython notebook": "notebook",
    "jupyter": "notebook",
}
_KNOWN = sorted(set(KEYS) | set(ALIASES))


def _damerau(a: str, b: str) -> int:
    """Optimal string alignment distance: insertions, deletions, substitutions, transpositions."""
    d = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        d[i][0] = i
    for j in range(len(b) + 1):
        d[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[len(a)][len(b)]


def _shape(raw: str) -> str:
    key = raw.strip().lower().replace("_", " ").replace("-", " ")
    key = re.sub(r"\.(?:org|com|net|io)$", "", key)  # `arxiv.org:` is the arxiv key
    return re.sub(r"\s+", " ", key).strip()


@lru_cache(maxsize=4096)
def normalize_key(raw: str) -> tuple[str, bool]:
    """The canonical key for `raw` and whether it was a misspelling that had to be guessed.

    Unknown keys that resemble no known key are kept (lowercased), so no data is lost.
    """
    key = _shape(raw)
    if key in KEYS:
        return key, False
    if key in ALIASES:
        return ALIASES[key], False
    if key.endswith("s") and key[:-1] in KEYS:
        return key[:-1], False
    # A misspelling: the nearest known key, if it is near enough and the only one that near.
    limit = 1 if len(key) <= 5 else 2
    scored = sorted((_damerau(key, known), known) for known in _KNOWN)
    best, match = scored[0]
    if best <= limit and (len(scored) == 1 or scored[1][0] > best) and len(key) >= 4:
        return ALIASES.get(match, match), True
    return key, False


def key_kind(key: str) -> str:
    """What a canonical key carries: `code`, `paper`, `video`, `blog`, ... or `other`."""
    return KEYS.get(key, "other")


def is_known(key: str) -> bool:
    return key in KEYS
