"""The parser: markdown lists in the style of the bundled one, with their usual mess."""

from __future__ import annotations

import pytest

from kg.errors import ParseError
from kg.read import Severity, decode, parse_text


def parse(text: str):
    return parse_text(text, "list.md")


def messages(doc) -> list[str]:
    return [str(p) for p in doc.problems]


def test_front_matter_is_read_and_lines_are_counted_from_the_top():
    """YAML front matter gives title/category/date, and entry lines count the front matter."""
    doc = parse("---\ntitle: Detection\ncategory: dl\ndate: 2015-10-09\n---\n\n**A Paper**\n\n- intro: CVPR 2017\n")
    assert dict(doc.front_matter) == {"title": "Detection", "category": "dl", "date": "2015-10-09"}
    assert [(e.line, e.title) for e in doc.entries] == [(7, "A Paper")]


def test_list_without_front_matter_still_works():
    """A list with no front matter parses, with empty metadata."""
    doc = parse("# Topic\n\n**A Paper**\n- arxiv: https://arxiv.org/abs/1411.4038\n")
    assert doc.front_matter == ()
    assert doc.entries[0].title == "A Paper"


def test_invalid_front_matter_is_reported_not_fatal():
    """Front matter that is not valid YAML is reported with its line; the entries still parse."""
    doc = parse("---\ntitle: [unclosed\n---\n**A Paper**\n")
    assert doc.front_matter == ()
    assert [e.title for e in doc.entries] == ["A Paper"]
    assert any("front matter is not valid YAML" in m for m in messages(doc))


def test_front_matter_is_parsed_safely():
    """Front matter with a Python object tag is refused by the safe loader, not executed."""
    doc = parse("---\ntitle: !!python/object/apply:os.system ['echo hacked']\n---\n**A**\n")
    assert doc.front_matter == ()
    assert any("front matter" in m for m in messages(doc))


def test_headings_nest_until_a_heading_of_the_same_or_higher_level():
    """Each entry sits under the path of headings above it; a heading closes deeper ones."""
    doc = parse(
        "# Semantic Segmentation\n**A**\n## DeepLab\n**B**\n### DeepLab v2\n**C**\n## FCN\n**D**\n# Instance\n**E**\n"
    )
    paths = {e.title: [h.text for h in e.sections] for e in doc.entries}
    assert paths == {
        "A": ["Semantic Segmentation"],
        "B": ["Semantic Segmentation", "DeepLab"],
        "C": ["Semantic Segmentation", "DeepLab", "DeepLab v2"],
        "D": ["Semantic Segmentation", "FCN"],
        "E": ["Instance"],
    }


def test_heading_without_space_and_with_closing_hashes():
    """`#Papers` and `## FCN ##` are headings with the text trimmed."""
    doc = parse("#Papers\n**A**\n## FCN ##\n**B**\n")
    assert [[h.text for h in e.sections] for e in doc.entries] == [["Papers"], ["Papers", "FCN"]]


def test_consecutive_bold_lines_are_one_entry_with_alternative_titles():
    """Bold lines with only blank lines between them are one entry; the first is the title."""
    doc = parse("**SegNet: one**\n\n**SegNet: two**\n\n- arxiv: https://arxiv.org/abs/1511.00561\n\n**Other**\n")
    assert [e.titles for e in doc.entries] == [("SegNet: one", "SegNet: two"), ("Other",)]
    assert doc.entries[0].line == 1


def test_bold_lines_separated_by_an_image_are_two_entries():
    """Anything but blank lines between two bold lines (an image here) makes two entries."""
    doc = parse("**One**\n![](http://x.org/a.png)\n**Two**\n")
    assert [e.titles for e in doc.entries] == [("One",), ("Two",)]


def test_stray_character_before_the_bold_title_is_repaired_and_reported():
    """`L**ow-Resolution ...**` is the title `Low-Resolution ...`, reported as repaired."""
    doc = parse("# T\n\nL**ow-Resolution Images**\n- intro: ICCV 2017\n")
    assert doc.entries[0].title == "Low-Resolution Images"
    assert any(p.line == 3 and p.severity is Severity.REPAIRED for p in doc.problems)


def test_unterminated_title_is_repaired_and_reported():
    """A bold title missing its closing `**` is still a title, and the repair is reported."""
    doc = parse("**Foo Bar\n- intro: CVPR 2017\n")
    assert doc.entries[0].title == "Foo Bar"
    assert any("unterminated title" in m for m in messages(doc))


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("gtihub", "github"),
        ("gihtub", "github"),
        ("arixv", "arxiv"),
        ("arxxiv", "arxiv"),
        ("porject page", "project page"),
        ("bitbuckt", "bitbucket"),
        ("inro", "intro"),
        ("keywrods", "keywords"),
        ("Keyword", "keywords"),
        ("Project-Page", "project page"),
        ("arxiv.org", "arxiv"),
        ("Github", "github"),
    ],
)
def test_key_spellings_are_normalized(written: str, key: str):
    """Misspelt, cased and hyphenated keys are read as the key they mean."""
    doc = parse(f"**A**\n- {written}: https://example.org/x\n")
    assert doc.entries[0].fields[0].key == key


