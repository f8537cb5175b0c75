"""`kg build`: markdown lists in, graph files and a build report out."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import InputError, KGError
from kg.export import GraphFormat, serialize_graph, sorted_triples, write_atomically
from kg.extract import Extractor
from kg.model import Document, Entity, Facts, Problem, Severity
from kg.namespaces import DEFAULT_BASE, KG, RDF
from kg.parse import read_document
from kg.rdf import GraphContent, build_content
from kg.render import graph_view, render_graphml, render_html
from kg.resolve import family_ancestors, heading_families, mention_facts, structural_facts
from kg.resources import bundled_list
from kg.urls import is_valid_iri
from kg.vocab import load_vocabulary

REPORT = "report.md"


@dataclass(frozen=True)
class Source:
    """A list to read: its file, and the name it is known by in the graph and in messages."""

    path: Path
    name: str


@dataclass
class BuildResult:
    """What a build read and wrote."""

    documents: list[Document]
    content: GraphContent
    out: Path | None
    files: dict[str, bytes] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    unplaced: list[Problem] = field(default_factory=list)  # intro/keywords fragments naming no entity

    @property
    def triple_count(self) -> int:
        return len(self.content.triples)

    def class_counts(self) -> dict[str, int]:
        """Resources per class (the local name of each `kg:` class)."""
        counts = Counter(
            str(t.object)[1:-1].rsplit("#", 1)[-1]
            for t in self.content.triples
            if t.predicate == RDF.type and str(t.object).startswith(f"<{KG.iri}")
        )
        return dict(sorted(counts.items()))


def collect_sources(paths: Sequence[Path]) -> list[Source]:
    """The lists named by `paths`: files as given, folders searched recursively for `*.md`
    (hidden folders skipped). No paths: the list bundled with the package."""
    if not paths:
        return [Source(bundled_list(), bundled_list().name)]
    sources: list[Source] = []
    seen_files: set[Path] = set()
    names: set[str] = set()
    for path in paths:
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*.md")
                if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if not found:
                raise InputError(f"{path}: no .md files in this folder")
            folder = path.resolve().name or "lists"
            pairs = [(p, f"{folder}/{p.relative_to(path).as_posix()}") for p in found]
        elif path.exists():
            pairs = [(path, path.name)]
        else:
            raise InputError(f"{path}: no such file or folder")
        for file, name in pairs:
            real = file.resolve()
            if real in seen_files:
                continue
            seen_files.add(real)
            unique, n = name, 2
            while unique in names:
                unique, n = f"{name}~{n}", n + 1
            names.add(unique)
            sources.append(Source(file, unique))
    return sources


def check_base(base: str) -> str:
    """`base` if it is an absolute IRI ending in `/` or `#`, else a `KGError`."""
    if not base.endswith(("/", "#")) or not is_valid_iri(base + "x"):
        raise KGError(f"--base {base!r}: must be an absolute IRI ending in '/' or '#'")
    return base


def render_report(result: BuildResult) -> bytes:
    """The build report: sources, counts per class, and every line repaired or not used."""
    lines = ["# paperkg build report", "", "## Sources", ""]
    for doc in result.documents:
        lines.append(f"- `{doc.source}`: {len(doc.entries)} entries, {len(doc.tables)} tables")
    lines += ["", f"Triples: {result.triple_count}", "", "## Resources per class", "", "| class | count |", "|---|---|"]
    lines += [f"| kg:{name} | {count} |" for name, count in result.class_counts().items()]
    repaired = [p for p in result.problems if p.severity is Severity.REPAIRED]
    unused = [p for p in result.problems if p.severity is Severity.UNUSED]
    sections = (
        ("Lines repaired", repaired),
        ("Lines not used", unused),
        ("Intro and keywords fragments that named no entity", result.unplaced),
    )
    for heading, items in sections:
        lines += ["", f"## {heading} ({len(items)})", ""]
        lines += [f"- {problem}" for problem in items] or ["none"]
    return ("\n".join(lines) + "\n").encode("utf-8")


def build_graph(sources: Sequence[Source], *, base: str = DEFAULT_BASE) -> BuildResult:
    """Parse `sources` and make their graph, without writing anything."""
    base = check_base(base)
    vocab = load_vocabulary()
    documents = [read_document(source.path, source.name) for source in sources]
    problems: list[Problem] = [p for doc in documents for p in doc.problems]
    facts: dict[tuple[str, int], Facts] = {}
    unplaced: list[Problem] = []
    broader: set[tuple[Entity, Entity]] = set()
    extractor = Extractor()
    for doc in documents:
        families_of = {heading.line: heading_families(vocab, heading.text) for heading in doc.headings}
        introduced: set[int] = set()  # headings whose first entry has been seen
        for entry, mentions in zip(doc.entries, extractor.extract(doc.entries), strict=True):
            first_under: list[Entity] = []
            if entry.sections and entry.sections[-1].line not in introduced:
                introduced.add(entry.sections[-1].line)
                first_under = families_of.get(entry.sections[-1].line, [])
            found = mention_facts(vocab, structural_facts(vocab, entry, problems), mentions, first_under)
            facts[(doc.source, entry.line)] = found
            for family in found.families:
                broader.update(family_ancestors(vocab, family))
            unplaced.extend(
                Problem(doc.source, line, Severity.UNUSED, f"no entity in {fragment!r}")
                for line, fragment in mentions.unplaced
            )
    content = build_content(documents, facts, base=base, broader=sorted(broader))
    return BuildResult(documents, content, None, problems=sorted(set(problems)), unplaced=sorted(set(unplaced)))


def build(
    paths: Sequence[Path] = (),
    *,
    out: Path = Path("outputs"),
    base: str = DEFAULT_BASE,
    progress: Callable[[str], None] | None = None,
) -> BuildResult:
    """Build the graph of the lists at `paths` (default: the bundled list) into `out`.

    Writes `graph.ttl`, `graph.nt`, `graph.jsonld`, `graph.html`, `graph.graphml` and `report.md`,
    all or none.
    """
    say = progress or (lambda _message: None)
    sources = collect_sources(paths)
    say(f"reading {len(sources)} list(s) and finding their entities")
    result = build_graph(sources, base=base)
    say(f"writing {result.triple_count} triples as Turtle, N-Triples and JSON-LD")
    triples = sorted_triples(result.content.triples)
    files = {fmt.value: serialize_graph(triples, fmt) for fmt in GraphFormat}
    files[REPORT] = render_report(result)
    say("laying out and drawing the page")
    view = graph_view(triples)
    files["graph.html"] = render_html(view)
    files["graph.graphml"] = render_graphml(view)
    write_atomically(out, files)
    result.out = out
    result.files = files
    return result
