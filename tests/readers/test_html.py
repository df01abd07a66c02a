"""HTML: vbpl.vn pages (content root, attributes tab) and generic pages."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

from indexer.readers import read_file

FixtureFile = Callable[[str], Path]


def test_vbpl_document_page(fixture_file: FixtureFile) -> None:
    [document] = read_file(fixture_file("vbpl-187193.html"))
    lines = document.text.split("\n")
    assert document.format == "html"
    assert "Số: 249/2025/NĐ-CP" in lines
    assert lines[:3] == [
        "CHÍNH PHỦ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
    ]
    assert lines[-1] == "Nguyễn Hòa Bình"
    # Page chrome is not document text.
    assert "TRANG CHỦ" not in document.text
    assert "Thuộc tính" not in document.text
    assert document.hints["status"] == "Còn hiệu lực"
    assert document.hints["source_url"] == "https://vbpl.vn/van-ban/chi-tiet/187193"
    assert document.hints["title"].startswith("Nghị định số 249/2025/NĐ-CP Quy định cơ chế")


def test_vbpl_attributes_tab(fixture_file: FixtureFile) -> None:
    [document] = read_file(fixture_file("vbpl-186731-attributes.html"))
    assert document.hints["number"] == "8376/VBHN-BTP"
    assert document.hints["doc_type"] == "Văn bản hợp nhất"
    assert document.hints["issuer"] == "Bộ Tư pháp"
    assert document.hints["issued_date"] == "2025-12-18"
    assert document.hints["signer"] == "Phan Chí Hiếu"
    assert "status" not in document.hints  # "--" on the page means unknown
    assert document.text == document.hints["title"]
    assert document.text.startswith("Văn bản hợp nhất số 8376/VBHN-BTP Quy định chế độ báo cáo")


def _page(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "page.html"
    path.write_text(
        f"<!DOCTYPE html><html><head><title>Cổng</title><style>p{{}}</style></head>"
        f"<body>{body}</body></html>",
        encoding="utf-8",
    )
    return path


PARAGRAPHS = "".join(
    f"<p>Điều {n}. Nội dung quy định chi tiết của điều {n} về quản lý văn bản.</p>"
    for n in range(1, 8)
)


def test_generic_page_prefers_main(tmp_path: Path) -> None:
    body = (
        "<nav><a href='/'>Trang chủ</a><a href='/tin'>Tin tức</a></nav>"
        "<header>Cổng thông tin điện tử</header>"
        f"<main><h1>QUYẾT ĐỊNH</h1>{PARAGRAPHS}</main>"
        "<aside>Văn bản liên quan</aside><footer>Bản quyền</footer><script>var x=1;</script>"
    )
    [document] = read_file(_page(tmp_path, body))
    lines = document.text.split("\n")
    assert lines[0] == "QUYẾT ĐỊNH"
    assert lines[1].startswith("Điều 1.")
    for chrome in ("Trang chủ", "Cổng thông tin", "Văn bản liên quan", "Bản quyền", "var x"):
        assert chrome not in document.text


def test_generic_page_densest_block(tmp_path: Path) -> None:
    links = "".join(f"<div><a href='/{n}'>Liên kết {n}</a></div>" for n in range(30))
    body = f"<div id='menu'>{links}</div><div id='content'><div>{PARAGRAPHS}</div></div>"
    [document] = read_file(_page(tmp_path, body))
    assert document.text.startswith("Điều 1.")
    assert "Liên kết" not in document.text


def test_deeply_nested_html_does_not_crash(tmp_path: Path) -> None:
    depth = 100_000
    path = tmp_path / "deep.html"
    path.write_text(
        "<html><body><p>Số: 7/TB-VPCP</p>"
        + "<div>" * depth
        + "nội dung sâu"
        + "</div>" * depth
        + "<p>Nơi nhận: các Bộ</p></body></html>",
        encoding="utf-8",
    )
    [document] = read_file(path)
    assert "Số: 7/TB-VPCP" in document.text
    assert "nội dung sâu" in document.text
    assert "Nơi nhận: các Bộ" in document.text


def test_windows_1258_html_with_meta_charset(tmp_path: Path) -> None:
    path = tmp_path / "old.htm"
    markup = (
        "<html><head><meta http-equiv='Content-Type' content='text/html; charset=windows-1258'>"
        "</head><body><article><p>"
        + "Quyết định về việc ban hành quy chế. " * 10
        + "</p></article></body></html>"
    )
    path.write_bytes(
        subprocess.run(
            ["iconv", "-f", "UTF-8", "-t", "WINDOWS-1258"],
            input=markup.encode(),
            capture_output=True,
            check=True,
        ).stdout
    )
    [document] = read_file(path)
    assert document.text.startswith("Quyết định về việc ban hành quy chế.")
