"""Reading a built graph file back, with one mapping of what can go wrong to `GraphFileError`:
as triples, into a pyoxigraph `Store` for fast SPARQL, or as an `rdflib.Graph` (plain, or on the
Oxigraph store through oxrdflib) for libraries that want rdflib's API."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import GraphFileError
from kg.graph.formats import graph_format, rdflib_parser

if TYPE_CHECKING:
    import pyoxigraph
    import rdflib

DEFAULT_GRAPH = Path("outputs/graph.ttl")  # what `--graph` means when it is not given


def existing_graph(path: Path) -> pyoxigraph.RdfFormat:
    """The format of the graph file at `path`, or a `GraphFileError` when there is none."""
    fmt = graph_format(path)
    if not path.is_file():
        hint = " (run `kg build` first)" if path == DEFAULT_GRAPH else ""
        raise GraphFileError(f"{path}: no such graph file{hint}")
    return fmt


def _failure(path: Path, exc: BaseException) -> GraphFileError:
    """The one line that says why the graph file at `path` could not be read."""
    if isinstance(exc, SyntaxError):
        return GraphFileError(f"{path}: {exc}")
    if isinstance(exc, MemoryError):
        return GraphFileError(
            f"{path}: cannot read: a term of the file is too large to parse ({exc or 'out of memory'})"
        )
    if isinstance(exc, OSError) and exc.strerror:
        return GraphFileError(f"{path}: cannot read: {exc.strerror}")
    return GraphFileError(f"{path}: cannot read: {exc}")


def read_triples(path: Path) -> list[pyoxigraph.Triple]:
    """Every triple of a built graph file (named graphs refused), parsed strictly by Oxigraph."""
    import pyoxigraph

    fmt = existing_graph(path)
    try:
        return [quad.triple for quad in pyoxigraph.parse(path=str(path), format=fmt, without_named_graphs=True)]
    except (SyntaxError, OSError, ValueError, MemoryError) as exc:
        raise _failure(path, exc) from None


def iter_triples(path: Path) -> Iterator[pyoxigraph.Triple]:
    """The triples of a built graph file, as `read_triples` reads them."""
    yield from read_triples(path)


def load_store(path: Path) -> pyoxigraph.Store:
    """The triples of a built graph file in an in-memory Oxigraph store (default graph)."""
    import pyoxigraph

    fmt = existing_graph(path)
    store = pyoxigraph.Store()
    try:
        store.bulk_load(path=str(path), format=fmt)
    except (SyntaxError, OSError, ValueError, MemoryError) as exc:
        raise _failure(path, exc) from None
    return store


def load_rdflib(path: Path) -> rdflib.Graph:
    """A built graph file as an `rdflib.Graph` backed by Oxigraph (parsing and SPARQL in Rust)."""
    import rdflib

    fmt = existing_graph(path)
    graph = rdflib.Graph(store="Oxigraph")
    try:
        graph.parse(str(path), format=rdflib_parser(fmt))
    except (SyntaxError, OSError, ValueError, MemoryError) as exc:
        raise _failure(path, exc) from None
    return graph


def load_plain_rdflib(path: Path) -> rdflib.Graph:
    """A built graph file as an in-memory `rdflib.Graph` (rdflib's own store), parsed by Oxigraph:
    what pySHACL walks fastest."""
    import rdflib

    graph = rdflib.Graph()
    graph.addN(
        (_rdflib_term(t.subject), _rdflib_term(t.predicate), _rdflib_term(t.object), graph) for t in read_triples(path)
    )
    return graph


def _rdflib_term(term: object) -> rdflib.term.Identifier:
    import pyoxigraph
    import rdflib

    if isinstance(term, pyoxigraph.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return rdflib.BNode(term.value)
    if isinstance(term, pyoxigraph.Literal):
        if term.language:
            return rdflib.Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == "http://www.w3.org/2001/XMLSchema#string":
            return rdflib.Literal(term.value)
        return rdflib.Literal(term.value, datatype=rdflib.URIRef(datatype))
    raise GraphFileError(f"unsupported RDF term in a built graph: {term}")
