"""Oversize and pathological requests: a clear HTTP answer, bounded work, no reset."""

from __future__ import annotations

import asyncio
import base64
import json
import socket
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from search_api.backends.sqlite import SqliteBackend
from search_api.models import SearchRequest
from search_api.planner import plan_query
from search_api.query_bounds import MAX_ALTERNATIVES, MAX_GROUPS, MAX_PHRASE_SYLLABLES, MAX_TERMS
from tests.conformance.test_backend_behaviour import load_docs
from tests.reliability.live import live_server
from vanban_app.factory import create_app
from vanban_core.settings import Settings


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("limits") / "vanban.db"
    writer = SqliteBackend(path, create=True)
    writer.upsert(load_docs())
    writer.close()
    return path


@pytest.fixture(scope="module")
def server(store: Path) -> Iterator[str]:
    with live_server(store) as base:
        yield base


def _raw_get(base: str, target: str) -> bytes:
    """One GET over a plain socket (httpx refuses to build a 1 MB URL); the whole answer."""
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        sock.sendall(f"GET {target} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
        chunks = []
        while chunk := sock.recv(65536):  # ConnectionResetError here is the bug
            chunks.append(chunk)
            if b"\r\n\r\n" in b"".join(chunks) and b"}" in chunk:
                break
    return b"".join(chunks)


def test_a_one_megabyte_query_is_414_not_a_reset(server: str) -> None:
    answer = _raw_get(server, "/api/v1/search?q=" + "a" * 1_000_000)
    assert answer.startswith(b"HTTP/1.1 414"), answer[:200]
    assert "quá dài" in answer.decode()
    assert httpx.get(f"{server}/healthz", timeout=10).status_code == 200


def test_a_large_body_is_413(server: str) -> None:
    response = httpx.post(f"{server}/api/v1/search", content=b"x" * 2_000_000, timeout=30)
    assert response.status_code == 413


def test_a_query_over_the_length_limit_is_a_clear_422(server: str) -> None:
    response = httpx.get(f"{server}/api/v1/search", params={"q": "a " * 1000}, timeout=30)
    assert response.status_code == 422


def _cursor(values: list[object]) -> str:
    raw = json.dumps({"o": "relevance", "v": values}).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


@pytest.mark.parametrize("values", [[10**30, 1], [1.0, 10**100], ["x", -(2**70)]])
def test_a_cursor_with_a_huge_integer_is_400(server: str, values: list[object]) -> None:
    response = httpx.get(
        f"{server}/api/v1/search", params={"q": "thông báo", "cursor": _cursor(values)}, timeout=30
    )
    assert response.status_code == 400
    assert "cursor" in response.json()["detail"]


def test_pathological_queries_are_bounded_before_they_run() -> None:
    many = plan_query(SearchRequest(q="a " * 499))
    assert len(many.optional) + len(many.required) <= MAX_TERMS
    assert all(len(b.exact) <= MAX_PHRASE_SYLLABLES for b in many.boosts)
    words = [f"tu{i}" for i in range(100)]
    chain = plan_query(SearchRequest(q=" OR ".join(words)))
    assert len(chain.any_of) <= MAX_GROUPS
    assert all(len(group) <= MAX_ALTERNATIVES for group in chain.any_of)
    groups = plan_query(SearchRequest(q=" ".join(f"{a} OR {a}x" for a in words[:40])))
    assert len(groups.any_of) <= MAX_GROUPS
    quoted = plan_query(SearchRequest(q='"' + " ".join(words[:200]) + '"'))
    assert all(len(t.exact) <= MAX_PHRASE_SYLLABLES for t in quoted.required)


def test_pathological_queries_still_answer(server: str) -> None:
    for q in ["a " * 499, " OR ".join(f"tu{i}" for i in range(100)), '"' + "van ban " * 120 + '"']:
        response = httpx.get(f"{server}/api/v1/search", params={"q": q[:1000]}, timeout=30)
        assert response.status_code == 200, q[:40]


def test_a_full_queue_is_503_with_retry_after(store: Path) -> None:
    app = create_app(Settings(db=store, search_slots=1, search_queue=0))

    async def burst() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as http:
            return await asyncio.gather(
                *(http.get("/api/v1/search", params={"q": "quyết định"}) for _ in range(20))
            )

    with TestClient(app, base_url="http://127.0.0.1") as client:
        answers = asyncio.run(burst())
        statuses = Counter(a.status_code for a in answers)
        assert statuses[200] >= 1 and statuses[503] >= 1, statuses
        assert set(statuses) == {200, 503}
        busy = next(a for a in answers if a.status_code == 503)
        assert busy.headers["retry-after"] == "1"
        assert client.get("/healthz").status_code == 200  # never queued
        assert client.get("/api/v1/search", params={"q": "quyết định"}).status_code == 200
