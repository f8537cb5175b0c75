"""Every error paperkg raises on purpose. The CLI turns each into one line on stderr and exit 1."""

from __future__ import annotations

from pathlib import Path


class KGError(Exception):
    """A problem the user can fix: the message names what is wrong and where."""


class InputError(KGError):
    """An input path is missing, unreadable or holds no markdown list."""


class ParseError(KGError):
    """A markdown list cannot be read at all (for example undecodable bytes)."""

    def __init__(self, path: str | Path, line: int | None, message: str) -> None:
        self.path = str(path)
        self.line = line
        self.message = message
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {message}")

    def __reduce__(self) -> tuple[type[ParseError], tuple[str, int | None, str]]:
        """Pickled with its three parts (it travels back from the processes that read lists)."""
        return (type(self), (self.path, self.line, self.message))


class OutputError(KGError):
    """The output folder cannot be written; the previous outputs are left intact."""


class QueryError(KGError):
    """A SPARQL query or one of its parameters is invalid."""


class GraphFileError(KGError):
    """A built graph file is missing or does not parse."""


class PushError(KGError):
    """A graph could not be sent to a store."""
