"""RDF terms from plain values: literals with the right datatypes, and the check that an IRI is
one strict tools accept (pyoxigraph is the judge)."""

from __future__ import annotations

import re

from pyoxigraph import Literal, NamedNode

from kg.graph.namespaces import XSD

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_FORBIDDEN = frozenset(' <>"{}|\\^`\n\r\t')


def text_literal(text: str) -> Literal:
    """A plain string literal, with control characters and lone surrogates removed."""
    return Literal(_CONTROL.sub("", text))


def integer(value: int) -> Literal:
    return Literal(str(value), datatype=XSD.integer)


def any_uri(iri: str) -> Literal:
    return Literal(iri, datatype=XSD.anyURI)


def year(value: int) -> Literal:
    return Literal(f"{value:04d}", datatype=XSD.gYear)


def boolean(value: bool) -> Literal:
    return Literal("true" if value else "false", datatype=XSD.boolean)


def is_valid_iri(iri: str) -> bool:
    """True when strict tools accept `iri` as an absolute IRI."""
    if any(ch in _FORBIDDEN for ch in iri) or ":" not in iri:
        return False
    try:
        NamedNode(iri)
    except ValueError:
        return False
    return True
