"""The extraction rules the README's "Finding entities" section promises, one behaviour per test:
the two family relations, open-world venues and datasets, text normalized before matching,
libraries kept apart from frameworks, institution spans, structural headings, and the report
and `kg vocab suggest` listing what the vocabulary does not know."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.build import BuildResult, Source, build_graph
from kg.cli import main

KG = "https://w3id.org/paperkg/ontology#"
LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
ALT = ox.NamedNode("http://www.w3.org/2004/02/skos/core#altLabel")
TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def build(tmp_path: Path, text: str) -> tuple[BuildResult, ox.Store]:
    path = tmp_path / "l.md"
    path.write_text(text, encoding="utf-8")
    result = build_graph([Source(path, path.name)])
    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in result.triples)
    return result, store


def facts(tmp_path: Path, text: str) -> dict[int, dict[str, set]]:
    """Each entry's labels per property (venue, methodFamily, usesMethod, ...) by source line."""
    _, store = build(tmp_path, text)
    out: dict[int, dict[str, set]] = {}
    for quad in store.quads_for_pattern(None, ox.NamedNode(KG + "sourceLine"), None):
        row: dict[str, set] = {}
        for name in ("venue", "year", "workshop", "affiliation", "usesFramework", "usesLibrary"):
            row[name] = set()
        for name in ("methodFamily", "usesMethod", "dataset", "section"):
            row[name] = set()
        for prop in row:
            for q in store.quads_for_pattern(quad.subject, ox.NamedNode(KG + prop), None):
                if isinstance(q.object, ox.Literal):
                    row[prop].add(q.object.value)
                else:
                    row[prop].add(next(store.quads_for_pattern(q.object, LABEL, None)).object.value)
        out[int(quad.object.value)] = row
    return out


def one(tmp_path: Path, title: str, *lines: str, heading: str = "") -> dict[str, set]:
    """The facts of a list holding one entry (under `heading`, when given)."""
    text = (f"{heading}\n" if heading else "") + f"**{title}**\n" + "".join(f"- {line}\n" for line in lines)
    return facts(tmp_path, text)[2 if heading else 1]


