"""Addresses from the input become IRIs that every strict RDF tool accepts, or stay text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pyoxigraph import NamedNode

from kg.read.links import find_links
from kg.read.urls import arxiv_id, clean_url, forge_repository

# The addresses that at least one strict tool (Oxigraph, Jena, rapper, N3.js) rejects as IRIs,
# and the ones that all accept (see the README's notes on IRIs).
MESSY = [
    "http://example.org/a b",
    "http://example.org/<x>",
    'http://example.org/"q"',
    "http://example.org/{a}",
    "http://example.org/a|b",
    "http://example.org/a\\b",
    "http://example.org/a^b",
    "http://example.org/a`b",
    "http://example.org/a\nb",
    "http://example.org/a\tb",
    "http://example.org/[a]",
    "http://example.org/a#b#c",
    "http://example.org/100%",
    "http://example.org/%zz",
    "http://example.org:port/x",
    "http://example.org:80a/x",
    "/relative/path",
    "relative",
    "javascript:alert(1)",
    "hmttps://github.com//owner/repo",
    "http//example.org/x",
    "https:/example.org/x",
    "www.example.org/path",
    "http://exa mple.org/",
    "http://[::1/x",
    "http://user:pass@example.org/",
    "http://example.org/\u0000nul",
    "http://example.org/\ud800",
]
ACCEPTED_AS_IS = [
    "http://example.org/page#fcn",
    "https://medium.com/@m.zaradzki/image-segmentation-with-neural-net-d5094d571b1e#.s5f711g1q",
    "http://w.github.io/fully-convolutional-networks-(fcns)-for-image-segmentation/",
    "http://example.org/%21",
    "http://example.org/über/语义",
    "http://host.robots.ox.ac.uk:8080/leaderboard/displaylb.php?challengeid=11&compid=6#KEY_Multipath",
]


def is_strict_iri(iri: str) -> bool:
    if any(ch in iri for ch in ' <>"{}|\\^`\n\r\t'):
        return False
    try:
        NamedNode(iri)
    except ValueError:
        return False
    return True


@pytest.mark.parametrize("raw", MESSY)
def test_messy_addresses_become_valid_iris_or_nothing(raw: str):
    """Every messy address is either cleaned into a valid absolute IRI or refused with a reason."""
    cleaned = clean_url(raw)
    if cleaned.iri is None:
        assert cleaned.reason
    else:
        assert is_strict_iri(cleaned.iri)
        assert cleaned.iri.startswith(("http://", "https://", "ftp://"))


@pytest.mark.parametrize("raw", ACCEPTED_AS_IS)
def test_addresses_strict_tools_accept_are_kept_as_written(raw: str):
    """Fragments, `@`, parentheses, `%21` and non-ASCII are kept exactly as written."""
    assert clean_url(raw).iri == raw


@pytest.mark.parametrize(
    ("raw", "iri"),
    [
        ("http://example.org/a b", "http://example.org/a%20b"),
        ("http://example.org/a#b#c", "http://example.org/a#b%23c"),
        ("http://example.org/100%", "http://example.org/100%25"),
        ("http://example.org/{a}|^`", "http://example.org/%7Ba%7D%7C%5E%60"),
        ("hmttps://github.com//owner/repo", "https://github.com/owner/repo"),
        ("www.example.org/path", "https://www.example.org/path"),
        ("HTTP://Example.ORG/Path", "http://example.org/Path"),
    ],
)
def test_cleaning_percent_encodes_and_repairs(raw: str, iri: str):
    """Forbidden characters are percent-encoded, schemes repaired, host lowercased."""
    assert clean_url(raw).iri == iri


@pytest.mark.parametrize("raw", ["javascript:alert(1)", "data:text/html,<script>", "http://example.org:port/x"])
def test_unusable_addresses_are_refused(raw: str):
    """Non-web schemes and non-numeric ports are never turned into IRIs."""
    assert clean_url(raw).iri is None


@given(st.text(max_size=80))
def test_any_text_never_yields_an_invalid_iri(text: str):
    """Whatever text is given as an address, the result is a valid IRI or None."""
    for raw in (text, "http://example.org/" + text, "https://" + text):
        iri = clean_url(raw).iri
        assert iri is None or is_strict_iri(iri)


def test_links_are_found_in_markdown_autolinks_and_bare_text():
    """Markdown links (with parentheses inside), `<autolinks>` and bare addresses are found in order;
    images are not links."""
    text = "see [a](http://x.org/y-(z)-w/) then <https://q.org/s> ![](http://img.org/i.png) and http://b.org/c."
    assert [(f.text, f.target) for f in find_links(text)] == [
        ("a", "http://x.org/y-(z)-w/"),
        (None, "https://q.org/s"),
        (None, "http://b.org/c"),
    ]


@pytest.mark.parametrize(
    ("iri", "ident"),
    [
        ("http://arxiv.org/abs/1411.4038", "1411.4038"),
        ("https://arxiv.org/abs/1411.4038v2", "1411.4038"),
        ("https://arxiv.org/pdf/1703.00551v3.pdf", "1703.00551"),
        ("https://www.arxiv.org/abs/1703.00551", "1703.00551"),
        ("https://arxiv.org/abs/cs/0601001v1", "cs/0601001"),
        ("https://arxiv.org/abs/math.GT/0309136", "math.GT/0309136"),
        ("https://arxiv.org/list/cs.CV/recent", None),
        ("https://example.org/abs/1411.4038", None),
    ],
)
def test_arxiv_ids_lose_their_version(iri: str, ident: str | None):
    """arXiv abs and pdf links give the id without version; other addresses give none."""
    assert arxiv_id(iri) == ident


@pytest.mark.parametrize(
    ("iri", "repo"),
    [
        ("https://github.com/BVLC/caffe/wiki/Model-Zoo#fcn", ("github.com", "BVLC", "caffe")),
        ("https://github.com/owner/name.git", ("github.com", "owner", "name")),
        ("https://gitlab.com/group/project/-/tree/main", ("gitlab.com", "group", "project")),
        ("https://bitbucket.org/deeplab/deeplab-public/", ("bitbucket.org", "deeplab", "deeplab-public")),
        ("https://github.com/owner", None),
        ("https://github.com/topics/segmentation", None),
        ("https://owner.github.io/name", None),
    ],
)
def test_forge_repositories_are_owner_and_name(iri: str, repo):
    """A GitHub, GitLab or Bitbucket address gives its repository; other addresses none."""
    assert forge_repository(iri) == repo
