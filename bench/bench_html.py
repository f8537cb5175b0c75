"""How fast graph.html draws: time from navigation start to the first frame vis-network draws,
in headless Chromium (the Debian package, software rendering), medians of 5 fresh page loads.

Graphs: the bundled list, and synthetic lists of about 300, 1,000 and 5,000 nodes shaped like
paper lists (papers in topics, with venues, institutions, datasets, method families and
frameworks picked with a few popular ones). Also times the Python side (projection and layout;
then the page: the pyvis Network built from them and its `generate_html`; importing pyvis is timed
once, apart), and for the largest graph the first frame with every node shown (the size policy
hides leaf entities there by default).

    python bench/bench_html.py [--runs 5] [--sizes 300,1000,5000] [--screenshot docs/graph.png]

With --screenshot, also saves a 1400x900 picture of the bundled list's page (the README's).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

from kg.build import build_graph, collect_sources
from kg.graph.namespaces import DCTERMS, KG, RDF, RDFS, XSD
from kg.view import graph_view, render_html

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
R = "https://w3id.org/paperkg/resource/"
# share of the nodes, and entities of that kind per paper (choices)
ENTITIES = {
    "topic": ("Topic", KG.section, 0.05, (1, 1, 2)),
    "venue": ("Venue", KG.venue, 0.015, (0, 1, 1)),
    "institution": ("Institution", KG.affiliation, 0.12, (0, 1, 1, 2, 3)),
    "dataset": ("Dataset", KG.dataset, 0.08, (0, 0, 1, 2)),
    "family": ("MethodFamily", KG.methodFamily, 0.07, (0, 1, 1)),
    "framework": ("Framework", KG.usesFramework, 0.0, (0, 0, 1)),
}


def synthetic_triples(nodes: int, seed: int = 1) -> list[ox.Triple]:
    """A paper list's graph of about `nodes` nodes (entities exist only when a paper names one)."""
    rng = random.Random(seed)
    pools = {key: max(3, int(nodes * share)) for key, (_, _, share, _) in ENTITIES.items()}
    pools["framework"] = 12
    papers = nodes - sum(pools.values())
    triples: list[ox.Triple] = []
    used: set[tuple[str, int]] = set()

    def popular(size: int) -> int:
        return min(int(rng.paretovariate(1.2)) - 1, size - 1) if rng.random() < 0.6 else rng.randrange(size)

    for i in range(papers):
        paper = ox.NamedNode(f"{R}paper/p{i}")
        triples += [
            ox.Triple(paper, RDF.type, KG.Paper),
            ox.Triple(paper, RDF.type, KG.Entry),
            ox.Triple(paper, DCTERMS.title, ox.Literal(f"Synthetic Paper Number {i} on Segmentation")),
            ox.Triple(paper, KG.year, ox.Literal(str(2012 + i % 10), datatype=XSD.gYear)),
        ]
        for key, (_, predicate, _, choices) in ENTITIES.items():
            for _ in range(rng.choice(choices)):
                j = popular(pools[key])
                used.add((key, j))
                triples.append(ox.Triple(paper, predicate, ox.NamedNode(f"{R}{key}/{j}")))
    for key, j in sorted(used):
        node = ox.NamedNode(f"{R}{key}/{j}")
        triples.append(ox.Triple(node, RDF.type, KG[ENTITIES[key][0]]))
        triples.append(ox.Triple(node, RDFS.label, ox.Literal(f"{key} {j}")))
    return triples


def seed_triples() -> list[ox.Triple]:
    return list(build_graph(collect_sources([])).content.triples)


def first_frames(browser, path: Path, runs: int) -> list[float]:
    """Milliseconds from navigation start to vis-network's first `afterDrawing`, per load."""
    times = []
    url = path.resolve().as_uri()
    for _ in range(runs):
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.route("**/*", lambda route: route.continue_() if route.request.url == url else route.abort())
        page.goto(url)
        page.wait_for_function("window.paperkgFirstFrame !== undefined", timeout=120_000)
        times.append(page.evaluate("window.paperkgFirstFrame"))
        page.close()
    return times


def screenshot(browser, path: Path, target: Path) -> None:
    """A picture of the page as a visitor first sees it."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    url = path.resolve().as_uri()
    page.route("**/*", lambda route: route.continue_() if route.request.url == url else route.abort())
    page.goto(url)
    page.wait_for_function("window.paperkgFirstFrame !== undefined")
    page.wait_for_timeout(500)
    target.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(target))
    page.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default="300,1000,5000")
    parser.add_argument("--screenshot", type=Path, help="save a picture of the bundled list's page here")
    options = parser.parse_args()
    from playwright.sync_api import sync_playwright

    cases = [("seed (bundled list)", seed_triples())]
    cases += [(f"synthetic ~{int(n):,}", synthetic_triples(int(n))) for n in options.sizes.split(",")]
    rows = []
    started = time.perf_counter()
    import pyvis.network  # noqa: F401  (imports IPython: timed once, apart from the rows)

    import_s = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for name, triples in cases:
            started = time.perf_counter()
            view = graph_view(triples)
            laid_out = time.perf_counter()
            page = render_html(view)
            python_s, pyvis_s = time.perf_counter() - started, time.perf_counter() - laid_out
            path = Path(tmp) / "graph.html"
            path.write_bytes(page)
            if options.screenshot and name.startswith("seed"):
                screenshot(browser, path, options.screenshot)
            frames = first_frames(browser, path, options.runs)
            graph = view.graph
            rows.append(
                (
                    name,
                    graph.number_of_nodes(),
                    graph.number_of_edges(),
                    len(page),
                    python_s,
                    pyvis_s,
                    statistics.median(frames),
                    max(frames),
                    "leaves hidden" if view.large else "all",
                )
            )
            if view.large:
                path.write_bytes(page.replace(b'"hideLeaves":true', b'"hideLeaves":false'))
                frames = first_frames(browser, path, options.runs)
                rows.append((f"{name}, all shown", *rows[-1][1:6], statistics.median(frames), max(frames), "all"))
            print(f"  {rows[-1][0]}: done", file=sys.stderr)
        browser.close()
    print(
        "| graph | nodes | edges | page | Python (project, layout, page) | of which page (pyvis) "
        "| first frame, median | slowest | drawn |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---|")
    for name, nodes, edges, size, python_s, pyvis_s, median, worst, drawn in rows:
        print(
            f"| {name} | {nodes:,} | {edges:,} | {size / 1e6:.2f} MB | {python_s:.2f} s | {pyvis_s:.2f} s "
            f"| {median / 1000:.2f} s | {worst / 1000:.2f} s | {drawn} |"
        )
    print(f"\nImporting pyvis.network (and IPython with it): {import_s:.2f} s, once per process.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
