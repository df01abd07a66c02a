"""Worker processes that never outlive the indexer that started them.

Why: a ``kill -9`` of `vanban index` gives its workers no chance to be told;
they were re-parented to init and went on reading and OCR-ing for minutes,
holding memory and CPU. On Linux each worker asks the kernel, as it starts, to
SIGKILL it when its parent dies (``prctl(PR_SET_PDEATHSIG)``), and exits at once
if the parent died before that request was made. Elsewhere nothing changes.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
from concurrent.futures import ProcessPoolExecutor

_PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """Process-pool initializer: be killed when process ``parent`` dies."""
    if not sys.platform.startswith("linux"):
        return
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died between fork and prctl
        os._exit(1)


def worker_pool(workers: int) -> ProcessPoolExecutor:
    """A process pool whose workers die with this process."""
    return ProcessPoolExecutor(
        max_workers=workers, initializer=die_with_parent, initargs=(os.getpid(),)
    )
