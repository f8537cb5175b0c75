"""`kg build` as a library: `build(paths, out=...)` reads markdown lists, understands them, makes
their graph and writes every output file, all or none; `build_graph` does the same without
writing."""

from kg.build.pipeline import BuildResult, build, build_graph, check_base, render_files
from kg.read.sources import Source, collect_sources

__all__ = ["BuildResult", "Source", "build", "build_graph", "check_base", "collect_sources", "render_files"]
