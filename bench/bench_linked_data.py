"""Time graph.jsonld (the compacting writer, and reading it back in pyoxigraph), void.ttl and
`kg validate` on the bundled list's graph and on the graph of bench_build's synthetic corpus
(about 9,000 entries in 40 lists, some 150k triples: a real build's output, which conforms to
the shapes), medians of 3 runs (validation of the large graph: 1 run).

    python bench/bench_linked_data.py [--entries 9000] [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph

sys.path.insert(0, str(Path(__file__).parent))
from bench_build import synthetic_corpus  # noqa: E402

from kg.build import build  # noqa: E402
from kg.graph.jsonld import serialize_jsonld  # noqa: E402
from kg.graph.namespaces import DEFAULT_BASE  # noqa: E402
from kg.graph.void import void_triples  # noqa: E402
from kg.validate import validate_graph  # noqa: E402


def median_s(action, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure(name: str, triples: list[pyoxigraph.Triple], folder: Path, runs: int, validate_runs: int) -> None:
    data = serialize_jsonld(triples, base=DEFAULT_BASE)
    graph = folder / "graph.nt"
    graph.write_bytes(pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES) or b"")
    write = median_s(lambda: serialize_jsonld(triples, base=DEFAULT_BASE), runs)
    read = median_s(lambda: list(pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.JSON_LD)), runs)
    void = median_s(lambda: void_triples(triples, base=DEFAULT_BASE), runs)
    report = validate_graph(graph)
    assert report.conforms, report.text[-2000:]
    validate = median_s(lambda: validate_graph(graph), validate_runs)
    print(
        f"| {name} | {len(triples):,} | {len(data) / 1e6:.1f} MB | {write:.2f} s | {read:.2f} s | {void:.2f} s "
        f"| {validate:.2f} s |"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=9_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print("| graph | triples | graph.jsonld | write JSON-LD | read it back (pyoxigraph) | VoID | kg validate |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        seed = build(out=folder / "seed")
        measure("bundled list", seed.triples, folder, args.runs, args.runs)
        (folder / "corpus").mkdir()
        synthetic_corpus(folder / "corpus", args.entries)
        corpus = build([folder / "corpus"], out=folder / "corpus-out")
        measure(f"synthetic, {args.entries:,} entries", corpus.triples, folder, args.runs, 1)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
