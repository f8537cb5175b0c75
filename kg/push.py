"""`kg push`: send a built graph to a triple store over the SPARQL 1.1 Graph Store HTTP Protocol.

One HTTP `PUT` to the store's Graph Store endpoint, with `?graph=IRI` for a named graph or
`?default` for the default graph, replaces that graph with the file's triples (Oxigraph `/store`,
Fuseki `/DATASET/data`, GraphDB `/repositories/REPO/rdf-graphs/service`, Virtuoso
`/sparql-graph-crud` or `/sparql-graph-crud-auth`). Whether readers can see the graph half
replaced is up to the store; the file is parsed here first, so a broken file never reaches it.

The body is Turtle (`text/turtle`, which all the stores above read): a `.ttl` or `.nt` file is
sent as it is (N-Triples is a subset of Turtle); JSON-LD is converted to N-Triples.

Credentials, for stores that want them: `https://user:password@host/...` in the endpoint URL,
or the environment variables `KG_PUSH_USER` and `KG_PUSH_PASSWORD`. They are sent only when
the store asks (HTTP Basic or Digest), and never appear in messages.
"""

from __future__ import annotations

import http.client
import os
import re
import socket
import ssl
import urllib.request
from dataclasses import dataclass
from http.client import HTTPException
from pathlib import Path
from urllib.error import HTTPError, URLError
from urllib.parse import quote, unquote, urlsplit, urlunsplit

from kg import __version__
from kg.errors import GraphFileError, PushError
from kg.graph.files import read_triples
from kg.graph.formats import graph_format

DEFAULT_TIMEOUT = 120.0  # seconds to wait on the network at each step (connect, send, answer)
USER_ENV, PASSWORD_ENV = "KG_PUSH_USER", "KG_PUSH_PASSWORD"
CONTENT_TYPE = "text/turtle"
_SNIPPET = 200  # characters of an error answer's body quoted in the message


@dataclass(frozen=True)
class Target:
    """Where a graph goes: the request URL, the endpoint as shown in messages (password
    hidden), and the credentials to answer an authentication challenge with."""

    url: str
    shown: str
    host: str
    user: str | None = None
    password: str | None = None


def check_graph_iri(graph_iri: str) -> str:
    """`graph_iri` if it is an absolute IRI (pyoxigraph is the judge), else a `PushError`."""
    from pyoxigraph import NamedNode

    try:
        NamedNode(graph_iri)
    except ValueError as exc:
        raise PushError(f"--graph-iri {graph_iri!r}: not an absolute IRI ({exc})") from None
    return graph_iri


def target(endpoint: str, graph_iri: str | None = None) -> Target:
    """The request for `graph_iri` (None: the default graph) at the Graph Store endpoint URL
    `endpoint`, or a `PushError` naming what is wrong with the URL."""
    if graph_iri is not None:
        check_graph_iri(graph_iri)
    if re.search(r"[\s\x00-\x1f\x7f]", endpoint):
        raise PushError(f"--endpoint {endpoint!r}: a URL may not hold spaces or control characters")
    parts = urlsplit(endpoint)
    user = unquote(parts.username) if parts.username is not None else os.environ.get(USER_ENV)
    password = unquote(parts.password) if parts.password is not None else os.environ.get(PASSWORD_ENV)
    netloc = parts.netloc.rpartition("@")[2]
    shown = urlunsplit(parts._replace(netloc=(f"{parts.username}:***@" if parts.password else "") + netloc))
    if parts.scheme not in ("http", "https"):
        raise PushError(f"--endpoint {shown!r}: must be an http:// or https:// URL")
    if not parts.hostname:
        raise PushError(f"--endpoint {shown!r}: no host name")
    try:
        port = parts.port
    except ValueError:
        raise PushError(f"--endpoint {shown!r}: the port must be a number from 0 to 65535") from None
    if parts.fragment or endpoint.endswith("#"):
        raise PushError(f"--endpoint {shown!r}: a Graph Store endpoint has no #fragment")
    selector = f"graph={quote(graph_iri, safe='')}" if graph_iri is not None else "default"
    query = f"{parts.query}&{selector}" if parts.query else selector
    url = urlunsplit((parts.scheme, netloc, parts.path or "/", query, ""))
    host = f"{parts.hostname}:{port}" if port is not None else parts.hostname
    return Target(url, shown, host, user, password if user is not None else None)


def read_graph(path: Path) -> tuple[bytes, int]:
    """The Turtle body to send for the graph file at `path`, and the number of triples in it.
    The file is parsed first: a file that does not parse raises `GraphFileError`. Turtle and
    N-Triples (a subset of Turtle) are sent as they are; JSON-LD is sent as N-Triples."""
    from pyoxigraph import RdfFormat, serialize

    triples = read_triples(path)
    if graph_format(path) == RdfFormat.JSON_LD:
        return serialize(triples, format=RdfFormat.N_TRIPLES) or b"", len(triples)
    try:
        return path.read_bytes(), len(triples)
    except OSError as exc:
        raise GraphFileError(f"{path}: cannot read: {exc.strerror}") from None


