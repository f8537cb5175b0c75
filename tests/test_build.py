"""`kg build`: stable bytes, valid RDF, provenance, and clean failures that keep old outputs."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pyoxigraph as ox
import pytest
from cli_output import one_error

from kg.build import build
from kg.graph.namespaces import KG

ROOT = Path(__file__).parent.parent
GRAPH_FILES = ("graph.ttl", "graph.nt", "graph.jsonld")


def run_kg(*args: str, cwd: Path, seed: str = "0") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    return subprocess.run([sys.executable, "-m", "kg", *args], cwd=cwd, env=env, capture_output=True, text=True)


def load(path: Path) -> ox.Store:
    store = ox.Store()
    store.load(path=str(path), format=ox.RdfFormat.from_extension(path.suffix.lstrip(".")))
    return store


def triples(store: ox.Store) -> set[tuple[str, str, str]]:
    return {(str(q.subject), str(q.predicate), str(q.object)) for q in store}


def test_two_builds_in_different_folders_and_hash_seeds_are_byte_identical(tmp_path: Path):
    """Building the bundled list twice, from two working directories with different
    PYTHONHASHSEEDs, writes byte-identical files."""
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    assert run_kg("build", cwd=first, seed="1").returncode == 0
    assert run_kg("build", "--out", str(second / "elsewhere"), cwd=second, seed="4242").returncode == 0
    names = sorted(p.name for p in (first / "outputs").iterdir())
    assert names == sorted(p.name for p in (second / "elsewhere").iterdir())
    assert {"graph.ttl", "graph.nt", "graph.jsonld", "report.md"} <= set(names)
    for name in names:
        assert (first / "outputs" / name).read_bytes() == (second / "elsewhere" / name).read_bytes(), name


def test_committed_outputs_are_what_the_build_writes(seed_out: Path):
    """`outputs/` in the repository holds exactly what building the bundled list writes now, so
    the committed files are never stale."""
    committed = ROOT / "outputs"
    if not committed.is_dir():
        pytest.skip("no outputs/ folder (not a source checkout)")
    layout_only: list[str] = []
    for path in sorted(seed_out.iterdir()):
        old, new = (committed / path.name).read_bytes(), path.read_bytes()
        if old != new and path.suffix in (".html", ".graphml"):
            # Node positions are floating-point layout results: another CPU or numpy may move
            # them slightly. Anything else differing means the file is stale.
            numbers = re.compile(rb"-?\d+\.\d+(?:e-?\d+)?")
            assert numbers.sub(b"0", old) == numbers.sub(b"0", new), f"outputs/{path.name} is stale"
            layout_only.append(path.name)
            continue
        assert old == new, f"outputs/{path.name} is stale"
    if layout_only:
        pytest.skip(f"only layout coordinates differ on this machine in {layout_only}")


def test_turtle_ntriples_and_jsonld_hold_the_same_triples(seed_build, seed_out: Path):
    """graph.ttl, graph.nt and graph.jsonld load into Oxigraph with the same triples, as many as
    the build made."""
    stores = {name: load(seed_out / name) for name in GRAPH_FILES}
    counts = {name: len(store) for name, store in stores.items()}
    assert set(counts.values()) == {seed_build.triple_count}, counts
    assert triples(stores["graph.ttl"]) == triples(stores["graph.nt"]) == triples(stores["graph.jsonld"])


def test_every_iri_in_the_graph_is_valid_and_absolute(seed_out: Path):
    """Every IRI of the graph passes pyoxigraph.NamedNode and holds no character strict tools refuse."""
    store = load(seed_out / "graph.nt")
    iris = {t.value for q in store for t in (q.subject, q.predicate, q.object) if isinstance(t, ox.NamedNode)}
    assert iris
    for iri in iris:
        ox.NamedNode(iri)
        assert not set(iri) & set(' <>"{}|\\^`\n\r\t'), iri
        assert iri.startswith(("http://", "https://")), iri


def test_ontology_declares_every_term_the_graph_uses(seed_out: Path):
    """Every kg: class and property the graph uses, and every term of the KG namespace, is declared
    in ontology/kg.ttl with an rdfs:label and an rdfs:comment."""
    from kg.resources import ontology_dir

    ontology = load(ontology_dir() / "kg.ttl")
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    comment = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#comment")
    declared = {q.subject.value for q in ontology.quads_for_pattern(None, label, None)}
    commented = {q.subject.value for q in ontology.quads_for_pattern(None, comment, None)}
    graph = load(seed_out / "graph.nt")
    used = {q.predicate.value for q in graph} | {q.object.value for q in graph if q.predicate.value.endswith("#type")}
    used_kg = {iri for iri in used if iri.startswith(KG.iri)}
    namespace = {KG.iri + term for term in KG.terms}
    assert used_kg <= declared & commented
    assert namespace <= declared & commented
    assert {iri for iri in declared if iri.startswith(KG.iri)} == namespace


def test_report_counts_classes_and_lists_repaired_lines(seed_out: Path):
    """The build report has counts per class and every repaired line as file:line: message."""
    report = (seed_out / "report.md").read_text()
    assert "| kg:Paper |" in report
    assert "- segmentation.md:44: key 'gtihub' read as 'github'" in report
    assert "- segmentation.md:512: key 'arxxiv' read as 'arxiv'" in report


def test_same_paper_in_two_sections_and_two_lists_is_one_node(tmp_path: Path):
    """A paper listed twice (two sections of one list, and another list) is one resource keyed by
    its arXiv id, with every section, both documents and every source line (as a set: line 3 of
    a.md and line 3 of b.md are one value)."""
    (tmp_path / "a.md").write_text(
        "# Detection\n\n**Mask R-CNN**\n- arxiv: https://arxiv.org/abs/1703.06870\n\n"
        "# Segmentation\n\n**Mask R-CNN**\n- arxiv: https://arxiv.org/abs/1703.06870v3\n"
    )
    (tmp_path / "b.md").write_text(
        "# Instance\n\n**Mask R-CNN (ICCV)**\n- arxiv: https://arxiv.org/pdf/1703.06870.pdf\n"
    )
    result = build([tmp_path / "a.md", tmp_path / "b.md"], out=tmp_path / "out")
    store = load(tmp_path / "out" / "graph.nt")
    paper = ox.NamedNode("https://w3id.org/paperkg/resource/paper/arxiv/1703.06870")
    objects = lambda p: sorted(str(q.object) for q in store.quads_for_pattern(paper, ox.NamedNode(p), None))  # noqa: E731
    assert objects(KG.iri + "sourceLine") == [f'"{n}"^^<http://www.w3.org/2001/XMLSchema#integer>' for n in (3, 8)]
    assert len(objects("http://www.w3.org/ns/prov#wasDerivedFrom")) == 2
    assert len(objects(KG.iri + "section")) == 3
    assert objects("http://purl.org/dc/terms/title") == ['"Mask R-CNN"']
    assert objects(KG.iri + "alternativeTitle") == ['"Mask R-CNN (ICCV)"']
    assert result.class_counts()["Paper"] == 1


def test_crlf_list_gives_the_same_graph_as_lf(tmp_path: Path):
    """A list saved with CRLF endings (and a BOM) gives exactly the triples of the LF list."""
    text = (ROOT / "kg" / "data" / "segmentation.md").read_text()
    (tmp_path / "lf").mkdir()
    (tmp_path / "crlf").mkdir()
    (tmp_path / "lf" / "list.md").write_text(text)
    (tmp_path / "crlf" / "list.md").write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    build([tmp_path / "lf" / "list.md"], out=tmp_path / "o1")
    build([tmp_path / "crlf" / "list.md"], out=tmp_path / "o2")
    assert (tmp_path / "o1" / "graph.nt").read_bytes() == (tmp_path / "o2" / "graph.nt").read_bytes()


def test_folders_are_searched_recursively_for_markdown(tmp_path: Path):
    """A folder argument reads every .md below it (not hidden folders, not other files)."""
    (tmp_path / "lists" / "sub").mkdir(parents=True)
    (tmp_path / "lists" / ".hidden").mkdir()
    (tmp_path / "lists" / "one.md").write_text("**One**\n")
    (tmp_path / "lists" / "sub" / "two.md").write_text("**Two**\n")
    (tmp_path / "lists" / ".hidden" / "three.md").write_text("**Three**\n")
    (tmp_path / "lists" / "notes.txt").write_text("**Four**\n")
    result = build([tmp_path / "lists"], out=tmp_path / "out")
    assert [d.source for d in result.documents] == ["lists/one.md", "lists/sub/two.md"]


def test_base_option_moves_every_resource(tmp_path: Path):
    """`--base` puts every resource under the given namespace."""
    (tmp_path / "a.md").write_text("# T\n**A**\n- github(PyTorch): https://github.com/a/b\n")
    proc = run_kg("build", "a.md", "--out", "out", "--base", "https://example.org/kg/", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    store = load(tmp_path / "out" / "graph.nt")
    subjects = {q.subject.value for q in store}
    assert subjects and all(s.startswith("https://example.org/kg/") for s in subjects)


# -- user errors: one line on stderr, exit 1, previous outputs intact -------------------------


@pytest.fixture
def previous(tmp_path: Path) -> Path:
    """An output folder holding the files of an earlier build."""
    out = tmp_path / "out"
    out.mkdir()
    for name in (*GRAPH_FILES, "report.md"):
        (out / name).write_text(f"previous {name}\n")
    return out


def assert_failed_cleanly(proc: subprocess.CompletedProcess[str], out: Path, *needles: str) -> None:
    assert proc.returncode == 1, (proc.stdout, proc.stderr)
    line = one_error(proc.stderr)  # the one line of the error, after any progress line
    assert line.startswith("kg: ")
    assert "Traceback" not in proc.stderr
    for needle in needles:
        assert needle in line
    for name in (*GRAPH_FILES, "report.md"):
        assert (out / name).read_text() == f"previous {name}\n"
    assert not [p for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.")]  # nothing left beside it


def test_missing_path_fails_with_one_line(tmp_path: Path, previous: Path):
    """A path that does not exist: one line naming it, exit 1, outputs untouched."""
    proc = run_kg("build", "nope.md", "--out", str(previous), cwd=tmp_path)
    assert_failed_cleanly(proc, previous, "nope.md", "no such file")


def test_folder_without_markdown_fails_with_one_line(tmp_path: Path, previous: Path):
    """A folder with no .md file: one line naming it, exit 1, outputs untouched."""
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "x.txt").write_text("hi")
    proc = run_kg("build", "empty", "--out", str(previous), cwd=tmp_path)
    assert_failed_cleanly(proc, previous, "empty", "no .md files")


def test_undecodable_list_fails_naming_file_and_line(tmp_path: Path, previous: Path):
    """A list that is not UTF-8: one line `file:line: not valid UTF-8 ...`, exit 1, outputs untouched."""
    (tmp_path / "bad.md").write_bytes(b"# T\n\n**A**\n- intro: Universit\xe9 de Montr\xe9al\n")
    proc = run_kg("build", "bad.md", "--out", str(previous), cwd=tmp_path)
    assert_failed_cleanly(proc, previous, "bad.md:4: not valid UTF-8")


def test_output_path_that_is_a_file_fails_with_one_line(tmp_path: Path):
    """--out naming an existing file: one line, exit 1, the file untouched."""
    blocker = tmp_path / "outputs"
    blocker.write_text("a file")
    proc = run_kg("build", "--out", str(blocker), cwd=tmp_path)
    assert proc.returncode == 1
    assert "not a folder" in one_error(proc.stderr) and "Traceback" not in proc.stderr
    assert blocker.read_text() == "a file"


def test_unwritable_output_file_leaves_every_previous_output(tmp_path: Path, previous: Path):
    """When one output cannot be replaced (a folder is in its way), no output is replaced."""
    (previous / "graph.jsonld").unlink()
    (previous / "graph.jsonld").mkdir()
    proc = run_kg("build", "--out", str(previous), cwd=tmp_path)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "graph.jsonld" in proc.stderr
    for name in ("graph.ttl", "graph.nt", "report.md"):
        assert (previous / name).read_text() == f"previous {name}\n"


def test_bad_base_fails_with_one_line(tmp_path: Path, previous: Path):
    """A --base that is not an absolute IRI ending in / or #: one line, exit 1, outputs untouched."""
    proc = run_kg("build", "--base", "not an iri", "--out", str(previous), cwd=tmp_path)
    assert_failed_cleanly(proc, previous, "--base")


