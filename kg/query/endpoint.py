"""`kg query --endpoint URL`: the same queries against any SPARQL 1.1 endpoint (Oxigraph server,
Jena Fuseki, Virtuoso, GraphDB, QLever) over the SPARQL 1.1 Protocol.

An `Endpoint` stands in for the pyoxigraph `Store` that `kg query` runs local files in: its
`query(text, prefixes=..., substitutions=...)` answers with the same result objects (parsed by
pyoxigraph from the endpoint's SPARQL JSON or XML results; CONSTRUCT and DESCRIBE as a list of
triples), so the output formats are the same.

- The query goes in one HTTP POST (`application/x-www-form-urlencoded`, `query=...`), with
  `default-graph-uri=IRI` when the data sits in a named graph (`--graph-iri`).
- Parameters are never pasted as text: each bound value is serialized as an RDF term by
  pyoxigraph (N-Triples syntax, which escapes quotes, backslashes and line breaks; IRIs are
  checked) into a trailing `VALUES` block, the SPARQL equivalent of a substitution.
- The predeclared prefixes of `kg query` are declared in front of the query text.
- An unreachable, failing, slow or wrong endpoint is one `QueryError` line naming it.
"""

from __future__ import annotations

import re
import socket
import ssl
import urllib.request
from http.client import HTTPException
from typing import TYPE_CHECKING
from urllib.error import HTTPError, URLError
from urllib.parse import unquote, urlencode, urlsplit, urlunsplit

from kg import __version__
from kg.errors import QueryError

if TYPE_CHECKING:
    import pyoxigraph

