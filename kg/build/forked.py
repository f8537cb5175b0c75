"""Work that a build does in forked processes beside its own: reading lists (`kg.build.lists`)
and drawing the view (`kg.build.pipeline`). A forked process starts with the build's memory as it
is, so it is given no arguments to pickle: what it needs is set in a module before the fork."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")

_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def can_fork() -> bool:
    """Whether this platform starts processes by forking (Linux and the other Unixes)."""
    return "fork" in multiprocessing.get_all_start_methods()


def cores() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def quiet_worker() -> None:
    """A worker leaves Ctrl-C to the build, which stops the workers and says `kg: interrupted`;
    on Linux it is also killed when the build is (SIGKILL), so that no worker outlives it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        import ctypes

        try:
            ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):  # no libc to ask: the worker ends with its work
            return
    if os.getppid() == 1:  # the build died before the request was made
        os._exit(1)


def pool(processes: int):  # noqa: ANN201  (multiprocessing's Pool type is private)
    """A pool of `processes` forked workers (see `quiet_worker`); leaving its `with` block ends them."""
    return multiprocessing.get_context("fork").Pool(processes, initializer=quiet_worker)


_WORK: Callable[[], object] | None = None  # what `beside` runs, set before the fork


def _do_work() -> object:
    assert _WORK is not None, "set before the process was forked"
    return _WORK()


@contextmanager
def beside(work: Callable[[], T], *, fork: bool = True) -> Iterator[Callable[[], T]]:
    """`work()` run in a forked process while the caller goes on (or, with `fork` false, in this
    process when its result is asked for). Yields the function that waits for the result (or
    raises what `work` raised). Leaving the block stops the process if it still runs, so that an
    error or Ctrl-C in the caller does not wait for it. One at a time."""
    global _WORK
    if not fork:
        yield work
        return
    _WORK = work
    try:
        with pool(1) as workers:
            job = workers.apply_async(_do_work)
            yield job.get  # type: ignore[misc]
    finally:
        _WORK = None
