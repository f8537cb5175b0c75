"""What an entry is: a paper, or a blog post, talk, tutorial, software project, benchmark,
challenge, leaderboard, course or dataset. Decided from its structure alone, in this order:

1. an arXiv link makes it a paper;
2. else the nearest heading whose last word names a kind (`# Blogs`, `## Challenge`, `# Projects`);
3. else a word of its title (`... tutorial`, `... Challenge`, `... Benchmark`, `... Leaderboard`);
4. else its links, when all of them are of one non-paper kind (only blog links: a blog post;
   only video links: a talk);
5. else a paper.
"""

from __future__ import annotations

import re
from enum import Enum

from kg.keys import key_kind
from kg.model import Entry
from kg.urls import arxiv_id


class Kind(str, Enum):
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
    "blog": Kind.BLOG_POST, "blogs": Kind.BLOG_POST, "posts": Kind.BLOG_POST, "articles": Kind.BLOG_POST,
    "talks": Kind.TALK, "talk": Kind.TALK, "lectures": Kind.TALK, "videos": Kind.TALK,
    "presentations": Kind.TALK, "keynotes": Kind.TALK,
    "tutorial": Kind.TUTORIAL, "tutorials": Kind.TUTORIAL,
    "projects": Kind.SOFTWARE, "tools": Kind.SOFTWARE, "toolbox": Kind.SOFTWARE,
    "toolboxes": Kind.SOFTWARE, "libraries": Kind.SOFTWARE, "library": Kind.SOFTWARE,
    "software": Kind.SOFTWARE, "codes": Kind.SOFTWARE, "implementations": Kind.SOFTWARE,
    "frameworks": Kind.SOFTWARE,
    "benchmark": Kind.BENCHMARK, "benchmarks": Kind.BENCHMARK,
    "challenge": Kind.CHALLENGE, "challenges": Kind.CHALLENGE, "competition": Kind.CHALLENGE,
    "competitions": Kind.CHALLENGE,
    "leaderboard": Kind.LEADERBOARD, "leaderboards": Kind.LEADERBOARD,
    "course": Kind.COURSE, "courses": Kind.COURSE,
    "dataset": Kind.DATASET, "datasets": Kind.DATASET,
}
_TITLE_WORDS = {
    "tutorial": Kind.TUTORIAL,
    "challenge": Kind.CHALLENGE,
    "benchmark": Kind.BENCHMARK,
    "leaderboard": Kind.LEADERBOARD,
}
_LINK_KINDS = {"blog": Kind.BLOG_POST, "video": Kind.TALK, "tutorial": Kind.TUTORIAL}


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


def classify(entry: Entry) -> Kind:
    """The kind of `entry`, by the rules in this module's docstring."""
    if entry_arxiv_id(entry):
        return Kind.PAPER
    for heading in reversed(entry.sections):
        kind = _HEADING_WORDS.get(_last_word(heading.text))
        if kind:
            return kind
    words = set(re.findall(r"[a-z]+", entry.title.lower()))
    for word, kind in _TITLE_WORDS.items():
        if word in words:
            return kind
    link_kinds = {key_kind(link.key) for link in entry.all_links()} - {"other"}
    if len(link_kinds) == 1:
        only = next(iter(link_kinds))
        if only in _LINK_KINDS:
            return _LINK_KINDS[only]
    return Kind.PAPER
