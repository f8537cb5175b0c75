"""Benchmark the understanding stage's set-up and `kg build` end to end, cold and warm.

Each measure runs in a fresh process (what a user's `kg build` pays), repeated (medians):

- set-up steps: `import spacy`, `load_vocabulary()` (the SKOS files), `rules(vocab)` (the
  patterns, the tokenizer and the phrase tables), wall and CPU seconds each;
- `kg build` of the bundled list, and of a folder of lists (`--lists`, by default the 17 of
  `../shared/corpus`) built together, every list read (`--no-cache`: the per-list cache is
  not used): wall and CPU seconds (user + system).

"Cold" runs with an empty cache folder (`KG_CACHE_DIR`, fresh for each run): nothing kept from
an earlier run. "Warm" runs after a run that filled it with the parsed vocabulary and the
compiled patterns. With `--before REV`, the same is
measured on the code of that git revision (exported to a temporary folder), for a before/after
table. Prints markdown tables; the README quotes them.

    python bench/bench_setup.py [--repeat 3] [--lists DIR] [--before REV]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_STEPS = r"""
import json, time
marks = []
def mark(name, wall, cpu):
    marks.append((name, time.perf_counter() - wall, time.process_time() - cpu))
wall, cpu = time.perf_counter(), time.process_time()
import spacy
mark("import spacy", wall, cpu)
from kg.understand.vocabulary import load_vocabulary
from kg.understand.patterns import rules
wall, cpu = time.perf_counter(), time.process_time()
vocab = load_vocabulary()
mark("load_vocabulary()", wall, cpu)
wall, cpu = time.perf_counter(), time.process_time()
rules(vocab)
mark("rules(vocab)", wall, cpu)
print(json.dumps(marks))
"""
_MEASURE = r"""
import json, resource, subprocess, sys, time
start = time.perf_counter()
proc = subprocess.run(sys.argv[1:], capture_output=True, text=True)
wall = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"cpu": usage.ru_utime + usage.ru_stime, "wall": wall, "status": proc.returncode,
                  "stderr": proc.stderr[-500:]}))
"""
_KG = "import sys; from kg.cli import main; sys.argv[0] = 'kg'; main()"


def _env(code: Path, cache: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(code), "KG_CACHE_DIR": str(cache)}


def _steps(code: Path, cache: Path) -> dict[str, tuple[float, float]]:
    # run from the cache's parent folder: `python -c` puts the working folder first on the path
    proc = subprocess.run(
        [sys.executable, "-c", _STEPS],
        env=_env(code, cache),
        capture_output=True,
        text=True,
        check=True,
        cwd=cache.parent,
    )
    return {name: (wall, cpu) for name, wall, cpu in json.loads(proc.stdout)}


def _build(code: Path, cache: Path, args: list[str], out: Path) -> tuple[float, float]:
    # every list is read (the per-list cache, where the code has one, is not used): only the
    # vocabulary and pattern records make a run warm
    flags = ["-q", "--no-cache"] if "--no-cache" in (code / "kg" / "cli.py").read_text() else ["-q"]
    command = [sys.executable, "-c", _MEASURE, sys.executable, "-c", _KG, "build", *args, "--out", str(out), *flags]
    proc = subprocess.run(command, env=_env(code, cache), capture_output=True, text=True, check=True, cwd=out.parent)
    found = json.loads(proc.stdout)
    if found["status"] != 0:
        raise SystemExit(f"kg build {' '.join(args)} failed: {found['stderr']}")
    return found["wall"], found["cpu"]


def _median(runs: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


def measure(code: Path, lists: Path, repeat: int, tmp: Path) -> dict[str, dict[str, tuple[float, float]]]:
    """{(cold|warm): {measure: (wall, cpu)}} for the code in folder `code`."""
    found: dict[str, dict[str, list[tuple[float, float]]]] = {"cold": {}, "warm": {}}
    builds = {"kg build (bundled list)": [], f"kg build {lists.name}/ ({_count(lists)} lists)": [str(lists)]}
    warm = tmp / "warm-cache"
    _steps(code, warm)  # fills the warm cache
    for run in range(repeat):
        for state in ("cold", "warm"):
            for name, (wall, cpu) in _steps(code, tmp / f"cold-{run}-steps" if state == "cold" else warm).items():
                found[state].setdefault(name, []).append((wall, cpu))
            for name, args in builds.items():
                cache = tmp / f"cold-{run}-{len(args)}" if state == "cold" else warm
                found[state].setdefault(name, []).append(_build(code, cache, args, tmp / f"out-{state}"))
    return {state: {name: _median(runs) for name, runs in rows.items()} for state, rows in found.items()}


def _count(lists: Path) -> int:
    return len([p for p in lists.glob("*.md") if p.name.lower() != "readme.md"])


def _export(rev: str, folder: Path) -> Path:
    """The code of git revision `rev`, exported into `folder`."""
    folder.mkdir()
    archive = subprocess.run(["git", "archive", rev], cwd=ROOT, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder


def _table(results: dict[str, dict[str, dict[str, tuple[float, float]]]]) -> list[str]:
    codes = list(results)
    head = " | ".join(f"{code}, {state}" for code in codes for state in ("cold", "warm"))
    lines = [f"| step (wall / CPU seconds) | {head} |", "|---" * (1 + 2 * len(codes)) + "|"]
    for name in results[codes[0]]["cold"]:
        cells = [
            f"{wall:.2f} / {cpu:.2f}"
            for code in codes
            for state in ("cold", "warm")
            for wall, cpu in [results[code][state][name]]
        ]
        lines.append(f"| {name} | {' | '.join(cells)} |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--lists", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--before", metavar="REV", help="also measure the code of this git revision")
    args = parser.parse_args()
    lists = args.lists.resolve()
    results: dict[str, dict[str, dict[str, tuple[float, float]]]] = {}
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        if args.before:
            before = tmp / "before"
            before.mkdir()
            results[f"before ({args.before})"] = measure(
                _export(args.before, before / "code"), lists, args.repeat, before
            )
        after = tmp / "after"
        after.mkdir()
        results["this code"] = measure(ROOT, lists, args.repeat, after)
    print("\n".join(_table(results)))
    print(f"\nmedians of {args.repeat} runs, each in a fresh process; {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
