"""Time every canned query of `kg query` on the seed graph and on a synthetic graph of ~200k
triples, and a few of them in rdflib's own SPARQL engine for comparison.

    python bench/bench_query.py [--seed-graph outputs/graph.ttl] [--runs 5] [--rdflib-timeout 120]

The synthetic graph follows the paperkg vocabulary (papers with venues, years, institutions,
frameworks, method families with versions, datasets, repositories, links, topics, source
lists) and is generated with a fixed random seed, so every run sees the same graph. Prints a
markdown table of medians in milliseconds: the time to run a query and read all its rows,
as `kg query` does before printing (the graph is loaded once, beforehand).
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph
from pyoxigraph import Literal, NamedNode, Quad

from kg.graph.files import load_store
from kg.query import bind_params, canned_queries, execute, query_source

KG = "https://w3id.org/paperkg/ontology#"
RES = "https://w3id.org/paperkg/resource/"
RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
LABEL = NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
ALT = NamedNode("http://www.w3.org/2004/02/skos/core#altLabel")
BROADER = NamedNode("http://www.w3.org/2004/02/skos/core#broader")
TITLE = NamedNode("http://purl.org/dc/terms/title")
DERIVED = NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom")
XSD = "http://www.w3.org/2001/XMLSchema#"

# Parameters for the canned queries that take some: a busy venue, year and framework.
PARAMS = {
    "papers-per-venue-year": ["venue=cvpr", "year=2017"],
    "frameworks-by-year": ["framework=PyTorch"],
    "method-family": ["family=DeepLab"],
    "papers-with-code": ["venue=CVPR", "year=2017", "framework=pytorch"],
}
# Queries also timed in rdflib's own engine (with a timeout): a GROUP BY, and the four-pattern
# join that did not finish in 880 s in rdflib on a graph like this one (notes/PITFALLS.md).
RDFLIB_QUERIES = ["papers-per-venue-year", "papers-with-code"]


def kg(name: str) -> NamedNode:
    return NamedNode(KG + name)


def synthetic_graph(papers: int = 15_000, seed: int = 20240601) -> list[Quad]:
    """A graph in the paperkg vocabulary, the same for the same arguments."""
    rng = random.Random(seed)
    quads: list[Quad] = []

    def add(s: NamedNode, p: NamedNode, o: NamedNode | Literal) -> None:
        quads.append(Quad(s, p, o))

    def entities(kind: str, cls: str, labels: list[str]) -> list[NamedNode]:
        nodes = []
        for i, label in enumerate(labels):
            node = NamedNode(f"{RES}{kind}/{i}")
            add(node, RDF_TYPE, kg(cls))
            add(node, LABEL, Literal(label))
            if i % 3 == 0:
                add(node, ALT, Literal(label.lower() + " (alt)"))
            nodes.append(node)
        return nodes

    real_venues = ["CVPR", "ICCV", "ECCV", "NeurIPS", "ICLR", "ICML", "BMVC", "WACV", "AAAI", "PAMI"]
    venues = entities("venue", "Venue", real_venues + [f"Venue {i}" for i in range(50)])
    institutions = entities("institution", "Institution", [f"Institution {i}" for i in range(800)])
    real_frameworks = ["PyTorch", "TensorFlow", "Caffe", "Keras", "Torch", "MXNet", "JAX", "Chainer", "Theano"]
    frameworks = entities("framework", "Framework", real_frameworks + [f"Framework {i}" for i in range(16)])
    families = entities("family", "MethodFamily", ["DeepLab"] + [f"Family {i}" for i in range(149)])
    for i, family in enumerate(families[1:], start=1):  # versions: a forest three levels deep
        if i % 3:
            add(family, BROADER, families[(i // 3) if i < 30 else rng.randrange(0, i)])
    datasets = entities("dataset", "Dataset", [f"Dataset {i}" for i in range(300)])
    topics = entities("topic", "Topic", [f"Topic {i}" for i in range(200)])
    for i, topic in enumerate(topics[20:], start=20):
        add(topic, BROADER, topics[i % 20])
    documents = entities("source", "SourceDocument", [f"list-{i}.md" for i in range(20)])
    for i, doc in enumerate(documents):
        add(doc, kg("path"), Literal(f"list-{i}.md"))

    def weighted(nodes: list[NamedNode]) -> NamedNode:  # a few popular entities, a long tail
        return nodes[min(int(rng.paretovariate(1.2)) - 1, len(nodes) - 1)]

    repo_count = 0
    for i in range(papers):
        paper = NamedNode(f"{RES}paper/arxiv/{1400 + i // 9000}.{i % 9000:05d}")
        add(paper, RDF_TYPE, kg("Paper"))
        add(paper, RDF_TYPE, kg("Entry"))
        add(paper, TITLE, Literal(f"Paper number {i} on segmentation"))
        add(paper, DERIVED, documents[i % len(documents)])
        add(paper, kg("sourceLine"), Literal(str(10 + i), datatype=NamedNode(XSD + "integer")))
        if rng.random() < 0.7:
            add(paper, kg("arxivId"), Literal(f"{1400 + i // 9000}.{i % 9000:05d}"))
        if rng.random() < 0.6:
            add(paper, kg("section"), topics[rng.randrange(len(topics))])
        if rng.random() < 0.8:
            add(paper, kg("venue"), weighted(venues))
        if rng.random() < 0.85:
            add(paper, kg("year"), Literal(str(rng.randint(2012, 2024)), datatype=NamedNode(XSD + "gYear")))
        if rng.random() < 0.05:
            add(paper, kg("workshop"), Literal("true", datatype=NamedNode(XSD + "boolean")))
        for institution in sorted({weighted(institutions) for _ in range(rng.choice((0, 1, 1, 2, 3)))}, key=str):
            add(paper, kg("affiliation"), institution)
        for dataset in sorted({weighted(datasets) for _ in range(rng.choice((0, 1, 1, 2)))}, key=str):
            add(paper, kg("dataset"), dataset)
        if rng.random() < 0.1:
            add(paper, kg("methodFamily"), families[rng.randrange(len(families))])
        if rng.random() < 0.3:
            add(paper, kg("usesFramework"), weighted(frameworks))
        for _ in range(rng.choice((0, 0, 1, 1, 2))):
            name = f"owner{repo_count}/code"
            repo_count += 1
            repo = NamedNode(f"{RES}repo/github.com/{name}")
            add(paper, kg("codeRepository"), repo)
            add(repo, RDF_TYPE, kg("CodeRepository"))
            add(repo, LABEL, Literal(name))
            add(repo, kg("url"), Literal(f"https://github.com/{name}", datatype=NamedNode(XSD + "anyURI")))
            if rng.random() < 0.6:
                add(repo, kg("framework"), weighted(frameworks))
    return quads


def median_ms(action, runs: int) -> tuple[float, int]:
    """Median wall time of `action()` in milliseconds, and what its last run returned."""
    times, result = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        result = action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def time_oxigraph(store: pyoxigraph.Store, name: str, params: list[str], runs: int) -> tuple[float, int]:
    source = query_source(name)

    def run() -> int:
        results = execute(store, source, bind_params(store, source, params))
        return sum(1 for _ in results)  # type: ignore[union-attr]

    return median_ms(run, runs)


def _rdflib_worker(path: str, text: str, bindings: dict[str, tuple[str, str | None]], runs: int, queue) -> None:
    import rdflib

    start = time.perf_counter()
    graph = rdflib.Graph()
    graph.parse(path, format="nt")
    queue.put(("parsed", time.perf_counter() - start, 0))
    init = {
        name: rdflib.Literal(value, datatype=rdflib.URIRef(dt) if dt else None)
        for name, (value, dt) in bindings.items()
    }
    for _ in range(runs):
        start = time.perf_counter()
        rows = len(list(graph.query(text, initBindings=init)))
        queue.put(("run", (time.perf_counter() - start) * 1000, rows))


def time_rdflib(path: Path, store: pyoxigraph.Store, name: str, params: list[str], runs: int, timeout: float) -> str:
    """Median in rdflib's own engine (memory store, initBindings), in a child process that is
    killed when one run takes longer than `timeout` seconds (parsing the graph not counted)."""
    import queue as queues

    source = query_source(name)
    bound = bind_params(store, source, params)
    bindings = {
        var.value: (term.value, term.datatype.value if term.datatype.value != XSD + "string" else None)
        for var, term in bound.items()
        if isinstance(term, Literal)
    }
    queue: multiprocessing.Queue = multiprocessing.Queue()
    worker = multiprocessing.Process(target=_rdflib_worker, args=(str(path), source.text, bindings, runs, queue))
    worker.start()
    times: list[float] = []
    try:
        queue.get(timeout=600)  # parsed
        for _ in range(runs):
            _kind, elapsed, _rows = queue.get(timeout=timeout)
            times.append(elapsed)
    except queues.Empty:
        worker.kill()
        worker.join()
        return f"> {timeout:.0f} s (stopped)"
    worker.join()
    return f"{statistics.median(times):.0f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed-graph", type=Path, default=None, help="built seed graph (default: build one)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--papers", type=int, default=15_000)
    parser.add_argument("--rdflib-timeout", type=float, default=120.0)
    parser.add_argument("--no-rdflib", action="store_true")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        seed = args.seed_graph
        if seed is None:
            from kg.build import build

            build(out=Path(tmp) / "seed")
            seed = Path(tmp) / "seed" / "graph.ttl"
        big = Path(tmp) / "synthetic.nt"
        start = time.perf_counter()
        quads = synthetic_graph(args.papers)
        pyoxigraph.serialize(quads, str(big), format=pyoxigraph.RdfFormat.N_TRIPLES)
        generated = time.perf_counter() - start

        load_seed, seed_store = median_ms(lambda: load_store(seed), args.runs)
        load_big, big_store = median_ms(lambda: load_store(big), args.runs)
        print(f"seed graph: {len(seed_store)} triples, loaded in {load_seed:.0f} ms (median of {args.runs})")
        print(
            f"synthetic graph: {len(big_store)} triples ({args.papers} papers), generated in {generated:.1f} s, "
            f"loaded in {load_big:.0f} ms"
        )
        print(f"python {sys.version.split()[0]}, pyoxigraph {pyoxigraph.__version__}\n")

        header = "| query | parameters | seed: rows | seed: ms | 200k: rows | 200k: ms | 200k, rdflib engine: ms |"
        print(header)
        print("|---|---|---:|---:|---:|---:|---:|")
        for canned in canned_queries():
            cases = [[]] + ([PARAMS[canned.name]] if canned.name in PARAMS else [])
            for params in cases:
                seed_ms, seed_rows = time_oxigraph(seed_store, canned.name, params, args.runs)
                big_ms, big_rows = time_oxigraph(big_store, canned.name, params, args.runs)
                rdflib_ms = ""
                if not args.no_rdflib and canned.name in RDFLIB_QUERIES:
                    rdflib_ms = time_rdflib(big, big_store, canned.name, params, args.runs, args.rdflib_timeout)
                shown = " ".join(params) or "none"
                print(
                    f"| {canned.name} | {shown} | {seed_rows} | {seed_ms:.1f} | {big_rows} | {big_ms:.1f} "
                    f"| {rdflib_ms} |",
                    flush=True,
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
