"""Reading what `kg` printed on stderr: its progress lines (`kg: <stage> ...`, printed when
stderr is not a terminal) apart from the one line of a user's error."""

from __future__ import annotations

import re

PROGRESS = re.compile(r"^kg: .* \.\.\.$")


def error_lines(stderr: str) -> list[str]:
    """The lines of `stderr` that are not progress lines."""
    return [line for line in stderr.splitlines() if not PROGRESS.match(line)]


def one_error(stderr: str) -> str:
    """The one error line of `stderr` (an AssertionError when there is not exactly one, or when
    it is not the last line printed)."""
    errors = error_lines(stderr)
    assert len(errors) == 1, stderr
    assert stderr.splitlines()[-1] == errors[0], stderr
    return errors[0]
