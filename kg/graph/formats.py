"""Writing triples as Turtle, N-Triples and JSON-LD with bytes that never change for the same
input, and replacing output files only once every new file is complete."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from enum import StrEnum
from pathlib import Path

from pyoxigraph import RdfFormat, Triple, serialize

from kg.errors import OutputError
from kg.namespaces import PREFIXES, RDF

_TYPE = RDF.type


class GraphFormat(StrEnum):
    """The RDF formats a build writes, by file name."""

    TURTLE = "graph.ttl"
    NTRIPLES = "graph.nt"
    JSONLD = "graph.jsonld"

    @property
    def rdf_format(self) -> RdfFormat:
        return {"graph.ttl": RdfFormat.TURTLE, "graph.nt": RdfFormat.N_TRIPLES, "graph.jsonld": RdfFormat.JSON_LD}[
            self.value
        ]


def _order(triple: Triple) -> tuple[str, bool, str, str]:
    subject = getattr(triple.subject, "value", str(triple.subject))  # paperkg makes only named subjects
    return (subject, triple.predicate != _TYPE, triple.predicate.value, str(triple.object))


def sorted_triples(triples: Iterable[Triple]) -> list[Triple]:
    """Triples in one fixed order: by subject, `rdf:type` first, then predicate and object."""
    return sorted(triples, key=_order)


def serialize_graph(triples: list[Triple], fmt: GraphFormat) -> bytes:
    """`triples` (already sorted) in `fmt`; Turtle and JSON-LD use the contract's prefixes.
    Resource IRIs are written in full: their paths hold `/`, which a prefixed name must escape."""
    prefixes = PREFIXES if fmt is not GraphFormat.NTRIPLES else None
    data = serialize(triples, format=fmt.rdf_format, prefixes=prefixes)
    assert data is not None
    return data if data.endswith(b"\n") else data + b"\n"


def write_atomically(folder: Path, files: Mapping[str, bytes]) -> None:
    """Write every file into `folder`, or none: each is written to a temporary file first, and
    the files are renamed into place only when all were written."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise OutputError(f"{folder}: exists and is not a folder") from None
    except OSError as exc:
        raise OutputError(f"{folder}: cannot create the output folder: {exc.strerror}") from None
    if not folder.is_dir():
        raise OutputError(f"{folder}: exists and is not a folder")
    for name in files:
        if (folder / name).is_dir():
            raise OutputError(f"{folder / name}: is a folder; cannot replace it with the {name} output")
    written: list[tuple[Path, Path]] = []
    try:
        for name, data in files.items():
            target = folder / name
            temp = folder / f".{name}.{os.getpid()}.tmp"
            written.append((temp, target))
            temp.write_bytes(data)
    except OSError as exc:
        for temp, _ in written:
            temp.unlink(missing_ok=True)
        raise OutputError(
            f"{folder}: cannot write the outputs: {exc.strerror}; previous outputs left as they were"
        ) from None
    for temp, target in written:
        os.replace(temp, target)
