"""Per-field accuracy of metadata extraction against what the development corpus states.

Run from the repository root::

    .venv/bin/python scripts/bench_extraction.py            # table + docs/extraction-accuracy.md
    .venv/bin/python scripts/bench_extraction.py --json     # the same rows as JSON
    .venv/bin/python scripts/bench_extraction.py --errors title --source vbpl_text

Only what a source truly knows is scored; a field without gold for a record is
left out of ``n`` (never counted as correct). Gold per source:

- ``seeds``: the full metadata of notice 1016/TB-VPCP and of the portal news
  article (which has no number: extracting one counts as an error).
- ``hand_checked``: every field of 20 documents drawn at random from the two
  corpora, read by hand from their raw text (``tests/fixtures/extract/
  hand_checked.json``). The only gold for place, signer and signer title at
  scale; read by the extractor's author, so not independent.
- ``vbpl_text``: the vbpl.vn page title "<loại> số <số hiệu> <trích yếu>" (or,
  for laws, "Luật <tên> số <số hiệu>") gives number, type and title. The
  page's effective date is not the issue date and is not used. English
  translations are skipped.
- ``vbpl_text (gold found in text)``: the same, restricted to records whose
  gold number (or title) occurs in the first 4,000 characters of the text
  (compared folded, without whitespace). The page title is written by the site
  and sometimes differs from the document (a typo, a paraphrase, even another
  document's text on the page); this row separates extraction errors from
  such gold errors. Both rows are reported.
- ``vbpl_text∩attributes``: the few text records whose number also has an
  attribute record give issuer, issue date, signer and signer title.
- ``vbpl_attributes``: the 156 attribute-only records have no text, so they
  only test the code tables: the issuer and type named by the codes of their
  "Số hiệu" against "Cơ quan ban hành" and "Loại văn bản".
- ``phapluat``: ``loai`` gives the type (``Khác`` falls back to the slug's
  type words); ``so_hieu`` when it is a real number, else the slug
  (``nghi-dinh-so-158-2025-nd-cp-45240``), gives the number; ``nam`` gives
  the issue year only when it equals the year in that number (for VBHN it
  holds the serial or 0 and is not used).
- ``*: issuer≈code`` rows (derived gold, labelled so): the issuer named by
  the issuer code of the gold number through ``mappings/issuers.tsv``. It
  checks header reading against the number, not against an independent
  source; local bodies (UBND, HĐND) are skipped because the code lacks the
  place.

Comparisons: numbers by :func:`number_key` (case, diacritics, separators and
leading zeros ignored); types, issuers, places, signers and titles after NFC,
canonical tones, diacritic folding, lowercasing, collapsing whitespace and
stripping surrounding punctuation and quotes (titles differ in case between
the page title and the text: "QUY ĐỊNH …" vs "Quy định …"; titles are also
compared without any spaces, because page titles and texts differ in them:
"tỉnh An Giang,tỉnh Cà Mau"); dates exactly;
recipients and citations by containment of the gold items. A missing value is
wrong.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from _bench import CORPUS, ROOT

from indexer.extract import ExtractedMetadata, extract_metadata
from indexer.extract.cleanup import fix_homoglyphs
from vanban_core import codes
from vanban_core.analysis import canonical_number, number_key, parse_number
from vanban_core.text.normalize import fold, normalize

REPORT = ROOT / "docs" / "extraction-accuracy.md"
HAND_CHECKED = ROOT / "tests" / "fixtures" / "extract" / "hand_checked.json"
COMMAND = ".venv/bin/python scripts/bench_extraction.py"

_PHAPLUAT_TYPES = {
    "VB HN": "Văn bản hợp nhất",
    "NQ": "Nghị quyết",
    "QĐ": "Quyết định",
    "TT Liên tịch": "Thông tư liên tịch",
}
_SLUG_TYPES = {
    "thong-tu-lien-tich": "Thông tư liên tịch",
    "thong-tu": "Thông tư",
    "van-ban-hop-nhat": "Văn bản hợp nhất",
    "nghi-dinh": "Nghị định",
    "nghi-quyet": "Nghị quyết",
    "quyet-dinh": "Quyết định",
    "bo-luat": "Bộ luật",
    "luat": "Luật",
    "thong-bao": "Thông báo",
    "chi-thi": "Chỉ thị",
}
_LOCAL_CODES = {"UBND", "HĐND"}
# Page titles that the text itself does not contain (typos, paraphrases, a page
# showing another document) make "vbpl_text" rows understate extraction; this
# source scores only records whose gold number/title occurs in the text's head.
_AGREES = "vbpl_text (gold found in text)"
_HEAD_CHARS = 4000
_JOINT_CODES = {"TTLT", "NQLT", "TTLB"}
_TITLE_NUMBER = re.compile(r"\s+số\s+(?P<number>\S*\d\S*/\s*\S+)(?:\s+|$)")
_SLUG_NUMBER = re.compile(r"-so-(?P<number>.+?)-\d+$")

SEED_1016 = {
    "number": "1016/TB-VPCP",
    "doc_type": "Thông báo",
    "issuer": "Văn phòng Chính phủ",
    "issued_date": dt.date(2014, 2, 25),
    "place": "Hà Nội",
    "signer": "Nguyễn Tiến Dũng",
    "title": "Ý kiến chỉ đạo của Bộ trưởng, Chủ nhiệm Nguyễn Văn Nên tại Hội nghị triển khai "
    "nhiệm vụ công tác năm 2014 của Cổng Thông tin điện tử Chính phủ",
    "recipients": ["Cổng TTĐT Chính phủ (3)"],
    "cites": ["06/2013/QĐ-TTg"],
}


@dataclass
class Tally:
    """Counts for one (field, source) row, with the mismatches kept for --errors."""

    n: int = 0
    correct: int = 0
    errors: list[tuple[str, Any, Any]] = field(default_factory=list)

    def add(self, ok: bool, record_id: str, gold: Any, got: Any) -> None:
        self.n += 1
        if ok:
            self.correct += 1
        else:
            self.errors.append((record_id, gold, got))


def text_key(value: Any) -> str:
    """Folded comparison form of a text field."""
    if value is None:
        return ""
    text = fold(normalize(str(value))).lower()
    return " ".join(text.split()).strip(" .,;:\"'“”")


def same_number(gold: str | None, got: str | None) -> bool:
    return bool(gold and got) and number_key(gold or "") == number_key(got or "")


def _slug_key(parts: list[str]) -> str:
    return "-".join(p.lstrip("0") or "0" if p.isdigit() else p for p in parts if p)


def same_slug_number(slug_number: str, got: str | None) -> bool:
    """Slug numbers ("158-2025-nd-cp") against an extracted number.

    The extracted number is folded and split on its separators here rather than
    keyed with :func:`number_key`, because slugs keep every code part of long
    joint numbers and drop the dot of serials such as "66.16".
    """
    if not got:
        return False
    folded = fold(got).lower().replace(".", "")
    return _slug_key(re.split(r"[/\-\s]+", folded)) == _slug_key(slug_number.split("-"))


class Bench:
    """Accumulates tallies keyed by (field, source)."""

    def __init__(self) -> None:
        self.rows: dict[tuple[str, str], Tally] = {}

    def score(
        self,
        name: str,
        source: str,
        record_id: str,
        gold: Any,
        got: Any,
        same: Callable[[Any, Any], bool],
    ) -> None:
        tally = self.rows.setdefault((name, source), Tally())
        tally.add(same(gold, got), record_id, gold, got)


def _text_same(gold: Any, got: Any) -> bool:
    return bool(got) and text_key(gold) == text_key(got)


def _title_same(gold: Any, got: Any) -> bool:
    """Titles also ignore spaces: page titles and texts differ in them ("Giang,tỉnh")."""
    return bool(got) and text_key(gold).replace(" ", "") == text_key(got).replace(" ", "")


def _eq(gold: Any, got: Any) -> bool:
    return bool(got is not None and gold == got)


def _contains_all(gold: list[str], got: list[str]) -> bool:
    keys = {text_key(g) for g in got}
    return all(text_key(g) in keys for g in gold)


def _issuer_by_code(number: str | None) -> str | None:
    """Issuer named by a number's issuer code; None for local bodies and unknown codes.

    A joint number ("…/TTLT-BTC-BNV") names every body, comma-separated, as
    the extractor reports joint issuers.
    """
    parts = parse_number(number) if number else None
    if parts is None or not parts.issuer_code:
        return None
    issuer_codes = parts.issuer_code.split("-")
    if parts.type_code not in _JOINT_CODES:
        issuer_codes = issuer_codes[:1]
    if any(codes.canonical_code(code) in _LOCAL_CODES for code in issuer_codes):
        return None
    names = [codes.issuer_name(code) for code in issuer_codes]
    return ", ".join(n for n in names if n) if all(names) else None


def bench_seeds(bench: Bench) -> None:
    seeds = CORPUS / "seeds"
    got = extract_metadata((seeds / "thong-bao-1016-TB-VPCP.txt").read_text(encoding="utf-8"))
    rid = "seed:1016/TB-VPCP"
    gold = SEED_1016
    bench.score("number", "seeds", rid, gold["number"], got.number, same_number)
    for name in ("doc_type", "issuer", "place", "signer", "title"):
        same = _title_same if name == "title" else _text_same
        bench.score(name, "seeds", rid, gold[name], getattr(got, name), same)
    bench.score("issued_date", "seeds", rid, gold["issued_date"], got.issued_date, _eq)
    bench.score("recipients", "seeds", rid, gold["recipients"], got.recipients, _contains_all)
    bench.score("cites", "seeds", rid, gold["cites"], got.cites, _contains_all)
    news = extract_metadata((seeds / "portal-news-2014-02-13.txt").read_text(encoding="utf-8"))
    rid = "seed:portal-news"
    bench.score("number (none)", "seeds", rid, None, news.number, lambda g, x: x is None)
    bench.score("cites", "seeds", rid, ["06/2013/QĐ-TTg"], news.cites, _contains_all)


def _squeeze(text: str) -> str:
    """Folded, lowercased, without any whitespace: for "does the text contain it"."""
    return re.sub(r"\s+", "", fold(normalize(text)).lower()).replace("–", "-")


def split_vbpl_title(title: str) -> tuple[str | None, str | None, str | None]:
    """(type, number, trích yếu) of a vbpl.vn page title; None parts when not stated.

    Cyrillic look-alike letters that the site has in some numbers ("TT-BTС")
    are replaced by their Latin twins first.
    """
    title = " ".join(fix_homoglyphs(normalize(title)).split())
    m = _TITLE_NUMBER.search(title)
    if not m:
        return None, None, None
    left, right = title[: m.start()], title[m.end() :].strip()
    names = sorted(codes.doc_type_names(), key=len, reverse=True)
    for name in names:
        if text_key(left) == text_key(name):
            return name, m.group("number"), right or None
        if text_key(left).startswith(text_key(name) + " ") and not right:
            # "Luật Thuế thu nhập cá nhân số 109/2025/QH15": the name is the title.
            return name, m.group("number"), left[len(name) :].strip() or None
    return None, m.group("number"), None


def _jsonl_gz(path: Path) -> Iterator[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            yield json.loads(line)


def bench_vbpl(bench: Bench) -> None:
    records = list(_jsonl_gz(CORPUS / "vbpl_html_snapshots" / "docs.jsonl.gz"))
    attributes = {
        number_key(r["attributes"]["Số hiệu"]): r["attributes"] for r in records if r["attributes"]
    }
    for record in records:
        if record["attributes"]:
            _bench_vbpl_attributes(bench, record)
        if record["language"] != "vi" or not record["has_full_text"]:
            continue
        got = extract_metadata(record["text"])
        doc_type, number, title = split_vbpl_title(record["title"])
        rid = record["id"]
        head = _squeeze(fix_homoglyphs(record["text"][:_HEAD_CHARS]))
        if number and canonical_number(number):
            bench.score("number", "vbpl_text", rid, number, got.number, same_number)
            if _squeeze(number) in head:
                bench.score("number", _AGREES, rid, number, got.number, same_number)
            by_code = _issuer_by_code(canonical_number(number))
            if by_code:
                bench.score("issuer≈code", "vbpl_text", rid, by_code, got.issuer, _text_same)
        if doc_type:
            bench.score("doc_type", "vbpl_text", rid, doc_type, got.doc_type, _text_same)
        if title:
            bench.score("title", "vbpl_text", rid, title, got.title, _title_same)
            if _squeeze(title) in head:
                bench.score("title", _AGREES, rid, title, got.title, _title_same)
        attrs = attributes.get(number_key(number)) if number else None
        if attrs:
            _bench_vbpl_overlap(bench, rid, attrs, got)


def _attr(attrs: dict[str, Any], name: str) -> str | None:
    value = attrs.get(name)
    return None if not value or str(value).strip() in {"--", ""} else str(value).strip()


def _bench_vbpl_overlap(
    bench: Bench, rid: str, attrs: dict[str, Any], got: ExtractedMetadata
) -> None:
    source = "vbpl_text∩attributes"
    for name, label in (("issuer", "Cơ quan ban hành"), ("signer", "Người ký")):
        gold = _attr(attrs, label)
        if gold:
            bench.score(name, source, rid, gold, getattr(got, name), _text_same)
    title = _attr(attrs, "Chức danh")
    if title:
        bench.score("signer_title", source, rid, title, got.signer_title, _text_same)
    date = _attr(attrs, "Ngày ban hành") or _attr(attrs, "Ngày ký xác thực")
    if date:
        gold_date = dt.datetime.strptime(date, "%d/%m/%Y").date()
        bench.score("issued_date", source, rid, gold_date, got.issued_date, _eq)


def _bench_vbpl_attributes(bench: Bench, record: dict[str, Any]) -> None:
    attrs = record["attributes"]
    number = canonical_number(attrs.get("Số hiệu") or "")
    parts = parse_number(number) if number else None
    if parts is None:
        return
    source = "vbpl_attributes (codes table, no text)"
    issuer = _attr(attrs, "Cơ quan ban hành")
    code = (parts.issuer_code or "").split("-")[0]
    if issuer and code:
        bench.score("issuer", source, record["id"], issuer, codes.issuer_name(code), _text_same)
    doc_type = _attr(attrs, "Loại văn bản")
    if doc_type and parts.type_code:
        got = codes.doc_type_name(parts.type_code)
        bench.score("doc_type", source, record["id"], doc_type, got, _text_same)


def _phapluat_number(record: dict[str, Any]) -> tuple[str | None, str | None]:
    """(real number, slug number) that the record states."""
    so_hieu = str(record.get("so_hieu") or "")
    if "-so-" not in so_hieu and canonical_number(so_hieu):
        return canonical_number(so_hieu), None
    m = _SLUG_NUMBER.search(record["slug"])
    return None, m.group("number") if m else None


def _phapluat_type(record: dict[str, Any]) -> str | None:
    loai = record.get("loai")
    if loai and loai != "Khác":
        return _PHAPLUAT_TYPES.get(loai) or codes.doc_type_name(loai) or loai
    prefix = record["slug"].split("-so-")[0]
    return _SLUG_TYPES.get(prefix)


def bench_phapluat(bench: Bench) -> None:
    source = "phapluat"
    for record in _jsonl_gz(CORPUS / "phapluat_8chude" / "docs.jsonl.gz"):
        got = extract_metadata(record.get("full_text") or "")
        rid = record["id"]
        number, slug_number = _phapluat_number(record)
        if number:
            bench.score("number", source, rid, number, got.number, same_number)
        elif slug_number:
            bench.score("number", source, rid, slug_number, got.number, same_slug_number)
        doc_type = _phapluat_type(record)
        if doc_type:
            bench.score("doc_type", source, rid, doc_type, got.doc_type, _text_same)
        year = _number_year(number, slug_number)
        if year and str(year) == str(record.get("nam")):
            got_year = got.issued_date.year if got.issued_date else None
            bench.score("issued_date (year)", source, rid, year, got_year, _eq)
        gold_number = number or _slug_to_number(slug_number)
        by_code = _issuer_by_code(gold_number)
        if by_code:
            bench.score("issuer≈code", source, rid, by_code, got.issuer, _text_same)


def _slug_to_number(slug_number: str | None) -> str | None:
    """ "158-2025-nd-cp" -> "158/2025/ND-CP" (enough for code lookups)."""
    if not slug_number:
        return None
    parts = slug_number.split("-")
    head = [p for p in parts[:2] if p.isdigit()]
    return "/".join([*head, "-".join(parts[len(head) :])])


def _number_year(number: str | None, slug_number: str | None) -> int | None:
    if number:
        parts = parse_number(number)
        return parts.year if parts else None
    if slug_number:
        pieces = slug_number.split("-")
        if len(pieces) > 1 and re.fullmatch(r"(?:19|20)\d\d", pieces[1]):
            return int(pieces[1])
    return None


def bench_hand_checked(bench: Bench) -> None:
    """Every field of 20 random documents, read by hand from their raw text."""
    gold_file = json.loads(HAND_CHECKED.read_text(encoding="utf-8"))
    texts = {
        "vbpl": {
            r["id"]: r["text"] for r in _jsonl_gz(CORPUS / "vbpl_html_snapshots" / "docs.jsonl.gz")
        },
        "phapluat": {
            r["id"]: r["full_text"] for r in _jsonl_gz(CORPUS / "phapluat_8chude" / "docs.jsonl.gz")
        },
    }
    source = "hand_checked (20 random docs)"
    for gold in gold_file["records"]:
        got = extract_metadata(texts[gold["source"]][gold["id"]])
        rid = gold["id"]
        for name, value in gold.items():
            if name in ("source", "id"):
                continue
            if name == "number":
                bench.score(name, source, rid, value, got.number, same_number)
            elif name == "issued_date":
                date = dt.date.fromisoformat(value)
                bench.score(name, source, rid, date, got.issued_date, _eq)
            elif name == "title":
                bench.score(name, source, rid, value, got.title, _title_same)
            else:
                bench.score(name, source, rid, value, getattr(got, name), _text_same)


def run() -> Bench:
    bench = Bench()
    bench_seeds(bench)
    bench_hand_checked(bench)
    bench_vbpl(bench)
    bench_phapluat(bench)
    return bench


def table_rows(bench: Bench) -> list[dict[str, Any]]:
    rows = []
    for (name, source), tally in sorted(bench.rows.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        accuracy = tally.correct / tally.n if tally.n else 0.0
        rows.append(
            {
                "field": name,
                "source": source,
                "n": tally.n,
                "correct": tally.correct,
                "accuracy": round(accuracy, 4),
            }
        )
    return rows


# Reviewed by hand from `--errors FIELD` output; update when the numbers move.
ERROR_NOTES = """\
## Remaining error classes (reviewed by hand)

