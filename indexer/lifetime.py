"""Worker processes that never outlive the indexer that started them.

Why: a ``kill -9`` of `vanban index` gives its workers no chance to be told;
they were re-parented to init and went on reading and OCR-ing for minutes,
holding memory and CPU. On Linux each worker asks the kernel, as it starts, to
SIGKILL it when its parent dies (``prctl(PR_SET_PDEATHSIG)``), and exits at once
if the parent died before that request was made. The external tools a worker
runs (pdftotext, tesseract, antiword…, all through
:func:`indexer.readers.tools.run_tool`) make the same request for their own
parent, the worker, so a killed indexer takes the whole chain with it.
Elsewhere nothing changes.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor

_PR_SET_PDEATHSIG = 1
_LINUX = sys.platform.startswith("linux")
# Resolved once here, not in a freshly forked child, where loading a library is unsafe.
_prctl = ctypes.CDLL(None, use_errno=True).prctl if _LINUX else None


def die_with_parent(parent: int) -> None:
    """Process-pool initializer: be killed when process ``parent`` dies."""
    if _prctl is None:
        return
    _prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died between fork and prctl
        os._exit(1)


def child_dies_with_me() -> Callable[[], None] | None:
    """A ``preexec_fn`` that makes a child process die when this process does.

    Runs in the child between fork and exec, so it does only what is safe
    there: one prctl call through a function resolved in the parent, and a
    check that the parent is still the one that forked (it may have died in
    between, before the request was made). The signal survives the exec of
    the tool. ``None`` (no hook, the ``subprocess`` default) off Linux.
    """
    if _prctl is None:
        return None
    parent = os.getpid()

    def arm() -> None:
        die_with_parent(parent)

    return arm


def worker_pool(workers: int) -> ProcessPoolExecutor:
    """A process pool whose workers die with this process."""
    return ProcessPoolExecutor(
        max_workers=workers, initializer=die_with_parent, initargs=(os.getpid(),)
    )
