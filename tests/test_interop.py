"""The built graph files load into independent strict RDF tools, and each tool counts exactly
the triples paperkg reports: Oxigraph (CLI load, then the server over HTTP), Apache Jena RIOT,
Raptor `rapper` and N3.js. Any warning counts as a failure.

Two graphs are checked: the bundled list, and a nasty list written here whose addresses and
titles hold everything strict tools refuse in IRIs and literals. The tools are installed by
`.ci/install-tools.sh`; without one, its tests skip on a developer's machine and fail in CI.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import require_tool
from rdf_tools import (
    OxigraphServer,
    ToolRun,
    n3_available,
    n3_count,
    oxigraph_bin,
    oxigraph_load,
    rapper_count,
    riot_command,
    riot_count,
)

from kg.build import BuildResult, build

pytestmark = pytest.mark.external

GRAPH_FILES = ("graph.ttl", "graph.nt")
BUILDS = ("seed_build", "nasty_build")

# Every address below is something a strict tool refuses in an IRI as written (space, | ^ `
# { } < > " \, a second #, a bad % escape, a non-numeric port, [ ] outside the host, a tab),
# or is no web address at all (javascript:, data:, mailto:, relative). Titles, headings and
# front matter carry quotes, backslashes, control characters and non-ASCII text.
NASTY_LIST = """\
---
title: Nasty "list" \\ with a bell\x07 and a tab\there
date: 2020-13-45
---

# Nasty URLs & "titles" \\ {braces} | pipes

## Sub <heading> `code` \x1b[31mred\x1b[0m

**Spaces | pipes ^ carets `backticks` {braces} "quotes" \\backslash\\ ünïcødé 日本語 — 🎉**

