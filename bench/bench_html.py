"""How fast graph.html is in headless Chromium (the Debian package, software rendering):

- ready: from navigation start until the page has drawn its first frame and its script has set
  up everything (search, filters, URL state), the later of the two; median of fresh loads;
- search: from typing a query and pressing Enter until the frame that shows the result framed
  with its neighbours has been drawn (two animation frames later); median over queries made of
  the first words of titles;
- click: from selecting a node (what a click does) until the frame with its neighbourhood lit
  and the details panel filled; median over the best-connected nodes and some others.

Graphs: the bundled list, graphs built by `kg build` (`--graph NAME=path/graph.nt`), and
synthetic ones of about `--sizes` nodes shaped like paper lists. Also times the Python side
(projection, communities, layout, and the page).

    python bench/bench_html.py [--runs 5] [--sizes 1000] [--graph corpus=out/graph.nt ...] [--screenshot docs/graph.png]

With --screenshot, also saves 1400x900 pictures of the bundled list's page (the README's): as
it opens, and (`-walk.png`) with DeepLab's family selected and two hops lit.
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

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.build import build_graph, collect_sources  # noqa: E402
from kg.graph.namespaces import DCTERMS, KG, RDF, RDFS, XSD  # noqa: E402
from kg.view import graph_view, render_html  # noqa: E402

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
    return list(build_graph(collect_sources([])).triples)


def open_page(browser, path: Path, size=(1400, 900), fragment: str = ""):
    """A fresh page of `path` with every other request refused, once it is ready."""
    page = browser.new_page(viewport={"width": size[0], "height": size[1]})
    url = path.resolve().as_uri()
    page.route("**/*", lambda route: route.continue_() if route.request.url.split("#")[0] == url else route.abort())
    page.goto(url + fragment)
    page.wait_for_function(
        "window.paperkgFirstFrame !== undefined && window.paperkgReady !== undefined", timeout=120_000
    )
    return page


def ready_times(browser, path: Path, runs: int) -> list[float]:
    """Milliseconds from navigation start to the first frame with the script set up, per load."""
    times = []
    for _ in range(runs):
        page = open_page(browser, path)
        times.append(page.evaluate("Math.max(window.paperkgFirstFrame, window.paperkgReady)"))
        page.close()
    return times


AFTER_FRAME = "await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));"
SEARCH = (
    "async (query) => { const box = document.getElementById('search'); await new Promise((d) => setTimeout(d, 50));"
    " const t0 = performance.now(); box.value = query; box.dispatchEvent(new Event('input'));"
    " box.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter'})); "
    + AFTER_FRAME
    + " return performance.now() - t0; }"
)
CLICK = (
    "async (i) => { await new Promise((d) => setTimeout(d, 50)); const t0 = performance.now(); paperkg.click(i); "
    + AFTER_FRAME
    + " return performance.now() - t0; }"
)


def interactions(browser, path: Path, count: int) -> tuple[list[float], list[float]]:
    """Milliseconds from Enter to the framed result, and from a click to the lit neighbourhood."""
    page = open_page(browser, path)
    rng = random.Random(5)
    names = page.evaluate("paperkg.nodes.filter((n) => n.group === 'Paper').map((n) => paperkg.nameOf(n.id))")
    queries = [" ".join(name.split()[:3]) for name in rng.sample(names, min(count, len(names)))]
    searches = [page.evaluate(SEARCH, query) for query in queries]
    degrees = page.evaluate("paperkg.nodes.map((n) => [paperkg.degree(n.id), n.id])")
    hubs = [i for _, i in sorted(degrees, reverse=True)[: count // 2]]
    others = rng.sample([i for _, i in degrees], count - len(hubs))
    clicks = [page.evaluate(CLICK, i) for i in hubs + others]
    page.close()
    return searches, clicks


def screenshot(browser, path: Path, target: Path, fragment: str = "") -> None:
    """A picture of the page as a visitor first sees it (or as `fragment` shows it)."""
    page = open_page(browser, path, fragment=fragment)
    page.wait_for_timeout(500)
    target.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(target))
    page.close()


def cases(options: argparse.Namespace) -> list[tuple[str, list[ox.Triple]]]:
    found = [("bundled list", seed_triples())]
    for spec in options.graph:
        name, _, path = spec.partition("=")
        found.append((name, list(ox.parse(path=path, format=ox.RdfFormat.N_TRIPLES))))
    found += [(f"synthetic ~{int(n):,}", synthetic_triples(int(n))) for n in options.sizes.split(",") if n]
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default="")
    parser.add_argument("--graph", action="append", default=[], help="NAME=path/to/graph.nt (from kg build)")
    parser.add_argument("--screenshot", type=Path, help="save a picture of the bundled list's page here")
    options = parser.parse_args()
    from playwright.sync_api import sync_playwright

    rows = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for name, triples in cases(options):
            started = time.perf_counter()
            view = graph_view(triples)
            page = render_html(view)
            python_s = time.perf_counter() - started
            path = Path(tmp) / "graph.html"
            path.write_bytes(page)
            if options.screenshot and name == "bundled list":
                screenshot(browser, path, options.screenshot)
                walk = options.screenshot.with_name(options.screenshot.stem + "-walk.png")
                screenshot(browser, path, walk, "#node=family/deeplab&hops=2")
            ready = ready_times(browser, path, options.runs)
            searches, clicks = interactions(browser, path, 10)
            graph = view.graph
            rows.append(
                (name, graph.number_of_nodes(), graph.number_of_edges(), len(page), python_s, ready, searches, clicks)
            )
            print(f"  {name}: done", file=sys.stderr)
        browser.close()
    print(
        "| graph | nodes | edges | page | Python (view and page) | ready, median (slowest) "
        "| search to framed result | click to lit neighbourhood |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, nodes, edges, size, python_s, ready, searches, clicks in rows:
        print(
            f"| {name} | {nodes:,} | {edges:,} | {size / 1e6:.2f} MB | {python_s:.2f} s "
            f"| {statistics.median(ready) / 1000:.2f} s ({max(ready) / 1000:.2f} s) "
            f"| {statistics.median(searches) / 1000:.3f} s | {statistics.median(clicks) / 1000:.3f} s |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
