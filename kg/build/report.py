"""`report.md`: what a build read, what it made, every line it repaired or did not use, and every
entity the vocabulary does not know (also printed as SKOS Turtle by `kg vocab suggest`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from kg.read.records import Document, Problem, Severity
from kg.understand.records import Entity, EntityKind, Understanding

_SCHEMES = {
    EntityKind.VENUE: "venues",
    EntityKind.INSTITUTION: "institutions",
    EntityKind.FRAMEWORK: "frameworks",
    EntityKind.LIBRARY: "frameworks",
    EntityKind.DATASET: "datasets",
    EntityKind.FAMILY: "families",
}
_VOCAB = "https://w3id.org/paperkg/vocab/"


@dataclass(frozen=True)
class UnknownEntity:
    """An entity found by the shape of its name, not in the vocabulary: how often and where
    (`list:line` of each entry) it was seen, and every spelling."""

    kind: EntityKind
    key: str
    label: str
    spellings: tuple[str, ...]
    places: tuple[str, ...]


def _facts_entities(understood: Understanding) -> list[tuple[Entity, str]]:
    """Each entity the vocabulary does not know with the entry (`list:line`) it was seen in, in
    the order of the lists and lines."""
    found = []
    listings = sorted(understood.listings, key=lambda listing: (listing.entry.source, listing.entry.line))
    for listing in listings:
        facts, place = listing.facts, f"{listing.entry.source}:{listing.entry.line}"
        entities = [facts.venue, *facts.institutions, *facts.frameworks, *facts.libraries, *facts.datasets]
        for entity in [*entities, *facts.families, *facts.uses]:
            if entity is not None and not entity.known:
                found.append((entity, place))
    return found


def unknown_entities(understood: Understanding) -> list[UnknownEntity]:
    """Every entity of the build that the vocabulary does not know, most often seen first
    within each kind."""
    places: dict[tuple[EntityKind, str], list[str]] = defaultdict(list)
    labels: dict[tuple[EntityKind, str], str] = {}
    spellings: dict[tuple[EntityKind, str], set[str]] = defaultdict(set)
    for entity, place in _facts_entities(understood):
        ident = (entity.kind, entity.key)
        if place not in places[ident]:
            places[ident].append(place)
        labels.setdefault(ident, entity.label)
        spellings[ident].update({entity.label, *entity.spellings})
    return sorted(
        (
            UnknownEntity(
                kind,
                key,
                labels[(kind, key)],
                tuple(sorted(spellings[(kind, key)] - {labels[(kind, key)]})),
                tuple(seen),
            )
            for (kind, key), seen in places.items()
        ),
        key=lambda u: (u.kind.value, -len(u.places), u.label, u.key),
    )


def _literal(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


def _category(entity: UnknownEntity) -> str:
    if entity.kind is EntityKind.VENUE:
        journal = any(word in entity.label for word in ("Journal", "Transactions", "Letters"))
        return f'    kg:venueKind "{"journal" if journal else "conference"}" .'
    if entity.kind is EntityKind.FAMILY:
        return '    kg:familyKind "method" .'
    if entity.kind in (EntityKind.FRAMEWORK, EntityKind.LIBRARY):
        return f'    kg:frameworkKind "{entity.kind.value}" .'
    return ""


def vocabulary_suggestions(understood: Understanding) -> str:
    """The entities the vocabulary does not know as SKOS Turtle, one concept each with the
    spellings seen, its count and places in a comment, for a curator to check and paste into
    `ontology/vocab/`."""
    unknown = unknown_entities(understood)
    lines = [
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .",
        "@prefix kg:   <https://w3id.org/paperkg/ontology#> .",
        f"@prefix kgv:  <{_VOCAB}> .",
        "",
        f"# {len(unknown)} entities the vocabulary does not know. Check each before pasting it into the",
        "# matching ontology/vocab/*.ttl file (and its kind: venueKind, familyKind).",
    ]
    for entity in unknown:
        folder = "framework" if entity.kind is EntityKind.LIBRARY else entity.kind.value
        shown = ", ".join(entity.places[:5]) + (f" and {len(entity.places) - 5} more" if len(entity.places) > 5 else "")
        lines += ["", f"# seen {len(entity.places)} time(s): {shown}"]
        lines.append(f"<{_VOCAB}{folder}/{entity.key}> a skos:Concept ;")
        lines.append(f"    skos:inScheme kgv:{_SCHEMES[entity.kind]} ;")
        category = _category(entity)
        end = " ;" if entity.spellings or category else " ."
        lines.append(f"    skos:prefLabel {_literal(entity.label)}{end}")
        if entity.spellings:
            lines.append(f"    skos:altLabel {', '.join(map(_literal, entity.spellings))}{' ;' if category else ' .'}")
        if category:
            lines.append(category)
    return "\n".join(lines) + "\n"


def render_report(
    documents: Sequence[Document],
    *,
    triples: int,
    classes: Mapping[str, int],
    problems: Sequence[Problem],
    unplaced: Sequence[Problem],
    disagreements: Sequence[Problem] = (),
    violations: Sequence[str] = (),
    unknown: Sequence[UnknownEntity] = (),
) -> bytes:
    """The build report: sources, counts per class, every line repaired or not used, and every
    entity the vocabulary does not know with the places it was seen."""
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
    lines += ["", f"## Entities the vocabulary does not know ({len(unknown)})", ""]
    lines += [
        f"- {entity.kind.value} `{entity.label}`: {len(entity.places)} × {', '.join(entity.places)}"
        for entity in unknown
    ] or ["none"]
    if unknown:
        lines += ["", "`kg vocab suggest PATH ...` prints them as SKOS Turtle for `ontology/vocab/`."]
    return ("\n".join(lines) + "\n").encode("utf-8")
