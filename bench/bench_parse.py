"""Hostile lines: how reading and building grow with the length of one adversarial line.

Each pattern is one line of 100, 200 and 400 KB under a title (runs of `[`, `(`, `:`, `<`, `**`,
a title followed by a long text, a long intro full of venues and names, ...). For each, the
median time of `parse_text` (reading) and of `build_graph` (reading, understanding and making the
triples) over three runs, and the ratio of 400 KB to 100 KB: a linear reader stays near 4
(the README quotes the table; `kg build` cuts any text to `kg.read.limits.MAX_TEXT` characters).

    python bench/bench_parse.py [--sizes 100 200 400]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.build import Source, build_graph  # noqa: E402
from kg.read import parse_text  # noqa: E402

# name -> (the start of the line, the unit repeated to the length wanted)
PATTERNS: dict[str, tuple[str, str]] = {
    "[ run": ("- note: ", "["),
    "( run": ("- note: ", "("),
    ": run": ("- intro: ", ":"),
    "< run": ("", "<"),
    "** run": ("", "**"),
    "unclosed ** titles": ("", "**a"),
    "](( run": ("- code: [x](", "("),
    "bare addresses": ("- note: ", "http://a.org/ "),
    "- - run": ("", "- "),
    "# run": ("", "#"),
    "| run": ("", "|"),
    "space run": ("- intro: a", " "),
    "title + long text": ("**T**", " word"),
    "long intro": ("- intro: ", "CVPR 2017. University of Toronto, "),
}


def line_of(name: str, size: int) -> str:
    head, unit = PATTERNS[name]
    return head + unit * ((size - len(head)) // len(unit))


def median(function, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 200, 400], help="line lengths in KB")
    args = parser.parse_args()
    build_graph([Source(Path(__file__).parent.parent / "kg" / "data" / "segmentation.md", "warm-up.md")])
    heads = [f"read {s} KB" for s in args.sizes] + ["ratio"] + [f"build {s} KB" for s in args.sizes] + ["ratio"]
    print("| pattern | " + " | ".join(heads) + " |")
    print("|---|" + "---:|" * (2 * len(args.sizes) + 2))
    with tempfile.TemporaryDirectory() as tmp:
        for name in PATTERNS:
            reads, builds = [], []
            for size in args.sizes:
                text = "**Title**\n" + line_of(name, size * 1024) + "\n"
                path = Path(tmp) / "hostile.md"
                path.write_text(text)
                reads.append(median(lambda text=text: parse_text(text, "hostile.md")))
                builds.append(median(lambda path=path: build_graph([Source(path, "hostile.md")])))
            cells = [f"{t:.3f} s" for t in reads] + [f"{reads[-1] / reads[0]:.1f}"]
            cells += [f"{t:.3f} s" for t in builds] + [f"{builds[-1] / builds[0]:.1f}"]
            print(f"| {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