ONE_VENUE = """@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix kg: <https://w3id.org/paperkg/ontology#> .
@prefix venue: <https://w3id.org/paperkg/vocab/venue/> .

venue:kgconf a skos:Concept ;
    skos:prefLabel "KGConf" ;
    skos:altLabel "Knowledge Graph Conference" ;
    kg:venueKind "conference" .
"""


def test_build_with_a_vocabulary_of_ones_own(tmp_path: Path):
    """`kg build --vocab DIR` finds entities with the vocabulary in DIR and no other: with one
    venue in it, that venue (by any of its names) is found, and a framework the packaged
    vocabulary knows is not (the build reports the annotation instead)."""
    vocab = tmp_path / "vocab"
    vocab.mkdir()
    (vocab / "venues.ttl").write_text(ONE_VENUE)
    (tmp_path / "l.md").write_text(
        "**A**\n\n- intro: Knowledge Graph Conference 2021\n- github(PyTorch): https://github.com/a/b\n"
    )
    proc = run_kg("build", "l.md", "--vocab", "vocab", "--out", "out", "-q", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    store = load(tmp_path / "out" / "graph.nt")
    venue = f"<{KG.iri}venue>"
    rows = {(p, o) for s, p, o in triples(store) if p in (venue, f"<{KG.iri}year>", f"<{KG.iri}usesFramework>")}
    assert rows == {
        (venue, "<https://w3id.org/paperkg/resource/venue/kgconf>"),
        (f"<{KG.iri}year>", '"2021"^^<http://www.w3.org/2001/XMLSchema#gYear>'),
    }
    assert (
        "l.md:4: annotation 'PyTorch' names no framework of the vocabulary"
        in (tmp_path / "out" / "report.md").read_text()
    )


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: None, "no such vocabulary folder"),
        (lambda d: d.mkdir(), "no .ttl files in this vocabulary folder"),
        (lambda d: (d.mkdir(), (d / "v.ttl").write_text("not turtle")), "not a vocabulary file"),
    ],
)
def test_bad_vocabulary_folder_fails_with_one_line(tmp_path: Path, previous: Path, make, message: str):
    """A --vocab folder that is missing, empty or holds a file that is not Turtle: one line
    naming it, exit 1, previous outputs untouched."""
    make(tmp_path / "vocab")
    proc = run_kg("build", "--vocab", "vocab", "--out", str(previous), cwd=tmp_path)
    assert_failed_cleanly(proc, previous, message)


