"""`kg query`: SPARQL over a built graph, with canned queries (`ontology/queries/`), parameters
bound as RDF terms, and results as a table, CSV, TSV, JSON or Turtle."""

from kg.query.canned import CannedQuery, Param, QuerySource, canned_queries, canned_query, query_source
from kg.query.params import bind_params, parse_term, resolve_label
from kg.query.results import OutputFormat, format_results
from kg.query.run import check_syntax, execute, run_query

__all__ = [
    "CannedQuery",
    "OutputFormat",
    "Param",
    "QuerySource",
    "bind_params",
    "canned_queries",
    "canned_query",
    "check_syntax",
    "execute",
    "format_results",
    "parse_term",
    "query_source",
    "resolve_label",
    "run_query",
]
