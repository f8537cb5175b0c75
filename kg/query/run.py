"""SPARQL over a built graph: canned queries, parameters bound as RDF terms, and the output
formats of `kg query` (an aligned table, SPARQL 1.1 CSV, TSV and JSON results, Turtle).

Queries run in Oxigraph (pyoxigraph). Parameters never enter the query text: each `--param
NAME=VALUE` becomes an RDF term that Oxigraph substitutes for `?NAME` (`Store.query(...,
substitutions=...)`, which oxrdflib also uses for rdflib's `initBindings`), so a value such as
`CVPR" } ; DROP ALL ; #` is just a literal that matches nothing. Oxigraph only substitutes
variables that the query returns: a parameter must be a column of a SELECT (or appear in the
pattern of an ASK or CONSTRUCT query). Inside a FILTER, BOUND(?param) is false even when the
parameter is given, so canned queries match parameters with triple patterns, not filters.

A canned query is a `.rq` file in `ontology/queries/` whose first comment lines say what it is::

    # name: papers-per-venue-year
    # description: Number of papers per venue and year
    # params: venue (label of kg:Venue, e.g. CVPR), year (xsd:gYear, e.g. 2017)

Declared parameter types convert what the user types: `xsd:gYear` turns `2017` into
`"2017"^^xsd:gYear`; `label of CLASS` looks the value up among the names (rdfs:label,
skos:altLabel) of the entities of that class, case-insensitively, and binds the entity's
canonical rdfs:label, so `cvpr` and `Computer Vision and Pattern Recognition` both bind "CVPR".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import QueryError

if TYPE_CHECKING:
    import pyoxigraph

_XSD = "http://www.w3.org/2001/XMLSchema#"
_NAME = re.compile(r"[a-z0-9][a-z0-9-]*")
_VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_HEADER = re.compile(r"#\s*(name|description|params)\s*:(.*)")
_PARAM = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)\s*\(([^)]*)\)")
_INTEGER = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?[0-9]*\.[0-9]+")
_YEAR = re.compile(r"-?[0-9]{4,}")
_UPDATE = re.compile(r"(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.IGNORECASE)
_PROLOGUE = re.compile(r"\s*(#[^\n]*\n?|PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s+<[^>]*>)", re.IGNORECASE)


class OutputFormat(StrEnum):
    """How SELECT and ASK results are printed. CONSTRUCT and DESCRIBE always print Turtle."""

    TABLE = "table"
    CSV = "csv"
    TSV = "tsv"
    JSON = "json"


@dataclass(frozen=True)
class Param:
    """A parameter a query declares: `venue (label of kg:Venue, e.g. CVPR)`."""

    name: str
    kind: str  # "label", "literal", "iri", or an XSD datatype IRI; "" when not declared
    label_class: str | None = None  # for kind "label": the class IRI of the entities
    note: str = ""  # the rest of the declaration, for people: "e.g. CVPR"


@dataclass(frozen=True)
class CannedQuery:
    """A query shipped in `ontology/queries/`, with its header parsed."""

    name: str
    description: str
    params: tuple[Param, ...]
    path: Path
    text: str


@dataclass(frozen=True)
class QuerySource:
    """The text of a query and what to call it in messages (`query`, a file name)."""

    text: str
    where: str
    params: tuple[Param, ...] | None  # None: the query declares no parameters


# -- canned queries -----------------------------------------------------------------------
def queries_dir() -> Path:
    """`ontology/queries/`, where the canned queries live."""
    from kg.resources import ontology_dir

    return ontology_dir() / "queries"


def canned_queries() -> list[CannedQuery]:
    """Every canned query, sorted by name."""
    return [_read_canned(path) for path in sorted(queries_dir().glob("*.rq"))]


def canned_query(name: str) -> CannedQuery:
    """The canned query called `name`; QueryError if there is none."""
    path = queries_dir() / f"{name}.rq"
    if not _NAME.fullmatch(name) or not path.is_file():
        raise QueryError(f"no canned query named {name!r} (`kg query --list` shows them)")
    return _read_canned(path)


def _read_canned(path: Path) -> CannedQuery:
    text = path.read_text(encoding="utf-8")
    header = parse_header(text, where=path.name)
    return CannedQuery(
        name=path.stem,
        description=header.get("description", ""),
        params=parse_params_declaration(header.get("params", ""), where=path.name),
        path=path,
        text=text,
    )


def parse_header(text: str, *, where: str = "query") -> dict[str, str]:
    """The `# name:`, `# description:` and `# params:` lines at the top of a query."""
    header: dict[str, str] = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        match = _HEADER.match(line)
        if match:
            key = match.group(1)
            if key in header:
                raise QueryError(f"{where}: '# {key}:' given twice in the header")
            header[key] = match.group(2).strip()
    return header


def parse_params_declaration(text: str, *, where: str = "query") -> tuple[Param, ...]:
    """`venue (label of kg:Venue, e.g. CVPR), year (xsd:gYear)` as Param records."""
    from kg.namespaces import PREFIXES

    params: list[Param] = []
    rest = text
    for match in _PARAM.finditer(text):
        name, spec = match.group(1), match.group(2)
        rest = rest.replace(match.group(0), "", 1)
        kind_text, _, note = (part.strip() for part in spec.partition(","))
        label_class = None
        if kind_text.startswith("label of "):
            kind = "label"
            label_class = _expand(kind_text.removeprefix("label of ").strip(), PREFIXES, where)
        elif kind_text in ("literal", "iri"):
            kind = kind_text
        elif kind_text.startswith("xsd:"):
            kind = _XSD + kind_text.removeprefix("xsd:")
        else:
            raise QueryError(
                f"{where}: parameter {name!r} has an unknown type {kind_text!r} "
                "(expected literal, iri, xsd:TYPE or label of CLASS)"
            )
        params.append(Param(name, kind, label_class, note))
    if rest.strip(" ,"):
        raise QueryError(f"{where}: cannot read the params line near {rest.strip(' ,')!r}")
    return tuple(params)


def _expand(curie: str, prefixes: dict[str, str], where: str) -> str:
    prefix, colon, local = curie.partition(":")
    if not colon or prefix not in prefixes:
        raise QueryError(f"{where}: unknown class {curie!r} in the params line")
    return prefixes[prefix] + local


# -- finding the query ----------------------------------------------------------------------
def query_source(query: str) -> QuerySource:
    """What QUERY names: a canned query, a `.rq` file, or the SPARQL text itself."""
    if _NAME.fullmatch(query):
        canned = canned_query(query)
        return QuerySource(canned.text, f"{canned.name}.rq", canned.params)
    if query.endswith(".rq") and "\n" not in query:
        path = Path(query)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise QueryError(f"{path}: no such query file") from None
        except UnicodeDecodeError as exc:
            raise QueryError(f"{path}: not UTF-8 text (byte {exc.start})") from None
        except OSError as exc:
            raise QueryError(f"{path}: cannot read: {exc.strerror}") from None
        where = str(path)
    else:
        text, where = query, "query"
    header = parse_header(text, where=where)
    params = parse_params_declaration(header["params"], where=where) if "params" in header else None
    return QuerySource(text, where, params)


# -- parameters -------------------------------------------------------------------------------
def parse_assignment(text: str) -> tuple[str, str]:
    """`NAME=VALUE` as (NAME, VALUE); the name may be written `?NAME`."""
    name, equals, value = text.partition("=")
    name = name.strip().removeprefix("?").removeprefix("$")
    if not equals or not _VARIABLE.fullmatch(name):
        raise QueryError(f"--param {text!r}: expected NAME=VALUE, such as venue=CVPR")
    return name, value


def parse_term(value: str) -> pyoxigraph.NamedNode | pyoxigraph.Literal:
    """VALUE as an RDF term: `<iri>`, an N-Triples literal (`"..."`, `"..."@en`,
    `"..."^^<datatype>`), a bare integer or decimal, or else a plain string literal."""
    import pyoxigraph

    if value.startswith(("<", '"')):
        try:
            triples = list(
                pyoxigraph.parse(f"<urn:x:s> <urn:x:p> {value} .".encode(), format=pyoxigraph.RdfFormat.N_TRIPLES)
            )
        except SyntaxError:
            triples = []
        if len(triples) != 1 or not isinstance(triples[0].object, pyoxigraph.NamedNode | pyoxigraph.Literal):
            kind = "IRI <...>" if value.startswith("<") else 'literal "..."'
            raise QueryError(f"{value!r} is not a valid N-Triples {kind}")
        return triples[0].object
    if _INTEGER.fullmatch(value):
        return pyoxigraph.Literal(value, datatype=pyoxigraph.NamedNode(_XSD + "integer"))
    if _DECIMAL.fullmatch(value):
        return pyoxigraph.Literal(value, datatype=pyoxigraph.NamedNode(_XSD + "decimal"))
    return pyoxigraph.Literal(value)


def bind_params(
    store: pyoxigraph.Store, source: QuerySource, assignments: Iterable[str]
) -> dict[pyoxigraph.Variable, pyoxigraph.NamedNode | pyoxigraph.Literal]:
    """The substitutions for `--param NAME=VALUE` arguments, converted to the declared types."""
    import pyoxigraph

    declared = {param.name: param for param in source.params or ()}
    bound: dict[pyoxigraph.Variable, pyoxigraph.NamedNode | pyoxigraph.Literal] = {}
    for assignment in assignments:
        name, value = parse_assignment(assignment)
        variable = pyoxigraph.Variable(name)
        if variable in bound:
            raise QueryError(f"--param {name}: given twice")
        if source.params is not None:
            if name not in declared:
                known = ", ".join(declared) or "none"
                raise QueryError(f"--param {name}: {source.where} has no parameter {name!r} (its parameters: {known})")
        elif not re.search(rf"[?$]{name}\b", source.text):
            raise QueryError(f"--param {name}: the query has no variable ?{name}")
        try:
            param = declared.get(name, Param(name, ""))
            bound[variable] = _convert(store, param, value)
        except QueryError as exc:
            raise QueryError(f"--param {name}: {exc}") from None
    return bound


def _convert(store: pyoxigraph.Store, param: Param, value: str) -> pyoxigraph.NamedNode | pyoxigraph.Literal:
    import pyoxigraph

    term = parse_term(value)
    if param.kind == "":
        return term
    if param.kind == "iri":
        if isinstance(term, pyoxigraph.NamedNode):
            return term
        try:
            return pyoxigraph.NamedNode(term.value)
        except ValueError:
            raise QueryError(f"{value!r} is not an IRI") from None
    if isinstance(term, pyoxigraph.NamedNode):
        raise QueryError(f"expected a literal, got the IRI {value!r}")
    if param.kind == "literal":
        return term
    if param.kind == "label":
        assert param.label_class is not None
        return resolve_label(store, term.value, param.label_class)
    if param.kind == _XSD + "gYear" and not _YEAR.fullmatch(term.value):
        raise QueryError(f"{term.value!r} is not a year such as 2017")
    if param.kind == _XSD + "integer" and not _INTEGER.fullmatch(term.value):
        raise QueryError(f"{term.value!r} is not an integer")
    return pyoxigraph.Literal(term.value, datatype=pyoxigraph.NamedNode(param.kind))


_LABELS = """
SELECT ?entity ?label ?name WHERE {{
  ?entity a {cls} ;
          <http://www.w3.org/2000/01/rdf-schema#label> ?label ;
          <http://www.w3.org/2000/01/rdf-schema#label>|<http://www.w3.org/2004/02/skos/core#altLabel> ?name .
}}"""


def resolve_label(store: pyoxigraph.Store, text: str, class_iri: str) -> pyoxigraph.Literal:
    """The canonical rdfs:label of the entity of `class_iri` that `text` names: any of its
    rdfs:label or skos:altLabel, compared case-insensitively; an exact rdfs:label wins over
    other names. A name that matches no entity is returned as a plain literal (it matches
    nothing); one that names several entities is a QueryError."""
    import pyoxigraph

    key = text.casefold()
    by_name: dict[str, pyoxigraph.Literal] = {}
    by_label: dict[str, pyoxigraph.Literal] = {}
    # The class comes from the query's own header, never from a --param value; written into the
    # text (as a checked IRI) because Oxigraph does not push a substituted ?class into this
    # pattern: 0.2 ms instead of 19 ms on a 200k-triple graph.
    solutions = store.query(_LABELS.format(cls=pyoxigraph.NamedNode(class_iri)))
    assert isinstance(solutions, pyoxigraph.QuerySolutions)
    for solution in solutions:
        entity, label, name = solution["entity"], solution["label"], solution["name"]
        if (
            isinstance(label, pyoxigraph.Literal)
            and isinstance(name, pyoxigraph.Literal)
            and name.value.casefold() == key
        ):
            by_name[str(entity)] = label
            if label.value.casefold() == key:
                by_label[str(entity)] = label
    found = by_label or by_name
    if not found:
        return pyoxigraph.Literal(text)
    labels = sorted({label.value for label in found.values()})
    if len(found) > 1:
        raise QueryError(f"{text!r} names {len(found)} entities: {', '.join(labels)}")
    return next(iter(found.values()))


# -- running ----------------------------------------------------------------------------------
def run_query(query: str, *, graph: Path, fmt: str = "table", params: Sequence[str] = ()) -> str:
    """Run QUERY (SPARQL text, a `.rq` file or a canned query name) on a built graph file and
    return the printed results: SELECT and ASK in `fmt`, CONSTRUCT and DESCRIBE as Turtle."""
    from kg.graph import load_store

    try:
        output = OutputFormat(fmt)
    except ValueError:
        raise QueryError(f"unknown format {fmt!r} (expected {', '.join(f.value for f in OutputFormat)})") from None
    source = query_source(query)
    check_syntax(source)
    store = load_store(graph)
    substitutions = bind_params(store, source, params)
    results = execute(store, source, substitutions)
    try:
        return format_results(results, output)
    except (OSError, RuntimeError, ValueError) as exc:  # raised while the results are computed
        raise QueryError(f"{source.where}: {_one_line(str(exc))}") from None


def check_syntax(source: QuerySource) -> None:
    """QueryError, one line with the position, if the query does not parse; SPARQL Update
    is refused."""
    import pyoxigraph

    _run(pyoxigraph.Store(), source, {})


def execute(
    store: pyoxigraph.Store,
    source: QuerySource,
    substitutions: dict[pyoxigraph.Variable, pyoxigraph.NamedNode | pyoxigraph.Literal] | None = None,
) -> pyoxigraph.QuerySolutions | pyoxigraph.QueryBoolean | pyoxigraph.QueryTriples:
    """The results of a query on a store, its parameters substituted as RDF terms."""
    return _run(store, source, substitutions or {})


def _run(
    store: pyoxigraph.Store,
    source: QuerySource,
    substitutions: dict[pyoxigraph.Variable, pyoxigraph.NamedNode | pyoxigraph.Literal],
) -> pyoxigraph.QuerySolutions | pyoxigraph.QueryBoolean | pyoxigraph.QueryTriples:
    from kg.namespaces import PREFIXES

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
        raise QueryError(f"{source.where}: {_one_line(str(exc))}") from None


def syntax_message(source: QuerySource, exc: SyntaxError) -> str:
    """One line for a query that does not parse: where it is, at which line and column, and
    what went wrong. Oxigraph reports the furthest point its parser reached, which is often the
    end of the query; where rdflib's parser finds an earlier offending token, that is shown."""
    update = _update_keyword(source.text)
    if update:
        return (
            f"{source.where}: this is SPARQL Update ({update}); `kg query` runs queries only "
            "(SELECT, ASK, CONSTRUCT, DESCRIBE) and never changes a graph"
        )
    match = re.match(r"error at (\d+):(\d+): (.*)", str(exc), re.DOTALL)
    if not match:
        return f"{source.where}: {_one_line(str(exc))}"
    line, column, detail = int(match.group(1)), int(match.group(2)), match.group(3)
    items = _split_expected(detail)
    if "Prefix not found" in items:
        return f"{source.where}: line {line}, column {column}: {_undeclared_prefix(source.text, line, column)}"
    reasons = _oxigraph_reasons(items)
    if reasons:  # a semantic error Oxigraph names in words: trust its position
        return f"{source.where}: line {line}, column {column}: {'; '.join(reasons)}"
    if r'"\\u"' in items:  # the parser wants an escape sequence only inside a string
        return f"{source.where}: line {line}, column {column}: unterminated string"
    found = _rdflib_position(source.text)
    if found is not None:
        line, column, token = found
        return f"{source.where}: line {line}, column {column}: syntax error at {token}"
    expected = _expected_keywords(items)
    what = f"expected {expected}" if expected else "syntax error"
    return f"{source.where}: line {line}, column {column}: {what}"


