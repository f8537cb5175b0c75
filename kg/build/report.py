"""`report.md`: what a build read, what it made, and every line it repaired or did not use."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from kg.read.records import Document, Problem, Severity


def render_report(
    documents: Sequence[Document],
    *,
    triples: int,
    classes: Mapping[str, int],
    problems: Sequence[Problem],
    unplaced: Sequence[Problem],
    disagreements: Sequence[Problem] = (),
    violations: Sequence[str] = (),
) -> bytes:
    """The build report: sources, counts per class, and every line repaired or not used."""
    lines = ["# paperkg build report", "", "## Sources", ""]
    for doc in documents:
        lines.append(f"- `{doc.source}`: {len(doc.entries)} entries, {len(doc.tables)} tables")
    lines += ["", f"Triples: {triples}", "", "## Resources per class", "", "| class | count |", "|---|---|"]
    lines += [f"| kg:{name} | {count} |" for name, count in classes.items()]
    sections = (
        ("Lines repaired", [p for p in problems if p.severity is Severity.REPAIRED]),
        ("Addresses kept as text only", [p for p in problems if p.severity is Severity.TEXT_ONLY]),
        ("Lines not used", [p for p in problems if p.severity is Severity.UNUSED]),
        ("Listings of one entry that disagree", disagreements),
        ("Intro and keywords fragments that named no entity", unplaced),
        ("Violations of the SHACL shapes", violations),
    )
    section_list: list[tuple[str, Sequence[object]]] = list(sections)
    for heading, items in section_list:
        lines += ["", f"## {heading} ({len(items)})", ""]
        lines += [f"- {problem}" for problem in items] or ["none"]
    return ("\n".join(lines) + "\n").encode("utf-8")
