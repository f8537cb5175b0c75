"""What an entry is: a paper, or a blog post, talk, tutorial, software project, benchmark,
challenge, leaderboard, course or dataset. Decided from its structure alone, in this order:

1. a title that says it is a tutorial makes it one (even with an arXiv link);
2. else an arXiv link makes it a paper;
3. else the nearest structural heading (`kg.understand.headings`: its words name kinds of entries
   and nothing else) whose last word names a kind (`# Blogs`, `## Challenges`, `# Talks / Videos`;
   not `## Imbalanced Datasets`, a topic), unless the heading names a benchmark, challenge,
   leaderboard or dataset and the title names another of these four (`VOT2018 Challenge` under
   `## Benchmarks` is a challenge);
4. else a word of its title (`... tutorial`, `Getting started with ...`, `... Challenge`,
   `... Benchmark`, `... Leaderboard`);
5. else its links, code and mirror links aside, when all of them are of one non-paper kind
   (only blog links: a blog post; only video links: a talk); a link with no telling key is a
   blog link when its address is on a blogging platform (`*.wordpress.com`, `*.blogspot.com`,
   `medium.com`, ...) or under a `/blog/` path;
6. else, when it has no intro or keywords lines and either only code links, or a title shaped
   like a model name (`DeepLabv2 (ResNet-101)`: at most three words, one like `DeepLabv2`) and
   no paper link: a software project (a code or model release);
7. else a paper.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit

from kg.read.bullet_keys import key_kind
from kg.read.records import Entry, Link
from kg.read.urls import arxiv_id
from kg.understand.headings import structural
from kg.understand.records import EntryKind

_HEADING_WORDS = {
    "blog": EntryKind.BLOG_POST,
    "blogs": EntryKind.BLOG_POST,
    "posts": EntryKind.BLOG_POST,
    "articles": EntryKind.BLOG_POST,
    "talks": EntryKind.TALK,
    "talk": EntryKind.TALK,
    "lectures": EntryKind.TALK,
    "videos": EntryKind.TALK,
    "presentations": EntryKind.TALK,
    "keynotes": EntryKind.TALK,
    "tutorial": EntryKind.TUTORIAL,
    "tutorials": EntryKind.TUTORIAL,
    "projects": EntryKind.SOFTWARE,
    "tools": EntryKind.SOFTWARE,
    "toolbox": EntryKind.SOFTWARE,
    "toolboxes": EntryKind.SOFTWARE,
    "libraries": EntryKind.SOFTWARE,
    "library": EntryKind.SOFTWARE,
    "software": EntryKind.SOFTWARE,
    "codes": EntryKind.SOFTWARE,
    "implementations": EntryKind.SOFTWARE,
    "frameworks": EntryKind.SOFTWARE,
    "benchmark": EntryKind.BENCHMARK,
    "benchmarks": EntryKind.BENCHMARK,
    "challenge": EntryKind.CHALLENGE,
    "challenges": EntryKind.CHALLENGE,
    "competition": EntryKind.CHALLENGE,
    "competitions": EntryKind.CHALLENGE,
    "leaderboard": EntryKind.LEADERBOARD,
    "leaderboards": EntryKind.LEADERBOARD,
    "course": EntryKind.COURSE,
    "courses": EntryKind.COURSE,
    "dataset": EntryKind.DATASET,
    "datasets": EntryKind.DATASET,
}
_TITLE_WORDS = {
    "tutorial": EntryKind.TUTORIAL,
    "challenge": EntryKind.CHALLENGE,
    "benchmark": EntryKind.BENCHMARK,
    "leaderboard": EntryKind.LEADERBOARD,
}
_TITLE_PHRASES = (
    (re.compile(r"^(getting started with|how to|an? (?:gentle |brief )?introduction to)\b"), EntryKind.TUTORIAL),
)
_LINK_KINDS = {"blog": EntryKind.BLOG_POST, "video": EntryKind.TALK, "tutorial": EntryKind.TUTORIAL}
_BLOG_HOSTS = re.compile(
    r"^(?:[\w-]+\.)*(?:wordpress\.com|blogspot\.(?:com|[a-z]{2})|medium\.com|substack\.com|tumblr\.com|"
    r"ghost\.io|hashnode\.dev|hatenablog\.com|blog\.csdn\.net|cnblogs\.com|jianshu\.com|zhuanlan\.zhihu\.com)$"
)
_BLOG_PATH = re.compile(r"/blogs?/", re.I)
_NEUTRAL_LINKS = frozenset({"other", "code", "mirror"})


def entry_arxiv_id(entry: Entry) -> str | None:
    """The id of the entry's first arXiv link, without version. A link inside the prose of an
    intro, keywords or note line (`based on [arXiv url]`) points to another paper, not to the
    entry's own, and is not taken."""
    for link in entry.all_links():
        if link.url and key_kind(link.key) != "text":
            ident = arxiv_id(link.url)
            if ident:
                return ident
    return None


