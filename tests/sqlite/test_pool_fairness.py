"""The store's read slots go to waiting threads in the order they came (no barging)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from functools import partial

from search_api.backends.sqlite.pool import FairSlots


def _until(condition: Callable[[], bool], seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.001)
    assert condition(), "timed out"


def _queued(slots: FairSlots, count: int) -> bool:
    return len(slots._waiting) == count


def test_a_freed_slot_goes_to_the_oldest_waiter_not_back_to_the_releaser() -> None:
    slots = FairSlots(1)
    assert slots.acquire(timeout=1)
    order: list[int] = []
    waiting = 0
    lock = threading.Lock()

    def wait_then_record(i: int) -> None:
        nonlocal waiting
        with lock:
            waiting += 1
        assert slots.acquire(timeout=10)
        order.append(i)
        slots.release()

    threads = []
    for i in range(5):
        t = threading.Thread(target=wait_then_record, args=(i,))
        t.start()
        threads.append(t)
        _until(partial(_queued, slots, i + 1))  # each queued before the next comes
    slots.release()
    # The releaser asking again at once does not jump the queue (a semaphore lets it).
    assert not slots.acquire(timeout=0)
    for t in threads:
        t.join(10)
    assert order == [0, 1, 2, 3, 4]
    assert slots.acquire(timeout=0)  # every slot came back


def test_a_wait_that_times_out_leaves_no_place_in_the_queue() -> None:
    slots = FairSlots(1)
    assert slots.acquire(timeout=1)
    assert not slots.acquire(timeout=0.01)
    assert not slots._waiting
    slots.release()
    assert slots.acquire(timeout=0)
