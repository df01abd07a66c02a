"""The `vanban` command end to end, as a user runs it, on the seed documents."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from tests.conftest import ES_URL, ROOT
from vanban_core.facets import FACETS

SEEDS = ROOT / "samples"
NOTICE = SEEDS / "thong-bao-1016-TB-VPCP.txt"


def vanban(
    *args: str, env: dict[str, str] | None = None, check: bool = True
) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "vanban_cli.main", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=300,
    )
    if check and result.returncode != 0:
        raise AssertionError(
            f"vanban {' '.join(args)} exited {result.returncode}:\n{result.stdout}\n{result.stderr}"
        )
    return result


@pytest.fixture(params=["sqlite", pytest.param("elasticsearch", marks=pytest.mark.elasticsearch)])
def store_args(request: pytest.FixtureRequest, tmp_path: Path) -> list[str]:
    if request.param == "sqlite":
        return ["--db", str(tmp_path / "cli.db")]
    from tests.conftest import require_es

    url = require_es()
    return [
        "--es-url",
        url,
        "--index",
        f"vanban-cli-{uuid.uuid4().hex[:12]}",  # unique: several runs share one server
        "--db",
        str(tmp_path / "s.db"),
    ]


def seed_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "seeds"
    folder.mkdir()
    for name in ("thong-bao-1016-TB-VPCP.txt", "portal-news-2014-02-13.txt"):
        (folder / name).write_text((SEEDS / name).read_text(encoding="utf-8"), encoding="utf-8")
    return folder


def test_index_search_lookup(tmp_path: Path, store_args: list[str]) -> None:
    folder = seed_copy(tmp_path)
    first = json.loads(vanban("index", str(folder), *store_args, "--json").stdout)
    assert (first["indexed"], first["failed"]) == (2, [])
    again = json.loads(vanban("index", str(folder), *store_args, "--json").stdout)
    assert (again["indexed"], again["unchanged"]) == (0, 2)

    found = json.loads(
        vanban("search", "--json", "van phong chinh phu thong bao", *store_args).stdout
    )
    assert found["hits"][0]["number"] == "1016/TB-VPCP"
    assert set(found) >= {"total", "hits", "facets"}
    assert set(found["facets"]) == {spec.name for spec in FACETS}

    looked_up = json.loads(vanban("lookup", "1016 tb vpcp", "--json", *store_args).stdout)
    assert looked_up["hits"][0]["number"] == "1016/TB-VPCP"
    assert set(looked_up) == set(found)

    missing = vanban("lookup", "9999/XX-YY", *store_args, check=False)
    assert missing.returncode == 1
    if store_args[0] == "--es-url":
        from search_api.backends.elasticsearch import ElasticsearchBackend

        ElasticsearchBackend(store_args[1], index=store_args[3]).drop()


def test_extract_the_seed_notice() -> None:
    lines = vanban("extract", "--json", str(NOTICE)).stdout.splitlines()
    assert len(lines) == 1
    data = json.loads(lines[0])
    assert data["source"] == str(NOTICE)
    assert data["number"] == "1016/TB-VPCP"
    assert data["doc_type"] == "Thông báo"
    assert data["issuer"] == "Văn phòng Chính phủ"
    assert data["issued_date"] == "2014-02-25"
    assert data["place"] == "Hà Nội"
    assert data["signer"] == "Nguyễn Tiến Dũng"
    assert "06/2013/QĐ-TTg" in data["cites"]


def test_a_bad_file_is_reported_and_the_batch_goes_on(tmp_path: Path) -> None:
    folder = seed_copy(tmp_path)
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7\n garbage that ends early")
    (folder / "empty.txt").write_bytes(b"")
    report_path = tmp_path / "report.json"
    result = vanban(
        "index",
        str(folder),
        "--db",
        str(tmp_path / "x.db"),
        "--json",
        "--report",
        str(report_path),
        check=False,
    )
    assert result.returncode == 3  # some sources failed; the others are indexed
    report = json.loads(result.stdout)
    assert report["indexed"] == 2
    failed = {Path(f["source"]).name: f for f in report["failed"]}
    assert set(failed) == {"broken.pdf", "empty.txt"}
    assert all(f["reason"] and f["stage"] for f in failed.values())
    assert json.loads(report_path.read_text(encoding="utf-8")) == report


def test_a_backend_that_is_down_is_a_clear_error(tmp_path: Path) -> None:
    result = vanban("search", "x", "--es-url", "http://127.0.0.1:9", check=False)
    assert result.returncode == 1
    assert "Elasticsearch" in result.stderr and "Traceback" not in result.stderr


def test_missing_source_is_reported(tmp_path: Path) -> None:
    result = vanban(
        "index", str(tmp_path / "nope"), "--db", str(tmp_path / "x.db"), "--json", check=False
    )
    assert result.returncode == 3
    report = json.loads(result.stdout)
    assert report["failed"][0]["stage"] == "open"


def test_index_exit_code_tells_a_clean_batch_from_a_partial_one(tmp_path: Path) -> None:
    """0 when every source is indexed, 3 when some failed, and the summary names them."""
    folder = seed_copy(tmp_path)
    db = str(tmp_path / "x.db")
    clean = vanban("index", str(folder), "--db", db, check=False)
    assert clean.returncode == 0, clean.stderr
    unchanged = vanban("index", str(folder), "--db", db, check=False)
    assert unchanged.returncode == 0  # nothing to do is not a failure
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7\n garbage that ends early")
    partial = vanban("index", str(folder), str(tmp_path / "missing.txt"), "--db", db, check=False)
    assert partial.returncode == 3
    failures = [line for line in partial.stdout.splitlines() if "✗" in line]
    assert len(failures) == 2  # one whole line each
    joined = "\n".join(failures)
    assert "broken.pdf [" in joined and "missing.txt [open]" in joined
    assert "2 nguồn lỗi (sources failed) → mã thoát (exit code) 3" in partial.stderr
    usage = vanban("index", "--db", db, check=False)
    assert usage.returncode == 1  # nothing to index: nothing was done


_ = ES_URL
