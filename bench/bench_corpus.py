"""How `kg build` grows with a corpus, against its floor, and how fast it rebuilds after an edit.

For each size (entries), a corpus is made from the real lists of a folder (by default the 17 of
`../shared/corpus`, with the bundled list and tests/data/lists/other_fields.md) by repeating
their entries as distinct papers (new titles and arXiv ids), about 170 entries a list as in a
real blog. Then, interleaved and repeated (medians):

- build: `kg build DIR --out OUT -q --no-cache` in a fresh process: CPU seconds (user + system),
  wall seconds, peak resident memory;
- floor: the least any builder of this graph must do, in a fresh process: read the same files,
  tokenize every intro and keywords line with `spacy.blank("en")`, and load, sort and write the
  same triples (Turtle, N-Triples, JSON-LD) with pyoxigraph.

Then, on the real-size corpus, incremental builds: a clean build that fills the cache, one list
edited, the build again with the cache; its wall time, and whether its files are byte-identical
to a clean build of the edited corpus.

    python bench/bench_corpus.py [--sizes 1000 8000 16000 32000] [--repeat 3] [--lists DIR]
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_TITLE = re.compile(r"^(\s*\S{0,3}\*\*)", re.M)
_ARXIV = re.compile(r"(\d{4})\.(\d{4,5})")
_ENTRY = re.compile(r"^\s*\S{0,3}\*\*", re.M)
_FLOOR = r"""
import re, sys, time, json, resource
from pathlib import Path
start = time.process_time()
import spacy, pyoxigraph as ox
folder, graph = Path(sys.argv[1]), Path(sys.argv[2])
field = re.compile(r"^\s*-\s*(?:intro|keywords)\s*:(.*)$", re.M | re.I)
texts = [m.group(1) for p in sorted(folder.rglob("*.md")) for m in field.finditer(p.read_text(errors="replace"))]
nlp = spacy.blank("en")
tokens = sum(len(doc) for doc in nlp.tokenizer.pipe(texts))
triples = [q.triple for q in ox.parse(path=str(graph), format=ox.RdfFormat.N_TRIPLES)]
triples.sort(key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
for fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.N_TRIPLES, ox.RdfFormat.JSON_LD):
    ox.serialize(triples, format=fmt)
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"cpu": usage.ru_utime + usage.ru_stime, "rss": usage.ru_maxrss / 1024, "tokens": tokens}))
"""
_MEASURE = r"""
import json, resource, subprocess, sys, time
start = time.perf_counter()
proc = subprocess.run(sys.argv[1:], capture_output=True, text=True)
wall = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"cpu": usage.ru_utime + usage.ru_stime, "wall": wall, "rss": usage.ru_maxrss / 1024,
                  "status": proc.returncode, "stderr": proc.stderr[-500:]}))
