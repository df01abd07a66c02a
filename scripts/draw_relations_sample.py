"""Draw a fresh sample of corpus documents for hand-checking relation extraction.

The documents are chosen *before* anything is extracted from them: every
Vietnamese corpus document with a text (vbpl.vn snapshots and phapluat Công báo
texts), ids sorted, shuffled with a fixed seed, those already in a gold file
left out, then taken in that order. ``--show`` prints, for the reviewer, each
document's title and every line of its own text that uses a relation formula
(with the lines under a list intro), never what the extractor finds: the gold
is what the text says, read by a person.

    .venv/bin/python scripts/draw_relations_sample.py --seed 1313 --count 32 [--show]

gives the documents of ``relations_gold_3.jsonl`` (drawn as the second held-out
sample), ``--seed 1313 --skip 32 --count 16`` those of ``relations_gold_4.jsonl`` (the
third, drawn as ``relations_heldout_3.jsonl``), and ``--seed 1313 --skip 48`` the ones
after them, of which the first 24 are ``relations_gold_5.jsonl`` (drawn as
``relations_heldout_4.jsonl``), ``--seed 1313 --skip 72`` those of
``relations_gold_6.jsonl`` (drawn as ``relations_heldout_5.jsonl``), and ``--seed 1313
--skip 102`` those of ``relations_heldout_6.jsonl``. The samples drawn from
this shuffle are not in ``EARLIER``: they are skipped by position, so every earlier draw
stays reproducible.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re

from _bench import CORPUS, ROOT

FIXTURES = ROOT / "tests" / "fixtures"
_FORMULA = re.compile(
    r"thay\s+thế|bãi\s+bỏ|hết\s+hiệu\s+lực|sửa\s+đổi|bổ\s+sung|hướng\s+dẫn|quy\s+định\s+chi\s+tiết|"
    r"đính\s+chính|hợp\s+nhất|biện\s+pháp\s+thi\s+hành",
    re.IGNORECASE,
)
# The article that states what the text does to others (Điều khoản thi hành, Hiệu lực …).
_FINAL = re.compile(
    r"^Điều\s+\d+\w?\s*[.:]\s*(?:Điều\s+khoản\s+thi\s+hành|Hiệu\s+lực|Tổ\s+chức\s+thực)", re.I
)
_NUMBER = re.compile(r"\d+/\d{4}/|\d+/[A-ZĐ]")


def _texts() -> dict[str, tuple[str, str]]:
    """id -> (title, text) of every Vietnamese corpus document that has a text."""
    out: dict[str, tuple[str, str]] = {}
    with gzip.open(CORPUS / "vbpl_html_snapshots/docs.jsonl.gz", "rt", encoding="utf-8") as h:
        for line in h:
            r = json.loads(line)
            if r.get("language", "vi") == "vi" and (r.get("text") or "").strip():
                out[str(r["id"])] = (str(r.get("title") or ""), str(r["text"]))
    with gzip.open(CORPUS / "phapluat_8chude/docs.jsonl.gz", "rt", encoding="utf-8") as h:
        for line in h:
            r = json.loads(line)
            if (r.get("full_text") or "").strip():
                out[str(r["id"])] = (str(r.get("mo_ta") or ""), str(r["full_text"]))
    return out


# The samples that existed when the seed-1313 shuffle was first drawn: their documents
# are left out, so the draw is reproducible after its own gold files are written (the
# gold files drawn from it, relations_gold_3.jsonl to relations_gold_6.jsonl and
# relations_heldout_6.jsonl, are skipped with --skip instead).
EARLIER = ("relations_gold.jsonl", "relations_gold_2.jsonl")


def _used(names: tuple[str, ...]) -> set[str]:
    used: set[str] = set()
    for name in names:
        lines = (FIXTURES / name).read_text("utf-8").splitlines()
        used.update(json.loads(line)["id"] for line in lines)
    return used


def draw(seed: int, count: int, earlier: tuple[str, ...] = EARLIER) -> list[str]:
    ids = sorted(_texts())
    random.Random(seed).shuffle(ids)
    used = _used(earlier)
    return [i for i in ids if i not in used][:count]


def show(doc_id: str, title: str, text: str) -> None:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    print(f"===== {doc_id} ({len(lines)} lines) | {title[:200]}")
    under = 0
    for index, line in enumerate(lines):
        if index < 30 or under:  # the header and title; the rest of a final article
            print(f"  {index}:   {line[:400]}")
            under -= 1 if under else 0
        elif _FORMULA.search(line) and (_NUMBER.search(line) or line.endswith(":")):
            print(f"  {index}: {line[:700]}")
            under = 12 if line.endswith(":") else 0
        if _FINAL.search(line):
            under = 25


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--count", type=int, default=40)
    parser.add_argument("--skip", type=int, default=0, help="start after this many drawn")
    parser.add_argument("--show", action="store_true")
    args = parser.parse_args()
    texts = _texts()
    for doc_id in draw(args.seed, args.skip + args.count)[args.skip :]:
        if args.show:
            show(doc_id, *texts[doc_id])
        else:
            print(doc_id)


if __name__ == "__main__":
    main()
