"""Where `kg build`'s time and memory go, stage by stage, and how each grows with the corpus.

For each size (entries), a corpus is made as `bench_corpus.py` makes it (real entries of the
lists in a folder repeated as distinct papers, about 170 a list), then built in a fresh process
stage by stage, as `kg.build.pipeline` builds it: read, understand, triples (in order), class counts,
the three graph files, VoID, the SHACL check, the report, and the view (projection with
communities and layout, page, GraphML). Printed per stage: CPU seconds per 1,000 entries at each
size, and the peak resident memory of the whole build per 1,000 entries.

    python bench/bench_stages.py [--sizes 1000 8000 32000] [--lists DIR] [--profile STAGE]

`--profile STAGE ...` prints the cProfile of these stages at each size (its 25 costliest functions).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def _stages(folder: Path):  # noqa: ANN202  (a generator of (stage name, thunk))
    """The build of the lists in `folder`, one stage at a time, as `kg.build.pipeline` runs it."""
    from kg.build import pipeline
    from kg.build.report import render_report, unknown_entities
    from kg.graph.formats import GraphFormat, serialize_graph
    from kg.graph.shapes import check_ntriples
    from kg.graph.triples import graph_triples
    from kg.read.sources import find_sources, read_document
    from kg.resources import ontology_dir
    from kg.understand.listings import understand
    from kg.understand.vocabulary import load_vocabulary
    from kg.view.graphml import render_graphml
    from kg.view.page import render_html
    from kg.view.scene import graph_view

    state: dict = {}
    sources, _ = find_sources([folder])
    vocabulary = load_vocabulary()
    yield "read", lambda: state.update(documents=[read_document(s.path, s.name) for s in sources])
    yield "understand", lambda: state.update(understood=understand(state["documents"], vocabulary))
    yield "triples", lambda: state.update(triples=list(graph_triples(state["understood"], base=pipeline.DEFAULT_BASE)))
    yield "class counts", lambda: state.update(classes=pipeline._class_counts(state["triples"]))
    for fmt in GraphFormat:
        yield fmt.value, lambda fmt=fmt: state.update({fmt.value: serialize_graph(state["triples"], fmt)})
    result = pipeline.BuildResult([], None, [])  # type: ignore[arg-type]

    def void() -> None:
        result.triples = state["triples"]
        pipeline.serialize_void(result, state["graph.nt"])

    yield "void", void
    yield (
        "shapes",
        lambda: state.update(violations=check_ntriples(state["graph.nt"], ontology_dir() / "shapes.ttl", written=True)),
    )

    def report() -> None:
        understood = state["understood"]
        render_report(
            state["documents"],
            triples=len(state["triples"]),
            classes=state["classes"],
            problems=understood.problems,
            unplaced=understood.unplaced,
            disagreements=understood.disagreements,
            violations=[str(v) for v in state["violations"]],
            unknown=unknown_entities(understood),
        )

    yield "report", report
    yield "view", lambda: state.update(view=graph_view(state["triples"]))
    yield "page", lambda: render_html(state["view"])
    yield "graphml", lambda: render_graphml(state["view"])


def measure(folder: Path, profile: list[str]) -> dict[str, float]:
    """CPU seconds of each stage of building `folder`, and the peak memory of the build."""
    import gc

    import igraph  # noqa: F401  (imports timed apart from the stages)
    import networkx  # noqa: F401
    import spacy  # noqa: F401

    gc.disable()  # as `kg build` does (`kg.collector`)
    times: dict[str, float] = {}
    for name, thunk in _stages(folder):
        profiler = cProfile.Profile() if name in profile else None
        start = time.process_time()
        if profiler:
            profiler.runcall(thunk)
        else:
            thunk()
        times[name] = time.process_time() - start
        if profiler:
            text = io.StringIO()
            pstats.Stats(profiler, stream=text).sort_stats("tottime").print_stats(25)
            print(f"== {name}", text.getvalue(), file=sys.stderr)
    times["peak MiB"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 8000, 32000])
    parser.add_argument("--lists", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--profile", nargs="*", default=[], help="print the cProfile of these stages")
    parser.add_argument("--one", type=Path, help=argparse.SUPPRESS)  # measure one corpus folder, print JSON
    options = parser.parse_args()
    if options.one:
        print(json.dumps(measure(options.one, options.profile)))
        return 0
    from bench_corpus import make_corpus, sources

    texts = sources(options.lists)
    columns = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in options.sizes:
            folder = Path(tmp) / f"corpus-{size}"
            made = make_corpus(folder, texts, size)
            command = [sys.executable, __file__, "--one", str(folder)]
            command += ["--profile", *options.profile]
            proc = subprocess.run(command, stdout=subprocess.PIPE, text=True, check=True, cwd=ROOT)
            columns.append((made, json.loads(proc.stdout.strip().splitlines()[-1])))
            print(f"  {made:,} entries: done", file=sys.stderr)
    stages = [k for k in columns[0][1] if k != "peak MiB"]
    heads = [f"{made:,} entries" for made, _ in columns]
    print("| CPU s per 1k entries | " + " | ".join(heads) + " |")
    print("|---|" + "---:|" * len(heads))
    for stage in [*stages, "total"]:
        cells = []
        for made, m in columns:
            value = sum(m[k] for k in stages) if stage == "total" else m[stage]
            cells.append(f"{1000 * value / made:.3f}")
        print(f"| {stage} | " + " | ".join(cells) + " |")
    cells = [f"{m['peak MiB']:.0f} MiB ({1000 * m['peak MiB'] / made:.1f} per 1k)" for made, m in columns]
    print("| peak memory | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
