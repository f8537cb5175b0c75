"""From bytes to lines: decoding a list file and splitting it at its line ends.

A list is UTF-8 (with or without a byte order mark). Other encodings are decoded only when the
file says so or clearly is so: a UTF-16 or UTF-32 byte order mark, UTF-16 text without one (every
other byte zero), or an encoding declared in its first lines (`encoding: latin-1` in the front
matter, or a `coding: latin-1` comment). Anything else that is not UTF-8 is refused with the
file, line and column of the first bad byte; binary data (a picture renamed `.md`) is refused
as such.
"""

from __future__ import annotations

import codecs
import re

from kg.errors import ParseError

_LINE_END = re.compile(r"\r\n|\r|\n")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_DECLARED = re.compile(rb"^[ \t#<!-]*(?:encoding|charset|coding)[ \t]*[:=][ \t]*[\"']?([A-Za-z0-9._-]{2,40})", re.M)
_MAGIC = {b"\x89PNG": "a PNG image", b"GIF8": "a GIF image", b"\xff\xd8\xff": "a JPEG image", b"%PDF": "a PDF file"}
_MAGIC.update({b"PK\x03\x04": "a ZIP archive", b"\x1f\x8b": "a gzip archive", b"\x7fELF": "a program"})


def _utf16_without_bom(data: bytes) -> str | None:
    """ "utf-16-le" or "utf-16-be" when the data clearly is UTF-16 text without a byte order mark
    (at least 90% of the even or of the odd bytes of its start are zero)."""
    head = data[:4096]
    if len(head) < 8:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) >= 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) >= 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def _declared(data: bytes) -> str | None:
    """The encoding the first five lines declare, if it is one Python knows."""
    head = b"\n".join(data.split(b"\n", 5)[:5])
    m = _DECLARED.search(head)
    if not m:
        return None
    try:
        return codecs.lookup(m.group(1).decode("ascii")).name
    except LookupError:
        return None


def _bad_utf8(data: bytes, source: str) -> ParseError:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return ParseError(source, line, f"not valid UTF-8: byte 0x{data[exc.start]:02x} at column {column}")
    raise AssertionError("valid UTF-8")  # pragma: no cover - only called after a failure


def decode(data: bytes, source: str) -> str:
    """The text of a list file (see the module's docstring), else a `ParseError` naming the
    file, and the line where there is one."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                raise ParseError(source, None, f"not valid {encoding.upper()} (byte {exc.start + len(bom)})") from None
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise ParseError(source, None, f"{what}, not a markdown list")
    wide = _utf16_without_bom(data)
    if wide is not None:
        try:
            return data.decode(wide)
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = _declared(data)
    if declared is not None:
        try:
            return data.decode(declared)
        except UnicodeDecodeError:
            pass
    if data[:8192].count(0) > 8:
        raise ParseError(source, None, "binary data, not a markdown list")
    raise _bad_utf8(data, source)


def split_lines(text: str) -> list[str]:
    """Lines split at LF, CRLF or CR only (not at the other characters `str.splitlines` knows),
    tabs expanded to four spaces."""
    lines = _LINE_END.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return [line.replace("\t", "    ") for line in lines]
