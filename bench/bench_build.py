"""Benchmark `kg build`: time per stage and peak memory, on the bundled list and on a synthetic
corpus of about 7,600 entries in the same style (the size of a real corpus of such lists).

    python bench/bench_build.py [--entries 7600] [--repeat 3]

The synthetic corpus repeats the entries of the bundled list and of tests/data/lists/other_fields.md
with new titles and arXiv ids, so that every copy is a distinct paper, spread over 40 files.
Prints a markdown table; the README quotes it.
"""

from __future__ import annotations

import argparse
import re
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.build import build_graph, collect_sources  # noqa: E402
from kg.graph.formats import GraphFormat, serialize_graph, sorted_triples  # noqa: E402
from kg.resources import bundled_list  # noqa: E402

_ENTRY_START = re.compile(r"^\*\*", re.M)


def synthetic_corpus(folder: Path, entries: int, files: int = 40) -> int:
    """Write `files` lists holding about `entries` bold titles in all (titles in a row are one
    entry, so the parsed count is a little lower); returns the number of titles."""
    sources = [bundled_list().read_text(), (ROOT / "tests/data/lists/other_fields.md").read_text()]
    blocks: list[str] = []
    for text in sources:
        body = text.split("\n---\n", 1)[-1] if text.startswith("---") else text
        blocks.extend(re.split(r"\n(?=#{1,3} |\*\*)", body))
    per_file = entries // files
    made = 0
    copy = 0
    for index in range(files):
        out = [f"---\ntitle: Synthetic list {index}\n---\n"]
        count = 0
        while count < per_file:
            for block in blocks:
                copy += 1
                if block.startswith("**"):
                    count += 1
                    block = block.replace("**", f"**[{copy}] ", 1)
                block = re.sub(
                    r"(\d{4})\.(\d{4,5})", lambda m, n=copy: f"{m.group(1)}.{(int(m.group(2)) + n) % 99999:05d}", block
                )
                out.append(block)
                if count >= per_file:
                    break
        made += count
        (folder / f"list{index:02d}.md").write_text("\n".join(out))
    return made


def measure(paths: list[Path], repeat: int) -> dict[str, float]:
    timings: dict[str, list[float]] = {"parse+extract+rdf": [], "sort": [], "turtle": [], "ntriples": [], "jsonld": []}
    triples = 0
    for _ in range(repeat):
        start = time.perf_counter()
        result = build_graph(collect_sources(paths))
        timings["parse+extract+rdf"].append(time.perf_counter() - start)
        start = time.perf_counter()
        ordered = sorted_triples(result.triples)
        timings["sort"].append(time.perf_counter() - start)
        for name, fmt in (
            ("turtle", GraphFormat.TURTLE),
            ("ntriples", GraphFormat.NTRIPLES),
            ("jsonld", GraphFormat.JSONLD),
        ):
            start = time.perf_counter()
            serialize_graph(ordered, fmt, base=result.base)
            timings[name].append(time.perf_counter() - start)
        triples = result.triple_count
    medians = {name: statistics.median(values) for name, values in timings.items()}
    medians["triples"] = triples
    medians["entries"] = sum(len(doc.entries) for doc in result.documents)
    return medians


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=7600)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    start = time.perf_counter()
    import spacy  # noqa: F401  (counted apart: imported once per process)

    from kg.understand.patterns import rules
    from kg.understand.vocabulary import load_vocabulary

    rules(load_vocabulary())
    setup = time.perf_counter() - start
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        synthetic_corpus(Path(tmp), args.entries)
        for name, paths in (("bundled list", [bundled_list()]), ("synthetic, 40 lists", [Path(tmp)])):
            m = measure(paths, args.repeat)
            total = sum(v for k, v in m.items() if k not in ("triples", "entries"))
            rows.append((name, int(m["entries"]), int(m["triples"]), m, total))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"spaCy import and pipeline set-up (once per process): {setup:.2f} s")
    print()
    print("| input | entries | triples | parse+extract+rdf | sort | Turtle | N-Triples | JSON-LD | total | triples/s |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name, entries, triples, m, total in rows:
        print(
            f"| {name} | {entries} | {triples} | {m['parse+extract+rdf']:.2f} s | {m['sort']:.2f} s "
            f"| {m['turtle']:.2f} s | {m['ntriples']:.2f} s | {m['jsonld']:.2f} s "
            f"| {total:.2f} s | {triples / total:,.0f} |"
        )
    print()
    print(f"peak resident memory of this process: {peak:.0f} MiB (medians of {args.repeat} runs)")


if __name__ == "__main__":
    main()
