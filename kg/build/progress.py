"""How a build tells what it is doing, on stderr (stdout keeps only the summary): a progress bar
per stage when stderr is a terminal (rich), one plain line per stage when it is not (a log, a
pipe, CI), nothing when asked to be quiet."""

from __future__ import annotations

from collections.abc import Callable
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.progress import Progress as RichProgress
    from rich.progress import TaskID


class Progress:
    """A build's stages as they start and advance; this base class says nothing (`--quiet`)."""

    def stage(self, name: str, total: int = 1) -> None:
        """A stage named `name` starts, of `total` steps."""

    def advance(self, steps: int = 1) -> None:
        """The current stage has done `steps` more steps."""

    def close(self) -> None:
        """The build is over (done or failed): finish the display."""


class Messages(Progress):
    """Each stage as one message to a function (`print`, a logger's `info`)."""

    def __init__(self, say: Callable[[str], Any]) -> None:
        self.say = say

    def stage(self, name: str, total: int = 1) -> None:
        self.say(name)


class Lines(Messages):
    """Each stage as one line `kg: <stage> ...` on a stream (stderr when it is not a terminal);
    the trailing dots tell it from the one line of an error."""

    def __init__(self, stream: IO[str]) -> None:
        def say(message: str) -> None:
            stream.write(f"kg: {message} ...\n")
            stream.flush()

        super().__init__(say)


class Bars(Progress):
    """A rich progress bar per stage on a terminal stream. Redrawn only when something happens
    (no refresh thread, so the build may fork processes to read lists)."""

    def __init__(self, stream: IO[str]) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self._bars: RichProgress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=Console(file=stream),
            auto_refresh=False,
        )
        self._task: TaskID | None = None
        self._started = False

    def _finish(self) -> None:
        if self._task is not None:
            task = self._bars.tasks[-1]
            self._bars.update(self._task, completed=task.total)
            self._bars.stop_task(self._task)

    def stage(self, name: str, total: int = 1) -> None:
        if not self._started:
            self._bars.start()
            self._started = True
        self._finish()
        self._task = self._bars.add_task(name, total=max(total, 1))
        self._bars.refresh()

    def advance(self, steps: int = 1) -> None:
        if self._task is not None:
            self._bars.advance(self._task, steps)
            self._bars.refresh()

    def close(self) -> None:
        if self._started:
            self._finish()
            self._bars.refresh()
            self._bars.stop()
            self._started = False


def progress_for(stream: IO[str], *, quiet: bool) -> Progress:
    """The progress display for a build run from the command line (see the module's docstring)."""
    if quiet:
        return Progress()
    return Bars(stream) if stream.isatty() else Lines(stream)