def _last_word(text: str) -> str:
    words = re.findall(r"[a-z]+", text.lower())
    return words[-1] if words else ""


def _title_kind(title: str) -> EntryKind | None:
    words = set(re.findall(r"[a-z]+", title))
    for word, kind in _TITLE_WORDS.items():
        if word in words:
            return kind
    for pattern, kind in _TITLE_PHRASES:
        if pattern.search(title):
            return kind
    return None


_EVALUATION_KINDS = frozenset({EntryKind.BENCHMARK, EntryKind.CHALLENGE, EntryKind.LEADERBOARD, EntryKind.DATASET})


@lru_cache(maxsize=8192)
def classify(entry: Entry) -> EntryKind:
    """The kind of `entry`, by the rules in this module's docstring."""
    title_kind = _title_kind(entry.title.lower())
    if title_kind is EntryKind.TUTORIAL:
        return title_kind
    if entry_arxiv_id(entry):
        return EntryKind.PAPER
    for heading in reversed(entry.sections):
        kind = _HEADING_WORDS.get(_last_word(heading.text)) if structural(heading.text) else None
        if kind:
            if kind in _EVALUATION_KINDS and title_kind in _EVALUATION_KINDS:
                return title_kind
            return kind
    if title_kind is not None:
        return title_kind
    links = entry.all_links()
    link_kinds = {_link_kind(link) for link in links} - _NEUTRAL_LINKS
    if len(link_kinds) == 1:
        only = next(iter(link_kinds))
        if only in _LINK_KINDS:
            return _LINK_KINDS[only]
    has_text = any(f.key in ("intro", "keywords") for f in entry.fields) or entry.notes
    if links and not has_text and all(key_kind(link.key) == "code" for link in links):
        return EntryKind.SOFTWARE
    if not has_text and _model_name(entry.title) and not any(key_kind(link.key) == "paper" for link in links):
        return EntryKind.SOFTWARE
    return EntryKind.PAPER


def _link_kind(link: Link) -> str:
    """What a link carries by its key, or, for a key that tells nothing, by a blog's address."""
    kind = key_kind(link.key)
    if kind == "other" and link.url:
        parts = urlsplit(link.url)
        if _BLOG_HOSTS.match((parts.hostname or "").lower()) or _BLOG_PATH.search(parts.path):
            return "blog"
    return kind


def method_shaped(word: str) -> bool:
    """`BoxSup`, `ENet`, `MPF-RNN`, `FCIS`, `DeepLabv2`: a letter first, and a capital right after
    a small letter, a digit or another capital (`Multi-Object` is an ordinary compound)."""
    return bool(re.match(r"^[A-Za-z]", word)) and bool(re.search(r"[a-z0-9][A-Z]|[A-Z]{2}", word))


def _model_name(title: str) -> bool:
    """`DeepLabv2 (ResNet-101)`, `YOLOv3-tiny`: a name, not a sentence-like paper title."""
    words = re.sub(r"\([^)]*\)", " ", title).split()
    return 1 <= len(words) <= 3 and any(method_shaped(w) for w in words)
