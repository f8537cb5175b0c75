"""Stage 3, the graph: listings and their facts into RDF terms and triples (the only place RDF
terms are made), and graph files written and read back.

`triples` maps the understanding stage's records to triples; `formats` writes them as Turtle,
N-Triples and JSON-LD with stable bytes; `files` reads a built graph back (into Oxigraph, or
behind rdflib's API). The names below are imported on first use, so that a command that needs
one constant (`kg --help`) does not load the whole stage.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kg.graph.files import DEFAULT_GRAPH, load_plain_rdflib, load_rdflib, load_store, read_triples
    from kg.graph.formats import GraphFormat, graph_format, serialize_graph, sorted_triples
    from kg.graph.namespaces import DEFAULT_BASE, PREFIXES
    from kg.graph.triples import graph_triples

_HOME = {
    "DEFAULT_GRAPH": "files",
    "load_plain_rdflib": "files",
    "load_rdflib": "files",
    "load_store": "files",
    "read_triples": "files",
    "GraphFormat": "formats",
    "graph_format": "formats",
    "serialize_graph": "formats",
    "sorted_triples": "formats",
    "DEFAULT_BASE": "namespaces",
    "PREFIXES": "namespaces",
    "graph_triples": "triples",
}

__all__ = [
    "DEFAULT_BASE",
    "DEFAULT_GRAPH",
    "PREFIXES",
    "GraphFormat",
    "graph_format",
    "graph_triples",
    "load_plain_rdflib",
    "load_rdflib",
    "load_store",
    "read_triples",
    "serialize_graph",
    "sorted_triples",
]


def __getattr__(name: str) -> Any:
    """The exported `name`, imported from its module on first use."""
    if name not in _HOME:
        raise AttributeError(f"module 'kg.graph' has no attribute {name!r}")
    value = getattr(import_module(f"kg.graph.{_HOME[name]}"), name)
    globals()[name] = value
    return value
