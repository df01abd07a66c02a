"""The fast decoder segments exactly as plain pyvi does, token by token.

Compared on every fixture text (real documents, line by line and as whole
texts), on hand-picked awkward input, and through both of its paths: its own
Viterbi and the CRFsuite fallback it takes for decisions too close to call.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from pyvi import ViTokenizer

from vanban_core.analysis import analyze, crf, joined
from vanban_core.fields import document_tokens, meta_text
from vanban_core.schema import Document

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
AWKWARD = [
    "Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015;",
    "UBND. TP.HCM Tp. Hồ Chí Minh Mr. Dr. ThS. Nguyễn Văn A ==> -> ... >>",
    "Liên hệ: vanthu@chinhphu.vn, https://vbpl.vn/TW/Pages/vbpq.aspx?ItemID=1 1.234,56 đồng",
    "HÀ NỘI, ngày 25 tháng 02 năm 2014 — «Điều 1» (a) [b] {c} 3/4 x²",
    "ΣΑΣ ΑΣ Ωμέγα İstanbul ﬁnance ＡＢＣ",
    "   ",
    "a",
]


def _texts() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((FIXTURES / "extract").glob("*.txt"))]
    for line in (FIXTURES / "conformance_docs.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        texts.extend(v for v in (record.get("title"), record.get("text")) if v)
    return [unicodedata.normalize("NFC", t) for t in texts]


def _lines() -> list[str]:
    return [line for text in _texts() for line in text.splitlines() if line.strip()]


def _pyvi(text: str) -> list[str]:
    words: str = ViTokenizer.tokenize(text)
    return words.split()


def test_fixture_lines_match_pyvi_token_by_token() -> None:
    lines = [*_lines(), *AWKWARD]
    assert len(lines) > 800
    mismatches = [line for line in lines if crf.tokenize(line) != _pyvi(line)]
    assert mismatches == []


def test_whole_texts_match_pyvi() -> None:
    # Line breaks are syllables of their own for pyvi; whole texts exercise them.
    for text in _texts()[:6]:
        assert crf.tokenize(text) == _pyvi(text)


def test_the_crfsuite_fallback_gives_the_same_words(monkeypatch: pytest.MonkeyPatch) -> None:
    # A bound this large makes every decision "too close", so CRFsuite labels all.
    monkeypatch.setattr(crf, "_ROUNDING_PER_SYLLABLE", 1e9)
    lines = _lines()[:300]
    assert [crf.tokenize(line) for line in lines] == [_pyvi(line) for line in lines]


def test_the_whole_text_column_is_the_analysis_of_the_whole_text() -> None:
    """Analyzing title, metadata and body once each gives what analyzing the joined
    text gives (the text column used to be analyzed separately)."""
    record = json.loads((FIXTURES / "conformance_docs.jsonl").read_text().splitlines()[0])
    doc = Document.model_validate(record)
    whole = analyze("\n".join(v for v in (doc.title, meta_text(doc), doc.text) if v))
    parts = joined([analyze(doc.title or ""), analyze(meta_text(doc)), analyze(doc.text)])
    assert parts == whole
    tokens = document_tokens(doc)
    assert tokens["text_w"] == " ".join(whole.words)
    assert tokens["text_f"] == " ".join(whole.folded_syllables)
