"""Closed namespaces: every term paperkg writes, as attributes that refuse unknown names.

A typo such as ``KG.sourceLines`` raises at once instead of writing a term nobody declared;
a test checks that `ontology/kg.ttl` declares every `KG` term and nothing more.
"""

from __future__ import annotations

from functools import cache

from pyoxigraph import NamedNode


class ClosedNamespace:
    """A namespace whose terms are fixed; `ns.term` gives a `NamedNode`, unknown names raise."""

    def __init__(self, iri: str, terms: list[str]) -> None:
        self._iri = iri
        self._terms = frozenset(terms)

    @property
    def iri(self) -> str:
        return self._iri

    @property
    def terms(self) -> frozenset[str]:
        return self._terms

    def __getattr__(self, name: str) -> NamedNode:
        if name.startswith("_") or name not in self._terms:
            raise AttributeError(f"{name!r} is not a term of <{self._iri}>")
        node = _node(self._iri + name)
        self.__dict__[name] = node  # found as a plain attribute from now on, without this call
        return node

    def __getitem__(self, name: str) -> NamedNode:
        node = self.__dict__.get(name)
        return node if isinstance(node, NamedNode) else self.__getattr__(name)


@cache
def _node(iri: str) -> NamedNode:
    return NamedNode(iri)


KG_CLASSES = [
    "Entry",
    "Paper",
    "BlogPost",
    "Talk",
    "Tutorial",
    "SoftwareProject",
    "Benchmark",
    "Challenge",
    "Leaderboard",
    "Course",
    "DatasetRelease",
    "Venue",
    "Institution",
    "Framework",
    "Library",
    "MethodFamily",
    "Dataset",
    "Topic",
    "CodeRepository",
    "SourceDocument",
    "Link",
    "Listing",
    "Library",
]
KG_PROPERTIES = [
    "alternativeTitle",
    "venue",
    "year",
    "workshop",
    "affiliation",
    "usesFramework",
    "usesLibrary",
    "usesMethod",
    "codeRepository",
    "framework",
    "url",
    "urlText",
    "methodFamily",
    "section",
    "dataset",
    "arxivId",
    "sourceLine",
    "link",
    "linkKind",
    "annotation",
    "intro",
    "keywords",
    "note",
    "path",
    "category",
    "entityClass",
    "venueKind",
    "frameworkKind",
    "familyKind",
    "award",
    "presentation",
    "listing",
    "sectionPath",
    "usesMethod",
    "usesLibrary",
    "library",
    "familyKind",
    "frameworkKind",
]
KG = ClosedNamespace("https://w3id.org/paperkg/ontology#", KG_CLASSES + KG_PROPERTIES)
RDF = ClosedNamespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#", ["type"])
RDFS = ClosedNamespace(
    "http://www.w3.org/2000/01/rdf-schema#", ["label", "comment", "subClassOf", "domain", "range", "Class"]
)
DCTERMS = ClosedNamespace(
    "http://purl.org/dc/terms/", ["title", "date", "source", "license", "rights", "description", "hasVersion"]
)
SKOS = ClosedNamespace(
    "http://www.w3.org/2004/02/skos/core#",
    ["prefLabel", "altLabel", "hiddenLabel", "broader", "inScheme", "Concept", "ConceptScheme"],
)
PROV = ClosedNamespace("http://www.w3.org/ns/prov#", ["wasDerivedFrom"])
XSD = ClosedNamespace(
    "http://www.w3.org/2001/XMLSchema#",
    ["string", "integer", "boolean", "gYear", "anyURI", "date", "nonNegativeInteger"],
)
SCHEMA = ClosedNamespace("http://schema.org/", ["sameAs", "SoftwareApplication", "softwareVersion", "name"])
VOID = ClosedNamespace(
    "http://rdfs.org/ns/void#",
    [
        "Dataset",
        "triples",
        "entities",
        "classes",
        "properties",
        "distinctSubjects",
        "distinctObjects",
        "classPartition",
        "propertyPartition",
        "class",
        "property",
        "vocabulary",
        "uriSpace",
        "feature",
        "exampleResource",
    ],
)
PAV = ClosedNamespace("http://purl.org/pav/", ["createdWith"])
FORMATS = ClosedNamespace("http://www.w3.org/ns/formats/", ["Turtle", "N-Triples", "JSON-LD"])

DEFAULT_BASE = "https://w3id.org/paperkg/resource/"

PREFIXES: dict[str, str] = {
    "kg": KG.iri,
    "dcterms": DCTERMS.iri,
    "rdf": RDF.iri,
    "rdfs": RDFS.iri,
    "skos": SKOS.iri,
    "prov": PROV.iri,
    "xsd": XSD.iri,
    "schema": SCHEMA.iri,
}

# Prefixes of the VoID description (`void.ttl`), beyond those of the graph.
VOID_PREFIXES: dict[str, str] = {
    **PREFIXES,
    "void": VOID.iri,
    "pav": PAV.iri,
}
