"""Institution spans read as a whole: a sub-unit and its parent written `Sub-unit, Parent` are
one institution (`The Robotics Institute, Carnegie Mellon University`, `Tencent AI Lab,
Tencent`), and in `Name, City, Country` the city is a place, not the university that shares
its name (`University of X, Oxford, UK`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.understand.records import EntityKind

if TYPE_CHECKING:
    from spacy.tokens import Doc

Span = tuple[EntityKind, str | None, int, int]

# Last words of a name that make it a part of a larger institution.
SUB_UNITS = frozenset(
    """lab labs laboratory laboratories institute department dept school faculty center centre group
    division team unit""".split()
)
_ENDS = frozenset({".", ";", "|", "&", "and", ")"})


def _comma_between(doc: Doc, first: Span, second: Span) -> bool:
    return second[2] == first[3] + 1 and doc[first[3]].text == ","


def sub_units_joined(doc: Doc, spans: list[Span]) -> list[Span]:
    """`spans` (in token order) with each `Sub-unit, Parent` pair of institutions made one span,
    keyed as the sub-unit (its vocabulary concept, when it has one)."""
    out: list[Span] = []
    for span in spans:
        if out and span[0] == out[-1][0] == EntityKind.INSTITUTION and _comma_between(doc, out[-1], span):
            previous = out[-1]
            if doc[previous[3] - 1].lower_ in SUB_UNITS:
                out[-1] = (EntityKind.INSTITUTION, previous[1], previous[2], span[3])
                continue
        out.append(span)
    return out


def cities_dropped(doc: Doc, spans: list[Span]) -> list[Span]:
    """`spans` without a one-word institution written as the city of `Name, City, Country`: it
    follows another institution after a comma, and a comma and one or two capitalized words
    that name nothing close the clause after it."""
    taken = {i for _, _, s, e in spans for i in range(s, e)}
    out: list[Span] = []
    for index, span in enumerate(spans):
        previous = spans[index - 1] if index else None
        if span[0] == EntityKind.INSTITUTION and span[3] - span[2] == 1 and previous is not None:
            if (
                previous[0] == EntityKind.INSTITUTION
                and _comma_between(doc, previous, span)
                and _country_after(doc, span[3], taken)
            ):
                continue
        out.append(span)
    return out


def _country_after(doc: Doc, end: int, taken: set[int]) -> bool:
    if end + 1 >= len(doc) or doc[end].text != ",":
        return False
    i = end + 1
    while i < len(doc) and i - end <= 3 and doc[i].text[:1].isupper() and i not in taken:
        i += 1
    return i - end in (2, 3) and (i == len(doc) or doc[i].lower_ in _ENDS)


# One-word members of a list that are not names of institutions.
_NOT_MEMBERS = frozenset(
    """oral poster spotlight best award code data project page paper slides video demo github arxiv
    and the other others etc inc ltd""".split()
)


def _one_word_name(doc: Doc, i: int, taken: set[int]) -> bool:
    word = doc[i].text
    return (
        i not in taken
        and len(word) >= 3
        and word.isalpha()
        and word[0].isupper()
        and word.lower() not in _NOT_MEMBERS
        and (i == 0 or doc[i - 1].text in ("&", ";", ":"))
        and (i + 1 == len(doc) or doc[i + 1].text in ("&", ";") or (i + 2 == len(doc) and doc[i + 1].text == "."))
    )  # a period could end an abbreviation (`Univ. Lille`): only the text's last one ends a member


def listed_with_institutions(doc: Doc, spans: list[Span]) -> list[tuple[int, int]]:
    """One-word names written as members of an `&` list beside an institution, that nothing
    else named: `Laboratory for Physical Sciences & Nvidia`, `SUNY Buffalo & LinkedIn`."""
    ends = {e for kind, _, _, e in spans if kind == EntityKind.INSTITUTION}
    starts = {s for kind, _, s, _ in spans if kind == EntityKind.INSTITUTION}
    if not ends:
        return []
    taken = {i for _, _, s, e in spans for i in range(s, e)}
    found: list[tuple[int, int]] = []
    for i in range(len(doc)):
        if not _one_word_name(doc, i, taken):
            continue
        after_member = i >= 2 and doc[i - 1].text == "&" and (i - 1) in ends
        before_member = i + 2 < len(doc) and doc[i + 1].text == "&" and (i + 2) in starts
        if after_member or before_member:
            found.append((i, i + 1))
            ends.add(i + 1)
            starts.add(i)
    return found
