"""The SKOS vocabulary files (`ontology/vocab/*.ttl`) checked on their own, read with pyoxigraph:
labels, schemes, kinds, `skos:broader` links and the preferred labels that ANNOTATION.md names.

Self-contained on purpose (no import of `kg`): the rules here are those of the data, and the
folding of labels is the one `kg.vocab.label_key` documents."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pyoxigraph as ox
import pytest

VOCAB_DIR = Path(__file__).resolve().parent.parent / "ontology" / "vocab"
VOCAB_BASE = "https://w3id.org/paperkg/vocab/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
KG = "https://w3id.org/paperkg/ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABELS = ("prefLabel", "altLabel", "hiddenLabel")
# file -> (kind of its concepts, property that classifies them, allowed values)
FILES = {
    "venues.ttl": ("venue", "venueKind", {"conference", "journal", "workshop"}),
    "institutions.ttl": ("institution", None, None),
    "frameworks.ttl": ("framework", "frameworkKind", {"framework", "library"}),
    "datasets.ttl": ("dataset", None, None),
    "families.ttl": ("family", "familyKind", {"method", "architecture"}),
}


def label_key(label: str) -> str:
    """Labels compared as `kg.vocab.label_key` compares them: NFKD, combining marks dropped,
    casefolded, `&` read as `and`, then only `[0-9a-z+]` kept."""
    decomposed = unicodedata.normalize("NFKD", label)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    return re.sub(r"[^0-9a-z+]+", "", plain.replace("&", "and"))


@dataclass
class Concept:
    iri: str
    file: str
    types: set[str] = field(default_factory=set)
    schemes: list[str] = field(default_factory=list)
    labels: dict[str, list[str]] = field(default_factory=lambda: {name: [] for name in LABELS})
    broader: list[str] = field(default_factory=list)
    kinds: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    @property
    def kind(self) -> str:
        return self.iri[len(VOCAB_BASE) :].split("/", 1)[0]

    @property
    def all_labels(self) -> list[str]:
        return [label for name in LABELS for label in self.labels[name]]


@dataclass
class Vocabulary:
    concepts: dict[str, Concept]  # by IRI
    schemes: dict[str, list[str]]  # file -> IRIs typed skos:ConceptScheme in it

    def of_kind(self, kind: str) -> list[Concept]:
        return [c for c in self.concepts.values() if c.kind == kind]

    def find(self, kind: str, label: str) -> list[Concept]:
        key = label_key(label)
        return [c for c in self.of_kind(kind) if key in {label_key(x) for x in c.all_labels}]


def parse(folder: Path) -> Vocabulary:
    """Every `skos:Concept` of every file in `folder`, with what the file states of it."""
    concepts: dict[str, Concept] = {}
    schemes: dict[str, list[str]] = {}
    for path in sorted(folder.glob("*.ttl")):
        triples = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
        schemes[path.name] = sorted(
            t.subject.value
            for t in triples
            if t.predicate.value == RDF_TYPE and t.object.value == SKOS + "ConceptScheme"
        )
        subjects = {
            t.subject.value for t in triples if t.predicate.value == RDF_TYPE and t.object.value == SKOS + "Concept"
        }
        for iri in sorted(subjects):
            assert iri not in concepts, f"{iri} is a concept of two files"
            concepts[iri] = Concept(iri, path.name)
        for t in triples:
            concept = concepts.get(t.subject.value)
            if concept is None:
                continue
            predicate, value = t.predicate.value, t.object.value
            if predicate == RDF_TYPE:
                concept.types.add(value)
            elif predicate == SKOS + "inScheme":
                concept.schemes.append(value)
            elif predicate.startswith(SKOS) and predicate[len(SKOS) :] in LABELS:
                concept.labels[predicate[len(SKOS) :]].append(value)
            elif predicate == SKOS + "broader":
                concept.broader.append(value)
            elif predicate.startswith(KG) and predicate.endswith("Kind"):
                concept.kinds[predicate[len(KG) :]].append(value)
    return Vocabulary(concepts, schemes)


@cache
def vocabulary() -> Vocabulary:
    return parse(VOCAB_DIR)


def test_the_five_files_are_there_and_hold_concepts_of_their_own_kind():
    """Each vocabulary file exists, declares one skos:ConceptScheme, and holds only concepts whose
    IRI is of that file's kind (`.../vocab/venue/...` in venues.ttl)."""
    vocab = vocabulary()
    assert sorted(vocab.schemes) == sorted(FILES)
    for name, (kind, _, _) in FILES.items():
        assert len(vocab.schemes[name]) == 1, name
        concepts = [c for c in vocab.concepts.values() if c.file == name]
        assert concepts, name
        assert [c.iri for c in concepts if c.kind != kind] == []