def test_misspelt_key_is_reported_with_its_line():
    """A guessed key is reported as `file:line: key 'gtihub' read as 'github'`."""
    doc = parse("**A**\n\n- gtihub: https://github.com/a/b\n")
    assert "list.md:3: key 'gtihub' read as 'github'" in messages(doc)


@pytest.mark.parametrize(
    "line",
    [
        "- intro; CVPR 2017",
        "- intro： CVPR 2017",
        "- intro CVPR 2017",
        "intro: CVPR 2017",
        "- - intro: CVPR 2017",
        "-- intro: CVPR 2017",
        "-intro: CVPR 2017",
        "* intro: CVPR 2017",
    ],
)
def test_separator_and_dash_variants_give_the_same_field(line: str):
    """`;`, full-width `：`, a missing colon, a missing, doubled or glued dash all read as `intro`."""
    doc = parse(f"**A**\n{line}\n")
    fields = doc.entries[0].fields
    assert [(f.key, f.value) for f in fields] == [("intro", "CVPR 2017")]


def test_missing_colon_before_a_link_is_repaired():
    """`- arxiv https://...` is the arxiv key with that link, reported as repaired."""
    doc = parse("**A**\n- arxiv https://arxiv.org/abs/1411.4038\n")
    field = doc.entries[0].fields[0]
    assert field.key == "arxiv"
    assert field.links[0].url == "https://arxiv.org/abs/1411.4038"
    assert any("missing ':'" in m for m in messages(doc))


@pytest.mark.parametrize(
    ("key", "canonical", "annotation"),
    [
        ("github(official, PyTorch)", "github", "official, PyTorch"),
        ("github (Tensorflow)", "github", "Tensorflow"),
        ("code(Caffe)", "code", "Caffe"),
        ("arxiv(PAMI 2016)", "arxiv", "PAMI 2016"),
        ("gtihub(Caffe)", "github", "Caffe"),
    ],
)
def test_annotated_keys_keep_their_annotation(key: str, canonical: str, annotation: str):
    """`github(official, PyTorch)` is key github with annotation `official, PyTorch`, on its link too."""
    doc = parse(f"**A**\n- {key}: [https://github.com/a/b](https://github.com/a/b)\n")
    field = doc.entries[0].fields[0]
    assert (field.key, field.annotation) == (canonical, annotation)
    assert field.links[0].annotation == annotation


def test_continuation_lines_join_the_value_they_wrap():
    """A wrapped intro continues on the next line; both lines belong to one field."""
    doc = parse("**A**\n- intro: two-stage training: train first and \nfine-tune later\n- arxiv: x\n")
    field = doc.entries[0].fields[0]
    assert field.text == "two-stage training: train first and fine-tune later"
    assert field.lines == (2, 3)


def test_bare_link_lines_under_a_title_are_links_of_the_entry():
    """A line holding only a link (markdown or bare) is a link of the entry, key `link`."""
    doc = parse(
        "**A**\n\n[https://arxiv.org/abs/1703.03613](https://arxiv.org/abs/1703.03613)\n\n**B**\nhttps://b.org/x\n"
    )
    assert [(link.key, link.url) for link in doc.entries[0].links] == [("link", "https://arxiv.org/abs/1703.03613")]
    assert [link.url for link in doc.entries[1].links] == ["https://b.org/x"]


def test_a_link_line_right_after_a_field_is_a_link_of_the_entry_not_part_of_the_field():
    """A line holding only a link, written right under an intro or a `github(X)` line, is a link
    of the entry (its arXiv id counts; it does not take the framework X), not a continuation."""
    doc = parse(
        "**A**\n- intro: Zorb University\n[https://arxiv.org/abs/1712.07107](https://arxiv.org/abs/1712.07107)\n"
        "- github(TensorFlow): [https://github.com/a/b](https://github.com/a/b)\n"
        "[https://github.com/a/b_pytorch](https://github.com/a/b_pytorch)\n"
    )
    entry = doc.entries[0]
    assert [f.text for f in entry.fields if f.key == "intro"] == ["Zorb University"]
    assert [(link.key, link.url) for link in entry.links] == [
        ("link", "https://arxiv.org/abs/1712.07107"),
        ("link", "https://github.com/a/b_pytorch"),
    ]
    assert [link.annotation for link in entry.all_links() if link.url == "https://github.com/a/b"] == ["TensorFlow"]


def test_images_are_kept_as_image_links_or_reported():
    """An image line under an entry is kept as a link of kind `image` (not a paper or code link);
    an image outside any entry is reported with its line."""
    doc = parse("![](http://img.org/logo.png)\n\n**A**\n\n![](http://img.org/fig.jpg)\n\n- intro: x\n")
    assert [(link.key, link.url) for link in doc.entries[0].all_links()] == [("image", "http://img.org/fig.jpg")]
    assert [(p.line, p.message) for p in doc.problems] == [(1, "image outside any entry ignored")]


