"""The Elasticsearch mapping covers every field the indexer writes."""

from __future__ import annotations

import datetime as dt

from search_api.backends.elasticsearch.admin import index_body
from search_api.backends.elasticsearch.documents import to_source
from vanban_core.fields import SYLLABLE_VARIANTS, TEXT_FIELDS, VARIANT_NAMES, column
from vanban_core.prepared import prepare
from vanban_core.schema import Document, Gazette, Relation, RelationType


def test_every_written_field_is_mapped() -> None:
    doc = Document(
        id="x",
        number="1016/TB-VPCP",
        doc_type="Thông báo",
        issuer="Văn phòng Chính phủ",
        issued_date=dt.date(2014, 2, 25),
        place="Hà Nội",
        signer="Nguyễn Tiến Dũng",
        title="Ý kiến chỉ đạo",
        text="Nội dung",
        recipients=["Lưu: VT"],
        cites=["06/2013/QĐ-TTg"],
        status="Còn hiệu lực",
        source_url="https://example.invalid/x",
        gazette=Gazette(issues=[242], date=dt.date(2026, 4, 22), pages="3-7"),
        effective_date=dt.date(2014, 3, 1),
        expiry_date=dt.date(2030, 1, 1),
        field=["Tài chính"],
        relations=[Relation(type=RelationType.repeals, number="1/2013/QĐ-TTg", partial=True)],
        sources=["https://example.invalid/x", "x.pdf"],
        original_file="/api/v1/files/" + "0" * 64 + ".pdf",
        file_urls=["https://example.invalid/x.pdf"],
    )
    written = set(to_source(prepare(doc)))
    mapped = set(index_body()["mappings"]["properties"])
    assert written <= mapped, f"unmapped: {written - mapped}"
    assert set(Document.model_fields) <= mapped


def test_mapping_uses_only_builtin_analyzers() -> None:
    """No analysis-common module needed: the index runs on any Elasticsearch."""
    body = index_body()
    assert "analysis" not in body["settings"].get("index", {})
    analyzers = {
        spec.get("analyzer")
        for spec in body["mappings"]["properties"].values()
        if spec.get("analyzer")
    }
    assert analyzers <= {"whitespace", "standard", "keyword"}
    assert body["mappings"]["dynamic"] == "strict"


def test_syllable_fields_index_their_pairs() -> None:
    """A syllable pair scores with its own document frequency, as an FTS5 phrase does
    (tests/conformance/test_phrase_rarity.py shows why); word fields need none."""
    properties = index_body()["mappings"]["properties"]
    for field in TEXT_FIELDS:
        for variant in VARIANT_NAMES:
            spec = properties[column(field, variant)]
            assert spec.get("index_phrases", False) is (variant in SYLLABLE_VARIANTS), spec
