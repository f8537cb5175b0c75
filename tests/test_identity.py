"""Identity and provenance: the same entity gets the same IRI whatever the build, different
entities get different IRIs, and every appearance of an entry in a list is a kg:Listing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox

from kg.build import build
from kg.graph.namespaces import KG

R = "https://w3id.org/paperkg/resource/"
PROV = "http://www.w3.org/ns/prov#"
DCT = "http://purl.org/dc/terms/"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"


def graph(folder: Path) -> ox.Store:
    store = ox.Store()
    store.load(path=str(folder / "graph.nt"), format=ox.RdfFormat.N_TRIPLES)
    return store


def values(store: ox.Store, subject: str, predicate: str) -> list[str]:
    quads = store.quads_for_pattern(ox.NamedNode(subject), ox.NamedNode(predicate), None)
    return sorted(getattr(q.object, "value", str(q.object)) for q in quads)


def subjects_of(store: ox.Store, cls: str) -> set[str]:
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    return {q.subject.value for q in store.quads_for_pattern(None, rdf_type, ox.NamedNode(KG.iri + cls))}


def entries(store: ox.Store) -> set[str]:
    return subjects_of(store, "Entry")


LIST_A = """# Detection

**Mask R-CNN**
- arxiv: https://arxiv.org/abs/1703.06870

**Fast Thing: A Detector**
- github: https://github.com/Owner/FastThing

**Tutorial**
- slides: https://a.org/one.pdf

**Just a Title**
"""
LIST_B = """# Other

**Fast Thing: A Detector**
- code: https://github.com/owner/fastthing/tree/master/src
- intro: CVPR 2018

**Tutorial**
- slides: https://b.org/two.pdf

**Tutorial**
- video: https://youtube.com/watch?v=x

**Tutorial**
- blog: https://c.org/post