@pytest.mark.parametrize(
    ("title", "intro", "belongs", "uses"),
    [
        ("ZorbNet: Detecting Objects with Zorbs", None, {"ZorbNet"}, set()),
        ("YOLOv3: An Incremental Improvement", None, {"YOLOv3"}, set()),
        ("Mask R-CNN", None, {"Mask R-CNN"}, set()),
        ("Feature Pyramid Networks for Object Detection", None, {"FPN"}, set()),
        ("Tracking Zorbs with Transformers", None, set(), {"Transformer"}),
        ("LSTM: A Search Space Odyssey", None, set(), {"LSTM"}),
        ("Zorb Tracking using LSTM and a ResNet backbone", None, set(), {"LSTM", "ResNet"}),
        ("CT-YOLO: Detection in Computed Tomography", None, {"CT-YOLO"}, set()),
        ("Spatial PixelCNN: Generating Images from Patches", None, {"Spatial PixelCNN"}, set()),
        ("Explaining AlphaGo: Interpreting Zorbs", None, set(), {"AlphaGo"}),
        ("ZorbNet-v2: Detecting Zorbs in Real-Time", None, {"ZorbNet"}, set()),
        ("Zorbix v3: Faster Zorbs", None, {"Zorbix"}, set()),
        ("Energy-relaxed Wasserstein GANs(EnergyWGAN): Towards Stable Generation", None, {"EnergyWGAN"}, {"GAN"}),
        (
            "Unsupervised Deep Embedding for Clustering Analysis",
            "intro: ICML 2016. Deep Embedded Clustering (DEC)",
            {"DEC"},
            set(),
        ),
        ("Learning with Random Zorbs", "keywords: All Learning Rates At Once (Alrao)", {"Alrao"}, set()),
        ("Deep Zorbing Autoencoders", "keywords: Deep Zorbing Autoencoders (DZAE)", {"DZAE"}, {"Autoencoder"}),
        ("Tensorizing Zorbs", "intro: ZorbNet", {"ZorbNet"}, set()),
        ("Coupling Zorbs", "intro: an implementation of SGD with Coupled Adaptive Zorb Size (CAZS)", {"CAZS"}, set()),
        ("On Zorbs and Their Features", "keywords: ZoEx (Zorb Exchange)", {"ZoEx"}, set()),
        ("Zorb Normalization: Using Zorbs Instead of Dot Products", None, {"Zorb Normalization"}, set()),
        ("Mixed Zorb Training", None, {"Mixed Zorb Training"}, set()),
        ("Sequence-Level Knowledge Distillation", None, set(), {"Knowledge Distillation"}),
        ("Object Detection: Zorbs in Twenty Years", None, set(), set()),
        ("Tensorizing Zorbs", "intro: ZORB", set(), set()),
        ("Overview: Object Detection in Twenty Years", None, set(), set()),
        ("CS231n: Convolutional Neural Networks for Visual Recognition", None, set(), {"CNN"}),
        ("ZorbCraft: A Library for Machine Learning Research on Zorbs", None, set(), set()),
        ("Deep Learning - NIPS 2015 Tutorial", None, set(), set()),
    ],
)
def test_a_family_is_belonged_to_only_when_the_entry_presents_it_as_its_own(
    tmp_path: Path, title: str, intro: str | None, belongs: set[str], uses: set[str]
):
    """kg:methodFamily holds the method the title (`Name: ...`, a whole-title name, `X for Y`,
    a short name in brackets) or an intro clause or first keyword (`Long Name (ABBR)`, the short
    name shaped like a name or a capitalized word spelling the initials, a part giving more than
    its first letter as in `AutoEncoders`; the long name ending a longer clause, or written after
    the short one, `ZoEx (Zorb Exchange)`; a clause that is one name-shaped word with a small
    letter or a hyphen; capitalized words that end in a kind of technique, before the colon or
    as the whole title, unless they qualify a known method) presents as the entry's
    own, known or not; every other named method or architecture is kg:usesMethod. Architecture
    classes are only used; a label glued into a longer name (CT-YOLO) or inside the title's own
    longer name (Spatial PixelCNN) is that name, and a title's words about a method (`Explaining
    AlphaGo:`) use it; a version
    mark (`-v2`, ` v3`) of a name no vocabulary knows is left off; phrases, course numbers,
    libraries and tutorials present no method."""
    row = one(tmp_path, title, *([intro] if intro else []))
    assert (row["methodFamily"], row["usesMethod"]) == (belongs, uses)


@pytest.mark.parametrize(
    ("heading", "entries", "families"),
    [
        (
            "## Dropout",
            [
                "Dropout: A Simple Way",
                "Variational Dropout Sparsifies Networks",
                "DropFilter: A Novel Regularization Method",
                "Learning Zorbs",
            ],
            [{"Dropout"}, {"Dropout"}, {"DropFilter"}, set()],
        ),
        (
            "## YOLO",
            ["You Only Look Once: Unified Detection", "YOLOv3: An Incremental Improvement"],
            [{"YOLO"}, {"YOLOv3"}],
        ),
        ("# Deep Dreams", ["deepdream", "Learning Zorbs"], [{"DeepDream"}, set()]),
        ("## GANs", ["Zorbing with Adversaries"], [set()]),
        ("## FPGA", ["Zorb Accelerators on Chips"], [set()]),
        ("## GAN", ["Generative Adversarial Networks"], [set()]),
        ("# Caffe", ["Caffe Model Zoo"], [set()]),
        ("# Papers", ["Learning Zorbs"], [set()]),
    ],
)
def test_heading_families_go_to_the_first_entry_and_to_entries_that_name_them(
    tmp_path: Path, heading: str, entries: list[str], families: list[set[str]]
):
    """Under a family's heading the first entry belongs to the family, and so does every entry
    whose words name it (Variational Dropout) unless the name is glued into its own (DropFilter)
    or it names a known version (YOLOv3). Headings that name hardware, an architecture class, a
    framework or a kind of entry are no family headings; a plural heading names the family of its
    singular (`# Deep Dreams`)."""
    text = heading + "\n" + "".join(f"**{title}**\n- intro: x\n\n" for title in entries)
    rows = facts(tmp_path, text)
    assert [rows[line]["methodFamily"] for line in sorted(rows)] == families


