"""Stage 1, reading: markdown lists into `Document` records (front matter, headings, entries with
their bullet fields and links, tables) and the problems met, each with its file and line.

Knows markdown and the habits of these lists; nothing of spaCy or RDF.
"""

from kg.read.lines import decode
from kg.read.parser import parse_text
from kg.read.records import Document, Entry, Field, Heading, Link, Problem, Severity, Table
from kg.read.sources import Source, collect_sources, find_sources, read_document

__all__ = [
    "Document",
    "Entry",
    "Field",
    "Heading",
    "Link",
    "Problem",
    "Severity",
    "Source",
    "Table",
    "collect_sources",
    "find_sources",
    "decode",
    "parse_text",
    "read_document",
]