**Just a Title**
"""


def write_lists(folder: Path) -> None:
    (folder / "lists").mkdir(parents=True)
    (folder / "lists" / "a.md").write_text(LIST_A)
    (folder / "lists" / "b.md").write_text(LIST_B)


def test_iris_do_not_depend_on_how_the_build_is_called(tmp_path: Path):
    """A list's entries, listings and source document get the same IRIs whether the list is built
    alone, as part of a folder, or after another list: paths, order and the other lists of the
    build change nothing."""
    write_lists(tmp_path)
    build([tmp_path / "lists" / "a.md"], out=tmp_path / "alone")
    build([tmp_path / "lists"], out=tmp_path / "folder")
    build([tmp_path / "lists" / "a.md", tmp_path / "lists" / "b.md"], out=tmp_path / "in-order")
    build([tmp_path / "lists" / "b.md", tmp_path / "lists" / "a.md"], out=tmp_path / "reversed")
    alone, folder = graph(tmp_path / "alone"), graph(tmp_path / "folder")
    mine = entries(alone)
    assert mine and mine <= entries(folder)
    assert subjects_of(alone, "Listing") <= subjects_of(folder, "Listing")
    assert subjects_of(alone, "SourceDocument") == {R + "source/a-md"}
    assert R + "source/a-md" in subjects_of(folder, "SourceDocument")
    assert {q.subject for q in folder} == {q.subject for q in graph(tmp_path / "reversed")}
    assert (tmp_path / "in-order" / "graph.nt").read_bytes() == (tmp_path / "reversed" / "graph.nt").read_bytes()


def test_a_title_only_entry_keeps_its_iri_when_another_list_gives_the_title_an_arxiv_id(tmp_path: Path):
    """An entry with nothing but a title is its own resource: another list that lists the same
    title with an arXiv id does not change its IRI."""
    (tmp_path / "a.md").write_text("**Deep Residual Learning**\n")
    (tmp_path / "b.md").write_text("**Deep Residual Learning**\n- arxiv: https://arxiv.org/abs/1512.03385\n")
    build([tmp_path / "a.md"], out=tmp_path / "alone")
    build([tmp_path / "a.md", tmp_path / "b.md"], out=tmp_path / "both")
    alone = entries(graph(tmp_path / "alone"))
    both = entries(graph(tmp_path / "both"))
    assert len(alone) == 1 and alone < both
    assert R + "paper/arxiv/1512.03385" in both


def test_distinct_entries_sharing_a_title_stay_apart_and_one_paper_in_two_lists_meets(tmp_path: Path):
    """Entries with one generic title but their own links are different resources; title-only
    entries of one title are each their own; the same paper in two lists (one title, one
    repository spelt `Owner/FastThing` and `owner/fastthing`) is one resource with two listings."""
    write_lists(tmp_path)
    build([tmp_path / "lists"], out=tmp_path / "out")
    store = graph(tmp_path / "out")
    titles = {}
    for entry in entries(store):
        for title in values(store, entry, DCT + "title"):
            titles.setdefault(title, []).append(entry)
    assert len(titles["Tutorial"]) == 4
    assert len(titles["Just a Title"]) == 2
    assert len(titles["Fast Thing: A Detector"]) == 1
    fast = titles["Fast Thing: A Detector"][0]
    assert len(values(store, fast, KG.iri + "listing")) == 2
    assert values(store, fast, KG.iri + "codeRepository") == [R + "repo/github.com/owner/fastthing"]


def test_a_repository_is_one_resource_with_one_label_and_one_url_whatever_the_order(tmp_path: Path):
    """Spellings of one GitHub repository that differ only in case are one resource, with one
    rdfs:label and one kg:url, the same whichever list comes first."""
    (tmp_path / "a.md").write_text("**A**\n- github: https://github.com/Owner/Repo\n")
    (tmp_path / "b.md").write_text(
        "**B**\n- github: https://github.com/owner/repo\n\n**C**\n- github: https://github.com/owner/repo/issues\n"
    )
    build([tmp_path / "a.md", tmp_path / "b.md"], out=tmp_path / "ab")
    build([tmp_path / "b.md", tmp_path / "a.md"], out=tmp_path / "ba")
    for out in ("ab", "ba"):
        store = graph(tmp_path / out)
        repo = R + "repo/github.com/owner/repo"
        assert values(store, repo, RDFS + "label") == ["owner/repo"]
        assert values(store, repo, KG.iri + "url") == ["https://github.com/owner/repo"]


def test_each_appearance_is_a_listing_with_its_list_line_headings_and_own_facts(tmp_path: Path):
    """A paper listed twice in one list (two intros: ECCV 2016, CVPR 2017) and once in another is
    one resource with three kg:Listing nodes, each with its list, line, section path and the
    venue read there; the paper keeps one venue and year (the latest), and the report names the
    listing that disagrees."""
    (tmp_path / "a.md").write_text(
        "# Detection\n## Two Stage\n\n**Mask R-CNN**\n- intro: ECCV 2016\n- arxiv: https://arxiv.org/abs/1703.06870\n\n"
        "# Segmentation\n\n**Mask R-CNN**\n- intro: CVPR 2017\n- arxiv: https://arxiv.org/abs/1703.06870\n"
    )
    (tmp_path / "b.md").write_text("# Papers\n\n**Mask R-CNN**\n- arxiv: https://arxiv.org/abs/1703.06870\n")
    build([tmp_path / "a.md", tmp_path / "b.md"], out=tmp_path / "out")
    store = graph(tmp_path / "out")
    paper = R + "paper/arxiv/1703.06870"
    listings = values(store, paper, KG.iri + "listing")
    assert listings == [f"{paper}/listing/a-md", f"{paper}/listing/a-md-2", f"{paper}/listing/b-md"]
    first, second, other = listings
    assert values(store, first, KG.iri + "sourceLine") == ["4"]
    assert values(store, first, KG.iri + "sectionPath") == ["Detection / Two Stage"]
    assert values(store, first, PROV + "wasDerivedFrom") == [R + "source/a-md"]
    assert values(store, other, PROV + "wasDerivedFrom") == [R + "source/b-md"]
    assert values(store, first, KG.iri + "year") == ["2016"]
    assert values(store, second, KG.iri + "year") == ["2017"]
    assert values(store, paper, KG.iri + "venue") == [R + "venue/cvpr"]
    assert values(store, paper, KG.iri + "year") == ["2017"]
    report = (tmp_path / "out" / "report.md").read_text()
    assert "a.md:4: this listing says ECCV 2016, another listing of the same entry says CVPR 2017 (a.md:10)" in report


def test_the_paper_listings_query_shows_every_appearance(tmp_path: Path):
    """`kg query paper-listings --param title=...` lists each appearance with list and line."""
    from kg.query import run_query

    (tmp_path / "a.md").write_text("# A\n\n**X**\n- arxiv: https://arxiv.org/abs/1703.06870\n\n# B\n\n**X**\n")
    (tmp_path / "b.md").write_text("**X**\n- arxiv: https://arxiv.org/abs/1703.06870\n")
    build([tmp_path / "a.md", tmp_path / "b.md"], out=tmp_path / "out")
    out = run_query("paper-listings", graph=tmp_path / "out" / "graph.ttl", fmt="csv", params=["title=X"])
    rows = [line.split(",")[1:3] for line in out.strip().splitlines()[1:]]
    assert rows == [["a.md", "8"], ["a.md", "3"], ["b.md", "1"]]  # the title-only X is its own entry


def test_lists_with_one_file_name_in_two_folders_stay_two_lists(tmp_path: Path):
    """Two lists named alike in different folders of one build are two source documents."""
    for folder in ("x", "y"):
        (tmp_path / "lists" / folder).mkdir(parents=True)
        (tmp_path / "lists" / folder / "README.md").write_text(f"**Only in {folder}**\n")
    build([tmp_path / "lists"], out=tmp_path / "out")
    assert len(subjects_of(graph(tmp_path / "out"), "SourceDocument")) == 2
    shutil.rmtree(tmp_path / "lists" / "y")


REFERENCES = """# Style transfer

