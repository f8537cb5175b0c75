"""Linked data that joins: the ontology is OWL 2 DL, consistent with the graphs and aligned with
schema.org, FaBiO, dblp, FOAF and DCAT; papers and repositories link to their outside
identifiers; the README's joins with outside graphs work; void.ttl describes the graph it sits
beside."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import DATA, require_tool

from kg import __version__
from kg.build import BuildResult, build
from kg.graph.namespaces import KG, PREFIXES
from kg.resources import ontology_dir

ROOT = Path(__file__).parent.parent
ONTOLOGY = ontology_dir() / "kg.ttl"
JAVA_LIB = Path("/usr/share/java")
OWLAPI_JARS = (
    "owlapi-distribution guava caffeine commons-io commons-codec commons-rdf-api hppcrt jsr305 atinject-jsr330-api "
    "slf4j-api slf4j-simple xz jackson-core jackson-databind jackson-annotations httpclient httpcore commons-logging"
).split()
SCHEMA, FABIO, DBLP = "http://schema.org/", "http://purl.org/spar/fabio/", "https://dblp.org/rdf/schema#"
FOAF, DCAT, SKOS = "http://xmlns.com/foaf/0.1/", "http://www.w3.org/ns/dcat#", "http://www.w3.org/2004/02/skos/core#"
OWL, VOID = "http://www.w3.org/2002/07/owl#", "http://rdfs.org/ns/void#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def store_of(*paths: Path, extra: str = "") -> ox.Store:
    store = ox.Store()
    for path in paths:
        store.load(path=str(path), format=ox.RdfFormat.from_extension(path.suffix.lstrip(".")))
    if extra:
        store.load(extra.encode(), format=ox.RdfFormat.TURTLE)
    return store


def select(store: ox.Store, query: str) -> list[tuple[str, ...]]:
    solutions = store.query(query, prefixes={**PREFIXES, "owl": OWL})
    assert isinstance(solutions, ox.QuerySolutions)
    return [tuple("" if t is None else t.value for t in row) for row in solutions]


@pytest.fixture(scope="module")
def other_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The other-fields list of the test data, built into a temporary folder."""
    return build([DATA / "lists" / "other_fields.md"], out=tmp_path_factory.mktemp("other-ld"))


# -- the ontology --------------------------------------------------------------------------------
def owlapi_classpath() -> str | None:
    jars = [JAVA_LIB / f"{name}.jar" for name in OWLAPI_JARS] + sorted(JAVA_LIB.glob("rdf4j-*[a-z].jar"))
    return ":".join(map(str, jars)) if all(jar.is_file() for jar in jars[: len(OWLAPI_JARS)]) else None


def owl2_dl_check(path: Path) -> subprocess.CompletedProcess[str]:
    """tests/java/OwlProfile.java: the OWL API's OWL 2 DL profile checker on one file."""
    require_tool("javac", why="a JDK runs tests/java/OwlProfile.java (Debian: default-jdk-headless)")
    classpath = owlapi_classpath()
    require_tool("owlapi", found=classpath is not None, why="Debian: libowlapi-java")
    source = Path(__file__).parent / "java" / "OwlProfile.java"
    return subprocess.run(
        ["java", "-cp", str(classpath), str(source), str(path)], capture_output=True, text=True, timeout=300
    )


