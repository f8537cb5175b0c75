"""Which resource each thing is: the key (the path of its IRI below the resource namespace) of an
entry, a code repository, a link, a topic and a list. The same thing gets the same key on every
build; the graph stage only puts the namespace in front.

Entries (see the README): a paper with an arXiv id is `paper/arxiv/<id>`; a paper without one
is `paper/<normalized title>`, or the arXiv key of a paper that another listing in the build
gives the same title and an arXiv id; other entries are `<kind>/<normalized title>`.
"""

from __future__ import annotations

from kg.read.bullet_keys import key_kind
from kg.read.records import Document, Entry, Link
from kg.read.urls import forge_repository
from kg.text import digest, path_segment, slug
from kg.understand.records import EntryKind, Repository, Topic

_NON_CODE_KINDS = frozenset({"paper", "slides", "project", "data", "person", "video", "blog"})


def title_key(title: str) -> str:
    """The key of an entry with no arXiv id: its normalized title."""
    return slug(title)


def entry_key(entry: Entry, kind: EntryKind, arxiv: str | None, known_titles: dict[str, str]) -> str:
    """The key of an entry's resource; `known_titles` maps the title keys of the build's papers
    that have an arXiv id to that id."""
    if kind is EntryKind.PAPER:
        if arxiv is None:
            arxiv = next((known_titles[k] for k in map(title_key, entry.titles) if k in known_titles), None)
        if arxiv:
            return f"paper/arxiv/{arxiv}"
        return f"paper/{title_key(entry.title)}"
    return f"{kind.value}/{title_key(entry.title)}"


def source_key(document: Document) -> str:
    """The key of a list's node."""
    return f"source/{slug(document.source)}"


def topic(text: str) -> Topic:
    """A heading's topic."""
    return Topic(f"topic/{slug(text)}", text)


def link_key(entry_key: str, link: Link) -> str:
    """The key of the node of a link of an entry (below the entry's own key)."""
    return f"{entry_key}/link/{digest(link.key, link.url or link.raw)}"


def code_repository(link: Link) -> Repository | None:
    """The repository a link is code in: a link into a repository on GitHub, GitLab or Bitbucket
    (one per `owner/name`, whatever the path below it) unless its key says it is a paper, slides,
    a project page, data, a person, a video or a blog; or any other address under a code key."""
    if link.url is None:
        return None
    kind = key_kind(link.key)
    forge = forge_repository(link.url)
    if forge and kind not in _NON_CODE_KINDS:
        host, owner, name = forge
        return Repository(
            f"repo/{host}/{path_segment(owner.lower())}/{path_segment(name.lower())}",
            f"{owner}/{name}",
            f"https://{host}/{owner}/{name}",
        )
    if kind == "code":
        return Repository(f"repo/url/{digest(link.url)}", link.url, link.url)
    return None
