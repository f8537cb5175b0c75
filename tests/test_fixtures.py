"""The built graph reproduces, entry by entry, the hand-checked fixtures of two lists: the bundled
segmentation list and a list of other fields written for the tests."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.build import Source, build_graph
from kg.resources import bundled_list

DATA = Path(__file__).parent / "data"
ENTRY_QUERY = """
PREFIX kg: <https://w3id.org/paperkg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?entry ?line ?title ?class WHERE {
  ?entry a kg:Entry ; kg:sourceLine ?line ; dcterms:title ?title ; a ?class .
  FILTER(?class != kg:Entry)
}
"""
KINDS = {
    "Paper": "paper",
    "BlogPost": "blog-post",
    "Talk": "talk",
    "Tutorial": "tutorial",
    "SoftwareProject": "software",
    "Benchmark": "benchmark",
    "Challenge": "challenge",
    "Leaderboard": "leaderboard",
    "Course": "course",
    "DatasetRelease": "dataset",
}
KG = "https://w3id.org/paperkg/ontology#"


def values(store: ox.Store, subject: ox.NamedNode, predicate: str) -> list[ox.NamedNode | ox.Literal]:
    return [q.object for q in store.quads_for_pattern(subject, ox.NamedNode(predicate), None)]


def label(store: ox.Store, node: ox.NamedNode) -> str:
    return values(store, node, "http://www.w3.org/2000/01/rdf-schema#label")[0].value


def records_from_graph(store: ox.Store) -> dict[int, dict]:
    """The fixture's fields for every entry, read back from the graph alone."""
    records = {}
    for row in store.query(ENTRY_QUERY):
        entry = row["entry"]
        repos = []
        for repo in values(store, entry, KG + "codeRepository"):
            repos.append(
                {
                    "label": label(store, repo),
                    "url": values(store, repo, KG + "url")[0].value,
                    "frameworks": sorted(label(store, f) for f in values(store, repo, KG + "framework")),
                }
            )
        arxiv = values(store, entry, KG + "arxivId")
        records[int(row["line"].value)] = {
            "line": int(row["line"].value),
            "title": row["title"].value,
            "alt_titles": sorted(t.value for t in values(store, entry, KG + "alternativeTitle")),
            "kind": KINDS[row["class"].value.removeprefix(KG)],
            "arxiv": arxiv[0].value if arxiv else None,
            "repos": sorted(repos, key=lambda r: r["url"]),
            "sections": sorted(label(store, t) for t in values(store, entry, KG + "section")),
        }
    return records


def normalized(fixture: dict) -> dict:
    """A fixture record with its lists in the order the graph can give (RDF has no order)."""
    return {
        **fixture,
        "alt_titles": sorted(fixture["alt_titles"]),
        "repos": sorted(
            ({**r, "frameworks": sorted(r["frameworks"])} for r in fixture["repos"]), key=lambda r: r["url"]
        ),
        "sections": sorted(fixture["sections"]),
    }


@pytest.mark.parametrize(
    ("path", "fixture"),
    [(bundled_list(), "seed_entries.json"), (DATA / "lists" / "other_fields.md", "other_fields_entries.json")],
    ids=["seed", "other-fields"],
)
def test_build_reproduces_the_hand_checked_fixture(path: Path, fixture: str):
    """Every entry of the fixture (title, line, kind, arXiv id, code repositories with frameworks,
    sections) is in the graph exactly, and the graph has no entry the fixture lacks."""
    result = build_graph([Source(path, path.name)])
    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in result.triples)
    expected = {r["line"]: normalized(r) for r in json.loads((DATA / fixture).read_text())}
    actual = records_from_graph(store)
    assert sorted(actual) == sorted(expected)
    mismatches = [(line, expected[line], actual[line]) for line in expected if expected[line] != actual[line]]
    assert mismatches == []