# A store that refuses a request early (a 401 challenge, 403, 500) often answers and closes the
# connection without reading the body; sending the rest then fails with a broken pipe. The
# connections below stop sending instead, so that the store's answer is read and reported.
class _HTTPConnection(http.client.HTTPConnection):
    def send(self, data: object) -> None:
        try:
            super().send(data)  # type: ignore[arg-type]
        except (BrokenPipeError, ConnectionResetError):
            pass


class _HTTPSConnection(http.client.HTTPSConnection):
    def send(self, data: object) -> None:
        try:
            super().send(data)  # type: ignore[arg-type]
        except (BrokenPipeError, ConnectionResetError):
            pass


class _HTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_HTTPConnection, req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_HTTPSConnection, req)  # the default TLS context: certificates checked


def _network_error(reason: object, where: Target, timeout: float) -> PushError:
    if isinstance(reason, ConnectionRefusedError):
        return PushError(f"{where.shown}: cannot connect to {where.host}: connection refused (is the store running?)")
    if isinstance(reason, socket.gaierror):
        return PushError(f"{where.shown}: cannot find the host {where.host!r} ({reason.strerror})")
    if isinstance(reason, TimeoutError):
        return PushError(f"{where.shown}: no answer from {where.host} within {timeout:g} s")
    if isinstance(reason, ssl.SSLError):
        return PushError(f"{where.shown}: TLS error: {reason.reason or reason}")
    if isinstance(reason, OSError) and reason.strerror:
        return PushError(f"{where.shown}: {reason.strerror}")
    return PushError(f"{where.shown}: {reason}")


def _http_error(exc: HTTPError, where: Target) -> PushError:
    try:
        body = exc.read(16 * _SNIPPET).decode("utf-8", "replace")
    except OSError:
        body = ""
    finally:
        exc.close()
    content_type = (exc.headers.get("Content-Type") if exc.headers else None) or ""
    location = exc.headers.get("Location") if exc.headers else None
    if "html" in content_type.lower():  # an error page: keep its text
        body = re.sub(r"(?is)<(head|script|style)\b.*?</\1\s*>|<!--.*?-->|<[^>]*>", " ", body)
    snippet = " ".join(body.split())
    if len(snippet) > _SNIPPET:
        snippet = snippet[: _SNIPPET - 1] + "…"
    hint = {
        401: f" (give credentials as user:password@ in the URL, or in {USER_ENV} and {PASSWORD_ENV})",
        403: " (the store does not let this user write; Virtuoso: use /sparql-graph-crud-auth with credentials)",
        404: " (is this the store's Graph Store endpoint? Oxigraph: /store, Fuseki: /DATASET/data)",
    }.get(exc.code, "")
    if exc.code in (301, 302, 303, 307, 308) and location:
        hint = f" (the endpoint moved to {location}: push there)"
    return PushError(f"{where.shown}: HTTP {exc.code} {exc.reason}{': ' + snippet if snippet else ''}{hint}")


def push_graph(
    graph_file: Path,
    *,
    endpoint: str,
    graph_iri: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> int:
    """Replace the graph `graph_iri` (None: the default graph) in the store behind the Graph
    Store endpoint URL `endpoint` with the triples of `graph_file` (.ttl, .nt or .jsonld), in
    one HTTP PUT. Returns the number of triples sent; raises `PushError` or `GraphFileError`."""
    where = target(endpoint, graph_iri)
    body, count = read_graph(Path(graph_file))
    handlers: list[urllib.request.BaseHandler] = [_HTTPHandler(), _HTTPSHandler()]
    if where.user is not None:
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        passwords.add_password(None, where.url, where.user, where.password or "")
        handlers += [urllib.request.HTTPBasicAuthHandler(passwords), urllib.request.HTTPDigestAuthHandler(passwords)]
    request = urllib.request.Request(
        where.url,
        data=body,
        method="PUT",
        headers={"Content-Type": CONTENT_TYPE, "User-Agent": f"paperkg/{__version__}"},
    )
    try:
        with urllib.request.build_opener(*handlers).open(request, timeout=timeout) as response:
            response.read()
    except HTTPError as exc:
        raise _http_error(exc, where) from None
    except URLError as exc:
        raise _network_error(exc.reason, where, timeout) from None
    except (OSError, HTTPException) as exc:  # timeouts and lost connections after connecting
        raise _network_error(exc, where, timeout) from None
    return count
