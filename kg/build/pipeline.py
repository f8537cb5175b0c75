"""`kg build`: the pipeline from markdown lists to graph files and a build report.

sources ──read──▶ documents ──understand──▶ listings ──graph──▶ triples ──▶ ttl, nt, jsonld
                                                                    └──view──▶ html, graphml
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import NamedNode, RdfFormat, Triple, serialize

from kg.build.forked import beside, can_fork, cores
from kg.build.lists import read_lists
from kg.build.outputs import write_atomically
from kg.build.progress import Messages, Progress
from kg.build.report import render_report, unknown_entities
from kg.cachefiles import records
from kg.collector import paused_gc
from kg.errors import KGError
from kg.graph.formats import GraphFormat, serialize_graph, sorted_triples
from kg.graph.namespaces import DEFAULT_BASE, KG, RDF, VOID_PREFIXES
from kg.graph.shapes import Violation, check_ntriples, compile_shapes
from kg.graph.terms import is_valid_iri
from kg.graph.triples import graph_triples
from kg.graph.void import void_triples
from kg.read.records import Document, Problem
from kg.read.sources import Source, find_sources
from kg.resources import ontology_dir
from kg.understand.listings import combine
from kg.understand.records import Understanding
from kg.understand.vocabulary import Vocabulary, load_vocabulary

REPORT = "report.md"
VOID = "void.ttl"


@dataclass
class BuildResult:
    """What a build read and made: its documents, what was understood of them, the triples
    (sorted), and, once written, the output folder and files."""

    documents: list[Document]
    understanding: Understanding
    triples: list[Triple]
    out: Path | None = None
    files: dict[str, bytes] = field(default_factory=dict)
    classes: dict[str, int] = field(default_factory=dict)  # resources per kg: class (local name)
    skipped: tuple[Problem, ...] = ()  # paths given or found that are not list files
    violations: tuple[Violation, ...] = ()  # what the written graph breaks of the SHACL shapes
    base: str = DEFAULT_BASE  # the namespace of the resources

    @property
    def triple_count(self) -> int:
        return len(self.triples)

    @property
    def problems(self) -> tuple[Problem, ...]:
        """Every line repaired or not used, and every path skipped."""
        return tuple(sorted(self.skipped + self.understanding.problems))

    @property
    def unplaced(self) -> tuple[Problem, ...]:
        """Intro and keywords fragments that named no entity."""
        return self.understanding.unplaced

    def class_counts(self) -> dict[str, int]:
        """Resources per class (the local name of each `kg:` class)."""
        return self.classes


def _class_counts(triples: Sequence[Triple]) -> dict[str, int]:
    prefix, rdf_type = KG.iri, RDF.type
    counts = Counter(
        t.object.value[len(prefix) :]
        for t in triples
        if t.predicate == rdf_type and isinstance(t.object, NamedNode) and t.object.value.startswith(prefix)
    )
    return dict(sorted(counts.items()))


def check_base(base: str) -> str:
    """`base` if it is an absolute IRI ending in `/` or `#`, else a `KGError`."""
    if not base.endswith(("/", "#")) or not is_valid_iri(base + "x"):
        raise KGError(f"--base {base!r}: must be an absolute IRI ending in '/' or '#'")
    return base


def _get_ready() -> None:
    """What the later stages need, made ready while lists are read in other processes: the
    view's libraries imported, the shapes compiled."""
    from kg.view.scene import import_libraries

    import_libraries()
    compile_shapes(ontology_dir() / "shapes.ttl")


def build_graph(
    sources: Sequence[Source],
    *,
    base: str = DEFAULT_BASE,
    vocab: Vocabulary | None = None,
    skipped: Sequence[Problem] = (),
    progress: Progress | None = None,
    cache: bool = False,
    processes: int | None = None,
) -> BuildResult:
    """Read `sources`, understand them with `vocab` (default: the packaged vocabulary) and make
    their graph, without writing anything. `cache` keeps and reuses each list's reading in the
    per-list cache; `processes` forces the number of processes that read lists (default: as
    many as pay); neither changes the result."""
    base = check_base(base)
    say = progress or Progress()
    with paused_gc():  # see `kg.collector`
        vocabulary = vocab if vocab is not None else load_vocabulary()
        read = read_lists(sources, vocabulary, progress=say, cache=cache, processes=processes, meanwhile=_get_ready)
        understood = combine(read, vocabulary)
        say.stage("making the graph")
        triples = graph_triples(understood, base=base)  # sorted
        return BuildResult(
            list(understood.documents),
            understood,
            triples,
            classes=_class_counts(triples),
            skipped=tuple(skipped),
            base=base,
        )


