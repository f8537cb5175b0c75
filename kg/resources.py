"""Where the files that travel with the package live: the ontology folder and the bundled list."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def ontology_dir() -> Path:
    """`ontology/`: inside the installed package, or beside it in a source checkout."""
    for candidate in (_PACKAGE / "ontology", _PACKAGE.parent / "ontology"):
        if (candidate / "kg.ttl").is_file():
            return candidate
    raise FileNotFoundError("the ontology folder is missing from this installation of paperkg")


def bundled_list() -> Path:
    """The paper list that `kg build` reads when it is given no path."""
    return _PACKAGE / "data" / "segmentation.md"
