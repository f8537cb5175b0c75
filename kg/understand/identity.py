"""Which resource each thing is: the key (the path of its IRI below the resource namespace) of an
entry, a listing, a code repository, a link, a topic and a list.

The rule (see the README): a key depends only on the thing itself, never on the paths given to
the build, the order of the lists or the other lists in the build.
- A paper with an arXiv id is `paper/arxiv/<id>`.
- Any other entry is `entry/<normalized title>-<h>`, where `<h>` hashes the strongest other
  evidence the entry carries: its first code repository (`owner/name`, compared as the forge
  does), else its first paper link, else its first link. Two listings of one paper (same title,
  same repository) meet, even where one listing reads as a paper and the other as a software
  project; entries that share a generic title but not their links do not.
- An entry with nothing but a title is its own resource: `<h>` hashes its list's file name and
  how many entries of that title came before it in the list.
- A list is `source/<its file name, normalized>`; a listing (one appearance of an entry in a list)
  is `<entry key>/listing/<list file name, normalized>`, then `-2`, `-3` for further appearances
  of the same entry in the same list.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from kg.read.bullet_keys import key_kind
from kg.read.records import Document, Entry, Link
from kg.read.urls import arxiv_id, forge_repository, on_forge
from kg.text import digest, path_segment, slug
from kg.understand.records import EntryKind, Repository, Topic

_NON_CODE_KINDS = frozenset({"paper", "slides", "project", "data", "person", "video", "blog", "image"})


def title_key(title: str) -> str:
    """The normalized title of an entry, as its key begins."""
    return slug(title)


def file_name(source: str) -> str:
    """The file name of a list (its source name without folders)."""
    return source.rsplit("/", 1)[-1]


def source_key(name: str) -> str:
    """The key of a list's node, from its file name (or, for two lists of one file name in one
    build, the name it is known by)."""
    return f"source/{slug(name)}"


def code_repository(link: Link) -> Repository | None:
    """The repository a link is code in: a link into a repository on GitHub, GitLab or Bitbucket
    (one per `owner/name`, whatever the path below it, compared case-insensitively as the forges
    do) unless its key says it is a paper, slides, a project page, data, a person, a video, a blog
    or an image; or any other address under a code key, but for a user's or an organisation's
    page on a forge (`https://github.com/owner`), which stays a link."""
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
    if kind == "code" and not on_forge(link.url):  # a forge's user or organisation page is no repository
        return Repository(f"repo/url/{digest(link.url)}", link.url, link.url)
    return None


def _address(url: str) -> str:
    """An address as evidence: scheme, `www.`, case of the host and a trailing `/` ignored; an
    arXiv address by its id."""
    ident = arxiv_id(url)
    if ident:
        return f"arxiv:{ident}"
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    path = parts.path.rstrip("/")
    return f"url:{host}{path}" + (f"?{parts.query}" if parts.query else "")


def evidence(entry: Entry) -> str | None:
    """The strongest evidence of identity an entry carries besides its title: its first code
    repository, else its first paper link, else its first link; None when it has no link."""
    links = [link for link in entry.all_links() if link.url and link.key != "image"]
    for link in links:
        repo = code_repository(link)
        if repo is not None:
            return repo.key
    papers = [link for link in links if key_kind(link.key) == "paper"]
    for link in papers or links:
        assert link.url is not None
        return _address(link.url)
    return None


def entry_key(entry: Entry, kind: EntryKind, arxiv: str | None, occurrence: int) -> str:
    """The key of an entry's resource. `occurrence` counts the entries of the same title before
    it in its list (used only when the entry has no link to tell it apart)."""
    if kind is EntryKind.PAPER and arxiv:
        return f"paper/arxiv/{arxiv}"
    found = evidence(entry)
    if found is None:
        found = f"only-title:{file_name(entry.source)}:{occurrence}"
    return f"entry/{title_key(entry.title)}-{digest(found)[:8]}"


def listing_key(entry_key: str, list_name: str, repeat: int) -> str:
    """The key of one appearance of an entry in a list (`repeat` is 1 for its first appearance
    there, 2 for the second...)."""
    base = f"{entry_key}/listing/{slug(file_name(list_name))}"
    return base if repeat == 1 else f"{base}-{repeat}"


def topic(text: str) -> Topic:
    """A heading's topic."""
    return Topic(f"topic/{slug(text)}", text)


def link_key(entry_key: str, link: Link) -> str:
    """The key of the node of a link of an entry (below the entry's own key)."""
    return f"{entry_key}/link/{digest(link.key, link.url or link.raw)}"


def list_names(documents: list[Document] | tuple[Document, ...]) -> list[str]:
    """The name each list's key is made from: its file name, unless another list of the build
    has the same file name (then the name it is known by, folders included)."""
    counts: dict[str, int] = {}
    for doc in documents:
        counts[slug(file_name(doc.source))] = counts.get(slug(file_name(doc.source)), 0) + 1
    return [file_name(doc.source) if counts[slug(file_name(doc.source))] == 1 else doc.source for doc in documents]