def test_unknown_option_is_a_usage_error(tmp_path: Path):
    """A wrong option is a usage error: exit 2."""
    assert run_kg("build", "--no-such-option", cwd=tmp_path).returncode == 2


def test_lint_prints_file_line_message(tmp_path: Path):
    """`kg lint` prints every repaired or unused line as file:line: message."""
    (tmp_path / "l.md").write_text("# T\nprose\n**A**\n- gtihub: https://github.com/a/b\n")
    proc = run_kg("lint", "l.md", cwd=tmp_path)
    assert proc.returncode == 0
    assert proc.stdout.splitlines() == [
        "l.md:2: text outside any entry ignored [unused]",
        "l.md:4: key 'gtihub' read as 'github' [repaired]",
    ]
    assert run_kg("lint", "--strict", "l.md", cwd=tmp_path).returncode == 1


# -- installation --------------------------------------------------------------------------


def test_wheel_carries_the_ontology_and_the_bundled_list_and_builds_anywhere(tmp_path: Path):
    """`pip install .` (a real wheel, not editable) installs the ontology and the bundled list as
    package data, and `kg build` then runs from any working directory. The wheel goes into a fresh
    virtual environment that sees the running environment's libraries (whether that is a venv or
    not) but not its paperkg."""
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(wheels), str(ROOT)],
        check=True,
        capture_output=True,
    )
    wheel = next(wheels.glob("paperkg-*.whl"))
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    inner = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    outer = sorted({sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]})
    (Path(inner) / "outer_libraries.pth").write_text("\n".join(outer) + "\n")
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q", str(wheel)],
        check=True,
        capture_output=True,
    )
    work = tmp_path / "somewhere"
    work.mkdir()
    proc = subprocess.run([str(env_dir / "bin" / "kg"), "build", "-q"], cwd=work, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    where = subprocess.run(
        [str(python), "-c", "import kg, sys; print(kg.__file__)"], cwd=work, capture_output=True, text=True
    ).stdout
    assert str(env_dir) in where
    assert (work / "outputs" / "graph.ttl").read_bytes() == (ROOT / "outputs" / "graph.ttl").read_bytes()


def test_built_graph_opens_as_an_rdflib_graph_on_oxigraph(seed_build, seed_out: Path):
    """`kg.graph.load_rdflib` gives an rdflib Graph (Oxigraph store underneath) with every triple,
    and rdflib's query API with initBindings answers on it (Oxigraph binds only variables the
    query returns)."""
    import rdflib

    from kg.graph.files import load_rdflib

    for name in GRAPH_FILES:
        graph = load_rdflib(seed_out / name)
        assert len(graph) == seed_build.triple_count
    rows = list(
        graph.query(
            f"SELECT ?paper ?id WHERE {{ ?paper <{KG.iri}arxivId> ?id }}",
            initBindings={"id": rdflib.Literal("1411.4038")},
        )
    )
    assert [str(row[0]) for row in rows] == ["https://w3id.org/paperkg/resource/paper/arxiv/1411.4038"]


def test_build_pauses_the_cycle_collector_and_gives_it_back(tmp_path: Path):
    """A build runs with Python's cycle collector paused (`kg.collector`: its passes over the
    build's millions of live objects were a quarter of the CPU time), in every stage it reports,
    and leaves the collector as it found it, on or off, even when the build fails."""
    import gc

    seen: list[bool] = []
    assert gc.isenabled()
    build(
        [Path(__file__).parent / "data" / "lists" / "other_fields.md"],
        out=tmp_path / "out",
        progress=lambda _: seen.append(gc.isenabled()),
    )
    assert seen and not any(seen), seen
    assert gc.isenabled()
    (tmp_path / "empty").mkdir()
    with pytest.raises(Exception, match="no .md files"):
        build([tmp_path / "empty"], out=tmp_path / "again")
    assert gc.isenabled()
    gc.disable()
    try:
        build([Path(__file__).parent / "data" / "lists" / "other_fields.md"], out=tmp_path / "out")
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_kg_program_leaves_at_once_after_a_build_with_its_summary_whole(tmp_path: Path):
    """`kg build` as a program ends right after writing and printing (`os._exit`, skipping the
    freeing of every object of a big build), with its summary on a pipe whole and exit status 0;
    under a profiler it ends as usual, so that the profile is written; `main` called by a program
    of one's own returns to it."""
    (tmp_path / "a.md").write_text("**A Paper**\n\n- intro: CVPR 2017\n", encoding="utf-8")
    script = (
        "import atexit, sys\n"
        "atexit.register(lambda: print('clean-up ran'))\n"
        "from kg.cli import {entry}\n"
        f"sys.argv = ['kg', 'build', {str(tmp_path / 'a.md')!r}, '--out', {str(tmp_path / 'out')!r}]\n"
        "{entry}()\n"
    )
    proc = subprocess.run([sys.executable, "-c", script.format(entry="run")], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.rstrip().endswith("to " + str(tmp_path / "out") + "/"), proc.stdout
    assert "1 list(s), 1 entries" in proc.stdout and "clean-up ran" not in proc.stdout
    profile = tmp_path / "build.prof"
    args = [str(tmp_path / "a.md"), "--out", str(tmp_path / "out"), "-q"]
    proc = subprocess.run([sys.executable, "-m", "cProfile", "-o", str(profile), "-m", "kg", "build", *args])
    assert proc.returncode == 0 and profile.is_file(), "under a profiler the program ends as usual"
    script = script.format(entry="main").replace("main()", "main(standalone_mode=False)\nprint('back')")
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.rstrip().endswith("back\nclean-up ran"), proc.stdout
