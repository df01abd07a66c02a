"""A generated store larger than one offset-paged window (> 1,000 documents).

Real texts cannot give 1,100 documents from 43 issuers in a test fixture, so
these are written from templates: every document matches "quyết định", the
issuers outnumber the default facet size, and dates spread over 26 years.
"""

from __future__ import annotations

import datetime as dt

from vanban_core.schema import Document

ISSUER_COUNT = 43
DOC_COUNT = 1_100
_TYPES = ("Quyết định", "Thông báo", "Công văn", "Chỉ thị")
_PROVINCES = (
    "Hà Nội", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Sơn La", "Lào Cai", "Huế", "Nghệ An",
    "Thanh Hóa", "Quảng Ninh", "Bắc Ninh", "Nam Định", "Thái Bình", "Hà Tĩnh", "Lâm Đồng",
)  # fmt: skip


def issuers() -> list[str]:
    names = [f"Ủy ban nhân dân tỉnh {p}" for p in _PROVINCES]
    names += [f"Sở Tư pháp tỉnh {p}" for p in _PROVINCES]
    names += [f"Sở Tài chính tỉnh {p}" for p in _PROVINCES]
    return names[:ISSUER_COUNT]


def generated_documents(count: int = DOC_COUNT) -> list[Document]:
    bodies = issuers()
    days = [dt.date(2000, 1, 1) + dt.timedelta(days=(i * 7) % 9_490) for i in range(count)]
    numbers = [f"{i + 1}/{day.year}/QĐ-UBND" for i, day in enumerate(days)]
    docs = []
    for i, day in enumerate(days):
        issuer = bodies[i % len(bodies)]
        doc_type = _TYPES[i % len(_TYPES)]
        docs.append(
            Document(
                id=f"gen-{i:05d}",
                number=numbers[i],
                doc_type=doc_type,
                issuer=issuer,
                issued_date=day,
                title=f"Quyết định về việc phê duyệt kế hoạch số {i + 1} năm {day.year}",
                text=(
                    f"{issuer} quyết định phê duyệt kế hoạch số {i + 1}. "
                    "Điều 1. Quyết định này có hiệu lực kể từ ngày ký."
                ),
                cites=[numbers[i - 1]] if i else [],  # each cites the one before
            )
        )
    return docs
