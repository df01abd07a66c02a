"""Rebuild tests/fixtures/files/ and tests/fixtures/corpus_files/ from the shared corpus
(run by hand; the output is committed, so the suite needs nothing beside the clone).

Real files are copied as they are when small. Larger ones are cut down in ways
that keep what the tests look at: PDF page excerpts (pypdf copies the real pages),
vbpl.vn pages with their inline base64 images emptied, gzip for big text formats.
`corpus_files/` mirrors the corpus's `files/` folder, one excerpt per file
under the same name (a number in a file name is read, so names are kept): PDFs
cut to the pages `expected.json` lists, with embedded font programs, signature
widgets and other unreferenced objects dropped (text extraction needs only the
ToUnicode maps and widths, which stay; each kept page's `pdftotext -layout`
output is checked to be unchanged), .doc and HTML files gzipped.
Legacy-encoding fixtures are made by encoding a real document (the seed notice
1016/TB-VPCP) with glibc's iconv (Windows-1258, TCVN3) or the VNI table.

    .venv/bin/python tests/readers/build_fixtures.py
"""

from __future__ import annotations

import gzip
import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import docx
from pypdf import PageObject, PdfReader, PdfWriter

from indexer.readers.legacy_encodings import TCVN3_TABLE, VNI_TABLE

ROOT = Path(__file__).resolve().parents[2]
EXCERPTS = ROOT / "tests" / "fixtures" / "corpus_files"
CORPUS = ROOT.parent / "shared" / "corpus"
FILES = CORPUS / "files"
OUT = ROOT / "tests" / "fixtures" / "files"
SEED = CORPUS / "seeds" / "thong-bao-1016-TB-VPCP.txt"


def pdf_pages(source: Path, target: Path, pages: range) -> None:
    reader = PdfReader(source)
    writer = PdfWriter()
    for index in pages:
        writer.add_page(reader.pages[index])
    writer.compress_identical_objects()
    with target.open("wb") as handle:
        writer.write(handle)


def _drop_font_programs(page: PageObject) -> None:
    resources = page.get("/Resources")
    fonts = resources.get_object().get("/Font") if resources else None
    for ref in fonts.get_object().values() if fonts else []:
        font = ref.get_object()
        parts = [d.get_object() for d in font.get("/DescendantFonts", [])] or [font]
        for part in parts:
            descriptor = part.get("/FontDescriptor")
            if descriptor is not None:
                for key in ("/FontFile", "/FontFile2", "/FontFile3"):
                    descriptor.get_object().pop(key, None)


def _page_text(path: Path, page: int) -> str:
    number = str(page)
    return subprocess.run(
        ["pdftotext", "-layout", "-f", number, "-l", number, str(path), "-"],
        capture_output=True,
        check=True,
        text=True,
    ).stdout


def pdf_excerpt(source: Path, target: Path, pages: list[int]) -> None:
    """``pages`` (1-based, -1 = last) of ``source`` with only what text extraction reads."""
    reader = PdfReader(source)
    indexes = [p - 1 if p > 0 else len(reader.pages) + p for p in pages]
    writer = PdfWriter()
    for index in indexes:
        writer.add_page(reader.pages[index])
    scanned = "scanned" in source.parent.name
    for page in writer.pages:
        for annotation in page.get("/Annots", []):
            annotation.get_object().pop("/V", None)  # a signature's certificate chain
        if not scanned:
            _drop_font_programs(page)
        page.compress_content_streams()
    buffer = io.BytesIO()
    writer.write(buffer)
    buffer.seek(0)
    trimmed = PdfWriter(clone_from=PdfReader(buffer))  # only objects still referenced
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as handle:
        trimmed.write(handle)
    if not scanned:
        for position, index in enumerate(indexes, start=1):
            assert _page_text(target, position) == _page_text(source, index + 1), target


def corpus_excerpts() -> None:
    expected = json.loads((EXCERPTS / "expected.json").read_text(encoding="utf-8"))
    for name, entry in expected.items():
        source = FILES / name
        if "pages" in entry:
            pdf_excerpt(source, EXCERPTS / name, entry["pages"])
        elif source.suffix == ".docx":  # already a zip
            (EXCERPTS / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, EXCERPTS / name)
        else:
            target = EXCERPTS / f"{name}.gz"
            target.parent.mkdir(parents=True, exist_ok=True)
            if source.suffix == ".html":
                html_without_images(source, target)
            else:
                target.write_bytes(gzip.compress(source.read_bytes(), 9, mtime=0))


PHAPLUAT_PAIR = ("luat-so-51-2024-qh15-43559", "nghi-dinh-so-136-2026-nd-cp-469355")
PHAPLUAT_STRIDE = 40  # every 40th gazette text of 414: 11 plus the pair above


def phapluat_gazettes() -> None:
    """A few phapluat gazette text layers (id and full_text only) for the Công báo tests."""
    from indexer import congbao

    source = CORPUS / "phapluat_8chude" / "docs.jsonl.gz"
    with gzip.open(source, "rt", encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle]
    gazettes = [r for r in records if congbao.is_gazette(r.get("full_text") or "")]
    picked = [r for r in gazettes if r["id"] in PHAPLUAT_PAIR]
    picked += [r for r in gazettes[::PHAPLUAT_STRIDE] if r["id"] not in PHAPLUAT_PAIR]
    lines = [
        json.dumps({"id": r["id"], "full_text": r["full_text"]}, ensure_ascii=False) for r in picked
    ]
    (ROOT / "tests" / "fixtures" / "phapluat-gazettes.jsonl.gz").write_bytes(
        gzip.compress(("\n".join(lines) + "\n").encode("utf-8"), 9, mtime=0)
    )


