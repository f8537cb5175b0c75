"""Running a query over a built graph in Oxigraph (pyoxigraph).

Queries run in Oxigraph (pyoxigraph). Parameters never enter the query text: each `--param
NAME=VALUE` becomes an RDF term that Oxigraph substitutes for `?NAME` (`Store.query(...,
substitutions=...)`, which oxrdflib also uses for rdflib's `initBindings`), so a value such as
`CVPR" } ; DROP ALL ; #` is just a literal that matches nothing. Oxigraph only substitutes
variables that the query returns: a parameter must be a column of a SELECT (or appear in the
pattern of an ASK or CONSTRUCT query). Inside a FILTER, BOUND(?param) is false even when the
parameter is given, so canned queries match parameters with triple patterns, not filters.

With `endpoint`, the same query runs at a SPARQL 1.1 endpoint (`kg.query.endpoint`): parameters
go into a trailing VALUES block as RDF terms, after the same checks on an empty local store.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import QueryError
from kg.query.canned import QuerySource, query_source
from kg.query.endpoint import DEFAULT_TIMEOUT, Endpoint
from kg.query.params import bind_params
from kg.query.results import OutputFormat, format_results
from kg.query.syntax import one_line, syntax_message

if TYPE_CHECKING:
    import pyoxigraph


def run_query(
    query: str,
    *,
    graph: Path,
    fmt: str = "table",
    params: Sequence[str] = (),
    endpoint: str | None = None,
    graph_iri: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> str:
    """Run QUERY (SPARQL text, a `.rq` file or a canned query name) on a built graph file, or at
    the SPARQL endpoint `endpoint` (on its named graph `graph_iri`, if given), and return the
    printed results: SELECT and ASK in `fmt`, CONSTRUCT and DESCRIBE as Turtle."""
    import pyoxigraph

    from kg.graph.files import load_store

    try:
        output = OutputFormat(fmt)
    except ValueError:
        raise QueryError(f"unknown format {fmt!r} (expected {', '.join(f.value for f in OutputFormat)})") from None
    if graph_iri is not None and endpoint is None:
        raise QueryError("--graph-iri names a graph at an endpoint: give --endpoint too")
    source = query_source(query)
    check_syntax(source)
    store: pyoxigraph.Store | Endpoint
    store = Endpoint(endpoint, graph_iri=graph_iri, timeout=timeout) if endpoint is not None else load_store(graph)
    substitutions = bind_params(store, source, params)
    if endpoint is not None:
        _run(pyoxigraph.Store(), source, substitutions)  # the same refusals as for a local file
    results = execute(store, source, substitutions)
    try:
        return format_results(results, output)
    except (OSError, RuntimeError, ValueError) as exc:  # raised while the results are computed
        raise QueryError(f"{source.where}: {one_line(str(exc))}") from None


def check_syntax(source: QuerySource) -> None:
    """QueryError, one line with the position, if the query does not parse; SPARQL Update
    is refused."""
    import pyoxigraph

    _run(pyoxigraph.Store(), source, {})


def execute(
    store: pyoxigraph.Store | Endpoint,
    source: QuerySource,
    substitutions: dict[pyoxigraph.Variable, pyoxigraph.NamedNode | pyoxigraph.Literal] | None = None,
) -> pyoxigraph.QuerySolutions | pyoxigraph.QueryBoolean | pyoxigraph.QueryTriples | list[pyoxigraph.Triple]:
    """The results of a query on a store, its parameters substituted as RDF terms."""
    return _run(store, source, substitutions or {})


def _run(
    store: pyoxigraph.Store | Endpoint,
    source: QuerySource,
    substitutions: dict[pyoxigraph.Variable, pyoxigraph.NamedNode | pyoxigraph.Literal],
) -> pyoxigraph.QuerySolutions | pyoxigraph.QueryBoolean | pyoxigraph.QueryTriples | list[pyoxigraph.Triple]:
    from kg.graph.namespaces import PREFIXES

    try:
        return store.query(source.text, prefixes=PREFIXES, substitutions=substitutions or None)  # type: ignore[arg-type]
    except SyntaxError as exc:
        raise QueryError(syntax_message(source, exc)) from None
    except RuntimeError as exc:
        match = re.search(r"variable \?(\w+) in its SELECT projection", str(exc))
        if match:
            name = match.group(1)
            query = "the query" if source.where == "query" else source.where
            raise QueryError(
                f"--param {name}: ?{name} is not a result variable of {query}; "
                "only the variables a query returns can be bound"
            ) from None
        raise QueryError(f"{source.where}: {one_line(str(exc))}") from None
