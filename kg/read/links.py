"""Addresses in list text: markdown links (whose addresses may hold parentheses), `<autolinks>`
and bare addresses; and the plain text of a markdown value, with link markup reduced to its text."""

from __future__ import annotations

import re
from dataclasses import dataclass

_BARE_URL = re.compile(
    r"(?<![\w/(\[])(?:[A-Za-z]{2,8}[:;]?//|www\.|(?:github\.com|gitlab\.com|bitbucket\.org|arxiv\.org)/)"
    r"[^\s<>\"'`\]\[]+"
)
_AUTOLINK = re.compile(r"<((?:[A-Za-z]{2,8}:?//|www\.)[^<>\s]+)>")


@dataclass(frozen=True)
class FoundLink:
    """A link found in a piece of text: its link text (markdown only) and its address."""

    text: str | None
    target: str
    start: int
    end: int


def _markdown_links(text: str) -> list[FoundLink]:
    found: list[FoundLink] = []
    i = 0
    while True:
        start = text.find("[", i)
        if start < 0:
            return found
        # Find the `](` that closes the link text, allowing nested brackets.
        depth, j = 0, start
        while j < len(text):
            if text[j] == "[":
                depth += 1
            elif text[j] == "]":
                depth -= 1
                if depth == 0:
                    break
            j += 1
        if j >= len(text) - 1 or text[j + 1] != "(":
            i = start + 1
            continue
        # The address runs to the parenthesis that balances the opening one.
        depth, k = 0, j + 1
        while k < len(text):
            if text[k] == "(":
                depth += 1
            elif text[k] == ")":
                depth -= 1
                if depth == 0:
                    break
            elif text[k] in " \t" and depth == 1 and text[k + 1 : k + 2] == '"':
                break  # [text](url "title")
            k += 1
        target = text[j + 2 : k].strip()
        close = text.find(")", k) if k < len(text) and text[k] != ")" else k
        end = (close if close >= 0 else len(text) - 1) + 1
        if start > 0 and text[start - 1] == "!":
            i = end  # an image: not a link
            continue
        found.append(FoundLink(text[start + 1 : j].strip(), target, start, end))
        i = end


def find_links(text: str) -> list[FoundLink]:
    """Every address in `text`: markdown links (addresses may hold parentheses), `<autolinks>` and
    bare addresses, in order of appearance. Images (`![...](...)`) are not links."""
    found = _markdown_links(text)
    taken = [(f.start, f.end) for f in found]
    # image spans are not links, and their addresses must not be found as bare ones
    for m in re.finditer(r"!\[[^\]]*\]\(", text):
        end = text.find(")", m.end())
        taken.append((m.start(), len(text) if end < 0 else end + 1))
    for m in _AUTOLINK.finditer(text):
        if not any(a <= m.start() < b for a, b in taken):
            found.append(FoundLink(None, m.group(1), m.start(), m.end()))
            taken.append((m.start(), m.end()))
    for m in _BARE_URL.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        url = m.group(0)
        # Trailing punctuation belongs to the sentence, and a ")" only to a balanced pair.
        while url and (url[-1] in ".,;:!?" or (url[-1] == ")" and url.count("(") < url.count(")"))):
            url = url[:-1]
        found.append(FoundLink(None, url, m.start(), m.start() + len(url)))
    return sorted(found, key=lambda f: f.start)


_URL_START = re.compile(r"^(?:\[|<?[A-Za-z]{2,8}[:;]?//|www\.)")
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_HTML_TAG = re.compile(r"<[^>]*>")
_EMPHASIS = re.compile(r"(\*\*|__|`)")
_SPACES = re.compile(r"\s+")


def starts_with_address(text: str) -> bool:
    """True when `text` begins with a link or an address (`[..](..)`, `http://`, `www.`)."""
    return bool(_URL_START.match(text))


def plain_text(markdown: str) -> str:
    """`markdown` with link markup replaced by its text (dropped when the text is an address),
    images, HTML tags and emphasis removed, and white space folded."""
    out: list[str] = []
    last = 0
    for found in find_links(markdown):
        out.append(markdown[last : found.start])
        if found.text and not _URL_START.match(found.text):
            out.append(found.text)
        last = found.end
    out.append(markdown[last:])
    text = "".join(out)
    text = _IMAGE.sub(" ", text)
    text = _HTML_TAG.sub(" ", text)
    text = _EMPHASIS.sub("", text)
    return _SPACES.sub(" ", text).strip()
