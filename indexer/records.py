"""From a JSON record (our schema, or the field names common in Vietnamese datasets)
to a :class:`Document`.

Records name their fields in many ways: our schema's names, snake-case
Vietnamese (``so_hieu``, ``trich_yeu``, ``co_quan_ban_hanh``), or the labels of
vbpl.vn's attribute table ("Số hiệu", "Cơ quan ban hành"). The aliases below
are the one table of those names. Values a record gives win over values
extracted from its text; values that are not what they claim (a URL slug in
``so_hieu``, "--" for empty) are dropped so extraction can fill them.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from vanban_core import codes
from vanban_core.analysis import canonical_number, fold, normalize

FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "doc_id"),
    "number": ("number", "so_hieu", "so_ky_hieu", "Số hiệu", "Số ký hiệu"),
    "doc_type": ("doc_type", "loai_van_ban", "loai", "Loại văn bản"),
    "issuer": ("issuer", "co_quan_ban_hanh", "Cơ quan ban hành"),
    "issued_date": (
        "issued_date",
        "ngay_ban_hanh",
        "Ngày ban hành",
        "Ngày ký xác thực",
    ),
    "place": ("place", "dia_danh"),
    "signer": ("signer", "nguoi_ky", "Người ký"),
    "title": ("title", "trich_yeu", "Trích yếu"),
    "text": ("text", "full_text", "noi_dung", "content", "body"),
    "recipients": ("recipients", "noi_nhan"),
    "cites": ("cites",),
    "language": ("language", "ngon_ngu"),
    "status": ("status", "tinh_trang", "tinh_trang_hieu_luc", "Tình trạng hiệu lực"),
    "source_url": ("source_url", "nguon_url", "url"),
    "gazette": ("gazette", "so_cong_bao"),
    "gazette_pages": ("gazette_pages", "trang_cong_bao"),
    "effective_date": (
        "effective_date",
        "ngay_co_hieu_luc",
        "ngay_hieu_luc",
        "Ngày có hiệu lực",
        "Ngày hiệu lực",
    ),
    "expiry_date": ("expiry_date", "ngay_het_hieu_luc", "Ngày hết hiệu lực"),
    "field": ("field", "linh_vuc", "Lĩnh vực"),
    "sector": ("Ngành", "nganh"),
    "file_urls": ("file_urls", "pdf_url"),
    "sources": ("sources",),
    "source_file": ("source_file", "source_path"),
}
_DATE_FIELDS = ("issued_date", "effective_date", "expiry_date")
# Local bodies a source names without their place ("UBND Tỉnh", "HĐND xã Chiềng Hặc").
_UNNAMED_UNIT = re.compile(r"^(?P<body>.*?\b)(?P<unit>tỉnh|thành phố)$", re.IGNORECASE)
_LOCAL_UNIT = re.compile(r"\b(?:xã|phường|thị trấn|huyện|quận|thị xã)\s+\S", re.IGNORECASE)
# Nested dicts whose keys are aliases too (vbpl.vn's "Thuộc tính" tab).
NESTED = ("attributes", "metadata")
_EMPTY = {"", "--", "-", "null", "none", "n/a"}
_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")
_TITLE_PREFIX = re.compile(
    r"^(?P<type>[^\d]{2,40}?)\s+(?:số\s+)?(?P<number>\S*\d\S*/\S+)\s+(?P<rest>.+)$", re.I | re.S
)


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        value = " ".join(normalize(value).split()) if "\n" not in value else normalize(value)
        return None if value.strip().lower() in _EMPTY else value.strip()
    return value


def _pick(record: dict[str, Any], aliases: tuple[str, ...]) -> Any:
    for source in (record, *(record.get(n) for n in NESTED)):
        if not isinstance(source, dict):
            continue
        for name in aliases:
            value = _clean(source.get(name))
            if value not in (None, [], {}):
                return value
    return None


def parse_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    # "2026-05-19T08:00:00" and "2026-05-19 08:00" carry a time we do not keep.
    candidates = (text, text[:10]) if len(text) > 10 else (text,)
    for candidate in candidates:
        for fmt in _DATE_FORMATS:
            try:
                return dt.datetime.strptime(candidate, fmt).date()
            except ValueError:
                continue
    return None


def normalize_doc_type(value: str | None) -> str | None:
    """A code ("QĐ", "VB HN") or a long label ("Quyết định của Chủ tịch UBND tỉnh")
    becomes the full type name, so the type facet has one entry per type."""
    if not value:
        return None
    by_code = codes.doc_type_name(value.replace(" ", ""))
    if by_code:
        return by_code
    folded = fold(value).lower()
    names = sorted(codes.doc_type_names(), key=len, reverse=True)
    for name in names:
        if folded == fold(name).lower() or folded.startswith(fold(name).lower() + " "):
            return name
    return value


def split_title(title: str) -> tuple[str | None, str | None, str]:
    """ "Nghị định số 249/2025/NĐ-CP Quy định …" -> (type, number, "Quy định …")."""
    m = _TITLE_PREFIX.match(title)
    if not m:
        return None, None, title
    doc_type = normalize_doc_type(m.group("type").strip())
    number = canonical_number(m.group("number"))
    if number is None or doc_type is None or doc_type not in codes.doc_type_names():
        return None, None, title
    return doc_type, number, m.group("rest").strip()


def _article_title(record: dict[str, Any]) -> str | None:
    """Law-article records (ALQAC, Zalo legal QA …) name the law and the article:
    "Luật Cư trú, Điều 2. Giải thích từ ngữ" is what a reader needs as the title."""
    law = _clean(record.get("law_id") or record.get("law_name"))
    article = _clean(record.get("article_id"))
    if not isinstance(law, str) or article in (None, ""):
        return None
    heading = _clean(record.get("title"))
    suffix = f". {heading}" if isinstance(heading, str) and heading else ""
    return f"{law}, Điều {article}{suffix}"


def localize_issuer(issuer: str, place: str | None) -> str:
    """Give a local body the place its source is about: "Ủy ban nhân dân Tỉnh" of the
    Sơn La gazette is "Ủy ban nhân dân tỉnh Sơn La"; a commune's council keeps its
    commune and gains the province ("Hội đồng nhân dân xã Chiềng Hặc, tỉnh Sơn La")."""
    if not place:
        return issuer
    unnamed = _UNNAMED_UNIT.match(issuer)
    province = place.split(" ", 1)[-1] if " " in place else place
    if unnamed:
        return f"{unnamed['body']}{place}"
    if _LOCAL_UNIT.search(issuer) and fold(province).lower() not in fold(issuer).lower():
        return f"{issuer}, {place}"
    return issuer


def record_fields(record: dict[str, Any]) -> dict[str, Any]:
    """The schema fields a record gives, cleaned; absent ones are left out."""
    record = _with_article_title(record)
    fields: dict[str, Any] = {}
    for name, aliases in FIELD_ALIASES.items():
        value = _pick(record, aliases)
        if value is not None:
            fields[name] = value
    _clean_number_and_date(fields)
    if "doc_type" in fields:
        fields["doc_type"] = normalize_doc_type(str(fields["doc_type"]))
    if "issuer" in fields:
        issuer = codes.issuer_name(str(fields["issuer"])) or fields["issuer"]
        fields["issuer"] = localize_issuer(issuer, codes.source_place(fields.get("source_url")))
    _split_title_prefix(fields)
    for list_field in ("recipients", "cites", "field", "sector", "file_urls", "sources"):
        if isinstance(fields.get(list_field), str):
            fields[list_field] = [v.strip() for v in fields[list_field].split(";") if v.strip()]
    _sources_and_fields(fields)
    if "id" in fields:
        fields["id"] = str(fields["id"])
    return fields


def _with_article_title(record: dict[str, Any]) -> dict[str, Any]:
    """A law-article record titled after its law and article, typed after its law."""
    article_title = _article_title(record)
    if not article_title:
        return record
    record = {**record, "title": article_title}
    law_type = normalize_doc_type(str(record.get("law_id") or record.get("law_name")))
    if law_type in codes.doc_type_names():
        record.setdefault("doc_type", law_type)
    return record


def _clean_number_and_date(fields: dict[str, Any]) -> None:
    """Drop a number or a date that is not one, so extraction from the text fills it."""
    if "number" in fields:
        number = canonical_number(str(fields["number"]))
        # A slug such as "nghi-dinh-so-158-2025-nd-cp-45240" is not a number.
        if number is None or "-so-" in str(fields["number"]):
            fields.pop("number")
        else:
            fields["number"] = number
    for name in _DATE_FIELDS:
        if name in fields:
            date = parse_date(fields[name])
            fields.pop(name) if date is None else fields.update({name: date})


def _sources_and_fields(fields: dict[str, Any]) -> None:
    """Ngành joins lĩnh vực in ``field``; the source URL and file are the first sources."""
    sector = fields.pop("sector", None) or []
    if sector:
        fields["field"] = list(dict.fromkeys([*(fields.get("field") or []), *sector]))
    source_file = fields.pop("source_file", None)
    sources = [*(fields.get("sources") or []), fields.get("source_url"), source_file]
    fields["sources"] = list(dict.fromkeys(str(s) for s in sources if s))


def _split_title_prefix(fields: dict[str, Any]) -> None:
    """A title that starts with its type and number gives both, and keeps the rest."""
    if not isinstance(fields.get("title"), str):
        return
    doc_type, number, rest = split_title(fields["title"])
    if number:
        fields["title"] = rest
        fields.setdefault("number", number)
        fields.setdefault("doc_type", doc_type)
