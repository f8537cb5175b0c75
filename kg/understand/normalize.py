"""Text normalized before matching, with a map back to the text as written.

The extractor matches names in a normalized copy of each text and takes the spelling of every
name it finds from the original, so labels keep what the list wrote (`Huawei Noah’s Ark Lab`).
What normalizing does, character by character and then by a few rewrites:

- Unicode NFKC (full-width letters, ligatures, no-break spaces) and quote folding: curly and
  prime quotes become `'` and `"`; zero-width characters go.
- A parenthesis glued to a word is split off: `Conference(BMVC)` -> `Conference (BMVC)`,
  `(ICCV)2017` -> `(ICCV) 2017`, `(EnergyWGAN):` -> `(EnergyWGAN) :`.
- A period glued between a word and a capitalized word, or after a year, ends a sentence:
  `CVPR 2017.Seoul National University`, `2016.rank 1st`.
- A quote between a venue and a four-digit year goes: `NIPS’2016` -> `NIPS 2016`.
- A spacing accent that a copy from a PDF put between the letters of a word is put back on its
  letter: `Universit¨at` -> `Universität`, `Sup ´ erieure` -> `Supérieure`.

Addresses (`http://...`, `www....`) are left as they are.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u00b4": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2033": '"',
    }
)
_DROPPED = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")
_ADDRESS = re.compile(r"(?:https?://|www\.)\S+", re.I)
# (pattern, replacement) applied in order; each pattern matches the characters it replaces
_REWRITES: tuple[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]], ...] = (
    # Universit¨at: NFKC made the spacing accent a space and a combining mark
    (
        re.compile(r"(?<=[A-Za-z])\s+([\u0300-\u036f])\s*([A-Za-z])"),
        lambda m: unicodedata.normalize("NFC", m.group(2) + m.group(1)),
    ),
    (re.compile(r"(?<=[^\s(\[{/])\((?=[A-Za-z])"), " ("),  # Conference(BMVC)
    (re.compile(r"\)(?=[A-Za-z0-9:])"), ") "),  # (ICCV)2017, `(EnergyWGAN):` (spaCy reads `):` as a smiley)
    (re.compile(r"(?<=[a-z0-9)\]])\.(?=[A-Z][a-z]|[A-Z]{2})"), ". "),  # 2017.Seoul, Inc.Google
    (re.compile(r"(?<=(?:19|20)\d\d)\.(?=[a-z]{2})"), ". "),  # 2016.rank
    (re.compile(r"(?<=[A-Za-z])'(?=(?:19|20)\d\d(?!\d))"), " "),  # NIPS'2016
)


@dataclass(frozen=True)
class Normalized:
    """A normalized text, the text it came from, and for each normalized character the span of
    original characters it stands for."""

    text: str
    source: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def original(self, start: int, end: int) -> str:
        """The original text behind the normalized characters `start` to `end` (exclusive)."""
        if start >= end:
            return ""
        return self.source[self.starts[start] : self.ends[end - 1]]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original character offsets behind the normalized characters `start` to `end`."""
        if start >= end:
            at = self.starts[start] if start < len(self.starts) else len(self.source)
            return at, at
        return self.starts[start], self.ends[end - 1]


def _characters(source: str) -> tuple[list[str], list[int], list[int]]:
    """NFKC and quote folding, character by character, with each output character's origin."""
    if source.isascii():  # nothing to fold or drop: every character stands for itself
        return list(source), list(range(len(source))), list(range(1, len(source) + 1))
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    protected = [False] * len(source)
    for m in _ADDRESS.finditer(source):
        protected[m.start() : m.end()] = [True] * (m.end() - m.start())
    for index, ch in enumerate(source):
        if ch in _DROPPED:
            continue
        out = ch if protected[index] or ch.isascii() else unicodedata.normalize("NFKC", ch).translate(_QUOTES)
        for piece in out:
            chars.append(piece)
            starts.append(index)
            ends.append(index + 1)
    return chars, starts, ends


@lru_cache(maxsize=65536)
def normalize(source: str) -> Normalized:
    """`source` normalized for matching (see the module docstring), with its map back."""
    chars, starts, ends = _characters(source)
    text = "".join(chars)
    if text.isascii() and "(" not in text and ")" not in text and "." not in text and "'" not in text:
        return Normalized(text, source, tuple(starts), tuple(ends))
    for pattern, replacement in _REWRITES:
        addresses = [(m.start(), m.end()) for m in _ADDRESS.finditer(text)]
        out: list[str] = []
        out_starts: list[int] = []
        out_ends: list[int] = []
        position = 0
        for m in pattern.finditer(text):
            if any(a <= m.start() < b for a, b in addresses):
                continue
            out.append(text[position : m.start()])
            out_starts.extend(starts[position : m.start()])
            out_ends.extend(ends[position : m.start()])
            origin = starts[m.start()] if m.start() < len(starts) else len(source)
            origin_end = ends[m.end() - 1] if m.end() > m.start() else origin
            written = replacement if isinstance(replacement, str) else replacement(m)
            out.append(written)
            out_starts.extend([origin] * len(written))
            out_ends.extend([origin_end] * len(written))
            position = m.end()
        out.append(text[position:])
        out_starts.extend(starts[position:])
        out_ends.extend(ends[position:])
        text, starts, ends = "".join(out), out_starts, out_ends
    return Normalized(text, source, tuple(starts), tuple(ends))


def normalized_text(source: str) -> str:
    """Only the normalized text of `source`."""
    return normalize(source).text
