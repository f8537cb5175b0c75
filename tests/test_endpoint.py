"""`kg query --endpoint URL`: the canned queries, parameters and formats against a SPARQL 1.1
endpoint give what they give on the local file; parameters never become query text; an endpoint
that is down, failing, slow or wrong is one line on stderr. Tested against a real
`oxigraph serve` on 127.0.0.1 that the tests start and fill with `kg push`."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import DATA, require_tool
from rdf_tools import OxigraphServer, free_port, oxigraph_bin

from kg.build import BuildResult, build
from kg.query import canned_queries, run_query
from kg.query.endpoint import query_text

pytestmark = pytest.mark.external

G1 = "https://example.org/graphs/segmentation"
HOSTILE = ['CVPR" } ; DROP ALL ; #', '"x\\" } ; DROP ALL ; #"', "\\u0022 } DROP ALL #", "} UNION { ?s ?p ?o }", "a\nb"]


def kg(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kg", *args], capture_output=True, text=True, timeout=120, env=os.environ
    )


def assert_one_line_error(proc: subprocess.CompletedProcess[str], *fragments: str) -> None:
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout == ""
    assert proc.stderr.startswith("kg: ") and proc.stderr.count("\n") == 1, proc.stderr
    for fragment in fragments:
        assert fragment in proc.stderr


@pytest.fixture(scope="module")
def other_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return build([DATA / "lists" / "other_fields.md"], out=tmp_path_factory.mktemp("other-endpoint"))


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, seed_out: Path, other_build: BuildResult) -> Iterator[str]:
    """`oxigraph serve` on 127.0.0.1, filled with `kg push`: the bundled list in the named graph
    G1, the other-fields list in the default graph. Yields its query endpoint."""
    require_tool("oxigraph", found=oxigraph_bin() is not None, why="pip install oxigraph (the test extra)")
    assert other_build.out is not None
    with OxigraphServer(tmp_path_factory.mktemp("oxigraph") / "log") as running:
        assert (
            kg(
                "push", "--endpoint", running.store, "--graph", str(seed_out / "graph.ttl"), "--graph-iri", G1
            ).returncode
            == 0
        )
        assert kg("push", "--endpoint", running.store, "--graph", str(other_build.out / "graph.nt")).returncode == 0
        yield f"{running.url}/query"


EXAMPLES = {"venue": "cvpr", "year": "2017", "framework": "pytorch", "family": "DeepLab", "title": "Mask R-CNN"}
CASES = [(q.name, []) for q in canned_queries()] + [
    (q.name, [f"{p.name}={EXAMPLES.get(p.name, 'x')}" for p in q.params]) for q in canned_queries() if q.params
]


@pytest.mark.parametrize(("name", "params"), CASES, ids=lambda v: v if isinstance(v, str) else "+".join(v) or "none")
def test_canned_query_at_the_endpoint_prints_what_it_prints_on_the_file(
    server: str, seed_out: Path, name: str, params: list[str]
) -> None:
    """Every canned query, with and without parameters, in every format, prints the same bytes
    at the endpoint (the named graph of the bundled list) as on the bundled list's graph.ttl."""
    for fmt in ("table", "csv", "tsv", "json"):
        local = run_query(name, graph=seed_out / "graph.ttl", fmt=fmt, params=params)
        remote = run_query(name, graph=Path("unused"), fmt=fmt, params=params, endpoint=server, graph_iri=G1)
        assert remote == local
        if fmt == "csv" and not params:
            assert local.count("\n") >= 2  # rows, not just a header


def test_without_graph_iri_the_default_graph_is_queried(server: str, other_build: BuildResult) -> None:
    """Without --graph-iri the query sees the store's default graph: here the other list."""
    assert other_build.out is not None
    local = kg("query", "top-institutions", "--graph", str(other_build.out / "graph.nt"))
    remote = kg("query", "top-institutions", "--endpoint", server)
    assert remote.returncode == 0 and remote.stdout == local.stdout


@pytest.mark.parametrize(
    "query",
    [
        "ASK { ?p a kg:Paper }",
        "CONSTRUCT { ?v a kg:Venue ; rdfs:label ?l } WHERE { ?v a kg:Venue ; rdfs:label ?l }",
        "DESCRIBE <https://w3id.org/paperkg/resource/venue/cvpr>",
        "SELECT ?t WHERE { ?p dcterms:title ?t ; schema:sameAs <https://arxiv.org/abs/1411.4038> }",
    ],
)
def test_ask_construct_describe_at_the_endpoint(server: str, seed_out: Path, query: str) -> None:
    """ASK, CONSTRUCT and DESCRIBE (and the predeclared prefixes) work at the endpoint as on the file."""
    local = run_query(query, graph=seed_out / "graph.ttl")
    remote = run_query(query, graph=Path("unused"), endpoint=server, graph_iri=G1)
    assert remote == local and remote.strip()


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_parameters_match_nothing_and_change_nothing(server: str, value: str) -> None:
    """A value that would end the query and drop the store if pasted is sent as one RDF term: the
    query finds nothing, and the store keeps every triple."""
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    before = kg("query", count, "--endpoint", server, "--graph-iri", G1, "--format", "csv").stdout
    for args in (
        ["papers-per-venue-year", "--param", f"venue={value}"],
        ["SELECT ?paper ?title WHERE { ?paper dcterms:title ?title }", "--param", f"title={value}"],
    ):
        proc = kg("query", *args, "--endpoint", server, "--graph-iri", G1, "--format", "csv")
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout.count("\n") == 1  # the header only
    assert kg("query", count, "--endpoint", server, "--graph-iri", G1, "--format", "csv").stdout == before
    assert int(before.split()[1]) > 3000


