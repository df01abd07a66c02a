"""A client flooding the server waits behind its own backlog, not the others'.

A real `vanban serve` with one slot; a flooding client (eight threads from
127.0.0.2) and a probe client (127.0.0.3, one known-item query at a time),
both talking to 127.0.0.1 — the whole 127/8 is loopback, and the server tells
clients apart by address, as its rate limiter does. The probe's wait is counted
in flood requests served while it waited, not in seconds, so the test reads
the same on an idle and on a loaded machine: in one first-come line the probe
waited for the whole backlog (about eight), with per-client lines for about one.
"""

from __future__ import annotations

import statistics
import threading
import time
from pathlib import Path

import httpx
import pytest

from search_api.backends.sqlite import SqliteBackend
from tests.conformance.test_backend_behaviour import load_docs
from tests.reliability.live import live_server

FLOODERS = 8
PROBES = 12
FLOOD_QUERY = " OR ".join(f"tu{i}" for i in range(100))
PROBE_QUERY = "1016/TB-VPCP"


def _client(base: str, address: str) -> httpx.Client:
    transport = httpx.HTTPTransport(local_address=address)
    return httpx.Client(base_url=base, transport=transport, timeout=60)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("fairness") / "vanban.db"
    writer = SqliteBackend(path, create=True)
    writer.upsert(load_docs())
    writer.close()
    return path


def test_a_flood_from_one_client_does_not_hold_up_another(store: Path) -> None:
    env = {"VANBAN_SEARCH_SLOTS": "1", "VANBAN_RATE_LIMIT": "0"}
    with live_server(store, env=env) as base:
        stop = threading.Event()
        flood_done: list[float] = []  # when each flood answer arrived
        flood_latency: list[float] = []
        statuses: list[int] = []

        def flood() -> None:
            with _client(base, "127.0.0.2") as http:
                for _ in range(400):  # bounded, even if stop never comes
                    if stop.is_set():
                        return
                    started = time.monotonic()
                    answer = http.get("/api/v1/search", params={"q": FLOOD_QUERY})
                    flood_done.append(time.monotonic())
                    flood_latency.append(flood_done[-1] - started)
                    statuses.append(answer.status_code)

        threads = [threading.Thread(target=flood) for _ in range(FLOODERS)]
        for thread in threads:
            thread.start()
        served_meanwhile: list[int] = []
        probe_latency: list[float] = []
        try:
            with _client(base, "127.0.0.3") as probe:
                while len(flood_done) < 2 * FLOODERS:  # the flood is under way
                    time.sleep(0.05)
                for _ in range(PROBES):
                    started = time.monotonic()
                    answer = probe.get("/api/v1/search", params={"q": PROBE_QUERY})
                    ended = time.monotonic()
                    assert answer.status_code == 200, answer.text
                    probe_latency.append(ended - started)
                    served_meanwhile.append(sum(started < t < ended for t in list(flood_done)))
                    time.sleep(0.1)
        finally:
            stop.set()
            for thread in threads:
                thread.join(timeout=120)
        assert set(statuses) == {200}, set(statuses)
        median_served = statistics.median(served_meanwhile)
        assert median_served <= 2, f"flood answers while the probe waited: {served_meanwhile}"
        assert statistics.median(probe_latency) < statistics.median(flood_latency) / 2, (
            probe_latency,
            statistics.median(flood_latency),
        )
