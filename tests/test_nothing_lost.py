"""Nothing is lost without a word: every non-blank line of a list holding every kind of line is
in the graph or in the report (with its file and line), line by line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg.build import build

LIST = Path(__file__).parent / "data" / "lists" / "every_kind_of_line.md"

# For each non-blank line of the list: where it must show. ("graph", text): a literal or an IRI
# of the graph holds `text`; ("report", message): the report names the line with `message`;
# ("markup",): a line that only shapes the text (front matter fences, a rule, a layout tag).
EXPECTED: dict[int, tuple[str, ...]] = {
    1: ("markup",),
    2: ("graph", "Every kind of line"),
    3: ("graph", "2020-01-02"),
    4: ("report", "front matter key 'layout' not used"),
    5: ("markup",),
    7: ("graph", "Detection"),
    9: ("report", "text outside any entry ignored"),
    10: ("report", "list item outside any entry ignored"),
    12: ("graph", "Mask R-CNN: Object Instance Segmentation"),
    14: ("graph", "Mask R-CNN (alternative title)"),
    16: ("graph", "ICCV 2017. Facebook AI Research"),
    17: ("graph", "instance segmentation, COCO"),
    18: ("graph", "https://arxiv.org/abs/1703.06870"),
    19: ("graph", "https://github.com/facebookresearch/Detectron"),
    20: ("report", "key 'gtihub' read as 'github'"),
    21: ("graph", "https://example.org/maskrcnn"),
    22: ("graph", "wibble: hello"),
    23: ("graph", "comment: nice paper"),
    24: ("graph", "https://example.org/demo"),
    25: ("graph", "code: coming soon"),
    26: ("report", "key 'slides' has no value"),
    27: ("graph", "a keyless bullet note"),
    28: ("graph", "https://example.org/keyless"),
    29: ("report", "doubled '-' read as one"),
    30: ("graph", "wrapped over"),
    31: ("graph", "two lines"),
    32: ("graph", "an indented bullet under it"),
    33: ("graph", "https://example.org/bare-line"),
    34: ("graph", "See the blog for more."),
    36: ("graph", "A note after a blank line."),
    37: ("graph", "https://example.org/html"),
    38: ("graph", "some html text"),
    39: ("markup",),
    40: ("graph", "https://example.org/fig.png"),
    41: ("report", "address 'http://exa mple.org/x' kept as text only"),
    42: ("report", "address 'http://example.org:eighty/p' kept as text only"),
    43: ("graph", "link: javascript:alert(1)"),
    44: ("report", "link text '[' with no '](' after it"),
    45: ("report", "link address with no closing ')'"),
    47: ("report", "stray 'L' before the bold title joined to it"),
    48: ("graph", "CVPR 2016"),
    50: ("report", "unterminated title"),
    51: ("graph", "ECCV 2018"),
    53: ("report", "text after the bold title kept as a note"),
    55: ("report", "title in 《》 read as a bold title"),
    56: ("graph", "NeurIPS 2019"),
    58: ("report", "HTML comment ignored"),
    59: ("report", "HTML comment ignored"),
    61: ("report", "code block ignored"),
    62: ("report", "code block ignored"),
    63: ("report", "code block ignored"),
    65: ("report", "table of 2 rows not used"),
    66: ("report", "table of 2 rows not used"),
    67: ("report", "table of 2 rows not used"),
    69: ("markup",),
    71: ("report", "heading read as the title of an entry"),
    72: ("graph", "https://arxiv.org/abs/1411.4038"),
    73: ("graph", "CVPR 2015"),
    75: ("report", "line read as the title of an entry"),
    76: ("graph", "https://arxiv.org/abs/1412.7062"),
    78: ("report", "heading 'Empty Section' has no entry under it"),
    80: ("report", "heading 'Last' has no entry under it"),
    81: ("report", "image outside any entry ignored"),
}
_RANGE = re.compile(r"^- every_kind_of_line\.md:(\d+): (.*?)(?: \(lines? (\d+)(?:-(\d+))?\))?$")


def report_lines(report: str) -> dict[int, list[str]]:
    """Line number -> the messages the report gives for it (a range covers each of its lines)."""
    found: dict[int, list[str]] = {}
    for text in report.splitlines():
        m = _RANGE.match(text)
        if not m:
            continue
        first = int(m.group(3) or m.group(1))
        last = int(m.group(4) or first)
        for number in range(int(m.group(1)), last + 1) if last >= first else [int(m.group(1))]:
            found.setdefault(number, []).append(m.group(2))
    return found


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[int, list[str]]]:
    out = tmp_path_factory.mktemp("every")
    build([LIST], out=out)
    return (out / "graph.nt").read_text(encoding="utf-8"), report_lines((out / "report.md").read_text())


def test_every_non_blank_line_has_an_expectation():
    """The table below covers every non-blank line of the list (a line added to the list must
    say where it shows)."""
    lines = LIST.read_text(encoding="utf-8").splitlines()
    assert sorted(EXPECTED) == [n for n, line in enumerate(lines, 1) if line.strip()]


@pytest.mark.parametrize("number", sorted(EXPECTED))
def test_each_line_is_in_the_graph_or_in_the_report(built, number: int):
    """Each non-blank line shows where the table says: its text in the graph, or its line in the
    report with what happened to it; only lines of pure markup show nowhere."""
    graph, report = built
    expected = EXPECTED[number]
    if expected[0] == "graph":
        text = expected[1].replace("\\", "\\\\").replace('"', '\\"')
        assert text in graph, f"line {number}: {expected[1]!r} is not in the graph"
    elif expected[0] == "report":
        assert any(expected[1] in message for message in report.get(number, [])), (number, report.get(number))
    else:
        line = LIST.read_text(encoding="utf-8").splitlines()[number - 1].strip()
        assert line in ("---", "***", "<br>"), f"line {number} is not markup: {line!r}"