def html_without_images(source: Path, target: Path) -> None:
    markup = source.read_text(encoding="utf-8")
    markup = re.sub(r"data:image/[a-z+]+;base64,[A-Za-z0-9+/=]+", "data:image/png;base64,", markup)
    target.write_bytes(gzip.compress(markup.encode("utf-8"), 9, mtime=0))


def seed_text() -> str:
    """The seed notice with a standard header, as its Word original would have it."""
    body = SEED.read_text(encoding="utf-8").strip().replace("**", "")
    header = (
        "VĂN PHÒNG CHÍNH PHỦ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
    )
    return header + body + "\n"


def legacy_fixtures(text: str) -> None:
    # Windows-1258 through glibc (it decomposes tones into combining marks as Word did).
    plain = text.replace("“", '"').replace("”", '"')
    cp1258 = subprocess.run(
        ["iconv", "-f", "UTF-8", "-t", "WINDOWS-1258"],
        input=plain.encode(),
        capture_output=True,
        check=True,
    ).stdout
    (OUT / "thong-bao-1016.cp1258.txt").write_bytes(cp1258)
    # TCVN3 has no toned capitals: like .VnTime users, type them lowercase.
    tcvn3_bytes = {char: byte for byte, char in TCVN3_TABLE.items()}
    encoded = bytearray()
    for char in plain:
        if char in tcvn3_bytes:
            encoded.append(tcvn3_bytes[char])
        elif char.lower() in tcvn3_bytes:
            encoded.append(tcvn3_bytes[char.lower()])
        elif not char.isascii() and char.isupper():
            encoded += char.lower().encode("latin-1", errors="replace")  # "Ý" -> "ý"
        else:
            encoded += char.encode("latin-1", errors="replace")
    (OUT / "thong-bao-1016.tcvn3.txt").write_bytes(bytes(encoded))
    vni = {char: seq for seq, char in VNI_TABLE.items() if char not in "íìÍÌ"}
    (OUT / "thong-bao-1016.vni.txt").write_bytes(
        "".join(vni.get(c, c) for c in plain).encode("cp1252")
    )
    (OUT / "thong-bao-1016.utf16.txt").write_bytes(text.encode("utf-16"))  # with BOM


def header_table_docx(text: str) -> None:
    """The seed notice as a .docx with the standard two-column header table."""
    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "VĂN PHÒNG CHÍNH PHỦ\n-------"
    table.cell(
        0, 1
    ).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n---------------"
    table.cell(1, 0).text = "Số: 1016/TB-VPCP"
    table.cell(1, 1).text = "Hà Nội, ngày 25 tháng 02 năm 2014"
    body = text.split("Hà Nội, ngày 25 tháng 02 năm 2014", 1)[1]
    for paragraph in body.strip().split("\n"):
        if paragraph.strip():
            document.add_paragraph(paragraph.strip())
    document.core_properties.author = "vanban tests"
    document.save(str(OUT / "thong-bao-1016-header-table.docx"))


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    text_layer = FILES / "congbao_pdf_text_layer"
    shutil.copyfile(
        text_layer / "thong-tu-so-02-2026-tt-btc-468745.pdf", OUT / "congbao-tt-02-2026.pdf"
    )
    pdf_pages(
        text_layer / "luat-so-51-2024-qh15-43559.pdf",
        OUT / "congbao-luat-51-2024-p1-2.pdf",
        range(0, 2),
    )
    pdf_pages(
        text_layer / "vbpl-32801_congbao-2013-so-1003-1004_Hien-phap-2013.pdf",
        OUT / "congbao-hien-phap-2013-p1-2.pdf",
        range(0, 2),
    )
    pdf_pages(
        FILES / "congbao_pdf_scanned" / "thong-bao-so-02-2023-tb-lpqt-39022.pdf",
        OUT / "congbao-scanned-tb-02-2023-p1-2.pdf",
        range(0, 2),
    )
    pdf_pages(
        FILES / "congbao_pdf_scanned" / "thong-tu-so-58-2021-tt-bqp-33814.pdf",
        OUT / "congbao-scanned-tt-58-2021-p1.pdf",
        range(0, 1),
    )
    shutil.copyfile(
        FILES / "docx" / "anle-TAND057532_An-le-so-17-2018.docx", OUT / "anle-17-2018.docx"
    )
    shutil.copyfile(
        FILES / "doc" / "anle-TAND014305_An-le-so-07-2016.doc", OUT / "anle-07-2016.doc"
    )
    (OUT / "luat-15-2012-qh13.doc.gz").write_bytes(
        gzip.compress((FILES / "doc" / "vbpl-27621_15-2012-QH13.doc").read_bytes(), 9, mtime=0)
    )
    html = FILES / "html_vbpl"
    html_without_images(html / "vbpl-187193_doc_000001.html", OUT / "vbpl-187193.html.gz")
    html_without_images(
        html / "vbpl-186731_attributes_tab.html", OUT / "vbpl-186731-attributes.html.gz"
    )
    text = seed_text()
    legacy_fixtures(text)
    header_table_docx(text)
    corpus_excerpts()
    phapluat_gazettes()


if __name__ == "__main__":
    main()