@pytest.mark.parametrize("value", HOSTILE)
def test_values_block_binds_exactly_the_term(value: str) -> None:
    """The VALUES row that carries a parameter parses back (in Oxigraph) to exactly the literal
    that was bound, whatever quotes, backslashes or line breaks it holds."""
    term = ox.Literal(value)
    text = query_text("SELECT ?x WHERE {}", prefixes={}, substitutions={ox.Variable("x"): term})
    solutions = ox.Store().query(text)
    assert isinstance(solutions, ox.QuerySolutions)
    assert [row["x"] for row in solutions] == [term]


class _Answer(BaseHTTPRequestHandler):
    """A fake endpoint: answers every POST with the status, type and body of its server."""

    def do_POST(self) -> None:  # noqa: N802 - http.server's name
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        status, content_type, body = self.server.answer  # type: ignore[attr-defined]
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def fake_endpoint(status: int, content_type: str, body: bytes) -> tuple[HTTPServer, str]:
    httpd = HTTPServer(("127.0.0.1", 0), _Answer)
    httpd.answer = (status, content_type, body)  # type: ignore[attr-defined]
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/sparql"


@pytest.mark.parametrize(
    ("answer", "fragments"),
    [
        ((500, "text/plain", b"Internal error: out of memory"), ["HTTP 500", "out of memory"]),
        ((400, "text/plain", b"Parse error: unknown function"), ["HTTP 400", "unknown function"]),
        ((404, "text/html", b"<html><body><h1>Not here</h1></body></html>"), ["HTTP 404", "Not here", "query URL"]),
        ((200, "text/html", b"<html>a web page</html>"), ["text/html, not SPARQL results"]),
        ((200, "application/sparql-results+json", b'{"head": '), ["does not parse"]),
    ],
)
def test_a_failing_or_wrong_endpoint_is_one_line(answer: tuple[int, str, bytes], fragments: list[str]) -> None:
    """An endpoint that answers with an error status (its message quoted, HTML stripped), with
    a page instead of results, or with broken results, is one line on stderr and exit 1."""
    httpd, url = fake_endpoint(*answer)
    try:
        assert_one_line_error(kg("query", "top-institutions", "--endpoint", url), url, *fragments)
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_an_unreachable_endpoint_is_one_line() -> None:
    """Nothing listening on the port: one line that says the connection was refused."""
    url = f"http://127.0.0.1:{free_port()}/query"
    assert_one_line_error(kg("query", "top-institutions", "--endpoint", url), "connection refused")


def test_an_endpoint_that_never_answers_times_out() -> None:
    """An endpoint that accepts the connection and never answers is given up after --timeout."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        url = f"http://127.0.0.1:{listener.getsockname()[1]}/query"
        proc = kg("query", "top-institutions", "--endpoint", url, "--timeout", "1")
    assert_one_line_error(proc, "no answer from", "within 1 s")


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--endpoint", "http://127.0.0.1:1/query", "--graph-iri", "not an iri"], "--graph-iri 'not an iri'"),
        (["--graph-iri", "https://example.org/g"], "give --endpoint too"),
        (["--endpoint", "ftp://example.org/sparql"], "must be an http:// or https:// URL"),
        (["--endpoint", "http://example.org:port/sparql"], "the port must be a number"),
        (["--endpoint", "http://user:secret@127.0.0.1:1/query"], "user:***@"),
    ],
)
def test_bad_endpoint_options_are_one_line(args: list[str], fragment: str) -> None:
    """A graph IRI that is not an absolute IRI, --graph-iri without --endpoint, or an endpoint URL
    that is not one, is one line naming it (a password in the URL masked), before any request."""
    proc = kg("query", "top-institutions", *args)
    assert_one_line_error(proc, fragment)
    assert "secret" not in proc.stderr


def test_graph_and_endpoint_together_is_a_usage_error(tmp_path: Path) -> None:
    """--graph (a file) and --endpoint (a store) name two places to query: exit status 2."""
    proc = kg("query", "top-institutions", "--graph", str(tmp_path / "g.ttl"), "--endpoint", "http://127.0.0.1:1/q")
    assert proc.returncode == 2 and "--graph reads a file, --endpoint a store" in proc.stderr