**Perceptual Losses for Real-Time Style Transfer**
- intro: ECCV 2016
- arxiv: https://arxiv.org/abs/1603.08155
- github(Torch): https://github.com/jcjohnson/fast-neural-style

**Image transformation networks with fancy loss functions**
- intro: Fast neural style in tensorflow based on [http://arxiv.org/abs/1603.08155](http://arxiv.org/abs/1603.08155)
- github: https://github.com/OlavHN/fast-neural-style

**Lyrics generation**
- github: [https://github.com/mikamia](https://github.com/mikamia)
"""


def test_an_arxiv_link_in_intro_prose_is_a_reference_not_the_entrys_identity(tmp_path: Path) -> None:
    """An entry whose intro says `based on [arXiv url]` stays a resource of its own: it does not
    take that paper's arXiv IRI, id, venue or repositories; the paper keeps its own."""
    (tmp_path / "refs.md").write_text(REFERENCES)
    build([tmp_path / "refs.md"], out=tmp_path / "out")
    store = graph(tmp_path / "out")
    paper = R + "paper/arxiv/1603.08155"
    assert values(store, paper, DCT + "title") == ["Perceptual Losses for Real-Time Style Transfer"]
    other = [e for e in entries(store) if "image-transformation-networks" in e]
    assert len(other) == 1
    assert values(store, other[0], KG.arxivId.value) == []
    assert values(store, other[0], KG.venue.value) == []


def test_a_forge_user_page_under_a_code_key_is_a_link_not_a_repository(tmp_path: Path) -> None:
    """`github: https://github.com/owner` (a user's page, no repository) gives a kg:Link, and no
    kg:CodeRepository is made of it."""
    (tmp_path / "refs.md").write_text(REFERENCES)
    build([tmp_path / "refs.md"], out=tmp_path / "out")
    store = graph(tmp_path / "out")
    repositories = subjects_of(store, "CodeRepository")
    urls = {url for repo in repositories for url in values(store, repo, KG.url.value)}
    assert "https://github.com/mikamia" not in urls
    assert "https://github.com/OlavHN/fast-neural-style" in urls
    links = subjects_of(store, "Link")
    assert "https://github.com/mikamia" in {url for link in links for url in values(store, link, KG.url.value)}