def test_html_links_are_kept_and_other_html_is_reported():
    """An HTML anchor under an entry gives a link and its text a note; HTML outside any entry is
    reported, never parsed; layout tags alone (`<br>`) are markup and pass silently."""
    doc = parse('**A**\n<a href="https://a.org/p">page</a>\n# H\n<div>some <b>html</b></div>\n<br>\n')
    assert [link.url for link in doc.entries[0].links] == ["https://a.org/p"]
    assert doc.entries[0].notes == ("page",)
    assert [(p.line, p.message) for p in doc.problems] == [
        (3, "heading 'H' has no entry under it"),
        (4, "HTML outside any entry ignored"),
    ]


def test_tables_are_kept_and_never_entries():
    """A markdown table is kept as rows (separator dropped) and its bold cells are not titles."""
    doc = parse("# T\n\n| **Method** | mIoU |\n|---|---|\n| FCN | 62.2 |\n\n**A**\n")
    assert [e.title for e in doc.entries] == ["A"]
    assert doc.tables[0].line == 3
    assert doc.tables[0].rows == (("**Method**", "mIoU"), ("FCN", "62.2"))


def test_crlf_and_cr_endings_parse_like_lf():
    """The same list with CRLF or CR endings gives the same entries, fields and lines as with LF."""
    text = "---\ntitle: X\n---\n# T\n\n**A**\n- intro: CVPR 2017\n- github(PyTorch): https://github.com/a/b\n"
    lf = parse(text)
    for ending in ("\r\n", "\r"):
        other = parse(text.replace("\n", ending))
        assert other.front_matter == lf.front_matter
        assert [(e.line, e.titles, [(f.key, f.value, f.line) for f in e.fields]) for e in other.entries] == [
            (e.line, e.titles, [(f.key, f.value, f.line) for f in e.fields]) for e in lf.entries
        ]


def test_bom_is_dropped_and_non_ascii_is_kept():
    """A UTF-8 BOM is not part of the text; accented and CJK characters survive as written."""
    text = decode("\ufeff**Über Segmentierung — 语义分割**\n- intro: Université de Montréal\n".encode(), "x.md")
    doc = parse(text)
    assert doc.entries[0].title == "Über Segmentierung — 语义分割"
    assert doc.entries[0].fields[0].text == "Université de Montréal"


def test_undecodable_bytes_raise_a_parse_error_naming_the_line():
    """Bytes that are not UTF-8 raise ParseError with the file and the line of the bad byte."""
    with pytest.raises(ParseError) as info:
        decode(b"**A**\n- intro: caf\xe9\n", "bad.md")
    assert str(info.value) == "bad.md:2: not valid UTF-8: byte 0xe9 at column 13"


def test_link_whose_address_holds_parentheses_is_read_whole():
    """`[t](http://x/fully-convolutional-networks-(fcns)-for/)` keeps the parentheses in the address."""
    url = "http://w.github.io/2017/01/23/fully-convolutional-networks-(fcns)-for-image-segmentation/"
    doc = parse(f"**A**\n- blog: [{url}]({url})\n")
    assert [link.url for link in doc.entries[0].all_links()] == [url]


def test_broken_addresses_are_repaired_and_reported():
    """`hmttps://` and `github.com//owner/repo` are repaired, and each repair is reported."""
    doc = parse("**A**\n- github: hmttps://github.com//owner/repo\n")
    assert doc.entries[0].fields[0].links[0].url == "https://github.com/owner/repo"
    assert len([p for p in doc.problems if p.severity is Severity.REPAIRED]) == 2


def test_text_outside_any_entry_is_reported_unused():
    """Prose under a heading before any title is reported as not used, with its line."""
    doc = parse("# Topic\nSome words about the topic.\n- a stray item\n**A**\n")
    assert [(p.line, p.message) for p in doc.problems] == [
        (2, "text outside any entry ignored"),
        (3, "list item outside any entry ignored"),
    ]


def test_code_blocks_are_skipped():
    """Lines inside a fenced code block are never headings or titles."""
    doc = parse("# T\n```\n# not a heading\n**not a title**\n```\n**A**\n")
    assert [e.title for e in doc.entries] == ["A"]
    assert [h.text for h in doc.headings] == ["T"]


def test_keyless_bullets_and_plain_lines_are_kept_as_notes():
    """A bullet with no key, and a text line after a blank line, are kept as data of the entry."""
    doc = parse("**A**\n- winner of some challenge\n\nA sentence about it.\n")
    entry = doc.entries[0]
    assert [(f.key, f.text) for f in entry.fields] == [("note", "winner of some challenge")]
    assert entry.notes == ("A sentence about it.",)
