"""Reading a built graph file back: into a pyoxigraph `Store` for fast SPARQL, or behind the
rdflib API (Oxigraph underneath, via oxrdflib) for libraries that want an `rdflib.Graph`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import GraphFileError

if TYPE_CHECKING:
    import pyoxigraph
    import rdflib

_FORMATS = {".ttl": "TURTLE", ".nt": "N_TRIPLES", ".jsonld": "JSON_LD", ".json": "JSON_LD"}


def graph_format(path: Path) -> pyoxigraph.RdfFormat:
    """The RDF format of a graph file, by its extension (.ttl, .nt, .jsonld)."""
    from pyoxigraph import RdfFormat

    name = _FORMATS.get(path.suffix.lower())
    if name is None:
        raise GraphFileError(f"{path}: unknown graph format (expected .ttl, .nt or .jsonld)")
    return getattr(RdfFormat, name)


def existing_graph(path: Path) -> pyoxigraph.RdfFormat:
    """The format of the graph file at `path`, or a `GraphFileError` when there is none."""
    fmt = graph_format(path)
    if not path.is_file():
        hint = " (run `kg build` first)" if path == Path("outputs/graph.ttl") else ""
        raise GraphFileError(f"{path}: no such graph file{hint}")
    return fmt


def load_store(path: Path) -> pyoxigraph.Store:
    """The triples of a built graph file in an in-memory Oxigraph store (default graph)."""
    import pyoxigraph

    fmt = existing_graph(path)
    store = pyoxigraph.Store()
    try:
        store.bulk_load(path=str(path), format=fmt)
    except SyntaxError as exc:
        raise GraphFileError(f"{path}: {exc}") from None
    except (OSError, ValueError) as exc:
        raise GraphFileError(f"{path}: cannot read: {exc}") from None
    return store


def load_rdflib(path: Path) -> rdflib.Graph:
    """A built graph file as an `rdflib.Graph` backed by Oxigraph (parsing and SPARQL in Rust)."""
    import rdflib

    graph = rdflib.Graph(store="Oxigraph")
    existing_graph(path)
    fmt = {".ttl": "ox-turtle", ".nt": "ox-nt"}.get(path.suffix.lower(), "ox-json-ld")
    try:
        graph.parse(str(path), format=fmt)
    except SyntaxError as exc:
        raise GraphFileError(f"{path}: {exc}") from None
    return graph
