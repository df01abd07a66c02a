"""A CSV of 5,000 hits streams from a live server with memory bounded by one page.

The store is generated here (5,000 short notices). The response is read in
chunks and thrown away as it arrives; tracemalloc, started after the store is
built, sees every allocation the server makes while streaming. Holding the
whole export would need at least its size; the bound is a fraction of it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import tracemalloc
from pathlib import Path

import httpx

from search_api.backends.base import SearchBackend
from tests.live import live_server
from vanban_app.factory import create_app
from vanban_core.schema import Document
from vanban_core.settings import Settings

COUNT = 5000
FILLER = "Ủy ban nhân dân tỉnh giao Sở Tư pháp hướng dẫn thực hiện thủ tục hành chính."


def generated(n: int) -> list[Document]:
    start = dt.date(2000, 1, 1)
    return [
        Document(
            id=f"gen-{i:05d}",
            number=f"{i}/TB-UBND",
            doc_type="Thông báo",
            issuer="Ủy ban nhân dân tỉnh Sơn La",
            issued_date=start + dt.timedelta(days=i),
            title=f"Thông báo số {i} về việc kiểm kê tài sản công — {FILLER}",
            text=f"Nội dung thông báo {i}.",
        )
        for i in range(n)
    ]


def test_csv_of_5000_hits_streams_with_bounded_memory(
    backend: SearchBackend, tmp_path: Path
) -> None:
    docs = generated(COUNT)
    for start in range(0, COUNT, 1000):
        assert backend.upsert(docs[start : start + 1000]).failed == {}
    app = create_app(Settings(db=tmp_path / "unused.db", rate_limit=0), backend=backend)
    seen = io.BytesIO()  # kept only to check the rows afterwards, outside the measurement
    with live_server(app) as url:
        tracemalloc.start()
        try:
            size = chunks = 0
            with httpx.stream(
                "GET",
                f"{url}/api/v1/search",
                params={"format": "csv", "sort": "date_asc"},
                timeout=120,
            ) as response:
                assert response.status_code == 200
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    chunks += 1
                    tracemalloc.stop()  # bookkeeping for the check is not the server's
                    seen.write(chunk)
                    tracemalloc.start()
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    rows = list(csv.reader(io.StringIO(seen.getvalue().decode("utf-8-sig"))))
    assert len(rows) == COUNT + 1
    assert [r[0] for r in rows[1:]] == [d.id for d in docs]
    assert chunks >= COUNT // 100  # one chunk per page at least: it was streamed
    assert size > 1_000_000
    print(f"peak {peak:,} B for a {size:,} B export")
    assert peak < size / 4, f"peak {peak:,} B for a {size:,} B export"
