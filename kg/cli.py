"""The `kg` command: thin wrappers over the library. Each command parses its options, calls one
library function and turns `KGError` into one line on stderr and exit status 1."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from kg import __version__
from kg.errors import KGError
from kg.graph.files import DEFAULT_GRAPH
from kg.graph.namespaces import DEFAULT_BASE


def graph_option(help_text: str) -> Any:
    """The `--graph FILE` option of the commands that read a built graph."""
    return click.option(
        "--graph",
        "graph_file",
        type=click.Path(path_type=Path),
        default=DEFAULT_GRAPH,
        show_default=True,
        help=help_text,
    )


_SHOWN = 20  # shape violations printed on stderr; the report lists them all

# Set by `run` (the `kg` program), never by a caller of `main` such as click's test runner.
_LEAVE_AT_ONCE = False


def _leave() -> None:
    """End the program now that a build's files are written and its summary printed: its
    output flushed, then `os._exit(0)`, which skips freeing every object of the build one by one
    (0.8 s of an 8,000-entry build), as mypy does after a check. Nothing of the build is left to
    run: its processes have ended and its files are in place. Under a profiler or a tracer
    (cProfile, coverage), which write their results at exit, the program ends as usual."""
    if sys.getprofile() is not None or sys.gettrace() is not None:
        return
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


def run() -> None:
    """The `kg` program: `main`, leaving at once after a build (`_leave`)."""
    global _LEAVE_AT_ONCE
    _LEAVE_AT_ONCE = True
    main()


class _Group(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KGError as exc:
            click.echo(f"kg: {exc}", err=True)
            sys.exit(1)
        except KeyboardInterrupt:
            click.echo("kg: interrupted", err=True)
            sys.exit(130)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
def main() -> None:
    """Turn curated markdown paper lists into an RDF knowledge graph, and query it."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path, readable=False))
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=Path("outputs"),
    show_default=True,
    help="Folder to write the graph files and the build report into.",
)
@click.option("--base", default=DEFAULT_BASE, show_default=True, help="Namespace IRI of the resources.")
@click.option(
    "--vocab",
    type=click.Path(path_type=Path),
    default=None,
    help="Folder of SKOS vocabulary files (*.ttl) to find entities with [default: the packaged vocabulary].",
)
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors (no progress, no summary).")
@click.option(
    "--no-cache",
    is_flag=True,
    help="Read and understand every list anew, without the per-list cache of earlier builds.",
)
def build(paths: tuple[Path, ...], out: Path, base: str, vocab: Path | None, quiet: bool, no_cache: bool) -> None:
    """Build the graph of markdown lists (files, or folders searched for *.md).

    With no PATH, builds the paper list bundled with paperkg. Writes graph.ttl, graph.nt,
    graph.jsonld, void.ttl, graph.html, graph.graphml and report.md into --out, all or none.
    """
    from kg.build import build as run_build
    from kg.build.progress import progress_for

    progress = progress_for(sys.stderr, quiet=quiet)
    result = run_build(list(paths), out=out, base=base, vocab=vocab, progress=progress, cache=not no_cache)
    if result.violations:
        for violation in result.violations[:_SHOWN]:
            click.echo(f"kg: shape violation: {violation}", err=True)
        more = f" ({len(result.violations) - _SHOWN} more)" if len(result.violations) > _SHOWN else ""
        count = len(result.violations)
        click.echo(
            f"kg: warning: the graph breaks the paperkg shapes {count} time(s){more}: see {out / 'report.md'}", err=True
        )
    if not quiet:
        entries = sum(len(doc.entries) for doc in result.documents)
        click.echo(f"{len(result.documents)} list(s), {entries} entries, {result.triple_count} triples")
        click.echo(", ".join(f"{name} {count}" for name, count in result.class_counts().items()))
        click.echo(f"{len(result.problems)} line(s) repaired or not used: see {out / 'report.md'}")
        click.echo(f"wrote {', '.join(sorted(result.files))} to {out}/")
    if _LEAVE_AT_ONCE:
        _leave()


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path, readable=False))
@click.option("--strict", is_flag=True, help="Exit 1 when any line was repaired or not used.")
def lint(paths: tuple[Path, ...], strict: bool) -> None:
    """Print every line of the lists that the parser repaired or could not use, as file:line: message."""
    from kg.read import find_sources, read_document

    sources, skipped = find_sources(list(paths))
    problems = list(skipped)
    for source in sources:
        problems.extend(read_document(source.path, str(source.path)).problems)
    for problem in problems:
        click.echo(f"{problem} [{problem.severity.value}]")
    count = len(problems)
    if strict and count:
        sys.exit(1)


