"""Phrase patterns matched on token hashes: what a spaCy `PhraseMatcher` finds, without building one.

A `PhraseMatcher` (inside an `entity_ruler`) tokenizes every pattern text and stores the token
sequences in a trie; setting one up for paperkg's 10,000 vocabulary spellings took about 2 s,
most of it spaCy making a lexeme for every pattern token and every match key. `PhraseTable`
keeps the same token sequences (as the hashes spaCy gives the tokens' `ORTH` or `LOWER`
attribute) in dicts keyed by the first token, and finds, like the matcher, every span of a doc
whose tokens equal a pattern's: overlapping and nested spans included, one match per key and
span. The token texts of each pattern come from the same spaCy tokenizer the entry texts go
through (`pattern_tokens`), and are kept in the cache folder with the patterns
(`kg.understand.patterns`), so a warm machine does not tokenize them again.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.strings import StringStore
    from spacy.tokens import Doc

Key = tuple[str, str]  # (ruler label, pattern id): `("VENUE", "venue:cvpr")`
Match = tuple[Key, int, int]  # key, first token, end token


def pattern_tokens(nlp: Language, texts: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """The token texts of each of `texts`, as `nlp`'s tokenizer cuts it (an entity ruler's
    `add_patterns` tokenizes phrase patterns with the pipes before it: here, none)."""
    todo = sorted(set(texts))
    return {
        text: tuple(token.text for token in doc)
        for text, doc in zip(todo, nlp.tokenizer.pipe(todo), strict=True)  # type: ignore[union-attr]
    }


class PhraseTable:
    """Token sequences to match on one attribute of the tokens: `ORTH` (as written) or `LOWER`;
    their ids are those of `strings`, the vocabulary's string store of the docs to match."""

    def __init__(self, attr: str, phrases: Iterable[tuple[Sequence[str], Key]], strings: StringStore) -> None:
        if attr not in ("ORTH", "LOWER"):
            raise ValueError(f"phrase tables match on ORTH or LOWER, not {attr}")
        self.attr = attr
        # first token -> length -> the whole sequence -> keys, in the order they were added
        self._table: dict[int, dict[int, dict[tuple[int, ...], list[Key]]]] = {}
        for tokens, key in phrases:
            if not tokens:
                continue  # the PhraseMatcher skips an empty pattern too
            # the id spaCy gives a string (a hash, or a symbol's number), as a lexeme's attribute has
            hashes = tuple(strings.add(t.lower() if attr == "LOWER" else t) for t in tokens)
            keys = self._table.setdefault(hashes[0], {}).setdefault(len(hashes), {}).setdefault(hashes, [])
            if key not in keys:
                keys.append(key)
        self._table = {first: dict(sorted(lengths.items())) for first, lengths in self._table.items()}

    def __len__(self) -> int:
        return sum(len(seqs) for lengths in self._table.values() for seqs in lengths.values())

    def find(self, hashes: Sequence[int]) -> list[Match]:
        """Every (key, start, end) whose pattern equals `hashes[start:end]`, by start, then length."""
        found: list[Match] = []
        table, size = self._table, len(hashes)
        for start, first in enumerate(hashes):
            lengths = table.get(first)
            if lengths is None:
                continue
            for length, sequences in lengths.items():
                if start + length > size:
                    break
                keys = sequences.get(tuple(hashes[start : start + length]))
                if keys:
                    found.extend((key, start, start + length) for key in keys)
        return found


def doc_hashes(doc: Doc) -> dict[str, tuple[int, ...]]:
    """The `ORTH` and `LOWER` hashes of a doc's tokens, read from its token array."""
    from spacy.attrs import LOWER, ORTH

    if not len(doc):
        return {"ORTH": (), "LOWER": ()}
    array = doc.to_array([ORTH, LOWER])
    return {"ORTH": tuple(array[:, 0].tolist()), "LOWER": tuple(array[:, 1].tolist())}
