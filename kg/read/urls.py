"""Finding web addresses in list text and cleaning them into IRIs that strict RDF tools accept.

Rules (see the README): the scheme is repaired when it is a misspelt `http`/`https`; characters
that an IRI may not carry (space, ``<>"{}|\\^`` and backtick, a second ``#``, a ``%`` without two
hex digits, ``[ ]`` outside the host, control characters) are percent-encoded; an address that
still is not a valid absolute IRI (a non-numeric port, a scheme other than http, https or ftp)
is refused: the caller keeps its text as a plain literal.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

_HEX = set(string.hexdigits)
# Characters an IRI path, query or fragment may hold as they are (RFC 3987, ASCII part).
_SAFE = set(string.ascii_letters + string.digits + "-._~!$&'()*+,;=:@/?")
_SCHEMES = ("http", "https", "ftp")
_SCHEME_RE = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]{0,9})(?::|;)?(/{1,3}|\\\\)")
_FORGES = {"github.com": "github", "gitlab.com": "gitlab", "bitbucket.org": "bitbucket"}
_FORGE_RESERVED = {
    "about",
    "apps",
    "collections",
    "customer-stories",
    "enterprise",
    "explore",
    "features",
    "login",
    "marketplace",
    "orgs",
    "pricing",
    "search",
    "settings",
    "site",
    "sponsors",
    "topics",
    "trending",
    "join",
    "users",
    "dashboard",
    "notifications",
    "pulls",
    "issues",
}
_ARXIV_HOSTS = {"arxiv.org", "www.arxiv.org", "export.arxiv.org", "xxx.lanl.gov"}
_ARXIV_NEW = re.compile(r"(\d{4}\.\d{4,5})(?:v\d+)?")
_ARXIV_OLD = re.compile(r"([a-z][a-z-]*(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?")


@dataclass(frozen=True)
class CleanUrl:
    """The outcome of cleaning one address: the IRI (or None) and what was repaired."""

    iri: str | None
    repairs: tuple[str, ...]
    reason: str | None = None  # why it could not be made an IRI


def _levenshtein(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def _encode_part(part: str, *, extra_safe: str = "") -> str:
    out: list[str] = []
    i = 0
    while i < len(part):
        ch = part[i]
        if ch == "%":
            pair = part[i + 1 : i + 3]
            if len(pair) == 2 and set(pair) <= _HEX:
                out.append(part[i : i + 3])
                i += 3
                continue
            out.append("%25")
        elif ch in _SAFE or ch in extra_safe:
            out.append(ch)
        elif ord(ch) >= 0xA0 and ch.isprintable() and not ch.isspace() and not 0xD800 <= ord(ch) <= 0xDFFF:
            out.append(ch)
        else:
            out.extend(f"%{b:02X}" for b in ch.encode("utf-8", "surrogatepass"))
        i += 1
    return "".join(out)


@lru_cache(maxsize=65536)
def clean_url(raw: str) -> CleanUrl:
    """Clean one address as written in a list into a valid absolute IRI, or say why not."""
    repairs: list[str] = []
    text = "".join(ch for ch in raw.strip().strip("<>").strip() if ch.isprintable())
    if not text:
        return CleanUrl(None, (), "empty address")
    m = _SCHEME_RE.match(text)
    if m:
        scheme = m.group(1).lower()
        if scheme not in _SCHEMES:
            guess = min(("https", "http"), key=lambda s: _levenshtein(scheme, s))
            if _levenshtein(scheme, guess) <= 2 and "t" in scheme:
                repairs.append(f'scheme "{m.group(1)}" read as "{guess}"')
                scheme = guess
            else:
                return CleanUrl(None, (), f'unsupported scheme "{m.group(1)}"')
        if m.group(0) != f"{m.group(1)}://":
            if not repairs:
                repairs.append(f'"{m.group(0)}" read as "{scheme}://"')
        text = f"{scheme}://" + text[m.end() :]
    elif re.match(r"^(?:www\.|[a-z0-9-]+\.[a-z]{2,}/)", text, re.I) and " " not in text:
        repairs.append('"https://" added')
        text = "https://" + text
    elif re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", text):
        return CleanUrl(None, (), f'unsupported scheme "{text.split(":", 1)[0]}"')
    else:
        return CleanUrl(None, (), "not an absolute web address")

    scheme, rest = text.split("://", 1)
    # Split authority from the rest by hand: urlsplit chokes on brackets outside a host.
    cut = min((i for i in (rest.find("/"), rest.find("?"), rest.find("#")) if i >= 0), default=len(rest))
    authority, tail = rest[:cut], rest[cut:]
    if "@" in authority:
        return CleanUrl(None, tuple(repairs), "user information in the address")
    host, _, port = authority.partition(":")
    host = host.lower().rstrip(".")
    if not host or not re.fullmatch(r"[^\s/?#<>\"{}|\\^`\[\]%]+", host):
        return CleanUrl(None, tuple(repairs), f'bad host "{host}"')
    if port and not port.isdigit():
        return CleanUrl(None, tuple(repairs), f'port "{port}" is not a number')
    if (scheme, port) in (("http", "80"), ("https", "443")):
        port = ""
    path, qmark, after = tail.partition("?") if "?" in tail.split("#", 1)[0] else (tail, "", "")
    if not qmark:
        path, hashmark, fragment = path.partition("#")
        query = ""
    else:
        query, hashmark, fragment = after.partition("#")
    host_part = host + (f":{port}" if port else "")
    if _FORGES.get(host) and "//" in path:
        repairs.append('"//" in the path read as "/"')
        path = re.sub(r"/{2,}", "/", path)
    iri = f"{scheme}://{host_part}{_encode_part(path) or ''}"
    if qmark:
        iri += "?" + _encode_part(query)
    if hashmark:
        iri += "#" + _encode_part(fragment)
    if not is_valid_iri(iri):
        return CleanUrl(None, tuple(repairs), "not a valid IRI after cleaning")
    return CleanUrl(iri, tuple(repairs))


def is_valid_iri(iri: str) -> bool:
    """True when strict tools accept `iri` as an absolute IRI (pyoxigraph is the judge)."""
    from pyoxigraph import NamedNode

    if any(ch in iri for ch in ' <>"{}|\\^`\n\r\t'):
        return False
    try:
        NamedNode(iri)
    except ValueError:
        return False
    return ":" in iri


_MD_LINK_START = re.compile(r"\[")
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


def forge_repository(iri: str) -> tuple[str, str, str] | None:
    """`(host, owner, name)` when `iri` points into a repository on GitHub, GitLab or Bitbucket."""
    parts = urlsplit(iri)
    host = parts.hostname or ""
    if host.startswith("www."):
        host = host[4:]
    if host not in _FORGES:
        return None
    segments = [s for s in parts.path.split("/") if s]
    if len(segments) < 2 or segments[0].lower() in _FORGE_RESERVED:
        return None
    owner, name = segments[0], segments[1]
    if name.endswith(".git"):
        name = name[:-4]
    if not name or name in (".", ".."):
        return None
    return host, owner, name


def arxiv_id(iri: str) -> str | None:
    """The arXiv identifier an arXiv address points to, without its version: `1411.4038`."""
    parts = urlsplit(iri)
    if (parts.hostname or "") not in _ARXIV_HOSTS:
        return None
    path = re.sub(r"\.pdf$", "", parts.path)
    m = re.match(r"^/(?:abs|pdf|format|ps)/(.+?)/?$", path)
    if not m:
        return None
    ident = m.group(1)
    for pattern in (_ARXIV_NEW, _ARXIV_OLD):
        hit = pattern.fullmatch(ident)
        if hit:
            return hit.group(1)
    return None
