"""Format detection and hostile inputs: the content decides, failures say why."""

from __future__ import annotations

import os
import shutil
import zipfile
from pathlib import Path

import pytest

from indexer.readers import ReaderError, read_file, supported_suffixes
from tests.readers.conftest import FILES, require_tools


def test_supported_suffixes() -> None:
    assert {".txt", ".html", ".htm", ".docx", ".doc", ".pdf"} <= supported_suffixes()
    assert all(s.startswith(".") and s == s.lower() for s in supported_suffixes())


def _error(path: Path, **kwargs: int) -> ReaderError:
    with pytest.raises(ReaderError) as caught:
        read_file(path, **kwargs)
    return caught.value


def test_zero_bytes(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    error = _error(empty)
    assert error.stage == "detect"
    assert "empty" in error.reason


def test_directory_given_as_file(tmp_path: Path) -> None:
    folder = tmp_path / "folder.pdf"
    folder.mkdir()
    assert "folder" in _error(folder).reason


def test_broken_symlink(tmp_path: Path) -> None:
    link = tmp_path / "link.pdf"
    link.symlink_to(tmp_path / "missing.pdf")
    assert "broken symbolic link" in _error(link).reason


def test_missing_file(tmp_path: Path) -> None:
    assert "not found" in _error(tmp_path / "nothing.txt").reason


def test_over_max_bytes(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes("Quyết định số 12/QĐ-UBND\n".encode() * 1000)
    error = _error(big, max_bytes=1024)
    assert error.stage == "detect"
    assert "limit" in error.reason


def test_binary_garbage_named_txt(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.txt"
    garbage.write_bytes(os.urandom(20000))
    error = _error(garbage)
    assert error.stage == "decode"
    assert "binary" in error.reason


def test_zip_renamed_docx(tmp_path: Path) -> None:
    fake = tmp_path / "fake.docx"
    with zipfile.ZipFile(fake, "w") as archive:
        archive.writestr("readme.txt", "not a Word document")
    error = _error(fake)
    assert error.stage == "detect"
    assert "word/document.xml" in error.reason


def test_image_named_pdf(tmp_path: Path) -> None:
    image = tmp_path / "scan.pdf"
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(100))
    assert "PNG image" in _error(image).reason


def test_pdf_named_txt_is_read_as_pdf(tmp_path: Path) -> None:
    require_tools("pdftotext", "pdfinfo")
    renamed = tmp_path / "notice.txt"
    shutil.copyfile(FILES / "congbao-tt-02-2026.pdf", renamed)
    [document] = read_file(renamed)
    assert document.format == "pdf"
    assert "Số: 02/2026/TT-BTC" in document.text
    assert any("named .txt" in warning for warning in document.warnings)


def test_html_named_doc_is_read_as_html(tmp_path: Path) -> None:
    page = tmp_path / "download.doc"
    page.write_text(
        "<html><body><main><p>Số: 5/QĐ-UBND</p><p>" + "Nội dung văn bản. " * 20
        + "</p></main></body></html>",
        encoding="utf-8",
    )  # fmt: skip
    [document] = read_file(page)
    assert document.format == "html"
    assert document.text.startswith("Số: 5/QĐ-UBND")
