"""Every source `vanban index` does not index is in its report with a reason;
a text with a few broken bytes is indexed, with a warning."""

from __future__ import annotations

import io
import os
import shutil
import zipfile
from pathlib import Path

from search_api.backends.sqlite import SqliteBackend
from tests.conftest import FIXTURES, ROOT
from tests.pipeline.helpers import index

GOOD = ROOT / "samples" / "thong-bao-1016-TB-VPCP.txt"
OTHER = ROOT / "samples" / "portal-news-2014-02-13.txt"
DOCX = FIXTURES / "files" / "thong-bao-1016-header-table.docx"


def _bomb(target: Path) -> None:
    """A real .docx whose document.xml unpacks to 60 MB from about 60 KB."""
    body = "<w:p><w:r><w:t>" + "a" * (60 * 2**20) + "</w:t></w:r></w:p>"
    with zipfile.ZipFile(DOCX) as source, zipfile.ZipFile(target, "w") as out:
        for member in source.infolist():
            data = source.read(member)
            if member.filename == "word/document.xml":
                head, tail = data.decode().split("<w:body>", 1)
                data = (head + "<w:body>" + body + tail).encode()
            out.writestr(member, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)


def test_unindexed_sources_are_reported_and_broken_bytes_replaced(tmp_path: Path) -> None:
    folder = tmp_path / "input"
    (folder / "sub").mkdir(parents=True)
    shutil.copyfile(GOOD, folder / "good.txt")
    os.symlink("loop.txt", folder / "loop.txt")
    os.symlink("..", folder / "sub" / "up")
    os.symlink(folder / "missing.txt", folder / "dangling.txt")
    _bomb(folder / "bomb.docx")
    text = OTHER.read_bytes()
    cut = text.index(b"\n", len(text) // 2)
    (folder / "damaged.txt").write_bytes(text[:cut] + b" \xff\xfe" + text[cut:])

    run = index(str(folder), "--db", str(tmp_path / "s.db"), "--workers", "1")

    reasons = {Path(f["source"]).name: f["reason"] for f in run.report["failed"]}
    assert set(reasons) == {"loop.txt", "up", "dangling.txt", "bomb.docx"}, reasons
    assert "vòng liên kết" in reasons["loop.txt"] and "loop" in reasons["loop.txt"]
    assert "symbolic link loop" in reasons["up"]
    assert "broken symbolic link" in reasons["dangling.txt"]
    assert "decompression bomb" in reasons["bomb.docx"]
    assert "AttributeError" not in str(run.report)
    assert any("damaged.txt" in w and "U+FFFD" in w for w in run.report["warnings"])
    assert run.report["indexed"] == 2, run.report
    store = SqliteBackend(tmp_path / "s.db", create=False)
    texts = [d.text or "" for d in store.iter_documents()]
    store.close()
    assert sum("\ufffd" in t for t in texts) == 1, "the damaged text is indexed, replaced"
    assert len(texts) == 2


def test_a_docx_unpacking_in_bounds_is_read(tmp_path: Path) -> None:
    from indexer.readers.docx import check_unpacked_size

    check_unpacked_size(DOCX.read_bytes())  # the real fixture passes
    buffer = io.BytesIO()
    _bomb(tmp_path / "b.docx")
    buffer.write((tmp_path / "b.docx").read_bytes())
    try:
        check_unpacked_size(buffer.getvalue())
    except Exception as exc:
        assert "decompression bomb" in str(exc)
    else:
        raise AssertionError("the bomb was not refused")


def test_an_oversize_file_is_refused_before_it_is_hashed(tmp_path: Path) -> None:
    """A 2 GiB (sparse) file is refused from its size, not after reading it to hash it."""
    import time

    from indexer.sources import SourceFailure, expand

    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:
        handle.truncate(2048 * 2**20)
    started = time.monotonic()
    [found] = list(expand([huge]))
    elapsed = time.monotonic() - started
    assert isinstance(found, SourceFailure), found
    assert found.stage == "detect"
    assert "over the 209,715,200-byte limit" in found.reason
    assert elapsed < 0.5, f"{elapsed:.2f} s: the file was read"
