"""YAML front matter (`---` ... `---` at the top of a list), read with YAML's safe loader.

Front matter is bounded: over `MAX_FRONT_MATTER` characters it is not read, YAML aliases (which
can expand a few lines into gigabytes) are refused, and each value is cut to `MAX_TEXT`
characters. What cannot be read is reported, never fatal.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from kg.read.limits import MAX_FRONT_MATTER, MAX_TEXT, cut
from kg.read.records import Problem, Severity

USED_KEYS = frozenset({"title", "category", "date"})  # what the graph keeps of a list's front matter


def _loader() -> type:
    import yaml

    class NoAliases(yaml.SafeLoader):
        """YAML's safe loader, refusing aliases (`*name`)."""

        def compose_node(self, parent: Any, index: Any) -> Any:
            if self.check_event(yaml.AliasEvent):
                event = self.peek_event()
                raise yaml.composer.ComposerError(None, None, "aliases (*name) are not read", event.start_mark)
            return super().compose_node(parent, index)

    return NoAliases


def _end(lines: list[str]) -> int | None:
    if not lines or lines[0].strip() != "---":
        return None
    for end in range(1, len(lines)):
        if lines[end].strip() in ("---", "..."):
            return end
    return None


def front_matter(lines: list[str], source: str) -> tuple[tuple[tuple[str, str], ...], int, list[Problem]]:
    """The front matter as (key, text) pairs, the index of the first line after it, and the
    problems met (front matter that cannot be read is reported and skipped)."""
    end = _end(lines)
    if end is None:
        return (), 0, []
    import yaml

    text = "\n".join(lines[1:end])
    if len(text) > MAX_FRONT_MATTER:
        message = f"front matter of {len(text):,} characters not read (at most {MAX_FRONT_MATTER:,})"
        return (), end + 1, [Problem(source, 1, Severity.UNUSED, message)]
    try:
        data = yaml.load(text, Loader=_loader())  # noqa: S506 - a SafeLoader that also refuses aliases
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = 2 + (mark.line if mark else 0)
        message = f"front matter is not valid YAML: {getattr(exc, 'problem', None) or exc}"
        return (), end + 1, [Problem(source, line, Severity.UNUSED, message)]
    if data is None:
        return (), end + 1, []
    if not isinstance(data, dict):
        return (), end + 1, [Problem(source, 2, Severity.UNUSED, "front matter is not a mapping of keys to values")]
    pairs, problems = _text_pairs(data, lines[1:end], source)
    return tuple(pairs), end + 1, problems


def _key_line(key: str, lines: list[str]) -> int:
    """The line of the front matter where `key` is written (2 when it cannot be told)."""
    for offset, line in enumerate(lines):
        if line.startswith((f"{key}:", f'"{key}":', f"'{key}':")):
            return offset + 2
    return 2


def _text_pairs(
    data: dict[object, object], lines: list[str], source: str
) -> tuple[list[tuple[str, str]], list[Problem]]:
    pairs: list[tuple[str, str]] = []
    problems: list[Problem] = []
    for key, value in data.items():
        name = str(key)
        if isinstance(value, (list, tuple)):
            value = ", ".join(str(v) for v in value)
        elif isinstance(value, (_dt.date, _dt.datetime)):
            value = value.isoformat()
        elif isinstance(value, dict) or value is None:
            value = None
        if value is None or name not in USED_KEYS:
            message = f"front matter key {name!r} not used (the graph keeps title, category and date)"
            problems.append(Problem(source, _key_line(name, lines), Severity.UNUSED, message))
            continue
        text, was_cut = cut(str(value), MAX_TEXT)
        if was_cut:
            message = f"front matter value of {name!r} cut to {MAX_TEXT:,} characters"
            problems.append(Problem(source, _key_line(name, lines), Severity.REPAIRED, message))
        pairs.append((name, text))
    return pairs, problems