"""


def sources(folder: Path) -> list[str]:
    texts = [
        p.read_text(encoding="utf-8", errors="replace") for p in sorted(folder.glob("*.md")) if p.name != "README.md"
    ]
    texts.append((ROOT / "kg" / "data" / "segmentation.md").read_text())
    texts.append((ROOT / "tests" / "data" / "lists" / "other_fields.md").read_text())
    return texts


def make_corpus(folder: Path, texts: list[str], entries: int, per_list: int = 170) -> int:
    """Write lists of about `per_list` entries each, `entries` in all, copying the entries of
    `texts` with distinct titles and arXiv ids; returns how many entries were written."""
    blocks: list[tuple[str, int]] = []  # (text, entries it starts)
    for text in texts:
        body = text.split("\n---\n", 1)[-1] if text.startswith("---") else text
        for block in re.split(r"\n(?=#{1,3} |\*\*)", body):
            blocks.append((block, len(_ENTRY.findall(block))))
    folder.mkdir(parents=True)
    written, copy, index = 0, 0, 0
    while written < entries:
        out, count = ["---\ntitle: Generated list\n---\n"], 0
        while count < per_list and written < entries:
            block, starts = blocks[copy % len(blocks)]
            generation = copy // len(blocks)
            copy += 1
            if generation:
                block = _TITLE.sub(lambda m, g=generation: f"{m.group(1)}[{g}] ", block)
                block = _ARXIV.sub(
                    lambda m, g=generation: f"{m.group(1)}.{(int(m.group(2)) + 7919 * g) % 99999:05d}", block
                )
            out.append(block)
            count += starts
            written += starts
        (folder / f"list{index:03d}.md").write_text("\n".join(out))
        index += 1
    return written


def run(script: list[str]) -> dict[str, float]:
    proc = subprocess.run([sys.executable, "-c", _MEASURE, *script], capture_output=True, text=True, check=True)
    result = json.loads(proc.stdout)
    if result.get("status", 0) != 0:
        raise SystemExit(f"failed: {' '.join(script)}\n{result['stderr']}")
    return result


def measure_size(texts: list[str], entries: int, repeat: int, work: Path) -> dict[str, float]:
    corpus = work / f"corpus-{entries}"
    made = make_corpus(corpus, texts, entries)
    out = work / f"out-{entries}"
    builds, floors = [], []
    for _ in range(repeat):
        builds.append(run([sys.executable, "-m", "kg", "build", str(corpus), "--out", str(out), "-q", "--no-cache"]))
        floors.append(run([sys.executable, "-c", _FLOOR, str(corpus), str(out / "graph.nt")]))
    triples = len((out / "graph.nt").read_text().splitlines())
    median = lambda rows, key: statistics.median(r[key] for r in rows)  # noqa: E731
    shutil.rmtree(corpus)
    return {
        "entries": made,
        "triples": triples,
        "build_cpu": median(builds, "cpu"),
        "build_wall": median(builds, "wall"),
        "build_rss": median(builds, "rss"),
        "floor_cpu": median(floors, "cpu"),
    }


def incremental(texts: list[str], entries: int, work: Path) -> dict[str, float]:
    """Wall seconds of a build after editing one list, with the cache, and whether its files are
    those of a clean build."""
    corpus, cache = work / "incr-corpus", work / "incr-cache"
    make_corpus(corpus, texts, entries)
    env = f"KG_CACHE_DIR={cache}"
    command = ["env", env, sys.executable, "-m", "kg", "build", str(corpus), "--out", str(work / "incr-out"), "-q"]
    first = run(command)
    warm = run(command)  # nothing changed: every list from the cache
    edited = sorted(corpus.glob("*.md"))[len(list(corpus.glob("*.md"))) // 2]
    edited.write_text(edited.read_text().replace("- intro:", "- intro: CVPR 2019.", 1))
    again = run(command)
    clean = run(
        [sys.executable, "-m", "kg", "build", str(corpus), "--out", str(work / "clean-out"), "-q", "--no-cache"]
    )
    same = sorted(p.name for p in (work / "clean-out").iterdir()) == sorted(
        p.name for p in (work / "incr-out").iterdir()
    ) and all(
        (work / "incr-out" / path.name).read_bytes() == path.read_bytes() for path in (work / "clean-out").iterdir()
    )
    return {
        "first": first["wall"],
        "warm": warm["wall"],
        "after_edit": again["wall"],
        "clean": clean["wall"],
        "same": same,
        "lists": len(list(corpus.glob("*.md"))),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 8000, 16000, 32000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--lists", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--no-incremental", action="store_true")
    args = parser.parse_args()
    texts = sources(args.lists)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        rows = [measure_size(texts, size, args.repeat, work) for size in args.sizes]
        heads = ["entries", "triples", "build CPU s", "wall s", "peak RSS", "floor CPU s", "build / floor"]
        print("| " + " | ".join([*heads, "CPU s per 1k", "MiB per 1k"]) + " |")
        print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for row in rows:
            per_k = row["entries"] / 1000
            print(
                f"| {row['entries']:,} | {row['triples']:,} | {row['build_cpu']:.2f} | {row['build_wall']:.2f} "
                f"| {row['build_rss']:.0f} MiB | {row['floor_cpu']:.2f} | {row['build_cpu'] / row['floor_cpu']:.1f} "
                f"| {row['build_cpu'] / per_k:.2f} | {row['build_rss'] / per_k:.0f} |"
            )
        if not args.no_incremental:
            size = min(args.sizes, key=lambda s: abs(s - 8000))
            result = incremental(texts, size, work)
            print()
            print(
                f"incremental ({size:,} entries, {result['lists']} lists, wall s): clean build (--no-cache) "
                f"{result['clean']:.2f}; first build filling the cache {result['first']:.2f}; nothing changed "
                f"{result['warm']:.2f}; one list edited {result['after_edit']:.2f} "
                f"(+{result['after_edit'] - result['warm']:.2f} over the unchanged rebuild); "
                f"byte-identical to the clean build: {result['same']}"
            )


if __name__ == "__main__":
    main()
