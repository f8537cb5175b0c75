"""paperkg: turn curated markdown paper lists into an RDF knowledge graph."""

__version__ = "0.1.0"
