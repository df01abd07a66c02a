"""A phrase rare in the collection counts for its rarity, on both backends.

In long documents, and even more once diacritics are folded away, nearly every
syllable occurs in every document ("tạm", "tâm" and "tăm" all fold to ``tam``),
and pyvi cannot find the words of a question typed without diacritics. Then the
adjacent syllable pairs are the only signal left, and a pair must weigh by how
few documents hold the *pair*, as FTS5 scores a phrase. Elasticsearch used to
weigh a phrase by the sum of its syllables' IDFs (Lucene's default), near zero
here, and ranked the ALQAC laws far behind SQLite for folded questions
(docs/relevance.md, "Long documents"); its syllable fields now index their
pairs (``index_phrases`` in mappings/index.json).
"""

from __future__ import annotations

from search_api.backends.base import SearchBackend
from search_api.models import SearchRequest
from search_api.service import SearchService
from vanban_core.schema import Document

QUESTION = "Thoi han tam tru toi da la bao lau?"
# Every syllable of the question, folded, and none of its adjacent pairs.
_APART = (
    "Điều 1. Thời gian, giới hạn và bao nhiêu lâu. Điều 2. Tâm lý ở trụ sở, tôi xem đã lâu. "
    "Điều 3. Trừ khi tâm trạng tối tăm, thời tiết hạn hán, đà tăng bền, bao gồm lá cờ."
)
_FILLER = " ".join(f"Điều {n}. Hồ sơ, giấy tờ và cách giải quyết." for n in range(4, 60))
# The law that answers holds one pair of the question, once, in a long text;
# the short ones hold its syllables more densely, never two adjacent.
ANSWER = Document(
    id="answer",
    title="Luật A",
    text=f"{_APART} {_FILLER} Điều 60. Công dân đăng ký tạm trú tại nơi ở mới.",
)
OTHERS = [Document(id=f"other-{n}", title="Luật B", text=f"{_APART} Điều {n}.") for n in range(4)]


def test_rare_pair_of_common_syllables_ranks_its_document_first(backend: SearchBackend) -> None:
    assert backend.upsert([ANSWER, *OTHERS]).failed == {}
    hits = SearchService(backend).search(SearchRequest(q=QUESTION, size=10)).hits
    assert [h.id for h in hits][:1] == ["answer"]