def _undeclared_prefix(text: str, line: int, column: int) -> str:
    lines = text.splitlines()
    before = lines[line - 1][: column - 1] if 0 < line <= len(lines) else ""
    match = re.search(r"([A-Za-z][\w.-]*)?:[^\s:]*$", before)
    if match is None:
        return "a prefix is not declared"
    prefix = match.group(1) or ""
    return f"prefix {prefix}: is not declared (add PREFIX {prefix}: <...>)"


def _update_keyword(text: str) -> str | None:
    position = 0
    while (match := _PROLOGUE.match(text, position)) and match.end() > position:
        position = match.end()
    keyword = _UPDATE.match(text[position:].lstrip())
    return keyword.group(1).upper() if keyword else None


def _split_expected(detail: str) -> list[str]:
    detail = detail.strip()
    if detail.startswith("expected one of "):
        detail = detail.removeprefix("expected one of ")
    elif detail.startswith("expected "):
        detail = detail.removeprefix("expected ")
    else:
        return [detail]
    items, depth, current = [], 0, ""
    for char in detail:
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
        if char == "," and depth == 0:
            items.append(current.strip())
            current = ""
        else:
            current += char
    items.append(current.strip())
    return [item for item in items if item]


def _oxigraph_reasons(items: list[str]) -> list[str]:
    """The messages in words that Oxigraph mixes into its list of expected tokens
    ("SELECT * is not authorized with GROUP BY", "IRI parsing failed")."""
    reasons = []
    for item in items:
        if " " in item and not item.startswith(("[", '"', "'")):
            reasons.append(item[0].lower() + item[1:] if not item[:2].isupper() else item)
    return reasons


