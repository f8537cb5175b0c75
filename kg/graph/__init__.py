"""Stage 3, the graph: listings and their facts into RDF terms and triples (the only place RDF
terms are made), and graph files written and read back.

`triples` maps the understanding stage's records to triples; `formats` writes them as Turtle,
N-Triples and JSON-LD with stable bytes; `files` reads a built graph back (into Oxigraph, or
behind rdflib's API).
"""

from kg.graph.files import DEFAULT_GRAPH, load_plain_rdflib, load_rdflib, load_store, read_triples
from kg.graph.formats import GraphFormat, graph_format, serialize_graph, sorted_triples
from kg.graph.namespaces import DEFAULT_BASE, PREFIXES
from kg.graph.triples import graph_triples

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
