"""Structural headings: headings whose words only say what kind of entries follow (`# Papers`,
`## Projects`, `# Blogs`, `# Talks / Videos`, `## Other Resources`). They set an entry's kind
(see `kg.understand.kinds`) but are not topics: the graph keeps them only in the entry's
section path."""

from __future__ import annotations

import re

# Words that name a kind of entry.
KIND_WORDS = frozenset(
    """paper papers project projects blog blogs post posts article articles tutorial tutorials resource
    resources code codes leaderboard leaderboards talk talks course courses dataset datasets video videos
    slide slides book books tool tools toolbox toolboxes library libraries software implementation
    implementations demo demos benchmark benchmarks challenge challenges competition competitions workshop
    workshops lecture lectures presentation presentations keynote keynotes link links reading readings
    survey surveys review reviews news misc miscellaneous other others reference references material
    materials note notes repository repositories""".split()
)
# Words that may qualify them (`Other Resources`, `Useful Links`, `Talks and Videos`).
_QUALIFIERS = frozenset(
    """and or with more related useful interesting selected recent some further additional awesome classic
    important must read must-read list lists of the a on in for online open source open-source github""".split()
)


def structural(text: str) -> bool:
    """True for a heading whose words name kinds of entries and nothing else: `Papers`,
    `Talks / Videos`, `Other Resources`, `With Video Lectures`; not `Imbalanced Datasets` or
    `Face Detection Benchmarks`, which name what the entries are about."""
    words = re.findall(r"[a-z]+(?:-[a-z]+)*", text.lower())
    return bool(words) and any(w in KIND_WORDS for w in words) and all(w in KIND_WORDS | _QUALIFIERS for w in words)