@pytest.mark.parametrize(
    ("intro", "venue", "year", "workshop"),
    [
        ("ACCV 2016", "ACCV", 2016, False),
        ("accepted at ZORBCON 2017", "ZORBCON", 2017, False),
        ("ZorbCon 2017, Frob Frobson", "ZorbCon", 2017, False),
        ("ZorbMind 2016", None, None, None),
        ("A guide to Image Classification with Neural Networks", None, None, None),
        ("Neural Networks, 2017", "Neural Networks", 2017, False),
        ("published in Pattern Recognition", "Pattern Recognition", None, False),
        ("Pattern Recognition", "Pattern Recognition", None, False),
        ("Extended version of a proceeding of ACML2018", None, None, None),
        ("IEEE Transactions on Zorb Analysis, 2019", "IEEE Transactions on Zorb Analysis", 2019, False),
        ("British Machine Vision Conference(BMVC), 2017", "BMVC", 2017, False),
        ("NIPS’2016", "NeurIPS", 2016, False),
        ("won 2nd place in the Zorb detection challenge held at ECCV 2018", None, None, None),
        ("ZORB 2018 challenge winner", None, None, None),
        ("ECCV 2018 PoseTrack Challenge Workshop", "ECCV", 2018, True),
        ("Visualization for Deep Learning workshop. ICML 2016", "ICML", 2016, True),
    ],
)
def test_venues_the_vocabulary_lacks_are_found_where_venues_are_written(
    tmp_path: Path, intro: str, venue: str | None, year: int | None, workshop: bool | None
):
    """`<ACRONYM> <year>` (or a developers' conference `<Name>Con <year>`; not another name with a
    capital inside, as often a company's) where a venue is written and long forms (`Transactions
    on ...`) give venues the vocabulary lacks; glued brackets and `NIPS’2016` are read as spaced; award words
    anywhere before a venue make it a challenge result; a workshop named ... Challenge, or named
    in the clause before its conference, is still a workshop. A journal named with everyday words
    (`Neural Networks`) is one only with a year, after `published in` and the like, or alone; the
    venue of the paper an entry extends is not its own."""
    row = one(tmp_path, "A Paper", f"intro: {intro}")
    assert row["venue"] == ({venue} if venue else set())
    assert row["year"] == ({str(year)} if year else set())
    assert row["workshop"] == ({"true" if workshop else "false"} if workshop is not None else set())


def test_a_venue_written_as_the_title_tail_is_the_venue(tmp_path: Path):
    """`... (SIGGRAPH 2014)` at the end of a title is the venue; a venue inside the title's words
    names a topic."""
    assert one(tmp_path, "Style Transfer for Headshot Portraits (SIGGRAPH 2014)")["venue"] == {"SIGGRAPH"}
    assert one(tmp_path, "On the Robustness of the CVPR 2018 Defenses")["venue"] == set()