def test_every_concept_has_exactly_one_preflabel_and_is_in_its_files_scheme():
    """Every concept has one skos:prefLabel, and one skos:inScheme: the scheme of its file."""
    vocab = vocabulary()
    wrong = []
    for concept in vocab.concepts.values():
        if len(concept.labels["prefLabel"]) != 1:
            wrong.append(f"{concept.iri}: {len(concept.labels['prefLabel'])} prefLabels")
        if concept.schemes != vocab.schemes[concept.file]:
            wrong.append(f"{concept.iri}: inScheme {concept.schemes}")
    assert wrong == []


def test_no_two_concepts_of_one_kind_share_a_folded_label():
    """A spelling, once folded (accents, case, punctuation, `&` = `and`), names at most one
    concept of a kind: otherwise the extractor could not tell which one a text means."""
    owners: dict[tuple[str, str], set[str]] = defaultdict(set)
    for concept in vocabulary().concepts.values():
        for label in concept.all_labels:
            owners[(concept.kind, label_key(label))].add(concept.iri)
    shared = {key: sorted(iris) for key, iris in owners.items() if len(iris) > 1}
    assert shared == {}


def test_no_label_is_empty_padded_or_holds_a_control_character():
    """Labels have no leading or trailing whitespace, no control character (tabs and newlines
    included), and fold to something (a label of punctuation alone matches nothing sensible)."""
    bad = [
        (concept.iri, label)
        for concept in vocabulary().concepts.values()
        for label in concept.all_labels
        if label != label.strip()
        or any(unicodedata.category(ch) in {"Cc", "Cf"} for ch in label)
        or not label_key(label)
    ]
    assert bad == []


def test_a_concept_repeats_no_label():
    """No concept lists the same spelling twice (an altLabel equal to its prefLabel, or one
    altLabel written twice): a repeated label is a slip that hides a missing variant."""
    repeated = []
    for concept in vocabulary().concepts.values():
        labels = concept.all_labels
        if len(set(labels)) != len(labels):
            repeated.append((concept.iri, sorted({x for x in labels if labels.count(x) > 1})))
    assert repeated == []


def test_broader_targets_exist_and_are_of_the_same_kind():
    """Every skos:broader target is a concept of the vocabulary, of the same kind as its source
    (a dataset version points at its parent dataset, a method version at its family)."""
    vocab = vocabulary()
    bad = [
        (concept.iri, target)
        for concept in vocab.concepts.values()
        for target in concept.broader
        if target not in vocab.concepts or vocab.concepts[target].kind != concept.kind or target == concept.iri
    ]
    assert bad == []


def test_broader_links_form_no_cycle():
    """Following skos:broader from any concept never comes back to it."""
    vocab = vocabulary()
    cycles = []
    for start in vocab.concepts.values():
        seen: set[str] = set()
        todo = list(start.broader)
        while todo:
            iri = todo.pop()
            if iri == start.iri:
                cycles.append(start.iri)
                break
            if iri in seen or iri not in vocab.concepts:
                continue
            seen.add(iri)
            todo.extend(vocab.concepts[iri].broader)
    assert cycles == []


@pytest.mark.parametrize(("name", "prop", "allowed"), [(n, p, a) for n, (_, p, a) in FILES.items() if p])
def test_every_concept_of_a_classified_file_has_exactly_one_allowed_kind(name: str, prop: str, allowed: set[str]):
    """Every venue has one kg:venueKind (conference, journal, workshop), every framework one
    kg:frameworkKind (framework, library), every family one kg:familyKind (method, architecture)."""
    concepts = [c for c in vocabulary().concepts.values() if c.file == name]
    bad = [(c.iri, c.kinds.get(prop, [])) for c in concepts if c.kinds.get(prop, []) not in [[v] for v in allowed]]
    assert bad == []


