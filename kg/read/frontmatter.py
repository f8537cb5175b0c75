"""YAML front matter (`---` ... `---` at the top of a list), read with YAML's safe loader."""

from __future__ import annotations

import datetime as _dt

from kg.read.records import Problem, Severity


def front_matter(lines: list[str], source: str) -> tuple[tuple[tuple[str, str], ...], int, list[Problem]]:
    """The front matter as (key, text) pairs, the index of the first line after it, and the
    problems met (front matter that is not YAML, or not a mapping, is reported and skipped)."""
    if not lines or lines[0].strip() != "---":
        return (), 0, []
    for end in range(1, len(lines)):
        if lines[end].strip() in ("---", "..."):
            break
    else:
        return (), 0, []
    import yaml

    try:
        data = yaml.safe_load("\n".join(lines[1:end]))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = 2 + (mark.line if mark else 0)
        message = f"front matter is not valid YAML: {getattr(exc, 'problem', exc)}"
        return (), end + 1, [Problem(source, line, Severity.UNUSED, message)]
    if data is None:
        return (), end + 1, []
    if not isinstance(data, dict):
        return (), end + 1, [Problem(source, 2, Severity.UNUSED, "front matter is not a mapping of keys to values")]
    return tuple(_text_pairs(data)), end + 1, []


def _text_pairs(data: dict[object, object]) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    for key, value in data.items():
        if isinstance(value, (list, tuple)):
            value = ", ".join(str(v) for v in value)
        elif isinstance(value, (_dt.date, _dt.datetime)):
            value = value.isoformat()
        elif isinstance(value, dict) or value is None:
            continue
        pairs.append((str(key), str(value)))
    return pairs
