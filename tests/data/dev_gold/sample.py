"""Draw the entries of the development gold set: a seeded random sample of the entries of the
real lists in a folder (`../shared/corpus/` in this project's workplace).

An entry is found here by the plainest rule, independent of paperkg's parser: a line whose text
starts with a bold title (`**...`, a stray character or three allowed before it); bold lines with
only blank lines between them are one entry. The sample is drawn once, before any label is made,
and never redrawn to suit the tool.

    python tests/data/dev_gold/sample.py ../shared/corpus 250 > tests/data/dev_gold/sample.tsv

A held-out set is drawn the same way with another seed, leaving out the entries of earlier samples:

    python tests/data/dev_gold/sample.py ../shared/corpus 160 20261130 tests/data/dev_gold/sample.tsv \
        > tests/data/heldout_gold/sample.tsv
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

SEED = 20261129
_TITLE = re.compile(r"^\s*\S{0,3}\*\*")


def entries(path: Path) -> list[int]:
    """1-based line numbers of the first title line of each entry of one list."""
    lines = path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    starts: list[int] = []
    previous_title = False  # only blank lines since the last title line
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        is_title = bool(_TITLE.match(line))
        if is_title and not previous_title:
            starts.append(number)
        previous_title = is_title
    return starts


def _drawn(sample: str) -> set[tuple[str, int]]:
    rows = (line.split("\t") for line in Path(sample).read_text(encoding="utf-8").splitlines() if line[:1] != "#")
    return {(name, int(number)) for name, number in rows}


def main(folder: str, size: str, seed: str = str(SEED), *exclude: str) -> None:
    left_out = set().union(*(_drawn(sample) for sample in exclude))
    population = [
        (path.name, line)
        for path in sorted(Path(folder).glob("*.md"))
        if path.name != "README.md"
        for line in entries(path)
        if (path.name, line) not in left_out
    ]
    chosen = sorted(random.Random(int(seed)).sample(population, int(size)))
    print(f"# {len(chosen)} of {len(population)} entries, seed {seed}")
    for name, line in chosen:
        print(f"{name}\t{line}")


if __name__ == "__main__":
    main(*sys.argv[1:])