@pytest.mark.parametrize(
    ("title", "lines", "venue", "year"),
    [
        ("ICCV 2017 Tutorial on GANs", ("homepage: https://a.org/gans",), {"ICCV"}, {"2017"}),
        ("ICCV17 Tutorials", ("video: https://a.org/v",), {"ICCV"}, {"2017"}),
        ("Proceedings of IJCAI 2018", ("https://zorb.org/proceedings/2018/",), {"IJCAI"}, {"2018"}),
        (
            "Deep Learning - NIPS'2015 Tutorial (By Geoff Hinton)",
            ("slides: https://a.org/s.pdf",),
            {"NeurIPS"},
            {"2015"},
        ),
        (
            "Practical Neural Networks for NLP",
            ("intro: EMNLP 2016", "slides: https://a.org/s.pdf"),
            {"EMNLP"},
            {"2016"},
        ),
        ("CVPR Reading Group", ("slides: https://a.org/s.pdf",), set(), set()),
        ("ICML 2018 Notes", ("blog: https://a.org/post",), set(), set()),
        ("NIPS 2015 Posner Lecture", ("https://zorbs.wordpress.com/2015/12/08/lecture/",), set(), set()),
        ("ICML 2018 Highlights", ("[https://zorb.org/blog/icml](https://zorb.org/blog/icml)",), set(), set()),
        ("ICML 2018 Highlights", ("https://zorb.org/icml-2018/",), {"ICML"}, {"2018"}),
    ],
)
def test_a_venue_and_year_opening_a_title_or_after_its_dash_are_the_entrys(tmp_path: Path, title, lines, venue, year):
    """A venue with its year that opens a title, or follows a spaced dash, is the entry's venue,
    and talks and tutorials keep theirs (from the title or the intro); a venue without a year
    there is none, and a blog post takes no venue, its only link keyed `blog` or, with no key
    that tells, on a blogging platform or under a `/blog/` path."""
    found = one(tmp_path, title, *lines)
    assert (found["venue"], found["year"]) == (venue, year)


@pytest.mark.parametrize(
    ("intro", "datasets"),
    [
        ("a new large-scale benchmark, named Zorb-42K", {"Zorb-42K"}),
        ("results on the Frob-1501 dataset", {"Frob-1501"}),
        ("state-of-the-art on Market-1501, Frob-1501 and DukeMTMC-reID", {"Market-1501", "Frob-1501", "DukeMTMC-reID"}),
        ("Dataset-Zorbs", {"Zorbs"}),
        ("COCO-Zorb and KITTI MOTS", {"COCO-Zorb", "KITTI MOTS"}),
        ("DAVIS Challenge on Video Object Segmentation 2017", {"DAVIS 2017"}),
        ("40.1 AP on COCO test-dev, 81.2% mAP on VOC2007", {"MS COCO", "PASCAL VOC 2007"}),
        ("a new dataset of Person Re-ID images. ResNet-50 backbone", set()),
    ],
)
def test_datasets_the_vocabulary_lacks_are_found_by_how_intros_name_them(
    tmp_path: Path, intro: str, datasets: set[str]
):
    """`X dataset`, `benchmark, named X`, `Dataset-X`, names listed beside a known dataset and
    qualified variants (COCO-Zorb) give datasets the vocabulary lacks; a year after a known
    dataset's name gives its edition; metrics, backbones and field words are no datasets."""
    assert one(tmp_path, "A Paper", f"intro: {intro}")["dataset"] == datasets


@pytest.mark.parametrize(
    ("intro", "institutions"),
    [
        ("Huawei Noah’s Ark Lab", {"Huawei Noah's Ark Lab"}),
        ("Queen’s University of Zorbland", {"Queen’s University of Zorbland"}),
        ("Tel-Zorb University & Zorb Univ.", {"Tel-Zorb University", "Zorb Univ"}),
        ("CVPR 2017.Zorbland National University", {"Zorbland National University"}),
        ("The Robotics Institute, Carnegie Mellon University", {"The Robotics Institute, Carnegie Mellon University"}),
        ("University of Trento, Trento, Italy", {"University of Trento"}),
        ("Zorb Robotics Group & Frobnitz Robotics", {"Zorb Robotics Group", "Frobnitz Robotics"}),
    ],
)
def test_institution_spans_read_curly_quotes_units_and_places(tmp_path: Path, intro: str, institutions: set[str]):
    """Curly apostrophes, hyphenated names and `Univ.` do not cut a name; a sentence glued to
    the year before it still ends there; `Sub-unit, Parent` is one institution; the city in
    `Name, City, Country` is no university; Group and Robotics end names."""
    assert one(tmp_path, "A Paper", f"intro: {intro}")["affiliation"] == institutions


