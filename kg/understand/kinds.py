"""What an entry is: a paper, or a blog post, talk, tutorial, software project, benchmark,
challenge, leaderboard, course or dataset. Decided from its structure alone, in this order:

1. a title that says it is a tutorial makes it one (even with an arXiv link);
2. else an arXiv link makes it a paper;
3. else the nearest heading whose last word names a kind (`# Blogs`, `## Challenge`, `# Projects`),
   unless the heading names a benchmark, challenge, leaderboard or dataset and the title names
   another of these four (`VOT2018 Challenge` under `## Benchmarks` is a challenge);
4. else a word of its title (`... tutorial`, `Getting started with ...`, `... Challenge`,
   `... Benchmark`, `... Leaderboard`);
5. else its links, code and mirror links aside, when all of them are of one non-paper kind
   (only blog links: a blog post; only video links: a talk);
6. else, when it has no intro or keywords lines and either only code links, or a title shaped
   like a model name (`DeepLabv2 (ResNet-101)`: at most three words, one like `DeepLabv2`) and
   no paper link: a software project (a code or model release);
7. else a paper.
"""

from __future__ import annotations

import re
from enum import StrEnum

from kg.keys import key_kind
from kg.model import Entry
from kg.urls import arxiv_id


class Kind(StrEnum):
    """The kinds of entries, each with its class in the ontology."""

    PAPER = "paper"
    BLOG_POST = "blog-post"
    TALK = "talk"
    TUTORIAL = "tutorial"
    SOFTWARE = "software"
    BENCHMARK = "benchmark"
    CHALLENGE = "challenge"
    LEADERBOARD = "leaderboard"
    COURSE = "course"
    DATASET = "dataset"

    @property
    def class_name(self) -> str:
        return _CLASS[self]


_CLASS = {
    Kind.PAPER: "Paper",
    Kind.BLOG_POST: "BlogPost",
    Kind.TALK: "Talk",
    Kind.TUTORIAL: "Tutorial",
    Kind.SOFTWARE: "SoftwareProject",
    Kind.BENCHMARK: "Benchmark",
    Kind.CHALLENGE: "Challenge",
    Kind.LEADERBOARD: "Leaderboard",
    Kind.COURSE: "Course",
    Kind.DATASET: "DatasetRelease",
}

_HEADING_WORDS = {
    "blog": Kind.BLOG_POST,
    "blogs": Kind.BLOG_POST,
    "posts": Kind.BLOG_POST,
    "articles": Kind.BLOG_POST,
    "talks": Kind.TALK,
    "talk": Kind.TALK,
    "lectures": Kind.TALK,
    "videos": Kind.TALK,
    "presentations": Kind.TALK,
    "keynotes": Kind.TALK,
    "tutorial": Kind.TUTORIAL,
    "tutorials": Kind.TUTORIAL,
    "projects": Kind.SOFTWARE,
    "tools": Kind.SOFTWARE,
    "toolbox": Kind.SOFTWARE,
    "toolboxes": Kind.SOFTWARE,
    "libraries": Kind.SOFTWARE,
    "library": Kind.SOFTWARE,
    "software": Kind.SOFTWARE,
    "codes": Kind.SOFTWARE,
    "implementations": Kind.SOFTWARE,
    "frameworks": Kind.SOFTWARE,
    "benchmark": Kind.BENCHMARK,
    "benchmarks": Kind.BENCHMARK,
    "challenge": Kind.CHALLENGE,
    "challenges": Kind.CHALLENGE,
    "competition": Kind.CHALLENGE,
    "competitions": Kind.CHALLENGE,
    "leaderboard": Kind.LEADERBOARD,
    "leaderboards": Kind.LEADERBOARD,
    "course": Kind.COURSE,
    "courses": Kind.COURSE,
    "dataset": Kind.DATASET,
    "datasets": Kind.DATASET,
}
_TITLE_WORDS = {
    "tutorial": Kind.TUTORIAL,
    "challenge": Kind.CHALLENGE,
    "benchmark": Kind.BENCHMARK,
    "leaderboard": Kind.LEADERBOARD,
}
_TITLE_PHRASES = (
    (re.compile(r"^(getting started with|how to|an? (?:gentle |brief )?introduction to)\b"), Kind.TUTORIAL),
)
_LINK_KINDS = {"blog": Kind.BLOG_POST, "video": Kind.TALK, "tutorial": Kind.TUTORIAL}
_NEUTRAL_LINKS = frozenset({"other", "code", "mirror"})


def entry_arxiv_id(entry: Entry) -> str | None:
    """The id of the entry's first arXiv link, without version."""
    for link in entry.all_links():
        if link.url:
            ident = arxiv_id(link.url)
            if ident:
                return ident
    return None


def _last_word(text: str) -> str:
    words = re.findall(r"[a-z]+", text.lower())
    return words[-1] if words else ""


def _title_kind(title: str) -> Kind | None:
    words = set(re.findall(r"[a-z]+", title))
    for word, kind in _TITLE_WORDS.items():
        if word in words:
            return kind
    for pattern, kind in _TITLE_PHRASES:
        if pattern.search(title):
            return kind
    return None


_EVALUATION_KINDS = frozenset({Kind.BENCHMARK, Kind.CHALLENGE, Kind.LEADERBOARD, Kind.DATASET})


def classify(entry: Entry) -> Kind:
    """The kind of `entry`, by the rules in this module's docstring."""
    title_kind = _title_kind(entry.title.lower())
    if title_kind is Kind.TUTORIAL:
        return title_kind
    if entry_arxiv_id(entry):
        return Kind.PAPER
    for heading in reversed(entry.sections):
        kind = _HEADING_WORDS.get(_last_word(heading.text))
        if kind:
            if kind in _EVALUATION_KINDS and title_kind in _EVALUATION_KINDS:
                return title_kind
            return kind
    if title_kind is not None:
        return title_kind
    links = entry.all_links()
    link_kinds = {key_kind(link.key) for link in links} - _NEUTRAL_LINKS
    if len(link_kinds) == 1:
        only = next(iter(link_kinds))
        if only in _LINK_KINDS:
            return _LINK_KINDS[only]
    has_text = any(f.key in ("intro", "keywords") for f in entry.fields) or entry.notes
    if links and not has_text and all(key_kind(link.key) == "code" for link in links):
        return Kind.SOFTWARE
    if not has_text and _model_name(entry.title) and not any(key_kind(link.key) == "paper" for link in links):
        return Kind.SOFTWARE
    return Kind.PAPER


def method_shaped(word: str) -> bool:
    """`BoxSup`, `ENet`, `MPF-RNN`, `FCIS`, `DeepLabv2`: a letter first, and a capital right after
    a small letter, a digit or another capital (`Multi-Object` is an ordinary compound)."""
    return bool(re.match(r"^[A-Za-z]", word)) and bool(re.search(r"[a-z0-9][A-Z]|[A-Z]{2}", word))


def _model_name(title: str) -> bool:
    """`DeepLabv2 (ResNet-101)`, `YOLOv3-tiny`: a name, not a sentence-like paper title."""
    words = re.sub(r"\([^)]*\)", " ", title).split()
    return 1 <= len(words) <= 3 and any(method_shaped(w) for w in words)
