"""paperkg: turn curated markdown paper lists into an RDF knowledge graph.

The package is the pipeline; each stage is a folder, and a stage imports only the stages to its
left (an import contract in pyproject.toml, checked by the tests):

    markdown ─▶ read/ ─▶ understand/ ─▶ graph/ ─┬─▶ ttl, nt, jsonld   (graph/formats.py)
                                                ├─▶ view/            graph.html, graph.graphml
                                                └─▶ query/, validate.py, push.py   (read a built graph)

  read/        markdown into Document records: front matter, headings, entries, bullet keys,
               links and addresses, and every problem with its file and line. No spaCy, no RDF.
  understand/  records into listings and facts: the vocabulary (SKOS, ontology/vocab/), spaCy
               patterns and mentions, entry kinds, identity. spaCy lives here only.
  graph/       listings into RDF triples (the only place RDF terms are made); graph files
               written with stable bytes and read back.
  view/        a graph projected (networkx), laid out, drawn as an offline page (pyvis) and GraphML.
  query/       `kg query`: SPARQL, canned queries, parameters bound as terms.
  validate.py  `kg validate`: SHACL.      push.py  `kg push`: Graph Store Protocol.
  build/       `kg build`: the pipeline end to end, the report, all-or-none output.
  cli.py       thin click commands over the above; nothing imports it.
  errors.py    the exception family; text.py: name folding, slugs, edit distance.
"""

__version__ = "0.1.0"
