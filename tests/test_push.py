"""`kg push` sends a built graph to a store over the SPARQL 1.1 Graph Store HTTP Protocol,
replacing one named graph (or the default graph) per push; tested against a real
`oxigraph serve` on 127.0.0.1, started and stopped by each test. Mistakes end in one line on
stderr and exit status 1, never a traceback, and nothing half-sent."""

from __future__ import annotations

import base64
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import DATA, require_tool
from rdf_tools import OxigraphServer, free_port, oxigraph_bin

from kg.build import BuildResult, build
from kg.errors import GraphFileError, PushError
from kg.push import PASSWORD_ENV, USER_ENV, push_graph

pytestmark = pytest.mark.external

G1 = "https://example.org/graphs/segmentation"
G2 = "https://example.org/graphs/other-fields"


def kg(*args: str) -> subprocess.CompletedProcess[str]:
    """`python -m kg ARGS` in a fresh process, as a user runs it (no credentials in the env)."""
    env = {k: v for k, v in os.environ.items() if k not in (USER_ENV, PASSWORD_ENV)}
    return subprocess.run(
        [sys.executable, "-m", "kg", *args], capture_output=True, text=True, env=env, timeout=120, check=False
    )


def assert_one_line_error(proc: subprocess.CompletedProcess[str], *fragments: str) -> None:
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout == ""
    assert proc.stderr.startswith("kg: ") and proc.stderr.count("\n") == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    for fragment in fragments:
        assert fragment in proc.stderr


@pytest.fixture
def server(tmp_path: Path) -> Iterator[OxigraphServer]:
    """A fresh in-memory `oxigraph serve` on 127.0.0.1 and a free port, stopped afterwards."""
    require_tool("oxigraph", found=oxigraph_bin() is not None, why="pip install oxigraph (the test extra)")
    with OxigraphServer(tmp_path / "oxigraph.log") as running:
        yield running


@pytest.fixture(scope="module")
def other_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """A second graph: the other-fields list of the test data, built into a temporary folder."""
    return build([DATA / "lists" / "other_fields.md"], out=tmp_path_factory.mktemp("other-build"))


