"""One resource from all the listings of an entry: its title, and the facts its listings give.

The rule: facts that can hold several values (institutions, frameworks, libraries, datasets,
method families, methods used, awards) are the union of what the listings say, keeping only the
most specific family of a chain, and no method as used that the resource belongs to. A paper
has one publication: when listings name different venues or years, the paper takes the latest
(the greatest year; a listing with a year before one without; then the first listing in the
order of list file names and lines), each listing keeps its own on its `kg:Listing` node, and
the build report lists the disagreement.

A code repository is one resource per `owner/name`; its name is the spelling the listings use
most (then the first in alphabetical order), whatever the order of the lists.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import replace

from kg.read.records import Problem, Severity
from kg.understand.families import family_ancestors
from kg.understand.identity import file_name
from kg.understand.records import Entity, EntryKind, Facts, Listing, Repository, Resource
from kg.understand.resolve import with_entity
from kg.understand.vocabulary import Vocabulary


def _order(listing: Listing) -> tuple[str, str, int]:
    return (file_name(listing.entry.source), listing.entry.source, listing.entry.line)


def canonical_repositories(listings: Iterable[Listing]) -> dict[str, Repository]:
    """Each repository key's one name and address, by the majority of the spellings seen."""
    seen: dict[str, Counter[str]] = {}
    found: dict[str, Repository] = {}
    for listing in listings:
        for placed in listing.links:
            if placed.repository is not None:
                seen.setdefault(placed.repository.key, Counter())[placed.repository.label] += 1
                found.setdefault(placed.repository.key, placed.repository)
    canonical = {}
    for key, spellings in seen.items():
        label = min(spellings, key=lambda name: (-spellings[name], name))
        repo = found[key]
        url = repo.url if key.startswith("repo/url/") else f"https://{key.split('/')[1]}/{label}"
        canonical[key] = Repository(key, label, url)
    return canonical


def _union(values: Iterable[tuple[Entity, ...]]) -> tuple[Entity, ...]:
    merged: tuple[Entity, ...] = ()
    for group in values:
        for entity in group:
            merged = with_entity(merged, entity)
    return merged


def _describe(facts: Facts) -> str:
    assert facts.venue is not None
    year = f" {facts.year}" if facts.year is not None else ""
    return f"{facts.venue.label}{year}{' workshop' if facts.workshop else ''}"


def _publication(members: list[Listing]) -> tuple[Listing | None, list[Problem]]:
    """The listing whose venue the resource takes, and the listings that disagree with it."""
    candidates = [m for m in members if m.facts.venue is not None]
    if not candidates:
        return None, []
    best = max(candidates, key=lambda m: (m.facts.year is not None, m.facts.year or 0))
    chosen = (best.facts.venue, best.facts.year, best.facts.workshop)
    problems = []
    for other in candidates:
        if (other.facts.venue, other.facts.year, other.facts.workshop) != chosen:
            message = (
                f"this listing says {_describe(other.facts)}, another listing of the same entry says "
                f"{_describe(best.facts)} ({best.entry.source}:{best.entry.line}): the entry keeps the latest"
            )
            problems.append(Problem(other.entry.source, other.entry.line, Severity.REPAIRED, message))
    return best, problems


def merge_facts(vocab: Vocabulary, members: list[Listing]) -> tuple[Facts, list[Problem]]:
    """The facts of a resource from those of its listings (see the module's docstring)."""
    best, problems = _publication(members)
    families = _union(m.facts.families for m in members)
    wider = {wide.key for entity in families for _, wide in family_ancestors(vocab, entity)}
    belongs = {entity.key for entity in families} | wider
    uses = tuple(entity for entity in _union(m.facts.uses for m in members) if entity.key not in belongs)
    used_wider = {wide.key for entity in uses for _, wide in family_ancestors(vocab, entity)}
    repo_frameworks: dict[str, tuple[Entity, ...]] = {}
    for member in members:
        for url, frameworks in member.facts.repo_frameworks:
            repo_frameworks[url] = _union([repo_frameworks.get(url, ()), frameworks])
    presentation = best.facts.presentation if best else next((m.facts.presentation for m in members), None)
    facts = Facts(
        frameworks=_union(m.facts.frameworks for m in members),
        libraries=_union(m.facts.libraries for m in members),
        repo_frameworks=tuple(repo_frameworks.items()),
        venue=best.facts.venue if best else None,
        year=best.facts.year if best else None,
        workshop=best.facts.workshop if best else None,
        institutions=_union(m.facts.institutions for m in members),
        families=tuple(entity for entity in families if entity.key not in wider),
        uses=tuple(entity for entity in uses if entity.key not in used_wider),
        datasets=_union(m.facts.datasets for m in members),
        awards=tuple(dict.fromkeys(award for m in members for award in m.facts.awards)),
        presentation=presentation,
    )
    return facts, problems


def _kind(members: list[Listing]) -> EntryKind:
    """What a resource is when its listings read differently: the kind most of them give, a paper
    before any other kind at equal counts, then the order of `EntryKind`."""
    counts = Counter(m.kind for m in members)
    order = list(EntryKind)
    return min(counts, key=lambda kind: (-counts[kind], order.index(kind)))


def consolidate(vocab: Vocabulary, listings: Iterable[Listing]) -> tuple[list[Resource], list[Problem]]:
    """The resources of a build's listings (by key), with canonical repositories, and the
    disagreements between listings of one resource."""
    listings = list(listings)
    repos = canonical_repositories(listings)
    groups: dict[str, list[Listing]] = {}
    for listing in listings:
        links = tuple(
            replace(placed, repository=repos[placed.repository.key]) if placed.repository else placed
            for placed in listing.links
        )
        groups.setdefault(listing.key, []).append(replace(listing, links=links))
    resources: list[Resource] = []
    disagreements: list[Problem] = []
    for key in sorted(groups):
        members = sorted(groups[key], key=_order)
        facts, problems = merge_facts(vocab, members)
        disagreements.extend(problems)
        title = members[0].entry.title
        titles = dict.fromkeys(t for m in members for t in m.entry.titles if t != title)
        arxiv = next((m.arxiv for m in members if m.arxiv), None)
        kind = _kind(members)
        resources.append(Resource(key, kind, title, tuple(titles), arxiv, facts, tuple(members)))
    return resources, disagreements