def _expected_keywords(items: list[str]) -> str:
    words = [item for item in items if re.fullmatch(r"[A-Za-z_]+|\"[^\"]+\"", item) and item != "_"]
    if not words:
        return ""
    if len(words) > 6:
        words = [*words[:6], "..."]
    return " or ".join([", ".join(words[:-1]), words[-1]]) if len(words) > 1 else words[0]


def _rdflib_position(text: str) -> tuple[int, int, str] | None:
    """Line, column and token where rdflib's SPARQL parser (pyparsing) stops, if it does."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from rdflib.plugins.sparql.parser import parseQuery

        try:
            parseQuery(text)
        except Exception as exc:  # noqa: BLE001 - rdflib only refines the position; Oxigraph's error stands
            line, column = getattr(exc, "lineno", None), getattr(exc, "col", None)
            if not isinstance(line, int) or not isinstance(column, int):
                return None
            token = re.search(r"found (.+?)\s+\(at char", str(exc))
            shown = token.group(1) if token else "end of query"
            return line, column, "end of query" if shown == "end of text" else shown
    return None


def _one_line(text: str) -> str:
    return " ".join(text.split())


# -- output -----------------------------------------------------------------------------------
def format_results(
    results: pyoxigraph.QuerySolutions | pyoxigraph.QueryBoolean | pyoxigraph.QueryTriples,
    fmt: OutputFormat = OutputFormat.TABLE,
) -> str:
    """Query results as text: SELECT and ASK in `fmt`, CONSTRUCT and DESCRIBE as Turtle."""
    import pyoxigraph

    if isinstance(results, pyoxigraph.QueryTriples):
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

    from kg.namespaces import PREFIXES

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


_NUMERIC = {_XSD + name for name in ("integer", "decimal", "double", "float", "long", "int", "nonNegativeInteger")}


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