- intro: CVPR 2017. "Quoted" intro with \\ backslash, a bell\x07, DEL\x7f and \x01 chars
- arxiv: [https://arxiv.org/abs/1703.06870](https://arxiv.org/abs/1703.06870)
- paper: [a paper](http://example.org/a path/with spaces.pdf)
- pipe: [x](http://example.org/a|b)
- caret: http://example.org/a^b
- backtick: [x](http://example.org/a`b`c)
- braces: [x](http://example.org/{id}/x)
- hash: [x](http://example.org/page#one#two)
- percent: [x](http://example.org/100%/done%zz%4)
- port: [x](http://example.org:80a/x)
- brackets: [x](http://example.org/a[1]/b)
- js: [click](javascript:alert(1))
- data: [x](data:text/html,<script>alert(1)</script>)
- relative: [x](images/logo.png)
- github: [https://github.com/some one/re po](https://github.com/some one/re po)
- github: https://github.com/owner/repo#readme#x
- ipv6: [x](http://[::1]:8080/a)
- mailto: [mail](mailto:a@b.c)
- unicode: [x](https://例え.jp/パス?q=値#frag)
- code: [x](https://example.org/code\\with\\backslashes)
- quote: [x](https://example.org/"quoted")
- lt: <https://example.org/a<b>
- userinfo: [x](http://user:pw@example.org/)
- escaped: [x](http://example.org/a%0Ab%20c)
- typo: [x](htps://example.org/x)
- semicolon: [x](http;//example.org/x)
- query: [x](https://example.org/search?q=a b&x=<y>|z^w#frag#more)
- tab: [x](http://example.org/a\tb)
- empty: [x]()

**A title with a trailing backslash \\**

- intro: ECCV 2018 workshop
- github(PyTorch): [https://github.com/Ünï/cødé](https://github.com/Ünï/cødé)
- homepage: http://exa mple.org/x

**\"\"\"Triple quoted\"\"\" and 'single' and \\"escaped\\" title\x0b with a vertical tab**

- arxiv: https://arxiv.org/abs/1234.56789v2
- paper: [pdf](HTTP://EXAMPLE.ORG:8080/A.PDF)
- slides: [s](ftp://ftp.example.org/a b.ppt)
- video: [v](https://www.youtube.com/watch?v=abc&list=x|y)

# Héadings with ünïcode and "quotes" and \\

**Blog: a post about `|^{}` with a control\x1f char**

- blog: [post](https://example.com/%E2%9C%93/%zz/100%)
"""

# Front matter that is valid YAML, whose escapes put control characters, NEL and LINE SEPARATOR
# into the list's title; titles with no letter at all; a repeated title.
NASTY_FRONT_MATTER = r"""---
title: "Ctl \x01 bell \a esc \e del \x7f nel \x85 ls \u2028 \"q\" \\ back ünï"
category: 'a "b" \ c'
date: "2020-02-30"
---

# |^{}`<>"\

**日本語のタイトル**

- arxiv: https://arxiv.org/abs/2001.00001

**"|^`{}<>\\**

- paper: [p](https://example.org/p)

**🎉🎉**

- code: [c](https://example.org/with%/bad%2escape%G1)

**Dup title**

**Dup title**

- homepage: [h](HTTPS://Example.ORG:0443/x?y#z)
"""


@pytest.fixture(scope="module")
def nasty_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The two nasty lists above, built into a temporary folder."""
    folder = tmp_path_factory.mktemp("nasty")
    lists = {"nasty.md": NASTY_LIST, "nasty-front-matter.md": NASTY_FRONT_MATTER}
    for name, text in lists.items():
        (folder / name).write_text(text, encoding="utf-8")
    return build([folder / name for name in lists], out=folder / "out")


@pytest.fixture(params=BUILDS)
def built(request: pytest.FixtureRequest) -> BuildResult:
    """Each graph under test: the bundled list, then the nasty lists."""
    result: BuildResult = request.getfixturevalue(request.param)
    return result


@pytest.fixture(scope="module")
def riot(tmp_path_factory: pytest.TempPathFactory) -> list[str] | None:
    """The command that runs Jena RIOT (None when Jena is not installed)."""
    return riot_command(tmp_path_factory.mktemp("jena"))


def assert_counts(run: ToolRun, expected: int) -> None:
    assert run.problems == [], f"{run.tool} complained"
    assert run.count == expected, f"{run.tool} counted {run.count} triples, paperkg {expected}"


def test_nasty_lists_reach_the_graph(nasty_build: BuildResult) -> None:
    """The nasty lists are not silently dropped: their entries, cleaned addresses and
    addresses kept as text are all in the graph the strict tools read."""
    assert nasty_build.out is not None
    nt = (nasty_build.out / "graph.nt").read_text(encoding="utf-8")
    titles = [entry.title for doc in nasty_build.documents for entry in doc.entries]
    assert len(titles) == 8  # the two "Dup title" lines make one entry with two titles
    assert '"A title with a trailing backslash \\\\"' in nt
    for cleaned in ("http://example.org/a%7Cb", "http://example.org/page#one%23two", "http://example.org/%7Bid%7D/x"):
        assert f'"{cleaned}"^^<http://www.w3.org/2001/XMLSchema#anyURI>' in nt
    for kept_as_text in ("javascript:alert(1)", "http://example.org:80a/x", "images/logo.png"):
        assert f'<https://w3id.org/paperkg/ontology#urlText> "{kept_as_text}"' in nt


@pytest.mark.parametrize("name", GRAPH_FILES)
def test_rapper_counts_every_triple_without_a_warning(built: BuildResult, name: str) -> None:
    """Raptor's `rapper` parses graph.ttl (Turtle) and graph.nt (N-Triples) with no warning
    and counts exactly the triples paperkg reports."""
    require_tool("rapper", why="apt-get install raptor2-utils")
    assert built.out is not None
    assert_counts(rapper_count(built.out / name), len(built.triples))


@pytest.mark.parametrize("name", GRAPH_FILES)
def test_jena_riot_validates_and_counts_every_triple(built: BuildResult, name: str, riot: list[str] | None) -> None:
    """Apache Jena RIOT in strict mode with term checks (`riot --validate --count`) finds no
    warning or error (an ill-typed literal, a bad IRI) and counts exactly paperkg's triples."""
    require_tool("riot", found=riot is not None, why="apt-get install libapache-jena-java default-jre-headless")
    assert built.out is not None and riot is not None
    assert_counts(riot_count(riot, built.out / name), len(built.triples))


@pytest.mark.parametrize("name", GRAPH_FILES)
def test_n3js_parses_strictly_and_counts_every_triple(built: BuildResult, name: str) -> None:
    """N3.js (Turtle-only mode for .ttl, line mode for .nt, no base IRI, relative IRIs refused)
    parses the file without error and counts exactly paperkg's triples."""
    require_tool("n3", found=n3_available(), why="needs node and `npm install --prefix .ci/node n3@2`")
    assert built.out is not None
    assert_counts(n3_count(built.out / name), len(built.triples))


def test_oxigraph_loads_both_files_and_serves_every_triple(built: BuildResult, tmp_path: Path) -> None:
    """`oxigraph load` (strict) takes graph.ttl and graph.nt, each into a named graph of one
    store, without a warning; `oxigraph serve` on 127.0.0.1 then counts exactly paperkg's
    triples in each graph with `SELECT (COUNT(*) AS ?n)` over HTTP."""
    require_tool("oxigraph", found=oxigraph_bin() is not None, why="pip install oxigraph (the test extra)")
    assert built.out is not None
    location = tmp_path / "store"
    graphs = {name: f"urn:paperkg:test:{name}" for name in GRAPH_FILES}
    for name, graph in graphs.items():
        run = oxigraph_load(location, built.out / name, graph=graph)
        assert run.problems == [], f"oxigraph load {name} complained"
    with OxigraphServer(tmp_path / "oxigraph.log", location) as server:
        counts = {name: server.count(graph) for name, graph in graphs.items()}
        default = server.count()
    assert counts == dict.fromkeys(GRAPH_FILES, len(built.triples))
    assert default == 0


# -- the checks above catch what they claim to ---------------------------------------------------
BAD_IRI = "<http://example.org/s> <http://example.org/p> <http://example.org/a b> .\n"
BAD_YEAR = '<http://example.org/s> <http://example.org/p> "20x5"^^<http://www.w3.org/2001/XMLSchema#gYear> .\n'
BAD_PIPE = "<http://example.org/s> <http://example.org/p> <http://example.org/a|b> .\n"
BAD_PORT = "<http://example.org/s> <http://example.org/p> <http://example.org:8a/> .\n"


@pytest.mark.parametrize(
    ("tool", "text"),
    [
        pytest.param("rapper", BAD_IRI, id="rapper-space-in-iri"),
        pytest.param("riot", BAD_IRI, id="riot-space-in-iri"),
        pytest.param("riot", BAD_YEAR, id="riot-ill-typed-gyear"),
        pytest.param("n3", BAD_PIPE, id="n3-pipe-in-iri"),
        pytest.param("oxigraph", BAD_PORT, id="oxigraph-non-numeric-port"),
    ],
)
def test_each_check_reports_what_its_tool_refuses(tool: str, text: str, tmp_path: Path, riot: list[str] | None) -> None:
    """The checks are not vacuous: a file the tool refuses or warns about (a space or `|` in an
    IRI, a non-numeric port, an ill-typed xsd:gYear, which RIOT only warns about) is reported
    as a problem, with the tool's own message."""
    path = tmp_path / "bad.nt"
    path.write_text(text, encoding="utf-8")
    if tool == "rapper":
        require_tool("rapper", why="apt-get install raptor2-utils")
        run = rapper_count(path)
    elif tool == "riot":
        require_tool("riot", found=riot is not None, why="apt-get install libapache-jena-java default-jre-headless")
        assert riot is not None
        run = riot_count(riot, path)
    elif tool == "n3":
        require_tool("n3", found=n3_available(), why="needs node and `npm install --prefix .ci/node n3@2`")
        run = n3_count(path)
    else:
        require_tool("oxigraph", found=oxigraph_bin() is not None, why="pip install oxigraph (the test extra)")
        run = oxigraph_load(tmp_path / "store", path, graph="urn:paperkg:test:bad")
    assert run.problems, f"{tool} accepted {text!r} without a word"
