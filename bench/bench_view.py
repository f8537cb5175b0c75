"""How the view's build work grows with the corpus: projection, communities, layout, page and
GraphML, in CPU seconds and peak memory, per size and per 1,000 entries.

Each size runs in a fresh process (so peak memory is its own), on synthetic graphs shaped like
paper lists (`bench_html.synthetic_triples`: entries linked to topics, venues, institutions,
datasets, method families and frameworks, popular ones picked more often), and, with --corpus,
on real built graphs (a `graph.nt` each, e.g. from `kg build /work/shared/corpus`).

    python bench/bench_view.py [--entries 1000,2000,4000,8000,16000,32000] [--corpus out/graph.nt ...]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

STAGES = ("project", "communities", "layout", "page", "graphml")


def measure(source: str) -> dict[str, float]:
    """CPU seconds of each stage of the view for one graph (`synthetic:N` entries or a path to
    an N-Triples file), and this process's peak memory above what it held before the view."""
    import pyoxigraph as ox

    import kg.view.scene as scene
    from kg.view.communities import louvain
    from kg.view.graphml import render_graphml
    from kg.view.layout import force_layout
    from kg.view.page import render_html
    from kg.view.projection import project

    if source.startswith("synthetic:"):
        from bench_html import synthetic_triples

        triples = synthetic_triples(int(int(source.split(":")[1]) / 0.665))  # about 66.5% of nodes are entries
    else:
        triples = list(ox.parse(path=source, format=ox.RdfFormat.N_TRIPLES))
    import igraph  # noqa: F401  (imports timed apart from the stages)
    import pyvis.network  # noqa: F401

    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    times: dict[str, float] = {}
    timed: dict[str, float] = {"communities": 0.0, "layout": 0.0}

    def clocked(name, function):
        def run(*args, **kwargs):
            start = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                timed[name] += time.process_time() - start

        return run

    start = time.process_time()
    with scene.paused_gc():  # as graph_view projects
        projection = project(triples)
    times["project"] = time.process_time() - start
    import kg.view.communities as communities
    import kg.view.layout as layout

    communities.louvain = clocked("communities", louvain)
    layout.force_layout = clocked("layout", force_layout)
    start = time.process_time()
    view = scene.graph_view(projection)
    times["scene (labels, hulls)"] = time.process_time() - start - timed["communities"] - timed["layout"]
    times.update(timed)
    start = time.process_time()
    page = render_html(view)
    times["page"] = time.process_time() - start
    start = time.process_time()
    render_graphml(view)
    times["graphml"] = time.process_time() - start
    graph = view.graph
    entries = sum(1 for _, a in graph.nodes(data=True) if a["kind"] in ("Paper", "Entry"))
    return {
        **times,
        "entries": entries,
        "nodes": graph.number_of_nodes(),
        "edges": graph.number_of_edges(),
        "page MB": len(page) / 1e6,
        "peak MiB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 - base,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", default="1000,2000,4000,8000,16000,32000")
    parser.add_argument("--corpus", nargs="*", default=[], help="graph.nt files of real builds")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # run one measurement, print JSON
    options = parser.parse_args()
    if options.one:
        print(json.dumps(measure(options.one)))
        return 0
    sources = [f"synthetic:{n}" for n in options.entries.split(",") if n] + options.corpus
    rows = []
    for source in sources:
        proc = subprocess.run(
            [sys.executable, __file__, "--one", source], capture_output=True, text=True, check=True, cwd=ROOT
        )
        rows.append((source, json.loads(proc.stdout.strip().splitlines()[-1])))
        print(f"  {source}: done", file=sys.stderr)
    stages = [k for k in rows[0][1] if k not in ("entries", "nodes", "edges", "page MB", "peak MiB")]
    print(
        "| graph | entries | nodes | edges | "
        + " | ".join(stages)
        + " | total CPU | per 1k entries | peak memory | per 1k entries |"
    )
    print("|---|---:|---:|---:|" + "---:|" * (len(stages) + 4))
    for source, m in rows:
        total = sum(m[k] for k in stages)
        name = (
            source.replace("synthetic:", "synthetic ") if source.startswith("synthetic") else Path(source).parent.name
        )
        cells = " | ".join(f"{m[k]:.2f} s" for k in stages)
        per_k = 1000 / m["entries"]
        print(
            f"| {name} | {m['entries']:,} | {m['nodes']:,} | {m['edges']:,} | {cells} | {total:.2f} s "
            f"| {per_k * total:.3f} s | {m['peak MiB']:.0f} MiB | {per_k * m['peak MiB']:.1f} MiB |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
