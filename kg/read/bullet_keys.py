"""The keys of `- key: value` bullet lines: their canonical names and how misspellings map to them."""

from __future__ import annotations

import re
from functools import lru_cache

from kg.read.links import find_links, starts_with_address
from kg.text import edit_distance

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
    scored = sorted((edit_distance(key, known), known) for known in _KNOWN)
    best, match = scored[0]
    if best <= limit and (len(scored) == 1 or scored[1][0] > best) and len(key) >= 4:
        return ALIASES.get(match, match), True
    return key, False


def key_kind(key: str) -> str:
    """What a canonical key carries: `code`, `paper`, `video`, `blog`, ... or `other`."""
    return KEYS.get(key, "other")


def is_known(key: str) -> bool:
    """True for a canonical key (not an alias or a misspelling)."""
    return key in KEYS


_KEY_VALUE = re.compile(
    r"^(?P<key>[A-Za-z][A-Za-z0-9 +&'._/-]{0,40}?)\s*(?:\((?P<ann>[^()]*)\))?\s*"
    r"(?P<sep>:|：|;)(?!//)\s*(?P<value>.*)$"
)
_KEY_WORDS = re.compile(r"^([A-Za-z][A-Za-z+ ]{0,30}?)(?:\((?P<ann>[^()]*)\))?\s+(?=\S)(.*)$")
KeyValue = tuple[str, str | None, str]  # key as written, annotation, value


def is_key_value(text: str) -> bool:
    """True when `text` is shaped like `key: value` (or `key(annotation): value`)."""
    return bool(_KEY_VALUE.match(text))


def _keyless(body: str) -> tuple[KeyValue | None, list[str]]:
    """`arxiv https://...` or `intro CVPR 2017`: a known key with no separator."""
    words = _KEY_WORDS.match(body)
    if not words:
        return None, []
    candidate, _typo = normalize_key(words.group(1))
    if is_known(candidate) and (find_links(words.group(3)) or candidate in ("intro", "keywords")):
        key_raw = words.group(1).strip()
        return (key_raw, words.group("ann"), words.group(3)), [f"missing ':' after key {key_raw!r}"]
    return None, []


def split_key(body: str) -> tuple[KeyValue | None, list[str]]:
    """(key as written, annotation, value) of a `key: value` line, or None; and the repairs made
    to read it (a `;` or full-width `：` separator, a missing `:`)."""
    if starts_with_address(body):
        return None, []
    m = _KEY_VALUE.match(body)
    if not m:
        return _keyless(body)
    key_raw = m.group("key").strip()
    repairs = [] if m.group("sep") == ":" else [f"separator {m.group('sep')!r} after key {key_raw!r} read as ':'"]
    return (key_raw, m.group("ann"), m.group("value")), repairs
