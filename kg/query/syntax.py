"""One line for a query that does not parse: where it is, at which line and column, and what
went wrong (Oxigraph's message, refined by rdflib's parser where that finds an earlier token)."""

from __future__ import annotations

import re

from kg.query.canned import QuerySource

_UPDATE = re.compile(r"(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.IGNORECASE)
_PROLOGUE = re.compile(r"\s*(#[^\n]*\n?|PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s+<[^>]*>)", re.IGNORECASE)


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
        return f"{source.where}: {one_line(str(exc))}"
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


def one_line(text: str) -> str:
    return " ".join(text.split())
