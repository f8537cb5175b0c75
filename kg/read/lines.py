"""From bytes to lines: decoding a list file and splitting it at its line ends."""

from __future__ import annotations

import re

from kg.errors import ParseError

_LINE_END = re.compile(r"\r\n|\r|\n")


def decode(data: bytes, source: str) -> str:
    """The text of a list file: UTF-8 with or without a BOM, else a `ParseError` naming the line."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ParseError(source, line, f"not valid UTF-8: byte 0x{data[exc.start]:02x} at column {column}") from None


def split_lines(text: str) -> list[str]:
    """Lines split at LF, CRLF or CR only (not at the other characters `str.splitlines` knows),
    tabs expanded to four spaces."""
    lines = _LINE_END.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return [line.replace("\t", "    ") for line in lines]
