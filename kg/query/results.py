"""Query results as `kg query` prints them: an aligned table, SPARQL 1.1 CSV, TSV or JSON results,
or sorted Turtle for CONSTRUCT and DESCRIBE."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from enum import StrEnum
from functools import cache
from typing import TYPE_CHECKING

from kg.query.canned import XSD

if TYPE_CHECKING:
    import pyoxigraph


class OutputFormat(StrEnum):
    """How SELECT and ASK results are printed. CONSTRUCT and DESCRIBE always print Turtle."""

    TABLE = "table"
    CSV = "csv"
    TSV = "tsv"
    JSON = "json"


def format_results(
    results: pyoxigraph.QuerySolutions | pyoxigraph.QueryBoolean | pyoxigraph.QueryTriples | list[pyoxigraph.Triple],
    fmt: OutputFormat = OutputFormat.TABLE,
) -> str:
    """Query results as text: SELECT and ASK in `fmt`, CONSTRUCT and DESCRIBE (triples, from a
    store or a list from an endpoint) as Turtle."""
    import pyoxigraph

    if isinstance(results, pyoxigraph.QueryTriples | list):
        return turtle(results)
    if fmt is OutputFormat.TABLE:
        if isinstance(results, pyoxigraph.QueryBoolean):
            return "true\n" if bool(results) else "false\n"
        return table(results)
    serialized = (results.serialize(format=getattr(pyoxigraph.QueryResultsFormat, fmt.name)) or b"").decode("utf-8")
    if isinstance(results, pyoxigraph.QueryBoolean) or fmt is OutputFormat.JSON:
        serialized += "\n"
    return serialized


def turtle(triples: Iterable[pyoxigraph.Triple]) -> str:
    """Triples as Turtle with the paperkg prefixes, sorted so that output is stable."""
    import pyoxigraph

    from kg.graph.namespaces import PREFIXES

    ordered = sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    data = pyoxigraph.serialize(ordered, format=pyoxigraph.RdfFormat.TURTLE, prefixes=PREFIXES)
    return (data or b"").decode("utf-8")


def table(solutions: pyoxigraph.QuerySolutions) -> str:
    """SELECT results as an aligned text table: literals by their value, IRIs in full,
    unbound cells empty, numeric columns right-aligned; then a line with the row count."""
    names = [variable.value for variable in solutions.variables]
    rows = [[solution[index] for index in range(len(names))] for solution in solutions]
    cells = [[_cell(term) for term in row] for row in rows]
    numeric = [bool(rows) and all(row[i] is None or _is_number(row[i]) for row in rows) for i in range(len(names))]
    widths = [max([_width(name), *(_width(row[i]) for row in cells)]) for i, name in enumerate(names)]

    def line(values: list[str]) -> str:
        parts = [_pad(value, widths[i], right=numeric[i]) for i, value in enumerate(values)]
        return "  ".join(parts).rstrip()

    out = [line(names), line(["-" * width for width in widths])]
    out.extend(line(row) for row in cells)
    out.append(f"{len(rows)} row{'' if len(rows) == 1 else 's'}")
    return "\n".join(out) + "\n"


_NUMERIC = {XSD + name for name in ("integer", "decimal", "double", "float", "long", "int", "nonNegativeInteger")}


def _is_number(term: object) -> bool:
    import pyoxigraph

    return isinstance(term, pyoxigraph.Literal) and term.datatype.value in _NUMERIC


def _cell(term: object) -> str:
    import pyoxigraph

    if term is None:
        return ""
    if isinstance(term, pyoxigraph.NamedNode | pyoxigraph.Literal):
        text = term.value
    elif isinstance(term, pyoxigraph.BlankNode):
        text = f"_:{term.value}"
    else:
        text = str(term)
    return _printable(text)


@cache
def _escapes() -> dict[int, str]:
    table = {code: f"\\x{code:02x}" for code in range(32)}
    table.update({ord("\n"): "\\n", ord("\t"): "\\t", ord("\r"): "\\r", 0x7F: "\\x7f"})
    return table


def _printable(text: str) -> str:
    return text.translate(_escapes())


def _width(text: str) -> int:
    return sum(
        0 if unicodedata.combining(char) else 2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text
    )


def _pad(text: str, width: int, *, right: bool) -> str:
    space = " " * (width - _width(text))
    return space + text if right else text + space