DEFAULT_TIMEOUT = 60.0  # seconds to wait on the network at each step (connect, send, answer)
ACCEPT = (
    "application/sparql-results+json, application/sparql-results+xml;q=0.9, "
    "application/n-triples;q=0.8, text/turtle;q=0.7, application/rdf+xml;q=0.5"
)
_SNIPPET = 200  # characters of an error answer quoted in the message


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is reported, not followed: urllib would turn the POST into a GET without the query."""

    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


class Endpoint:
    """A SPARQL 1.1 query endpoint, queried like a pyoxigraph `Store`."""

    def __init__(self, url: str, *, graph_iri: str | None = None, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.url, self.shown, self.host, user, password = _check_url(url)
        self.graph_iri = _check_graph_iri(graph_iri) if graph_iri is not None else None
        if timeout <= 0:
            raise QueryError(f"--timeout {timeout:g}: must be a number of seconds above 0")
        self.timeout = timeout
        handlers: list[urllib.request.BaseHandler] = [_NoRedirects()]
        if user is not None:
            passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            passwords.add_password(None, self.url, user, password or "")
            handlers += [
                urllib.request.HTTPBasicAuthHandler(passwords),
                urllib.request.HTTPDigestAuthHandler(passwords),
            ]
        self._opener = urllib.request.build_opener(*handlers)

    def query(
        self,
        query: str,
        *,
        prefixes: dict[str, str] | None = None,
        substitutions: dict[pyoxigraph.Variable, pyoxigraph.NamedNode | pyoxigraph.Literal] | None = None,
    ) -> pyoxigraph.QuerySolutions | pyoxigraph.QueryBoolean | list[pyoxigraph.Triple]:
        """The results of `query` at the endpoint, `prefixes` declared in front of it and
        `substitutions` bound in a trailing VALUES block."""
        text = query_text(query, prefixes=prefixes or {}, substitutions=substitutions or {})
        fields = [("query", text)] + ([("default-graph-uri", self.graph_iri)] if self.graph_iri else [])
        request = urllib.request.Request(
            self.url,
            data=urlencode(fields).encode("utf-8"),
            method="POST",
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": ACCEPT,
                "User-Agent": f"paperkg/{__version__}",
            },
        )
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                content_type = response.headers.get("Content-Type") or ""
                body = response.read()
        except HTTPError as exc:
            raise self._http_error(exc) from None
        except URLError as exc:
            raise self._network_error(exc.reason) from None
        except (OSError, HTTPException) as exc:  # timeouts and lost connections after connecting
            raise self._network_error(exc) from None
        return self._parse(body, content_type)

    def _parse(
        self, body: bytes, content_type: str
    ) -> pyoxigraph.QuerySolutions | pyoxigraph.QueryBoolean | list[pyoxigraph.Triple]:
        import pyoxigraph

        media = content_type.split(";")[0].strip().lower()
        results = {
            "application/sparql-results+json": pyoxigraph.QueryResultsFormat.JSON,
            "application/json": pyoxigraph.QueryResultsFormat.JSON,
            "application/sparql-results+xml": pyoxigraph.QueryResultsFormat.XML,
        }
        graphs = {
            "application/n-triples": pyoxigraph.RdfFormat.N_TRIPLES,
            "text/turtle": pyoxigraph.RdfFormat.TURTLE,
            "application/rdf+xml": pyoxigraph.RdfFormat.RDF_XML,
        }
        try:
            if media in results:
                return pyoxigraph.parse_query_results(body, format=results[media])
            if media in graphs:
                return [quad.triple for quad in pyoxigraph.parse(body, format=graphs[media])]
        except (SyntaxError, ValueError) as exc:
            raise QueryError(
                f"{self.shown}: the endpoint's answer does not parse as {media}: {_one_line(exc)}"
            ) from None
        raise QueryError(
            f"{self.shown}: the endpoint answered {media or 'without a content type'}, not SPARQL results "
            "(is this its query URL? Oxigraph: /query, Fuseki: /DATASET/sparql, GraphDB: /repositories/REPO)"
        )

    def _network_error(self, reason: object) -> QueryError:
        where = f"{self.shown}: "
        if isinstance(reason, ConnectionRefusedError):
            return QueryError(f"{where}cannot connect to {self.host}: connection refused (is the endpoint running?)")
        if isinstance(reason, socket.gaierror):
            return QueryError(f"{where}cannot find the host {self.host!r} ({reason.strerror})")
        if isinstance(reason, TimeoutError):
            return QueryError(f"{where}no answer from {self.host} within {self.timeout:g} s (see --timeout)")
        if isinstance(reason, ssl.SSLError):
            return QueryError(f"{where}TLS error: {reason.reason or reason}")
        if isinstance(reason, OSError) and reason.strerror:
            return QueryError(f"{where}{reason.strerror}")
        return QueryError(f"{where}{_one_line(reason)}")

    def _http_error(self, exc: HTTPError) -> QueryError:
        try:
            body = exc.read(16 * _SNIPPET).decode("utf-8", "replace")
        except OSError:
            body = ""
        finally:
            exc.close()
        if "html" in ((exc.headers.get("Content-Type") if exc.headers else None) or "").lower():
            body = re.sub(r"(?is)<(head|script|style)\b.*?</\1\s*>|<!--.*?-->|<[^>]*>", " ", body)
        snippet = _one_line(body)
        if len(snippet) > _SNIPPET:
            snippet = snippet[: _SNIPPET - 1] + "…"
        hint = {
            401: " (give credentials as user:password@ in the URL)",
            404: " (is this the endpoint's query URL? Oxigraph: /query, Fuseki: /DATASET/sparql)",
        }.get(exc.code, "")
        location = exc.headers.get("Location") if exc.headers else None
        if exc.code in (301, 302, 303, 307, 308) and location:
            hint = f" (the endpoint moved to {location}: query there)"
        return QueryError(f"{self.shown}: HTTP {exc.code} {exc.reason}{': ' + snippet if snippet else ''}{hint}")


def query_text(
    query: str,
    *,
    prefixes: dict[str, str],
    substitutions: dict[pyoxigraph.Variable, pyoxigraph.NamedNode | pyoxigraph.Literal],
) -> str:
    """The text sent for `query`: PREFIX lines for `prefixes` in front (a query may declare a
    prefix again; its own declaration wins), then the query, then one VALUES row binding each
    substituted variable to its term, written by pyoxigraph in N-Triples syntax."""
    head = "".join(f"PREFIX {name}: {_iri(iri)}\n" for name, iri in prefixes.items())
    if not substitutions:
        return head + query
    names = " ".join(f"?{variable.value}" for variable in substitutions)
    row = " ".join(str(term) for term in substitutions.values())
    return f"{head}{query}\nVALUES ({names}) {{ ({row}) }}\n"


def _iri(iri: str) -> str:
    import pyoxigraph

    return str(pyoxigraph.NamedNode(iri))


def _check_graph_iri(graph_iri: str) -> str:
    import pyoxigraph

    try:
        pyoxigraph.NamedNode(graph_iri)
    except ValueError as exc:
        raise QueryError(f"--graph-iri {graph_iri!r}: not an absolute IRI ({exc})") from None
    return graph_iri


def _check_url(endpoint: str) -> tuple[str, str, str, str | None, str | None]:
    """The request URL, the URL as messages show it (password hidden), the host, and the
    credentials in the URL; or a QueryError naming what is wrong with it."""
    if re.search(r"[\s\x00-\x1f\x7f]", endpoint):
        raise QueryError(f"--endpoint {endpoint!r}: a URL may not hold spaces or control characters")
    parts = urlsplit(endpoint)
    netloc = parts.netloc.rpartition("@")[2]
    shown = urlunsplit(parts._replace(netloc=(f"{parts.username}:***@" if parts.password else "") + netloc))
    if parts.scheme not in ("http", "https"):
        raise QueryError(f"--endpoint {shown!r}: must be an http:// or https:// URL")
    if not parts.hostname:
        raise QueryError(f"--endpoint {shown!r}: no host name")
    try:
        port = parts.port
    except ValueError:
        raise QueryError(f"--endpoint {shown!r}: the port must be a number from 0 to 65535") from None
    if parts.fragment or endpoint.endswith("#"):
        raise QueryError(f"--endpoint {shown!r}: a query endpoint has no #fragment")
    url = urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, ""))
    host = f"{parts.hostname}:{port}" if port is not None else parts.hostname
    user = unquote(parts.username) if parts.username is not None else None
    password = unquote(parts.password) if parts.password is not None else None
    return url, shown, host, user, password


def _one_line(text: object) -> str:
    return " ".join(str(text).split())