def test_ontology_is_in_owl2_dl() -> None:
    """The OWL API's profile checker finds ontology/kg.ttl in OWL 2 DL, and loading it warns of
    nothing (an illegal punning is only a warning there)."""
    proc = owl2_dl_check(ONTOLOGY)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert re.fullmatch(r"OWL 2 DL: \d+ axioms\n", proc.stdout), proc.stdout
    assert "WARN" not in proc.stderr and "ERROR" not in proc.stderr, proc.stderr


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        (("xsd:gYear a rdfs:Datatype .", ""), "undeclared datatype"),
        (("schema:codeRepository a owl:ObjectProperty .", ""), "undeclared object property"),
        (
            ("schema:sameAs a owl:ObjectProperty ;", "schema:sameAs a owl:ObjectProperty , owl:DatatypeProperty ;"),
            "WARN",
        ),
    ],
)
def test_the_dl_check_notices_an_ontology_outside_owl2_dl(
    tmp_path: Path, change: tuple[str, str], complaint: str
) -> None:
    """The profile check is not a formality: an undeclared datatype, an undeclared outside
    property or a property both of objects and of data makes it fail."""
    text = ONTOLOGY.read_text(encoding="utf-8")
    assert change[0] in text
    broken = tmp_path / "kg.ttl"
    broken.write_text(text.replace(change[0], change[1]), encoding="utf-8")
    proc = owl2_dl_check(broken)
    assert proc.returncode != 0 or "WARN" in proc.stderr
    assert complaint.lower() in (proc.stdout + proc.stderr).lower()