@main.command()
@click.argument("query", required=False)
@graph_option("The built graph to query (Turtle, N-Triples or JSON-LD).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "tsv", "json"]),
    default="table",
    show_default=True,
    help="Output format of SELECT and ASK results.",
)
@click.option(
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="Bind ?NAME to VALUE (as an RDF term, never pasted into the query). Repeatable.",
)
@click.option("--list", "list_queries", is_flag=True, help="List the canned queries and exit.")
@click.option(
    "--endpoint",
    default=None,
    metavar="URL",
    help="Query this SPARQL 1.1 endpoint instead of a graph file (Oxigraph: http://HOST:7878/query).",
)
@click.option("--graph-iri", default=None, metavar="IRI", help="With --endpoint: the named graph the data sits in.")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=60.0,
    show_default=True,
    metavar="SECONDS",
    help="With --endpoint: how long to wait for the endpoint at each step.",
)
@click.pass_context
def query(
    ctx: click.Context,
    query: str | None,
    graph_file: Path,
    fmt: str,
    params: tuple[str, ...],
    list_queries: bool,
    endpoint: str | None,
    graph_iri: str | None,
    timeout: float,
) -> None:
    """Run a SPARQL query: SPARQL text, a .rq file, or the name of a canned query.

    SELECT and ASK print a table (or csv, tsv, SPARQL JSON results); CONSTRUCT and DESCRIBE
    print Turtle. With --endpoint the query runs at a SPARQL 1.1 endpoint instead of on a file.
    """
    from kg import query as q

    if list_queries:
        for canned in q.canned_queries():
            click.echo(f"{canned.name:28} {canned.description}")
            if canned.params:
                click.echo(f"{'':28}   --param " + ", ".join(p.name for p in canned.params))
        return
    if not query:
        raise click.UsageError("QUERY is required (or use --list)")
    if endpoint is not None and ctx.get_parameter_source("graph_file") is not click.core.ParameterSource.DEFAULT:
        raise click.UsageError("--graph reads a file, --endpoint a store: give one of them")
    output = q.run_query(
        query, graph=graph_file, fmt=fmt, params=list(params), endpoint=endpoint, graph_iri=graph_iri, timeout=timeout
    )
    click.echo(output, nl=False)


@main.command()
@graph_option("The built graph to validate.")
@click.option(
    "--full",
    is_flag=True,
    help="Validate with pySHACL even when the quick check (the one every build runs) finds no violation.",
)
def validate(graph_file: Path, full: bool) -> None:
    """Validate a built graph against the SHACL shapes of paperkg; exit 1 on violations."""
    from kg.validate import validate_graph

    report = validate_graph(graph_file, full=full)
    click.echo(report.text, nl=False)
    if not report.conforms:
        sys.exit(1)


@main.command()
@click.option("--endpoint", required=True, help="Graph Store Protocol endpoint URL of the store.")
@graph_option("The built graph to send.")
@click.option("--graph-iri", default=None, help="Named graph to replace (default: the default graph).")
def push(endpoint: str, graph_file: Path, graph_iri: str | None) -> None:
    """Send a built graph to a store with the SPARQL 1.1 Graph Store HTTP Protocol, replacing
    the named graph (or the default graph)."""
    from kg.push import push_graph, target

    count = push_graph(graph_file, endpoint=endpoint, graph_iri=graph_iri)
    shown = target(endpoint, graph_iri).shown  # the password, if any, masked
    click.echo(f"sent {count} triples to {shown}" + (f" as <{graph_iri}>" if graph_iri else ""))


@main.group()
def vocab() -> None:
    """Look after the SKOS vocabulary (venues, institutions, frameworks, datasets, families)."""


@vocab.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--vocab",
    "vocab_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Folder of SKOS vocabulary files (*.ttl) [default: the packaged vocabulary].",
)
def suggest(paths: tuple[Path, ...], vocab_dir: Path | None) -> None:
    """Print the entities of the lists that the vocabulary does not know as SKOS Turtle.

    With no PATH, reads the paper list bundled with paperkg. Each concept comes with the
    spellings seen and where; check it before pasting it into ontology/vocab/.
    """
    from kg.build import build_graph, collect_sources
    from kg.build.report import vocabulary_suggestions
    from kg.understand import load_vocabulary

    result = build_graph(collect_sources(list(paths)), vocab=load_vocabulary(vocab_dir))
    click.echo(vocabulary_suggestions(result.understanding), nl=False)