- **Text without a header.** Some vbpl.vn pages start at the type heading, and about
  ten Công báo records are scans whose header and body are images. Number, issuer
  and date are then absent from the text; the extractor leaves them empty rather
  than guess (a "TM. CHÍNH PHỦ" signature still gives the issuer).
- **Gold that disagrees with the text.** vbpl.vn page titles are sometimes
  paraphrased or misspelt ("ddawwcj", "nước ngòa"), shortened, or belong to another
  document than the text shown on the page (e.g. vbpl-187372, vbpl-187298,
  vbpl-101871, vbpl-187358). The `gold found in text` rows exclude most of these;
  what is left there is nearly all paraphrase (the site drops "Ban hành", shortens
  the title, or edits a date).
- **Typos in the source.** "Số: 03/2026-BCT" (no type code) is not a number;
  "ngày 32 tháng 12" is not a date; misspelt titles ("THỨ TRUỞNG") are kept as
  printed.
- **Consolidated texts (VBHN) cut before their certification block.** Without the
  "XÁC THỰC VĂN BẢN HỢP NHẤT" block and without the "… được sửa đổi, bổ sung bởi:"
  preamble, a VBHN reads as the document it consolidates (type and number).
- **Công báo records continued in another issue** ("Xem tiếp Công báo số …") lack
  their signature and, for laws, their passing date.