# Spellings that ANNOTATION.md normalizes, and the name it normalizes them to.
RULE_NAMES = [
    ("venue", "NIPS", "NeurIPS"),
    ("venue", "NeurIPS", "NeurIPS"),
    ("venue", "PAMI", "TPAMI"),
    ("venue", "T-PAMI", "TPAMI"),
    ("venue", "IEEE Transactions on Image Processing", "TIP"),
    ("venue", "ACMMM", "ACM MM"),
    ("dataset", "COCO", "MS COCO"),
    ("dataset", "COCO test-dev", "MS COCO"),
    ("dataset", "COCO keypoints", "MS COCO"),
    ("dataset", "VOC2007", "PASCAL VOC 2007"),
    ("dataset", "Market1501", "Market-1501"),
    ("dataset", "KITTI MOTS", "KITTI MOTS"),
    ("dataset", "VOT2018", "VOT2018"),
    ("dataset", "ILSVRC 2015", "ILSVRC 2015"),
    ("framework", "Torch7", "Torch"),
    *[
        ("framework", name, name)
        for name in (
            "Caffe Caffe2 TensorFlow PyTorch Keras Chainer MXNet Torch Theano Lasagne MatConvNet Darknet "
            "PaddlePaddle JAX".split()
        )
    ],
    ("framework", "MATLAB", "Matlab"),
]


@pytest.mark.parametrize(("kind", "spelling", "name"), RULE_NAMES)
def test_rule_spellings_resolve_to_the_normalized_preferred_label(kind: str, spelling: str, name: str):
    """A spelling that ANNOTATION.md normalizes belongs to exactly one concept of its kind, and
    that concept's preferred label is the normalized name the rules give."""
    found = vocabulary().find(kind, spelling)
    assert [c.labels["prefLabel"] for c in found] == [[name]]


@pytest.mark.parametrize(
    ("version", "parent"),
    [
        ("KITTI MOTS", "KITTI"),
        ("VOT2018", "VOT"),
        ("ILSVRC 2015", "ImageNet"),
        ("PASCAL VOC 2007", "PASCAL VOC"),
        ("PASCAL VOC 2012", "PASCAL VOC"),
        ("DAVIS 2017", "DAVIS"),
        ("MOT17", "MOTChallenge"),
        ("ICDAR 2015", "ICDAR Robust Reading Competition"),
    ],
)
def test_named_dataset_versions_are_distinct_and_point_to_their_parent(version: str, parent: str):
    """A version that names a distinct dataset is its own concept, linked by skos:broader to the
    dataset it is a version of; the parent's labels do not include the version's name."""
    vocab = vocabulary()
    [child] = vocab.find("dataset", version)
    [wider] = vocab.find("dataset", parent)
    assert child.iri != wider.iri
    assert wider.iri in child.broader


def test_frameworks_the_rules_name_are_of_kind_framework_and_toolboxes_are_libraries():
    """The frameworks ANNOTATION.md names are kg:frameworkKind "framework"; toolboxes built on a
    framework and general libraries it excludes (MMDetection, Detectron2, OpenCV) are "library"."""
    vocab = vocabulary()

    def kind_of(label: str) -> list[str]:
        [concept] = vocab.find("framework", label)
        return concept.kinds["frameworkKind"]

    for name in "Caffe Caffe2 TensorFlow PyTorch Keras Chainer MXNet Torch Theano Lasagne MatConvNet Matlab".split():
        assert kind_of(name) == ["framework"], name
    for name in ("Darknet", "PaddlePaddle", "JAX", "CNTK", "MindSpore"):
        assert kind_of(name) == ["framework"], name
    for name in ("MMDetection", "Detectron2", "OpenCV", "TF-Slim", "fastai", "timm", "CUDA", "TensorRT", "ONNX"):
        assert kind_of(name) == ["library"], name


def test_architecture_classes_are_never_method_families():
    """The architecture classes ANNOTATION.md names (Transformer, LSTM, GAN, ResNet, VGG,
    Inception) are kg:familyKind "architecture"; named method lines are "method"."""
    vocab = vocabulary()

    def kind_of(label: str) -> list[str]:
        [concept] = vocab.find("family", label)
        return concept.kinds["familyKind"]

    for name in ("Transformer", "LSTM", "GRU", "GAN", "ResNet", "VGG", "Inception", "GoogLeNet", "AlexNet", "VAE"):
        assert kind_of(name) == ["architecture"], name
    for name in ("DeepLab", "YOLO", "R-CNN", "Mask R-CNN", "SSD", "U-Net", "BERT", "GPT", "MobileNet", "SphereFace"):
        assert kind_of(name) == ["method"], name