def test_spellings_keep_the_text_as_written(tmp_path: Path):
    """Names are matched in normalized text, but the spelling recorded is the one written: the
    curly apostrophe of `Huawei Noah’s Ark Lab` survives as an altLabel."""
    _, store = build(tmp_path, "**A**\n- intro: Huawei Noah’s Ark Lab\n")
    alts = {q.object.value for q in store.quads_for_pattern(None, ALT, None)}
    assert "Huawei Noah’s Ark Lab" in alts


@pytest.mark.parametrize(
    ("annotation", "frameworks", "libraries"),
    [
        ("official. Caffe", {"Caffe"}, set()),
        ("PyTorch--recommend", {"PyTorch"}, set()),
        ("OpenCV+OpenBlas", set(), {"OpenCV", "OpenBLAS"}),
        ("MMDetection", set(), {"MMDetection"}),
        ("Matlab", {"Matlab"}, set()),
    ],
)
def test_toolboxes_and_libraries_are_not_frameworks(
    tmp_path: Path, annotation: str, frameworks: set[str], libraries: set[str]
):
    """Annotation separators `.`, `--` and `+` split names; toolboxes and libraries (MMDetection,
    OpenCV, OpenBLAS) are kg:usesLibrary, never kg:usesFramework."""
    row = one(tmp_path, "A Paper", f"github({annotation}): https://github.com/a/b")
    assert (row["usesFramework"], row["usesLibrary"]) == (frameworks, libraries)


def test_structural_headings_set_the_kind_but_are_no_topics(tmp_path: Path):
    """`# Papers` and `# Blogs` are no kg:Topic (the entries keep their kind: a blog post under
    `# Blogs`); a topic heading whose last word is a kind word (`## Imbalanced Datasets`) is a
    topic and makes no entry a dataset."""
    result, store = build(
        tmp_path,
        "# Papers\n**A**\n- intro: x\n# Blogs\n**B**\n- blog: https://example.org/b\n"
        "# Handling Data\n## Imbalanced Datasets\n**C**\n- intro: y\n",
    )
    topics = {
        next(store.quads_for_pattern(q.subject, LABEL, None)).object.value
        for q in store.quads_for_pattern(None, TYPE, ox.NamedNode(KG + "Topic"))
    }
    assert topics == {"Handling Data", "Imbalanced Datasets"}
    kinds = {listing.entry.title: listing.kind.value for listing in result.understanding.listings}
    assert kinds == {"A": "paper", "B": "blog-post", "C": "paper"}
    assert [heading.text for heading in result.understanding.listings[0].entry.sections] == ["Papers"]


def test_the_report_and_vocab_suggest_list_what_the_vocabulary_lacks(tmp_path: Path):
    """report.md lists each entity the vocabulary does not know with its count and places, and
    `kg vocab suggest` prints them as SKOS Turtle that parses, with the spellings seen."""
    path = tmp_path / "l.md"
    path.write_text("**ZorbNet: Zorbs**\n- intro: ZORBCON 2017\n\n**B**\n- intro: ZORBCON 2018\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(path), "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "- venue `ZORBCON`: 2 × l.md:1, l.md:4" in report
    assert "- family `ZorbNet`: 1 × l.md:1" in report
    suggested = CliRunner().invoke(main, ["vocab", "suggest", str(path)])
    assert suggested.exit_code == 0, suggested.output
    triples = list(ox.parse(suggested.output.encode("utf-8"), format=ox.RdfFormat.TURTLE))
    labels = {t.object.value for t in triples if t.predicate.value.endswith("#prefLabel")}
    assert labels == {"ZORBCON", "ZorbNet"}
    assert "# seen 2 time(s): l.md:1, l.md:4" in suggested.output
