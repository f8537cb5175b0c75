"""Which query to run: a canned query shipped in `ontology/queries/`, a `.rq` file, or SPARQL text,
with the parameters its header declares.

A canned query is a `.rq` file whose first comment lines say what it is::

    # name: papers-per-venue-year
    # description: Number of papers per venue and year
    # params: venue (label of kg:Venue, e.g. CVPR), year (xsd:gYear, e.g. 2017)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from kg.errors import QueryError

XSD = "http://www.w3.org/2001/XMLSchema#"
_NAME = re.compile(r"[a-z0-9][a-z0-9-]*")
_HEADER = re.compile(r"#\s*(name|description|params)\s*:(.*)")
_PARAM = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)\s*\(([^)]*)\)")


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
    from kg.graph.namespaces import PREFIXES

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
            kind = XSD + kind_text.removeprefix("xsd:")
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
