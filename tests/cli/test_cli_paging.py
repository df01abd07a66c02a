"""`vanban search` pages with cursors and filters by gazette issue, as the API does."""

from __future__ import annotations

import json

import pytest

from tests.cli.test_cli_end_to_end import vanban

RECORDS = [
    {"id": f"tb-{n}", "number": f"{n}/TB-VPCP", "doc_type": "Thông báo", "title": title,
     "issued_date": f"2024-0{n}-01", "text": f"Thông báo về {title.lower()}.", "gazette": gazette}
    for n, title, gazette in [
        (1, "Học phí năm học mới", "Số 11+12"),
        (2, "Học phí đại học", "Số 11+12"),
        (3, "Học phí mầm non", "Số 40"),
        (4, "Lịch nghỉ Tết", None),
    ]
]  # fmt: skip


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """One store for the module: each command loads the analyzer, which takes seconds."""
    tmp_path = tmp_path_factory.mktemp("paging")
    source = tmp_path / "records.jsonl"
    source.write_text(
        "".join(json.dumps({k: v for k, v in r.items() if v}, ensure_ascii=False) + "\n"
                for r in RECORDS),
        encoding="utf-8",
    )  # fmt: skip
    db = ["--db", str(tmp_path / "paging.db")]
    report = json.loads(vanban("index", str(source), *db, "--json").stdout)
    assert (report["indexed"], report["failed"]) == (4, [])
    return db


def _search(*args: str) -> dict[str, object]:
    page: dict[str, object] = json.loads(vanban("search", *args, "--json").stdout)
    return page


def test_cursor_walk_and_gazette_filter(db: list[str]) -> None:
    seen: list[str] = []
    cursor: object = None
    for _ in range(5):  # three documents match: three pages, then no cursor
        args = ["học phí", "--sort", "date_asc", "--size", "1", *db]
        page = _search(*args, *(["--cursor", str(cursor)] if cursor else []))
        hits = page["hits"]
        assert isinstance(hits, list) and len(hits) == 1 and page["total"] == 3
        seen.append(hits[0]["id"])
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == ["tb-1", "tb-2", "tb-3"]

    by_issue = _search("học phí", "--gazette", "Số 11+12", *db)
    hits = by_issue["hits"]
    assert isinstance(hits, list) and {h["id"] for h in hits} == {"tb-1", "tb-2"}
    both = _search("thông báo", "--gazette", "Số 11+12", "--gazette", "Số 40", *db)
    assert both["total"] == 3


def test_a_cursor_that_is_not_ours_is_a_clear_error(db: list[str]) -> None:
    first = _search("học phí", "--size", "1", *db)
    assert isinstance(first["next_cursor"], str)
    for bad in ("not-a-cursor", first["next_cursor"], "x" * 600):
        # The relevance cursor read with another sort order is as wrong as garbage.
        result = vanban(
            "search", "học phí", "--sort", "date_desc", "--cursor", bad, *db, check=False
        )
        assert result.returncode == 1, bad
        assert "cursor" in result.stderr and "Traceback" not in result.stderr


def test_the_table_tells_how_to_reach_the_next_page(db: list[str]) -> None:
    out = vanban("search", "học phí", "--size", "2", *db).stdout
    assert "--cursor " in out
    last = vanban("search", "học phí", "--size", "5", *db).stdout
    assert "--cursor" not in last
