"""Outside identifiers: the IRIs under which other graphs (dblp, Papers with Code, Wikidata,
OpenAlex) know what a paperkg graph describes, linked with `schema:sameAs`.

`schema:sameAs` ("a reference web page that unambiguously indicates the item's identity") rather
than `owl:sameAs`: a store that reasons with `owl:sameAs` would merge the paper with the arXiv
page, and every fact of each with the other; `schema:sameAs` gives the join key and asserts no
identity.
"""

from __future__ import annotations

from pyoxigraph import NamedNode

from kg.graph.terms import is_valid_iri
from kg.read.urls import forge_repository


def arxiv_iri(arxiv_id: str) -> NamedNode:
    """The outside identifier of an arXiv paper: its abstract page, `https://arxiv.org/abs/ID`."""
    return NamedNode(f"https://arxiv.org/abs/{arxiv_id}")


def forge_iri(url: str) -> NamedNode | None:
    """The outside identifier of a repository on GitHub, GitLab or Bitbucket,
    `https://HOST/owner/name` with the case the list writes; None for other code addresses."""
    forge = forge_repository(url)
    if forge is None:
        return None
    host, owner, name = forge
    iri = f"https://{host}/{owner}/{name}"
    return NamedNode(iri) if is_valid_iri(iri) else None
