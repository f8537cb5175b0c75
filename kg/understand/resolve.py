"""Names into entities: one entity per vocabulary concept whatever the spelling, new entities
(keyed by their normalized name) for names the vocabulary does not know."""

from __future__ import annotations

import re

from kg.text import slug
from kg.understand.records import Entity, EntityKind
from kg.understand.vocabulary import Vocabulary


def trim_name(text: str) -> str:
    """A name with surrounding spaces, punctuation and quotes removed, and brackets removed only
    where they do not pair up: `Facebook AI Research (FAIR)` keeps its parentheses."""
    text = re.sub(r"\s+", " ", text)
    while True:
        before = text
        text = text.strip(" ,.;:'\"")
        for opening, closing in ("()", "[]"):
            if text.endswith(closing) and text.count(opening) < text.count(closing):
                text = text[:-1]
            if text.startswith(opening) and text.count(opening) > text.count(closing):
                text = text[1:]
        if text == before:
            return text


def without_alias(text: str) -> str:
    """A name without the alias in brackets it ends with: `Royal Institute of Technology (KTH)`
    -> `Royal Institute of Technology`."""
    if text.endswith(")") and "(" in text:
        return text[: text.rindex("(")].strip()
    return text


def entity_for(vocab: Vocabulary, kind: EntityKind, name: str) -> Entity | None:
    """The entity a name resolves to: its vocabulary concept if it has one, else None."""
    concept = vocab.lookup(kind, name)
    if concept is None:
        return None
    spellings = {*concept.alt}
    if name != concept.pref:
        spellings.add(name)
    return Entity(kind, concept.key, concept.pref, tuple(sorted(spellings)))


def new_entity(kind: EntityKind, name: str) -> Entity:
    """An entity the vocabulary does not know, keyed by its normalized name."""
    return Entity(kind, slug(name), name, known=False)


def resolved(vocab: Vocabulary, kind: EntityKind, key: str | None, text: str) -> Entity | None:
    """The entity of a mention: its vocabulary concept when `key` names one (with `text` as a
    spelling seen), else the concept or new entity its trimmed text names."""
    if key is not None:
        concept = vocab.get(kind, key)
        if concept is None:
            return None
        spellings = {*concept.alt}
        for seen in (text, without_alias(text)):
            if seen and seen != concept.pref:
                spellings.add(seen)
        return Entity(kind, key, concept.pref, tuple(sorted(spellings)))
    name = trim_name(text)
    if not name:
        return None
    return entity_for(vocab, kind, name) or new_entity(kind, name)


def with_entity(found: tuple[Entity, ...], entity: Entity | None) -> tuple[Entity, ...]:
    """`found` with `entity` added at the end, unless it is None or an entity of its key is there."""
    if entity is None or any(e.key == entity.key for e in found):
        return found
    return (*found, entity)
