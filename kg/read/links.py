"""Addresses in list text: markdown links (whose addresses may hold parentheses), `<autolinks>`
and bare addresses; and the plain text of a markdown value, with link markup reduced to its text.

Every scan here is linear in the length of the text (a line of 400 KB of `[` or `<` costs about
four times a line of 100 KB): brackets and parentheses are paired once with a stack, tags are
found with `str.find`, and no regular expression can backtrack over a run of characters.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

_BARE_URL = re.compile(
    r"(?<![\w/])(?:[A-Za-z]{2,8}[:;]?//|www\.|(?:github\.com|gitlab\.com|bitbucket\.org|arxiv\.org)/)"
    r"[^\s<>\"'`\]\[]+"
)
_AUTOLINK = re.compile(r"<((?:[A-Za-z]{2,8}:?//|www\.)[^<>\s]+)>")
_URL_START = re.compile(r"^(?:\[|<?[A-Za-z]{2,8}[:;]?//|www\.)")
_EMPHASIS = re.compile(r"(\*\*|__|`)")
_SPACES = re.compile(r"\s+")
_TRAILING = ".,;:!?"
_BRACKET = re.compile(r"[\[\]]")
_DESTINATION_MARK = re.compile(r'[()]|[ \t](?=")')  # what `_destination` looks at


@dataclass(frozen=True)
class FoundLink:
    """A link found in a piece of text: its link text (markdown only), its address, where it
    is, and the repair made to read it (an unclosed `](...`, a link text with no `](`)."""

    text: str | None
    target: str
    start: int
    end: int
    repair: str | None = None


def _bracket_pairs(text: str) -> dict[int, int]:
    """Position of each `[` -> position of the `]` that balances it."""
    stack: list[int] = []
    pairs: dict[int, int] = {}
    for m in _BRACKET.finditer(text):
        if m.group() == "[":
            stack.append(m.start())
        elif stack:
            pairs[stack.pop()] = m.start()
    return pairs


def _destination(text: str, open_paren: int) -> tuple[str, int, bool]:
    """The address of a markdown link whose `(` is at `open_paren`: it runs to the parenthesis
    that balances it, or to a space before a `"title"`. Returns the address, where the link
    ends, and whether the parenthesis was never closed (the address then runs to the end)."""
    depth = 0
    for m in _DESTINATION_MARK.finditer(text, open_paren):
        k, ch = m.start(), m.group()
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return text[open_paren + 1 : k].strip(), k + 1, False
        elif depth == 1:  # a space or tab before a `"`: [text](url "title")
            close = text.find(")", k)
            return text[open_paren + 1 : k].strip(), (close if close >= 0 else len(text) - 1) + 1, False
    return text[open_paren + 1 :].strip(), len(text), True


@lru_cache(maxsize=256)  # a line is read by several of the functions below, one after the other
def _markdown(text: str) -> tuple[tuple[FoundLink, ...], tuple[tuple[int, int], ...]]:
    """The markdown links of `text` and the spans of its images (`![alt](src)`)."""
    links: list[FoundLink] = []
    images: list[tuple[int, int]] = []
    if "[" not in text:
        return (), ()
    brackets = _bracket_pairs(text)
    i = 0
    while (start := text.find("[", i)) >= 0:
        j = brackets.get(start)
        if j is None or j + 1 >= len(text) or text[j + 1] != "(":
            i = start + 1
            continue
        target, end, unclosed = _destination(text, j + 1)
        if start > 0 and text[start - 1] == "!":
            images.append((start - 1, end))
        else:
            repair = "link address with no closing ')': read to the end of the line" if unclosed else None
            links.append(FoundLink(text[start + 1 : j].strip(), target, start, end, repair))
        i = end
    return tuple(links), tuple(images)


class _Taken:
    """Non-overlapping spans of text already read, asked whether a position falls in one."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = sorted(spans)
        self.starts = [a for a, _ in self.spans]

    def covers(self, position: int) -> bool:
        k = bisect.bisect_right(self.starts, position) - 1
        return k >= 0 and self.spans[k][0] <= position < self.spans[k][1]

    def add(self, span: tuple[int, int]) -> None:
        k = bisect.bisect_left(self.starts, span[0])
        self.spans.insert(k, span)
        self.starts.insert(k, span[0])


def _bare(text: str, match: re.Match[str]) -> FoundLink:
    url = match.group(0)
    # Trailing punctuation belongs to the sentence, and a ")" only to a balanced pair.
    opened = url.count("(")
    closed = url.count(")")
    while url and (url[-1] in _TRAILING or (url[-1] == ")" and opened < closed)):
        closed -= url[-1] == ")"
        url = url[:-1]
    start = match.start()
    repair = None
    if start > 0 and text[start - 1] == "[":
        repair = "link text '[' with no '](' after it: the address read as a bare address"
    glued = max(url.find("(http", 8), url.find("(www.", 8))
    if glued > 0:  # `[url(url)`, a markdown link missing its `]`: the first address of the two
        url = url[:glued]
    end = start + len(url)
    if len(url) == len(match.group(0)) and _cut_at_a_space(url, text, end):
        rest = text[end + 1 :].split(maxsplit=1)[0]
        url = f"{url} {rest}"  # `http://exa mple.org/x`: kept whole, so that it is seen (and refused)
        end = start + len(url)
    return FoundLink(None, url, start, end, repair)