def hermit(tmp_path: Path, *graphs: Path, extra: str = "") -> subprocess.CompletedProcess[str]:
    """HermiT (the jar owlready2 ships) on the ontology and `graphs`: consistency of owl:Thing.
    xsd:gYear and xsd:date, outside OWL 2's datatype map, are declared datatypes it may ignore."""
    require_tool("java", why="HermiT runs on Java")
    try:
        import owlready2
    except ImportError:
        require_tool("owlready2", found=False, why="it ships HermiT; it is in the test extra")
    folder = Path(owlready2.__file__).parent / "hermit"
    triples = [q.triple for path in (ONTOLOGY, *graphs) for q in ox.parse(path=str(path))]
    triples += [q.triple for q in ox.parse(extra.encode(), format=ox.RdfFormat.TURTLE)]
    merged = tmp_path / "merged.ttl"
    merged.write_bytes(ox.serialize(triples, format=ox.RdfFormat.TURTLE) or b"")
    command = ["java", "-cp", f"{folder}:{folder / 'HermiT.jar'}", "org.semanticweb.HermiT.cli.CommandLine"]
    return subprocess.run(
        [*command, "-k", "-U", "--ignoreUnsupportedDatatypes", merged.as_uri()],
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_ontology_with_the_built_graphs_is_consistent(seed_out: Path, other_build: BuildResult, tmp_path: Path) -> None:
    """HermiT finds the ontology together with the graphs of both bundled test lists consistent
    (the disjoint classes, functional properties and union domains hold), and no class of the
    ontology unsatisfiable."""
    assert other_build.out is not None
    proc = hermit(tmp_path, seed_out / "graph.nt", other_build.out / "graph.nt")
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "owl#Thing is satisfiable" in proc.stdout
    unsatisfiable = [line for line in proc.stdout.splitlines() if "ontology#" in line]
    assert unsatisfiable == []


def test_the_reasoner_notices_an_inconsistent_graph(seed_out: Path, tmp_path: Path) -> None:
    """The consistency check can fail: a venue that is also an institution (disjoint classes),
    or a link that has a kg:section (whose domain is entries and listings), is inconsistent."""
    for extra in (
        "<https://w3id.org/paperkg/resource/venue/cvpr> a <https://w3id.org/paperkg/ontology#Institution> .",
        "<https://w3id.org/paperkg/resource/x/link> a <https://w3id.org/paperkg/ontology#Link> ; "
        "<https://w3id.org/paperkg/ontology#section> <https://w3id.org/paperkg/resource/topic/x> .",
    ):
        proc = hermit(tmp_path, seed_out / "graph.nt", extra=extra)
        assert proc.returncode != 0 and "Inconsistent" in proc.stderr, extra


def test_ontology_header_names_version_licence_and_preferred_prefix() -> None:
    """kg.ttl is an owl:Ontology with a version IRI and version info of this release, a licence,
    a creator and the preferred prefix and namespace (vann)."""
    store = store_of(ONTOLOGY)
    rows = select(
        store,
        """SELECT ?version ?info ?licence ?creator ?prefix ?uri WHERE {
             <https://w3id.org/paperkg/ontology> a owl:Ontology ; owl:versionIRI ?version ; owl:versionInfo ?info ;
               dcterms:license ?licence ; dcterms:creator ?creator ;
               <http://purl.org/vocab/vann/preferredNamespacePrefix> ?prefix ;
               <http://purl.org/vocab/vann/preferredNamespaceUri> ?uri }""",
    )
    assert len(rows) == 1
    version, info, licence, creator, prefix, uri = rows[0]
    assert version == f"https://w3id.org/paperkg/ontology/{__version__}" and info == __version__
    assert licence.startswith("http://spdx.org/licenses/") and creator
    assert (prefix, uri) == ("kg", KG.iri)


@pytest.mark.parametrize(
    ("term", "relation", "outside"),
    [
        ("Paper", "subClassOf", SCHEMA + "ScholarlyArticle"),
        ("Paper", "subClassOf", FABIO + "ResearchPaper"),
        ("Paper", "subClassOf", DBLP + "Publication"),
        ("Institution", "subClassOf", SCHEMA + "Organization"),
        ("Institution", "subClassOf", FOAF + "Organization"),
        ("Dataset", "subClassOf", SCHEMA + "Dataset"),
        ("Dataset", "subClassOf", DCAT + "Dataset"),
        ("CodeRepository", "subClassOf", SCHEMA + "SoftwareSourceCode"),
        ("Framework", "subClassOf", SCHEMA + "SoftwareApplication"),
        ("Library", "subClassOf", SCHEMA + "SoftwareApplication"),
        ("Venue", "subClassOf", DBLP + "Stream"),
        ("MethodFamily", "subClassOf", SKOS + "Concept"),
        ("Topic", "subClassOf", SKOS + "Concept"),
        ("Listing", "subClassOf", "http://www.w3.org/ns/prov#Entity"),
        ("arxivId", "subPropertyOf", FABIO + "hasArXivId"),
        ("codeRepository", "subPropertyOf", SCHEMA + "codeRepository"),
        ("venue", "subPropertyOf", DBLP + "publishedInStream"),
        ("year", "subPropertyOf", DBLP + "yearOfPublication"),
        ("affiliation", "subPropertyOf", SCHEMA + "sourceOrganization"),
        ("alternativeTitle", "subPropertyOf", "http://purl.org/dc/terms/alternative"),
    ],
)
def test_alignment(term: str, relation: str, outside: str) -> None:
    """The ontology says what each paperkg term means in the vocabularies other graphs use."""
    store = store_of(ONTOLOGY)
    assert store.query(f"ASK {{ kg:{term} rdfs:{relation} <{outside}> }}", prefixes=PREFIXES)


def test_domains_and_ranges_hold_in_the_built_graphs(seed_out: Path, other_build: BuildResult) -> None:
    """Every kg: property has a range and (but kg:url, said of several kinds of entity) a domain,
    and in the graphs of both test lists every subject of a property is of its domain (or a
    subclass) and every value of its range: a class, or the datatype of the literal."""
    assert other_build.out is not None
    store = store_of(ONTOLOGY, seed_out / "graph.nt", other_build.out / "graph.nt")
    props = select(
        store,
        """SELECT ?p ?kind WHERE { VALUES ?kind { owl:ObjectProperty owl:DatatypeProperty } ?p a ?kind
             FILTER STRSTARTS(STR(?p), STR(kg:)) }""",
    )
    assert len(props) >= 30
    for prop, _kind in props:
        assert select(store, f"SELECT ?r WHERE {{ <{prop}> rdfs:range ?r }}"), f"{prop} has no range"
        has_domain = bool(select(store, f"SELECT ?d WHERE {{ <{prop}> rdfs:domain ?d }}"))
        assert has_domain or prop == KG.url.value, f"{prop} has no domain"
    supers: dict[str, set[str]] = {}
    for sub, sup in select(store, "SELECT ?c ?s WHERE { ?c rdfs:subClassOf* ?s FILTER isIRI(?s) }"):
        supers.setdefault(sub, {sub}).add(sup)
    allowed: dict[tuple[str, str], set[str]] = {}  # (property, "domain" or "range") -> classes or datatypes
    for prop, which, member in select(
        store,
        """SELECT ?p ?which ?m WHERE { VALUES ?which { rdfs:domain rdfs:range } ?p ?which ?d
             FILTER STRSTARTS(STR(?p), STR(kg:)) OPTIONAL { ?d owl:unionOf/rdf:rest*/rdf:first ?u }
             BIND (COALESCE(?u, ?d) AS ?m) }""",
    ):
        allowed.setdefault((prop, which.rsplit("#", 1)[1]), set()).add(member)
    types: dict[object, set[str]] = {}
    for quad in store.quads_for_pattern(None, ox.NamedNode(RDF_TYPE), None):
        types.setdefault(quad.subject, set()).update(supers.get(quad.object.value, {quad.object.value}))
    wrong = []
    for quad in store:
        prop = quad.predicate.value
        domain, range_ = allowed.get((prop, "domain")), allowed.get((prop, "range"))
        if domain and not types.get(quad.subject, set()) & domain:
            wrong.append(("domain", prop, str(quad.subject)))
        if range_ and isinstance(quad.object, ox.Literal) and quad.object.datatype.value not in range_:
            wrong.append(("range", prop, str(quad.object)))
        if range_ and not isinstance(quad.object, ox.Literal) and not types.get(quad.object, set()) & range_:
            wrong.append(("range", prop, str(quad.object)))
    assert wrong == []


def test_aligned_terms_answer_a_schema_org_query_after_rdfs_reasoning(seed_out: Path) -> None:
    """With the ontology's RDFS entailments (owlrl), a query written only in schema.org terms
    finds the papers of the bundled list and their code repositories."""
    import owlrl
    import rdflib

    graph = rdflib.Graph()
    graph.parse(ONTOLOGY, format="turtle")
    graph.parse(seed_out / "graph.nt", format="nt")
    owlrl.DeductiveClosure(owlrl.RDFS_Semantics).expand(graph)
    found = graph.query(
        """PREFIX schema: <http://schema.org/>
           SELECT (COUNT(DISTINCT ?paper) AS ?papers) (COUNT(DISTINCT ?repo) AS ?repos) WHERE {
             ?paper a schema:ScholarlyArticle ; schema:codeRepository ?repo . ?repo a schema:SoftwareSourceCode }"""
    )
    papers, repos = next(iter(found))  # type: ignore[misc]
    assert int(papers) > 20 and int(repos) > 20


# -- outside identifiers -------------------------------------------------------------------------
def test_papers_and_forge_repositories_link_to_their_outside_iris(seed_out: Path) -> None:
    """Every entry with an arXiv id is schema:sameAs <https://arxiv.org/abs/ID>, and every
    repository on GitHub, GitLab or Bitbucket is schema:sameAs <https://HOST/owner/name> (its
    kg:url); nothing else has a schema:sameAs."""
    store = store_of(seed_out / "graph.nt")
    arxiv = select(store, "SELECT ?e ?id ?same WHERE { ?e kg:arxivId ?id OPTIONAL { ?e schema:sameAs ?same } }")
    assert len(arxiv) > 100
    assert all(same == f"https://arxiv.org/abs/{ident}" for _, ident, same in arxiv)
    repos = select(
        store, "SELECT ?r ?url ?same WHERE { ?r a kg:CodeRepository ; kg:url ?url OPTIONAL { ?r schema:sameAs ?same } }"
    )
    forge = [row for row in repos if re.match(r"https://(github\.com|gitlab\.com|bitbucket\.org)/[^/]+/[^/]+$", row[1])]
    assert len(forge) > 50
    assert all(same == url for _, url, same in forge)
    others = {r for r, _, _ in repos} - {r for r, _, _ in forge}
    linked = select(store, "SELECT DISTINCT ?s WHERE { ?s schema:sameAs ?o }")
    assert len(linked) == len(arxiv) + len(forge) and not others & {s for (s,) in linked}
    assert select(
        store, "SELECT ?o WHERE { <https://w3id.org/paperkg/resource/paper/arxiv/1411.4038> schema:sameAs ?o }"
    ) == [("https://arxiv.org/abs/1411.4038",)]


# Small graphs shaped like the outside data the README joins with, made here: dblp (records with
# their arXiv page as dblp:primaryDocumentPage), Linked Papers with Code (papers with their arXiv
# abstract URL and official repository URL as xsd:anyURI literals, as it publishes them), and
# Wikidata (software with its source code repository, P1324, as an IRI).
OUTSIDE = """
@prefix dblp: <https://dblp.org/rdf/schema#> .
@prefix fabio: <http://purl.org/spar/fabio/> .
@prefix lpwc: <https://linkedpaperswithcode.com/property/> .
@prefix wdt: <http://www.wikidata.org/prop/direct/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<https://dblp.org/rec/conf/cvpr/LongSD15> a dblp:Inproceedings ;
    dblp:title "Fully convolutional networks for semantic segmentation." ;
    dblp:primaryDocumentPage <https://arxiv.org/abs/1411.4038> ;
    dblp:publishedInStream <https://dblp.org/streams/conf/cvpr> ;
    dblp:yearOfPublication "2015"^^xsd:gYear .
<https://dblp.org/rec/journals/pami/ChenPKMY18> a dblp:Article ; dblp:title "DeepLab." ;
    dblp:primaryDocumentPage <https://arxiv.org/abs/1606.00915> ;
    dblp:publishedInStream <https://dblp.org/streams/journals/pami> ;
    dblp:yearOfPublication "2018"^^xsd:gYear .
<https://dblp.org/streams/conf/cvpr> rdfs:label "CVPR" .
<https://dblp.org/streams/journals/pami> rdfs:label "IEEE Trans. Pattern Anal. Mach. Intell." .
<https://linkedpaperswithcode.com/paper/segnet> fabio:hasArXivId "1511.00561" ;
    lpwc:hasURLAbstract "https://arxiv.org/abs/1511.00561"^^xsd:anyURI ;
    lpwc:hasOfficialRepository <https://linkedpaperswithcode.com/repository/github.com/alexgkendall/caffe-segnet> .
<https://linkedpaperswithcode.com/repository/github.com/alexgkendall/caffe-segnet>
    fabio:hasURL "https://github.com/alexgkendall/caffe-segnet"^^xsd:anyURI ; lpwc:hasFramework "caffe" .
<https://linkedpaperswithcode.com/paper/fcn> lpwc:hasURLAbstract "https://arxiv.org/abs/1411.4038"^^xsd:anyURI ;
    lpwc:hasOfficialRepository <https://linkedpaperswithcode.com/repository/github.com/shelhamer/fcn.berkeleyvision.org>
    .
<https://linkedpaperswithcode.com/repository/github.com/shelhamer/fcn.berkeleyvision.org>
    fabio:hasURL "https://github.com/shelhamer/fcn.berkeleyvision.org"^^xsd:anyURI ; lpwc:hasFramework "caffe" .
<http://www.wikidata.org/entity/Q28915467> rdfs:label "Caffe" ; wdt:P1324 <https://github.com/BVLC/caffe> .
<http://www.wikidata.org/entity/Q47509047> rdfs:label "PyTorch" ; wdt:P1324 <https://github.com/pytorch/pytorch> .
"""


def readme_joins() -> list[str]:
    """The SPARQL queries of the README's section on joining with outside graphs."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Joining with other graphs", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sparql\n(.*?)```", section, re.DOTALL)


def test_readme_joins_with_outside_graphs_find_the_shared_papers_and_repositories(seed_out: Path) -> None:
    """The README's three join queries, run on the bundled list's graph and the outside samples in
    one store, join on the outside IRIs: dblp's venue of FCN and DeepLab, the official code that
    Papers with Code knows, and the Wikidata item of a repository the list links to."""
    queries = readme_joins()
    assert len(queries) == 3
    store = store_of(seed_out / "graph.nt", extra=OUTSIDE)
    dblp, pwc, wikidata = (select(store, query) for query in queries)
    deeplab = "DeepLab: Semantic Image Segmentation with Deep Convolutional Nets, Atrous Convolution, and Fully"
    deeplab += " Connected CRFs"
    assert [row[1:] for row in dblp] == [
        (deeplab, "TPAMI", "", "IEEE Trans. Pattern Anal. Mach. Intell.", "2018"),
        ("Fully Convolutional Networks for Semantic Segmentation", "CVPR", "2015", "CVPR", "2015"),
    ]
    assert ("https://github.com/alexgkendall/caffe-segnet", "yes") in {row[-2:] for row in pwc}
    assert ("https://github.com/shelhamer/fcn.berkeleyvision.org", "yes") in {row[-2:] for row in pwc}
    assert {row[-1] for row in wikidata} == {"Caffe"}


# -- VoID ----------------------------------------------------------------------------------------
def void_of(out: Path) -> ox.Store:
    return store_of(out / "void.ttl")


def count(store: ox.Store, query: str) -> int:
    return int(select(store, query)[0][0])


def test_void_counts_what_the_graph_holds(seed_out: Path) -> None:
    """void.ttl gives the graph's triples, distinct subjects and objects, classes, properties,
    entities per class and triples per property, as SPARQL counts them on graph.ttl."""
    graph, void = store_of(seed_out / "graph.ttl"), void_of(seed_out)
    (ds,) = select(void, f"SELECT ?d WHERE {{ ?d a <{VOID}Dataset> }}")[0]

    def said(prop: str) -> int:
        values = select(void, f"SELECT ?n WHERE {{ <{ds}> <{VOID}{prop}> ?n }}")
        assert len(values) == 1, prop
        return int(values[0][0])

    assert said("triples") == count(graph, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }") == len(graph)
    assert said("distinctSubjects") == count(graph, "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }")
    assert said("distinctObjects") == count(graph, "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?s ?p ?o }")
    assert said("properties") == count(graph, "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?s ?p ?o }")
    assert said("classes") == count(graph, "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?s a ?c }")
    assert said("entities") == count(graph, "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o FILTER isIRI(?s) }")
    per_class = select(graph, "SELECT ?c (STR(COUNT(DISTINCT ?s)) AS ?n) WHERE { ?s a ?c } GROUP BY ?c")
    said_per_class = select(
        void,
        f"SELECT ?c (STR(?e) AS ?n) WHERE {{ <{ds}> <{VOID}classPartition> "
        f"[ <{VOID}class> ?c ; <{VOID}entities> ?e ] }}",
    )
    assert set(per_class) == set(said_per_class) and len(per_class) == len(said_per_class) > 10
    per_property = select(graph, "SELECT ?p (STR(COUNT(*)) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p")
    said_per_property = select(
        void,
        f"SELECT ?p (STR(?t) AS ?n) WHERE {{ <{ds}> <{VOID}propertyPartition> "
        f"[ <{VOID}property> ?p ; <{VOID}triples> ?t ] }}",
    )
    assert set(per_property) == set(said_per_property) and len(per_property) == len(said_per_property) > 20


def test_void_names_lists_dates_vocabularies_version_and_rights(seed_out: Path) -> None:
    """void.ttl names the list the graph came from with its date, every vocabulary whose terms
    the graph uses, the URI space, the paperkg release that made it, and its rights."""
    void, graph = void_of(seed_out), store_of(seed_out / "graph.ttl")
    assert select(
        void, "SELECT ?label ?date WHERE { ?d dcterms:source ?s . ?s rdfs:label ?label ; dcterms:date ?date }"
    ) == [("segmentation.md", "2015-10-09")]
    used = {row[0] for row in select(graph, "SELECT DISTINCT ?t WHERE { { ?s ?t ?o } UNION { ?s a ?t } }")}
    vocabularies = {row[0] for row in select(void, "SELECT ?v WHERE { ?d <http://rdfs.org/ns/void#vocabulary> ?v }")}
    assert all(any(term.startswith(v) for v in vocabularies) for term in used)
    assert vocabularies <= set(PREFIXES.values())
    version = select(
        void, "SELECT ?v WHERE { ?d <http://purl.org/pav/createdWith> ?sw . ?sw schema:softwareVersion ?v }"
    )
    assert version == [(__version__,)]
    assert select(void, "SELECT ?u WHERE { ?d <http://rdfs.org/ns/void#uriSpace> ?u }") == [
        ("https://w3id.org/paperkg/resource/",)
    ]
    assert select(void, "SELECT ?r WHERE { ?d dcterms:rights ?r }")


def test_void_dataset_iri_depends_on_the_lists(tmp_path: Path) -> None:
    """The VoID dataset of the same lists has the same IRI on every build; other lists, another."""
    (tmp_path / "a.md").write_text("**A Paper**\n\n- intro: CVPR 2017\n")
    (tmp_path / "b.md").write_text("**B Paper**\n\n- intro: ICCV 2019\n")

    def dataset(*names: str, out: str) -> str:
        result = build([tmp_path / name for name in names], out=tmp_path / out)
        assert result.out is not None
        return select(void_of(result.out), "SELECT ?d WHERE { ?d a <http://rdfs.org/ns/void#Dataset> }")[0][0]

    assert dataset("a.md", out="1") == dataset("a.md", out="2") != dataset("a.md", "b.md", out="3")


def test_kg_build_writes_void_beside_the_graph(tmp_path: Path) -> None:
    """`kg build` names void.ttl among the files it wrote."""
    (tmp_path / "a.md").write_text("**A Paper**\n\n- intro: CVPR 2017\n")
    proc = subprocess.run(
        [sys.executable, "-m", "kg", "build", str(tmp_path / "a.md"), "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "void.ttl" in proc.stdout and (tmp_path / "out" / "void.ttl").is_file()


def test_void_parses_strictly_everywhere(seed_out: Path, tmp_path: Path) -> None:
    """void.ttl is read without a warning, and counted alike, by rapper, Jena RIOT and N3.js."""
    from rdf_tools import n3_available, n3_count, rapper_count, riot_command, riot_count

    path = seed_out / "void.ttl"
    expected = len(list(ox.parse(path=str(path))))
    require_tool("rapper", why="Debian: raptor2-utils")
    riot = riot_command(tmp_path)
    require_tool("riot", found=riot is not None, why="Debian: libapache-jena-java and a JRE")
    require_tool("n3", found=n3_available(), why="npm install --prefix .ci/node n3@2")
    assert riot is not None
    for run in (rapper_count(path), riot_count(riot, path), n3_count(path)):
        assert run.problems == [] and run.count == expected, run


def test_void_counts_literals_holding_line_separators() -> None:
    """Literals holding U+2028, U+0085 or an escaped line break are counted as one object each
    (N-Triples keeps them on one line; Python's splitlines would not)."""
    from kg.graph.void import void_triples

    s, p = ox.NamedNode("https://example.org/r/a"), ox.NamedNode(KG.note.value)
    triples = [ox.Triple(s, p, ox.Literal(text)) for text in ("a\u2028b", "c\x85d", "e\nf", "g")]
    store = ox.Store()
    store.extend(
        ox.Quad(t.subject, t.predicate, t.object) for t in void_triples(triples, base="https://example.org/r/")
    )
    counts = select(
        store,
        f"SELECT ?t ?o WHERE {{ ?d a <{VOID}Dataset> ; <{VOID}triples> ?t ; <{VOID}distinctObjects> ?o }}",
    )
    assert counts == [("4", "4")]