def named_graphs(server: OxigraphServer) -> set[str]:
    return {row["g"] for row in server.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")}


# -- pushing -----------------------------------------------------------------------------------
def test_push_sends_every_triple_into_the_named_graph(
    server: OxigraphServer, seed_build: BuildResult, seed_out: Path
) -> None:
    """`kg push --graph-iri IRI` puts every triple of the graph into that named graph, leaves
    the default graph alone, and says how many triples it sent, and where."""
    proc = kg("push", "--endpoint", server.store, "--graph", str(seed_out / "graph.ttl"), "--graph-iri", G1)
    n = len(seed_build.triples)
    assert (proc.returncode, proc.stderr) == (0, "")
    assert proc.stdout == f"sent {n} triples to {server.store} as <{G1}>\n"
    assert server.count(G1) == n
    assert server.count() == 0
    assert named_graphs(server) == {G1}


def test_push_without_graph_iri_fills_the_default_graph(
    server: OxigraphServer, seed_build: BuildResult, seed_out: Path
) -> None:
    """Without --graph-iri the graph goes into the store's default graph, and no named graph
    is made."""
    proc = kg("push", "--endpoint", server.store, "--graph", str(seed_out / "graph.nt"))
    n = len(seed_build.triples)
    assert (proc.returncode, proc.stdout) == (0, f"sent {n} triples to {server.store}\n")
    assert server.count() == n
    assert named_graphs(server) == set()


@pytest.mark.parametrize("name", ["graph.ttl", "graph.nt", "graph.jsonld"])
def test_push_sends_each_built_format_whole(
    server: OxigraphServer, seed_build: BuildResult, seed_out: Path, name: str
) -> None:
    """Turtle, N-Triples and JSON-LD files all arrive whole: `push_graph` returns the number of
    triples sent, and the store holds exactly those."""
    n = len(seed_build.triples)
    assert push_graph(seed_out / name, endpoint=server.store, graph_iri=G1) == n
    assert server.count(G1) == n


def test_pushing_the_same_graph_again_replaces_it(
    server: OxigraphServer, seed_build: BuildResult, seed_out: Path
) -> None:
    """A second push of the same graph into the same named graph leaves the count unchanged."""
    for _ in range(2):
        proc = kg("push", "--endpoint", server.store, "--graph", str(seed_out / "graph.ttl"), "--graph-iri", G1)
        assert proc.returncode == 0, proc.stderr
    assert server.count(G1) == len(seed_build.triples)


def test_pushing_another_graph_replaces_every_old_triple(
    server: OxigraphServer, seed_out: Path, other_build: BuildResult
) -> None:
    """Push replaces rather than adds (which a count of the same graph pushed twice cannot
    tell apart): after the other list is pushed into the seed's named graph, the graph holds
    exactly the other list's triples and none of the seed's."""
    assert other_build.out is not None
    push_graph(seed_out / "graph.ttl", endpoint=server.store, graph_iri=G1)
    push_graph(other_build.out / "graph.ttl", endpoint=server.store, graph_iri=G1)
    assert server.count(G1) == len(other_build.triples)
    seed_source = "https://w3id.org/paperkg/resource/source/segmentation-md"
    left = server.select(f"SELECT ?s WHERE {{ GRAPH <{G1}> {{ ?s ?p <{seed_source}> }} }} LIMIT 1")
    assert left == []


def test_two_lists_in_two_named_graphs_are_both_kept(
    server: OxigraphServer, seed_build: BuildResult, seed_out: Path, other_build: BuildResult
) -> None:
    """Graphs pushed under different IRIs sit side by side in one store: pushing the second
    does not touch the first."""
    assert other_build.out is not None
    first = kg("push", "--endpoint", server.store, "--graph", str(seed_out / "graph.ttl"), "--graph-iri", G1)
    assert first.returncode == 0, first.stderr
    proc = kg("push", "--endpoint", server.store, "--graph", str(other_build.out / "graph.nt"), "--graph-iri", G2)
    assert proc.returncode == 0, proc.stderr
    assert server.count(G1) == len(seed_build.triples)
    assert server.count(G2) == len(other_build.triples)
    assert named_graphs(server) == {G1, G2}


def test_a_graph_file_that_does_not_parse_never_reaches_the_store(
    server: OxigraphServer, seed_build: BuildResult, seed_out: Path, tmp_path: Path
) -> None:
    """A broken graph file is refused before anything is sent: one line naming the file and
    the line, exit 1, and the named graph keeps its old triples."""
    push_graph(seed_out / "graph.ttl", endpoint=server.store, graph_iri=G1)
    broken = tmp_path / "broken.ttl"
    broken.write_text('<http://example.org/s> <http://example.org/p> "ok" .\n<http://example.org/s> <p> "x" .\n')
    proc = kg("push", "--endpoint", server.store, "--graph", str(broken), "--graph-iri", G1)
    assert_one_line_error(proc, f"kg: {broken}: ", "line 2")
    assert server.count(G1) == len(seed_build.triples)


# -- mistakes ------------------------------------------------------------------------------------
def test_connection_refused_is_one_line(seed_out: Path) -> None:
    """A port nothing listens on: exit 1 with one line that says the connection was refused."""
    endpoint = f"http://127.0.0.1:{free_port()}/store"
    proc = kg("push", "--endpoint", endpoint, "--graph", str(seed_out / "graph.ttl"))
    assert_one_line_error(proc, endpoint, "connection refused")


@pytest.mark.parametrize(
    "iri", ["not an iri", "relative/path", "", "http://example.org/a b", "http://example.org/a|b", "http://x/#a#b"]
)
def test_invalid_graph_iri_is_refused_before_connecting(seed_out: Path, iri: str) -> None:
    """--graph-iri must be an absolute IRI: anything else ends in one line naming the option
    and the value, before any connection is tried (the port here is closed)."""
    endpoint = f"http://127.0.0.1:{free_port()}/store"
    proc = kg("push", "--endpoint", endpoint, "--graph", str(seed_out / "graph.ttl"), "--graph-iri", iri)
    assert_one_line_error(proc, f"--graph-iri {iri!r}: not an absolute IRI")


@pytest.mark.parametrize(
    ("endpoint", "why"),
    [
        ("localhost:7878/store", "must be an http:// or https:// URL"),
        ("ftp://example.org/store", "must be an http:// or https:// URL"),
        ("http:///store", "no host name"),
        ("http://127.0.0.1:port/store", "the port must be a number"),
        ("http://127.0.0.1:99999/store", "the port must be a number"),
        ("http://127.0.0.1:7878/store#x", "a Graph Store endpoint has no #fragment"),
        ("http://127.0.0.1:7878/st ore", "a URL may not hold spaces"),
    ],
)
def test_bad_endpoint_url_is_one_line(seed_out: Path, endpoint: str, why: str) -> None:
    """An endpoint that is not an http(s) URL with a host and a numeric port ends in one line
    naming the URL and what is wrong with it."""
    proc = kg("push", "--endpoint", endpoint, "--graph", str(seed_out / "graph.ttl"))
    assert_one_line_error(proc, f"--endpoint {endpoint!r}: {why}")


def test_missing_graph_file_is_one_line(tmp_path: Path) -> None:
    """A graph file that does not exist: one line naming it, exit 1."""
    missing = tmp_path / "nothing.ttl"
    proc = kg("push", "--endpoint", f"http://127.0.0.1:{free_port()}/store", "--graph", str(missing))
    assert_one_line_error(proc, f"kg: {missing}: no such graph file")


def test_http_error_status_is_one_line_with_the_answer(server: OxigraphServer, seed_out: Path) -> None:
    """A store that answers with an error status: one line with the status and the start of
    the store's own answer (here Oxigraph's 404 for a path that is not its /store)."""
    proc = kg("push", "--endpoint", f"{server.url}/nope", "--graph", str(seed_out / "graph.ttl"))
    assert_one_line_error(proc, "HTTP 404 Not Found: ", "is not supported by this server")


def test_a_store_that_never_answers_times_out(seed_out: Path) -> None:
    """A server that accepts the connection but never answers ends in a `PushError` once the
    timeout has passed, not in a hang."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        endpoint = f"http://127.0.0.1:{silent.getsockname()[1]}/store"
        with pytest.raises(PushError, match=r"no answer from 127\.0\.0\.1:\d+ within 0\.5 s"):
            push_graph(seed_out / "graph.ttl", endpoint=endpoint, timeout=0.5)


def test_unknown_graph_file_format_is_refused(tmp_path: Path) -> None:
    """Only .ttl, .nt and .jsonld files can be pushed."""
    other = tmp_path / "graph.rdf"
    other.write_text("<rdf/>")
    with pytest.raises(GraphFileError, match="unknown graph format"):
        push_graph(other, endpoint="http://127.0.0.1:9/store")


# -- what goes over the wire, and credentials -------------------------------------------------------
class _Recorder(BaseHTTPRequestHandler):
    """A Graph Store stand-in that wants HTTP Basic credentials `kg:s3cret` and records each
    request it accepts."""

    expected = "Basic " + base64.b64encode(b"kg:s3cret").decode()
    requests: list[tuple[str, str, dict[str, str], bytes]] = []

    def do_PUT(self) -> None:  # noqa: N802 (the name http.server looks for)
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if self.headers.get("Authorization") != self.expected:
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="paperkg test"')
            answer = b"credentials needed\n"
        else:
            self.requests.append((self.command, self.path, dict(self.headers), body))
            self.send_response(204)
            answer = b""
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (the base class's name)
        pass


@contextmanager
def stand_in(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """An HTTP server with `handler` on 127.0.0.1, for a `with` block: its address host:port."""
    httpd = HTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)


@pytest.fixture
def recorder() -> Iterator[tuple[str, list[tuple[str, str, dict[str, str], bytes]]]]:
    """A recording Graph Store stand-in on 127.0.0.1 (its endpoint, without credentials, and
    the requests it accepted)."""
    _Recorder.requests = []
    with stand_in(_Recorder) as address:
        yield f"{address}/store", _Recorder.requests


def test_push_is_one_put_of_turtle_to_the_graph_store_endpoint(
    recorder: tuple[str, list[tuple[str, str, dict[str, str], bytes]]], seed_out: Path
) -> None:
    """On the wire a push is one PUT to `ENDPOINT?graph=<IRI percent-encoded>` (or
    `?default`), with the file's bytes as a `text/turtle` body; credentials in the URL are
    sent with HTTP Basic when the store asks, not as part of the URL."""
    address, requests = recorder
    ttl = seed_out / "graph.ttl"
    push_graph(ttl, endpoint=f"http://kg:s3cret@{address}", graph_iri="https://example.org/g?x=1#y")
    push_graph(seed_out / "graph.nt", endpoint=f"http://kg:s3cret@{address}?tenant=a")
    (method, path, headers, body), (_, default_path, _, nt_body) = requests
    assert method == "PUT"
    assert parse_qs(urlsplit(path).query) == {"graph": ["https://example.org/g?x=1#y"]}
    assert headers["Content-Type"] == "text/turtle"
    assert body == ttl.read_bytes()
    assert default_path == "/store?tenant=a&default"
    assert nt_body == (seed_out / "graph.nt").read_bytes()


def test_credentials_can_come_from_the_environment(
    recorder: tuple[str, list[tuple[str, str, dict[str, str], bytes]]], seed_out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """KG_PUSH_USER and KG_PUSH_PASSWORD give the credentials when the URL has none."""
    address, requests = recorder
    monkeypatch.setenv(USER_ENV, "kg")
    monkeypatch.setenv(PASSWORD_ENV, "s3cret")
    push_graph(seed_out / "graph.ttl", endpoint=f"http://{address}", graph_iri=G1)
    assert len(requests) == 1


@pytest.mark.parametrize("userinfo", ["", "kg:wrong@"])
def test_refused_credentials_are_one_line_without_the_password(
    recorder: tuple[str, list[tuple[str, str, dict[str, str], bytes]]], seed_out: Path, userinfo: str
) -> None:
    """Missing or wrong credentials end in one line with the 401 status and a hint on how to
    give credentials; a password from the URL is never printed."""
    address, requests = recorder
    proc = kg("push", "--endpoint", f"http://{userinfo}{address}", "--graph", str(seed_out / "graph.ttl"))
    assert_one_line_error(proc, "HTTP 401", "credentials needed", USER_ENV)
    assert "wrong" not in proc.stderr
    assert requests == []


class _Refuser(BaseHTTPRequestHandler):
    """A store that refuses every write at once: it answers 403 and hangs up without reading
    the body (as Virtuoso does for a user without write rights)."""

    def do_PUT(self) -> None:  # noqa: N802 (the name http.server looks for)
        answer = b"SQ110:SECURITY: Permission denied\n"
        self.send_response(403)
        self.send_header("Content-Length", str(len(answer)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(answer)
        self.close_connection = True

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (the base class's name)
        pass


def test_a_store_that_refuses_before_reading_the_body_is_heard(tmp_path: Path) -> None:
    """When the store answers and hangs up before the body is sent (here 7 MB, more than the
    socket buffers hold), the message is the store's answer, not a broken pipe."""
    big = tmp_path / "big.nt"
    line = '<http://example.org/s{}> <http://example.org/p> "' + "x" * 60 + '" .\n'
    big.write_text("".join(line.format(i) for i in range(60_000)))
    with stand_in(_Refuser) as address:
        with pytest.raises(PushError, match=r"HTTP 403 Forbidden: SQ110:SECURITY: Permission denied \(the store"):
            push_graph(big, endpoint=f"http://{address}/store")


class _Mover(BaseHTTPRequestHandler):
    """A store that has moved: every PUT gets 308 and the new address."""

    def do_PUT(self) -> None:  # noqa: N802 (the name http.server looks for)
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.send_response(308)
        self.send_header("Location", "https://store.example.org/store")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (the base class's name)
        pass


def test_a_redirect_is_reported_not_followed(seed_out: Path) -> None:
    """A PUT is never re-sent to another address on its own: a redirect ends in one line that
    names the new address, for the user to push there."""
    with stand_in(_Mover) as address:
        with pytest.raises(PushError, match=r"HTTP 308 .*moved to https://store\.example\.org/store: push there"):
            push_graph(seed_out / "graph.ttl", endpoint=f"http://{address}/store")