def _cut_at_a_space(url: str, text: str, end: int) -> bool:
    """True when a bare address looks cut in two by a space: its host has no dot, and the text
    goes on after one space with a word holding a dot (`http://exa mple.org/x`)."""
    host = url.split("//", 1)[-1].split("/", 1)[0]
    if "." in host or host.lower().startswith("localhost") or end >= len(text) - 1 or text[end] != " ":
        return False
    following = text[end + 1 :].split(maxsplit=1)
    return bool(following) and "." in following[0] and not following[0].endswith(".")


@lru_cache(maxsize=256)
def _scan(text: str) -> tuple[tuple[FoundLink, ...], tuple[tuple[int, int], ...]]:
    """The links of `text` (as `find_links` gives them) and the spans of its images."""
    marked, images = _markdown(text)
    if "//" not in text and "www." not in text and ".org/" not in text and ".com/" not in text:
        return marked, images
    found = list(marked)
    taken = _Taken([(f.start, f.end) for f in found] + list(images))
    for m in _AUTOLINK.finditer(text):
        if not taken.covers(m.start()):
            found.append(FoundLink(None, m.group(1), m.start(), m.end()))
            taken.add((m.start(), m.end()))
    for m in _BARE_URL.finditer(text):
        if not taken.covers(m.start()):
            found.append(_bare(text, m))
    return tuple(sorted(found, key=lambda f: f.start)), images


def find_links(text: str) -> list[FoundLink]:
    """Every address in `text`: markdown links (addresses may hold parentheses), `<autolinks>` and
    bare addresses, in order of appearance. Images (`![...](...)`) are not links."""
    return list(_scan(text)[0])


def image_spans(text: str) -> list[tuple[int, int]]:
    """Where the images (`![alt](src)`) of `text` are."""
    return list(_markdown(text)[1])


def strip_tags(text: str) -> str:
    """`text` with every `<...>` tag replaced by a space (a `<` with no `>` after it stays)."""
    if "<" not in text:
        return text
    out: list[str] = []
    last = 0
    while (i := text.find("<", last)) >= 0:
        j = text.find(">", i + 1)
        if j < 0:
            break
        out.append(text[last:i])
        out.append(" ")
        last = j + 1
    out.append(text[last:])
    return "".join(out)


def tags(text: str) -> list[str]:
    """The names of the `<tag ...>` and `</tag>` elements of `text`, lower case, in order."""
    names: list[str] = []
    last = 0
    while (i := text.find("<", last)) >= 0:
        j = text.find(">", i + 1)
        if j < 0:
            break
        inner = text[i + 1 : j].strip().lstrip("/").strip()
        names.append(re.split(r"[\s/]", inner, maxsplit=1)[0].lower() if inner else "")
        last = j + 1
    return names


def starts_with_address(text: str) -> bool:
    """True when `text` begins with a link or an address (`[..](..)`, `http://`, `www.`)."""
    return bool(_URL_START.match(text))


def plain_text(markdown: str) -> str:
    """`markdown` with link markup replaced by its text (dropped when the text is an address),
    images, HTML tags and emphasis removed, and white space folded."""
    text = _EMPHASIS.sub("", strip_tags(_replaced(markdown)))
    return _SPACES.sub(" ", text).strip()


def _replaced(markdown: str) -> str:
    """`markdown` with each link replaced by the text it shows and each image by a space."""
    if "[" not in markdown and "//" not in markdown and "www." not in markdown:
        return markdown
    links, images = _scan(markdown)
    pieces = sorted([(a, b, " ") for a, b in images] + [(f.start, f.end, _shown(f)) for f in links])
    out: list[str] = []
    last = 0
    for start, end, shown in pieces:
        if start < last:
            continue
        out.append(markdown[last:start])
        out.append(shown)
        last = end
    out.append(markdown[last:])
    return "".join(out)


def outside_links(markdown: str) -> str:
    """The plain text of `markdown` outside its links and images: what its links do not carry."""
    if "[" not in markdown and "//" not in markdown and "www." not in markdown:
        return _SPACES.sub(" ", _EMPHASIS.sub("", strip_tags(markdown))).strip()
    links, images = _scan(markdown)
    out: list[str] = []
    last = 0
    for start, end in sorted([(f.start, f.end) for f in links] + list(images)):
        if start < last:
            continue
        out.append(markdown[last:start])
        out.append(" ")
        last = end
    out.append(markdown[last:])
    return _SPACES.sub(" ", _EMPHASIS.sub("", strip_tags("".join(out)))).strip()


def _shown(link: FoundLink) -> str:
    """What a link leaves in plain text: its link text without images (`[![badge](b)](u)`
    shows nothing), unless that is itself an address."""
    if not link.text or _URL_START.match(link.text):
        return ""
    if "![" not in link.text:
        return link.text
    text = link.text
    for start, end in reversed(_markdown(text)[1]):
        text = text[:start] + " " + text[end:]
    return text
