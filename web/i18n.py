"""User-facing labels: Vietnamese first, English available with ?lang=en."""

from __future__ import annotations

from vanban_core.validity import STATUS_EN

LABELS: dict[str, dict[str, str]] = {
    "vi": {
        "site": "Tra cứu văn bản",
        "tagline": "Tìm văn bản hành chính, pháp luật — có dấu hay không dấu, hoặc theo số hiệu",
        "search": "Tìm kiếm",
        "placeholder": "Ví dụ: quyết định thủ tướng, 1016/TB-VPCP",
        "issuer": "Cơ quan ban hành",
        "doc_type": "Loại văn bản",
        "year": "Năm ban hành",
        "from": "Từ ngày",
        "to": "Đến ngày",
        "sort": "Sắp xếp",
        "relevance": "Liên quan nhất",
        "date_desc": "Mới nhất",
        "date_asc": "Cũ nhất",
        "apply": "Lọc",
        "clear": "Bỏ lọc",
        "results": "kết quả",
        "no_results": "Không tìm thấy văn bản nào.",
        "did_you_mean": "Có phải bạn muốn tìm",
        "number": "Số hiệu",
        "no": "số",
        "issued_date": "Ngày ban hành",
        "place": "Nơi ban hành",
        "signer": "Người ký",
        "title": "Trích yếu",
        "status": "Tình trạng hiệu lực",
        "recipients": "Nơi nhận",
        "cites": "Văn bản được dẫn chiếu",
        "source_url": "Nguồn",
        "gazette": "Công báo",
        "gazette_pages": "trang",
        "language": "Ngôn ngữ",
        "effective_date": "Ngày có hiệu lực",
        "expiry_date": "Ngày hết hiệu lực",
        "field": "Lĩnh vực",
        "translations": "Bản dịch / bản gốc",
        "original_file": "Tệp gốc",
        "download": "Tải tệp gốc",
        "relations": "Văn bản liên quan",
        "partial": "một phần",
        "no_text": "Nguồn không có toàn văn; xem tệp gốc nếu có.",
        "full_text": "Toàn văn",
        "prev": "Trang trước",
        "next": "Trang sau",
        "page": "Trang",
        "not_found": "Không tìm thấy văn bản.",
        "back": "Quay lại tìm kiếm",
        "error": "Đã có lỗi",
        "other_lang": "English",
        "api": "API",
        "more": "Xem thêm",
    },
    "en": {
        "site": "Vietnamese document search",
        "tagline": (
            "Search administrative and legal documents, with or without diacritics, or by number"
        ),
        "search": "Search",
        "placeholder": "e.g. quyet dinh thu tuong, 1016/TB-VPCP",
        "issuer": "Issuing body",
        "doc_type": "Document type",
        "year": "Year",
        "from": "From",
        "to": "To",
        "sort": "Sort",
        "relevance": "Most relevant",
        "date_desc": "Newest",
        "date_asc": "Oldest",
        "apply": "Filter",
        "clear": "Clear filters",
        "results": "results",
        "no_results": "No documents found.",
        "did_you_mean": "Did you mean",
        "number": "Number",
        "no": "No.",
        "issued_date": "Issue date",
        "place": "Place",
        "signer": "Signed by",
        "title": "Title",
        "status": "Status",
        "recipients": "Recipients",
        "cites": "Cited documents",
        "source_url": "Source",
        "gazette": "Official gazette",
        "gazette_pages": "pages",
        "language": "Language",
        "effective_date": "Effective date",
        "expiry_date": "Expiry date",
        "field": "Field",
        "translations": "Translation / original",
        "original_file": "Original file",
        "download": "Download the original file",
        "relations": "Related documents",
        "partial": "in part",
        "no_text": "The source gives no full text; see the original file if any.",
        "full_text": "Full text",
        "prev": "Previous",
        "next": "Next",
        "page": "Page",
        "not_found": "Document not found.",
        "back": "Back to search",
        "error": "Something went wrong",
        "other_lang": "Tiếng Việt",
        "api": "API",
        "more": "More",
    },
}


def labels(lang: str) -> dict[str, str]:
    return LABELS.get(lang, LABELS["vi"])


# (relation type, direction) -> label, Vietnamese first (vbpl.vn's wording).
RELATIONS: dict[tuple[str, str], tuple[str, str]] = {
    ("cites", "outgoing"): ("Văn bản được dẫn chiếu", "Cites"),
    ("cites", "incoming"): ("Được dẫn chiếu bởi", "Cited by"),
    ("amends", "outgoing"): ("Sửa đổi, bổ sung", "Amends"),
    ("amends", "incoming"): ("Bị sửa đổi, bổ sung bởi", "Amended by"),
    ("replaces", "outgoing"): ("Thay thế", "Replaces"),
    ("replaces", "incoming"): ("Bị thay thế bởi", "Replaced by"),
    ("repeals", "outgoing"): ("Bãi bỏ", "Repeals"),
    ("repeals", "incoming"): ("Bị bãi bỏ bởi", "Repealed by"),
    ("guides", "outgoing"): ("Hướng dẫn, quy định chi tiết", "Guides"),
    ("guides", "incoming"): ("Được hướng dẫn bởi", "Guided by"),
    ("consolidates", "outgoing"): ("Hợp nhất", "Consolidates"),
    ("consolidates", "incoming"): ("Được hợp nhất bởi", "Consolidated by"),
    ("corrects", "outgoing"): ("Đính chính", "Corrects"),
    ("corrects", "incoming"): ("Được đính chính bởi", "Corrected by"),
}


def relation_label(kind: str, direction: str, lang: str) -> str:
    vi, en = RELATIONS.get((kind, direction), (kind, kind))
    return en if lang == "en" else vi


def status_label(status: str, lang: str) -> str:
    """The vocabulary's status as written, or its English label with ?lang=en."""
    return STATUS_EN.get(status, status) if lang == "en" else status
