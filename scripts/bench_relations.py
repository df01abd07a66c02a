"""Relation extraction measured against hand-checked samples (tests/fixtures/relations_*.jsonl).

Each gold line names a corpus document (vbpl.vn or phapluat Công báo text) and
every typed relation its text states (replaces, repeals, amends, guides,
consolidates, corrects), checked by reading the text; a document that acts on
no numbered document has an empty list, so false positives count too. The
document is built by the indexing code path (``indexer.build.build_document``)
and its typed outgoing relations compared with the gold as (type, number key).
Plain citations are not scored. Writes docs/relations.md between its markers.

    .venv/bin/python scripts/bench_relations.py
"""

from __future__ import annotations

import gzip
import json
import os
import time
from collections import Counter
from pathlib import Path

from _bench import CORPUS, ROOT, machine

from indexer.build import build_document
from vanban_core.analysis import number_key

FIXTURES = ROOT / "tests" / "fixtures"
# Development samples: read while the rules were written. The second to the sixth were
# held-out samples (25, 32, 16, 24 and 29 documents), each measured once after the rules of
# its round and then used to change the rules: from then on development data.
GOLD = FIXTURES / "relations_gold.jsonl"
GOLD_2 = FIXTURES / "relations_gold_2.jsonl"
GOLD_3 = FIXTURES / "relations_gold_3.jsonl"
GOLD_4 = FIXTURES / "relations_gold_4.jsonl"
GOLD_5 = FIXTURES / "relations_gold_5.jsonl"
GOLD_6 = FIXTURES / "relations_gold_6.jsonl"
# The documents after those of relations_gold_6.jsonl in `scripts/draw_relations_sample.py
# --seed 1313`, hand-checked before the extractor was run on them, after the last rule
# change: the honest figure. How they were taken (the rule was fixed before the draw):
HELD_OUT = FIXTURES / "relations_heldout_6.jsonl"
HELD_OUT_DRAW = (
    "documents 103-133 of `scripts/draw_relations_sample.py --seed 1313` (`--skip 102 --count "
    "31`), taken in shuffled order until the gold had at least 50 relations, a document whose "
    "gold has more than 15 relations to be left out (none was: 31 documents, 50 relations; the "
    "largest has 12)"
)
START = "<!-- bench_relations:start -->"
END = "<!-- bench_relations:end -->"
BIG_LIST = "vbpl-185588"  # 45 repeals in one document: reported apart as well


def _key(kind: str, number: str) -> tuple[str, str]:
    return kind, number_key(number) or number.casefold()


def _records() -> dict[str, dict[str, object]]:
    records: dict[str, dict[str, object]] = {}
    for name in ("vbpl_html_snapshots/docs.jsonl.gz", "phapluat_8chude/docs.jsonl.gz"):
        with gzip.open(CORPUS / name, "rt", encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                records[str(record["id"])] = record
    return records


def evaluate(
    path: Path, records: dict[str, dict[str, object]]
) -> tuple[list[str], list[str], int, int]:
    """Table rows, errors, documents and gold relations of one gold file."""
    gold_lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    errors: list[str] = []
    for entry in gold_lines:
        doc = build_document(records[entry["id"]], fallback_key=entry["id"])
        found = {
            _key(r.type.value, r.number or "") for r in doc.relations if r.type.value != "cites"
        }
        wanted = {_key(r["type"], r["number"]) for r in entry["relations"]}
        scope = "big" if entry["id"] == BIG_LIST else "rest"
        for kind, _ in found & wanted:
            tp[kind] += 1
            tp[scope] += 1
        for kind, number in found - wanted:
            fp[kind] += 1
            fp[scope] += 1
            errors.append(f"extra {kind} {number} in {entry['id']}")
        for kind, number in wanted - found:
            fn[kind] += 1
            fn[scope] += 1
            errors.append(f"missed {kind} {number} in {entry['id']}")
    kinds = sorted({k for c in (tp, fp, fn) for k in c} - {"big", "rest"})
    name = path.name
    rows = [
        _row(
            f"{name}: all",
            sum(tp[k] for k in kinds),
            sum(fp[k] for k in kinds),
            sum(fn[k] for k in kinds),
        )
    ]
    if tp["big"] + fn["big"]:
        rows.append(
            _row(
                f"{name}: all but {BIG_LIST} (a 45-item repeal list)",
                tp["rest"],
                fp["rest"],
                fn["rest"],
            )
        )
    rows.extend(_row(f"{name}: {kind}", tp[kind], fp[kind], fn[kind]) for kind in kinds)
    relations = sum(len(e["relations"]) for e in gold_lines)
    return rows, [f"{name}: {e}" for e in sorted(errors)], len(gold_lines), relations


def main() -> None:
    load = os.getloadavg()[0]
    records = _records()
    rows: list[str] = []
    errors: list[str] = []
    sizes: list[str] = []
    samples = (HELD_OUT, GOLD_6, GOLD_5, GOLD_4, GOLD_3, GOLD_2, GOLD)
    for path in (p for p in samples if p.exists()):  # no held-out file while it is drawn
        table, wrong, documents, relations = evaluate(path, records)
        rows.extend(table)
        errors.extend(wrong)
        sizes.append(f"`{path.name}` {documents} documents, {relations} relations")
    block = "\n".join(
        [
            START,
            f"Measured {time.strftime('%Y-%m-%d')} on {machine()}, load average {load:.1f}; "
            + "; ".join(sizes)
            + ". One run. "
            + (
                f"Held-out: `{HELD_OUT.name}`, {HELD_OUT_DRAW}, hand-checked from their text "
                "before the extractor was run on them and after the last rule change; no rule "
                "was changed for it. "
                if HELD_OUT.exists()
                else "No held-out sample yet (development figures only). "
            )
            + "Development: `relations_gold.jsonl`, and `relations_gold_2.jsonl` to "
            "`relations_gold_6.jsonl`, the five earlier held-out samples, whose errors were "
            "used to change the rules after their one measurement (see above).",
            "",
            "| relations | gold | found | correct | precision | recall |",
            "|---|---|---|---|---|---|",
            *rows,
            "",
            "Errors:",
            "",
            *(f"- {e}" for e in errors),
            END,
        ]
    )
    print(block)
    path = ROOT / "docs" / "relations.md"
    text = path.read_text(encoding="utf-8")
    start, end = text.index(START), text.index(END) + len(END)
    path.write_text(text[:start] + block + text[end:], encoding="utf-8")


def _row(name: str, tp: int, fp: int, fn: int) -> str:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return f"| {name} | {tp + fn} | {tp + fp} | {tp} | {precision:.3f} | {recall:.3f} |"


if __name__ == "__main__":
    main()