def serialize_void(result: BuildResult, ntriples: bytes | None = None) -> bytes:
    """`void.ttl`: the VoID description of the build's graph (`ntriples`: its `graph.nt`)."""
    triples = void_triples(result.triples, base=result.base, ntriples=ntriples)
    return serialize(sorted_triples(triples), format=RdfFormat.TURTLE, prefixes=VOID_PREFIXES) or b""


# Drawing the view in a second process pays from about this many triples (about 1,000 entries).
VIEW_BESIDE_TRIPLES = 20_000


def _view_files(result: BuildResult) -> dict[str, bytes]:
    """`graph.html` and `graph.graphml`: the work of a build that does not depend on the graph
    files or the shapes check."""
    from kg.view.graphml import render_graphml
    from kg.view.page import render_html
    from kg.view.scene import graph_view

    view = graph_view(result.triples)
    return {"graph.html": render_html(view), "graph.graphml": render_graphml(view)}


def _view_beside(result: BuildResult, processes: int | None) -> bool:
    """Whether to draw the view in a second process while this one writes and checks the graph."""
    if processes is not None:
        return processes > 1 and can_fork()
    return can_fork() and cores() > 1 and result.triple_count >= VIEW_BESIDE_TRIPLES


def render_files(result: BuildResult, progress: Progress, *, processes: int | None = None) -> dict[str, bytes]:
    """Every output file of a build, as bytes. The view is made in a second process while this
    one writes and checks the graph when that pays (`processes`: see `build`)."""
    with beside(lambda: _view_files(result), fork=_view_beside(result, processes)) as view_files:
        progress.stage(f"writing {result.triple_count} triples as Turtle, N-Triples and JSON-LD, and their VoID")
        files = {fmt.value: serialize_graph(result.triples, fmt, base=result.base) for fmt in GraphFormat}
        files[VOID] = serialize_void(result, files[GraphFormat.NTRIPLES.value])
        progress.stage("checking the graph against the SHACL shapes")
        result.violations = tuple(
            check_ntriples(files[GraphFormat.NTRIPLES.value], ontology_dir() / "shapes.ttl", written=True)
        )
        files[REPORT] = render_report(
            result.documents,
            triples=result.triple_count,
            classes=result.classes,
            problems=result.problems,
            unplaced=result.unplaced,
            disagreements=result.understanding.disagreements,
            violations=[str(v) for v in result.violations],
            unknown=unknown_entities(result.understanding),
        )
        progress.stage("laying out and drawing the page")
        files.update(view_files())
    return files


def build(
    paths: Sequence[Path] = (),
    *,
    out: Path = Path("outputs"),
    base: str = DEFAULT_BASE,
    vocab: Path | None = None,
    progress: Progress | Callable[[str], object] | None = None,
    cache: bool = True,
    processes: int | None = None,
) -> BuildResult:
    """Build the graph of the lists at `paths` (default: the bundled list) into `out`, with the
    vocabulary in the folder `vocab` (default: the packaged one).

    Writes `graph.ttl`, `graph.nt`, `graph.jsonld`, `void.ttl`, `graph.html`, `graph.graphml` and
    `report.md`, all or none. `progress` is told each stage (a `Progress`, or a function given
    each stage's name); `cache` is that of `build_graph`. `processes` forces the number of
    processes: 1 does everything in this one; 2 or more read the lists in that many and draw the
    view in a second one (default: as many as pay, see `PARALLEL_BYTES` and `VIEW_BESIDE_TRIPLES`).
    None of these changes what is written.
    """
    say = progress if isinstance(progress, Progress) else Messages(progress) if progress else Progress()
    try:
        with paused_gc():  # see `kg.collector`
            sources, skipped = find_sources(paths)
            with records(cache):  # --no-cache: no vocabulary or pattern record either
                vocabulary = load_vocabulary(vocab)
                result = build_graph(
                    sources,
                    base=base,
                    vocab=vocabulary,
                    skipped=skipped,
                    progress=say,
                    cache=cache,
                    processes=processes,
                )
            files = render_files(result, say, processes=processes)
            say.stage(f"writing {len(files)} files to {out}")
            write_atomically(out, files)
    finally:
        say.close()
    result.out = out
    result.files = files
    return result
