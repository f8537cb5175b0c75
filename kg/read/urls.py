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

from kg.text import edit_distance

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


# Non-ASCII characters an IRI may hold as they are (RFC 3987 `ucschar`), and those it may hold
# only in its query (`iprivate`); every other character is percent-encoded.
_UCSCHAR = (
    (0xA0, 0xD7FF),
    (0xF900, 0xFDCF),
    (0xFDF0, 0xFFEF),
    *((plane, plane + 0xFFFD) for plane in range(0x10000, 0xE0000, 0x10000)),
    (0xE1000, 0xEFFFD),
)
_IPRIVATE = ((0xE000, 0xF8FF), (0xF0000, 0xFFFFD), (0x100000, 0x10FFFD))
_HOST_ASCII = set(string.ascii_letters + string.digits + "-._~!$&'()*+,;=")


def _in(code: int, ranges: tuple[tuple[int, int], ...]) -> bool:
    return any(low <= code <= high for low, high in ranges)


def _iri_char(ch: str, *, query: bool = False) -> bool:
    """True for a character an IRI path, query or fragment may hold unencoded (`%` aside)."""
    if ch in _SAFE:
        return True
    code = ord(ch)
    return code >= 0xA0 and (_in(code, _UCSCHAR) or (query and _in(code, _IPRIVATE)))


def _encode_part(part: str, *, query: bool = False) -> str:
    """`part` with every character an IRI may not hold percent-encoded (a `%` that does not
    start an escape included)."""
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
        elif _iri_char(ch, query=query):
            out.append(ch)
        else:
            out.extend(f"%{b:02X}" for b in ch.encode("utf-8", "surrogatepass"))
        i += 1
    return "".join(out)


def _good_host(host: str) -> bool:
    return bool(host) and all(ch in _HOST_ASCII or (ord(ch) >= 0xA0 and _in(ord(ch), _UCSCHAR)) for ch in host)


def _scheme(written: str) -> str | None:
    """`http`, `https` or `ftp` for a scheme as written, a near misspelling of http(s) included."""
    scheme = written.lower()
    if scheme in _SCHEMES:
        return scheme
    guess = min(("https", "http"), key=lambda s: edit_distance(scheme, s))
    return guess if edit_distance(scheme, guess) <= 2 and "t" in scheme else None


@lru_cache(maxsize=65536)
def clean_url(raw: str) -> CleanUrl:
    """Clean one address as written in a list into a valid absolute IRI, or say why not."""
    repairs: list[str] = []
    text = "".join(ch for ch in raw.strip().strip("<>").strip() if ch.isprintable())
    if not text:
        return CleanUrl(None, (), "empty address")
    m = _SCHEME_RE.match(text)
    if m:
        scheme = _scheme(m.group(1))
        if scheme is None:
            return CleanUrl(None, (), f'unsupported scheme "{m.group(1)}"')
        if scheme != m.group(1).lower():
            repairs.append(f'scheme "{m.group(1)}" read as "{scheme}"')
        elif m.group(0) != f"{m.group(1)}://":
            repairs.append(f'"{m.group(0)}" read as "{scheme}://"')
        text = f"{scheme}://" + text[m.end() :]
    elif re.match(r"^(?:www\.|[a-z0-9-]+\.[a-z]{2,}/)", text, re.I) and " " not in text:
        repairs.append('"https://" added')
        text = "https://" + text
    elif re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", text):
        return CleanUrl(None, (), f'unsupported scheme "{text.split(":", 1)[0]}"')
    else:
        return CleanUrl(None, (), "not an absolute web address")
    return _clean_parts(text, repairs)


def _clean_parts(text: str, repairs: list[str]) -> CleanUrl:
    """The IRI of `scheme://rest` with authority checked and path, query and fragment encoded."""
    scheme, rest = text.split("://", 1)
    # Split authority from the rest by hand: urlsplit chokes on brackets outside a host.
    cut = min((i for i in (rest.find("/"), rest.find("?"), rest.find("#")) if i >= 0), default=len(rest))
    authority, tail = rest[:cut], rest[cut:]
    if "@" in authority:
        return CleanUrl(None, tuple(repairs), "user information in the address")
    host, _, port = authority.partition(":")
    host = host.lower().rstrip(".")
    if not _good_host(host):
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
    iri = f"{scheme}://{host_part}{_encode_part(path)}"
    if qmark:
        iri += "?" + _encode_part(query, query=True)
    if hashmark:
        iri += "#" + _encode_part(fragment)
    return CleanUrl(iri, tuple(repairs))


def on_forge(iri: str) -> bool:
    """True when `iri` is an address on GitHub, GitLab or Bitbucket (a repository or not)."""
    host = urlsplit(iri).hostname or ""
    return host.removeprefix("www.") in _FORGES


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