- **Code table (`vbpl_attributes`).** Old or internal codes that are not issuer
  codes ("QĐ-BT", "TP-KHTC", "QĐ-QLTA"), and the site listing a VBHN of the Văn
  phòng Quốc hội under "Quốc hội" or a QĐ-TTg under "Chính phủ".
- **Not measured at scale:** place, signer, signer title and recipients have gold
  only in the seeds and the 20 hand-checked documents; recipients only in the seed
  notice (Công báo prints no "Nơi nhận:" block). Citations are checked by tests.
"""


def markdown(rows: list[dict[str, Any]]) -> str:
    lines = [
        "# Metadata extraction accuracy",
        "",
        f"Regenerate with `{COMMAND}` (from the repository root; reads `/work/shared/corpus`).",
        f"Last run: {dt.date.today().isoformat()}. How each source and field is scored is "
        "described in the docstring of `scripts/bench_extraction.py`: only what a source truly "
        "states is scored, a missing value counts as wrong, and `issuer≈code` rows use derived "
        "gold (the issuer named by the number's own issuer code).",
        "",
        "| field | source | n | correct | accuracy |",
        "|---|---|---:|---:|---:|",
    ]
    for row in rows:
        lines.append(
            f"| {row['field']} | {row['source']} | {row['n']} | {row['correct']} | "
            f"{row['accuracy']:.1%} |"
        )
    how = (__doc__ or "").split("Only what a source truly knows", 1)[-1]
    lines += ["", "## Sources and comparisons", "", "Only what a source truly knows" + how]
    return "\n".join(lines) + "\n" + ERROR_NOTES


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    parser.add_argument("--errors", metavar="FIELD", help="print mismatches for FIELD")
    parser.add_argument("--source", help="with --errors: only this source")
    parser.add_argument("--limit", type=int, default=40, help="with --errors: how many")
    parser.add_argument("--no-write", action="store_true", help="do not write the markdown report")
    args = parser.parse_args(argv)
    bench = run()
    rows = table_rows(bench)
    if args.errors:
        for (name, source), tally in bench.rows.items():
            if name == args.errors and (not args.source or source == args.source):
                for rid, gold, got in tally.errors[: args.limit]:
                    print(f"{source}\t{rid}\n   gold: {gold}\n   got:  {got}")
        return 0
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        width = max(len(r["field"]) for r in rows)
        swidth = max(len(r["source"]) for r in rows)
        print(f"{'field':<{width}}  {'source':<{swidth}}  {'n':>5}  {'correct':>7}  accuracy")
        for r in rows:
            print(
                f"{r['field']:<{width}}  {r['source']:<{swidth}}  {r['n']:>5}  "
                f"{r['correct']:>7}  {r['accuracy']:.1%}"
            )
    if not args.no_write:
        REPORT.parent.mkdir(parents=True, exist_ok=True)
        REPORT.write_text(markdown(rows), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
