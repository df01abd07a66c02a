"""Complete legal records over the whole shared corpus: the figures of issue 13's "Done when".

Indexes every document source of ``shared/corpus`` (the scanned PDFs too, unless
``--no-ocr``) into a fresh embedded store through the same pipeline as
``vanban index``, then asks the search service (the code path of /api/v1) for:
the status facet and a status filter, cited-by of Luật 41/2024/QH15, documents
with their Công báo issue, Sơn La issuers naming their province, English
translations with number and type, and documents that are still two hits.
Writes the table into docs/records.md between its markers.

    .venv/bin/python scripts/bench_records.py [--no-ocr] [--workers N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

from _bench import CORPUS, ROOT, machine

from indexer.pipeline import Indexer
from indexer.state import IndexState
from search_api.backends.sqlite import SqliteBackend
from search_api.models import Filters, SearchRequest
from search_api.service import SearchService
from vanban_core.analysis import number_key
from vanban_core.schema import Document
from vanban_core.text.normalize import fold

START = "<!-- bench_records:start -->"
END = "<!-- bench_records:end -->"
SOURCES = (
    "seeds",
    "files/congbao_pdf_text_layer",
    "files/doc",
    "files/docx",
    "files/html_vbpl",
    "files/pdf_other",
    "congbao_sonla_metadata/van_ban.jsonl",
    "phapluat_8chude/docs.jsonl.gz",
    "vbpl_html_snapshots/docs.jsonl.gz",
    "alqac_law_corpus/articles.jsonl",
)
SCANNED = "files/congbao_pdf_scanned"
LAW = "41/2024/QH15"


def _identity(doc: Document) -> tuple[str, str, str, str] | None:
    if not doc.number:
        return None
    return (
        number_key(doc.number),
        fold(doc.issuer or "").lower(),
        str(doc.issued_date),
        doc.language,
    )


def measure(service: SearchService) -> list[tuple[str, str]]:
    """(figure, value) rows, every one read through the search service."""
    backend = service.backend
    docs = list(backend.iter_documents())
    rows: list[tuple[str, str]] = [("documents in the store", f"{len(docs):,}")]
    everything = service.search(SearchRequest(size=1, facet_size=20))
    status = everything.facets["status"]
    rows.append(("status facet", "; ".join(f"{b.value} {b.count:,}" for b in status)))
    in_force = service.search(
        SearchRequest(size=1, filters=Filters(facets={"status": ["Còn hiệu lực"]}))
    )
    rows.append(("`status=Còn hiệu lực` narrows to", f"{in_force.total:,} of {everything.total:,}"))
    derived = sum(1 for d in docs if d.status_reason)
    rows.append(("stored status derived from an indexed repealing text", f"{derived:,}"))
    # The facet counts the stored status; the page shows the completed record's. Over
    # every indexed document a repealing or replacing text names, they must agree.
    ending = ("repeals", "replaces")
    ended = {r.number for d in docs for r in d.relations if r.type.value in ending and r.number}
    targets = {t.id: t for n in sorted(ended) for t in backend.lookup(n, 5)}
    disagree = sum(1 for t in targets.values() if (c := service.get(t.id)) and c.status != t.status)
    rows.append(
        (
            "repealed/replaced documents whose page status differs from the facet's",
            f"{disagree} of {len(targets):,}",
        )
    )
    day = dt.date(2026, 1, 1)
    dated = service.search(SearchRequest(size=1, filters=Filters(in_force_on=day)))
    rows.append((f"`in_force_on={day}`", f"{dated.total:,}"))
    with_effective = sum(1 for d in docs if d.effective_date)
    rows.append(("documents with an effective date", f"{with_effective:,}"))
    laws = [d for d in backend.lookup(LAW, 5) if d.language == "vi"]
    completed = service.get(laws[0].id) if laws else None
    cited_by = len(completed.cited_by) if completed else 0
    rows.append((f"cited by, Luật {LAW}", f"{cited_by} documents"))
    typed = Counter(r.type.value for d in docs for r in d.relations if r.type.value != "cites")
    rows.append(("typed outgoing relations", ", ".join(f"{k} {v}" for k, v in typed.most_common())))
    gazette = [d for d in docs if d.gazette and d.gazette.issues]
    rows.append(("documents with their Công báo issue", f"{len(gazette):,}"))
    by_issue = service.search(SearchRequest(size=1, filters=Filters(facets={"gazette": ["242"]})))
    rows.append(("`gazette=242` finds", f"{by_issue.total} documents"))
    sonla = [d for d in docs if (d.source_url or "").startswith("https://congbao.sonla.gov.vn")]
    named = sum(1 for d in sonla if d.issuer and "Sơn La" in d.issuer)
    rows.append(("Sơn La issuers naming the province", f"{named} of {len(sonla)}"))
    english = [d for d in docs if d.language == "en"]
    complete = sum(1 for d in english if d.number and d.doc_type)
    share = complete / len(english) if english else 0.0
    rows.append(
        ("English translations with number and type", f"{complete} of {len(english)} ({share:.1%})")
    )
    dated_en = sum(1 for d in english if d.issued_date or d.effective_date)
    rows.append(("English translations with a date (issue or effective)", f"{dated_en}"))
    linked = sum(
        1
        for d in english
        if d.number and any(o.language == "vi" for o in backend.lookup(d.number, 5))
    )
    rows.append(("English translations linked to an indexed Vietnamese original", f"{linked}"))
    groups: dict[tuple[str, str, str, str], list[str]] = defaultdict(list)
    for doc in docs:
        identity = _identity(doc)
        if identity and doc.issuer and doc.issued_date:
            groups[identity].append(doc.id)
    twice = [ids for ids in groups.values() if len(ids) > 1]
    rows.append(("documents still stored twice (same number, issuer, date)", f"{len(twice)}"))
    merged = sum(1 for d in docs if len(d.sources) > 2 or any("files/" in s for s in d.sources[1:]))
    rows.append(("records with more than one source", f"{merged}"))
    originals = sum(1 for d in docs if d.original_file)
    rows.append(("documents with a kept original file", f"{originals}"))
    return rows


def render(rows: list[tuple[str, str]], seconds: float, load: float, ocr: bool) -> str:
    lines = [
        START,
        f"Measured {time.strftime('%Y-%m-%d')} on {machine()}; one run, load average "
        f"{load:.1f} before indexing; indexing took {seconds:.0f} s"
        + ("" if ocr else " (scanned PDFs left out: --no-ocr)")
        + ".",
        "",
        "| figure | value |",
        "|---|---|",
        *(f"| {name} | {value} |" for name, value in rows),
        END,
    ]
    return "\n".join(lines)


def write(block: str) -> None:
    path = ROOT / "docs" / "records.md"
    text = path.read_text(encoding="utf-8")
    start, end = text.index(START), text.index(END) + len(END)
    path.write_text(text[:start] + block + text[end:], encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--no-ocr", action="store_true", help="leave the scanned PDFs out")
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args()
    paths = [CORPUS / p for p in SOURCES] + ([] if args.no_ocr else [CORPUS / SCANNED])
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as work:
        backend = SqliteBackend(Path(work) / "records.db")
        state = IndexState(Path(work) / "records.state")
        started = time.perf_counter()
        report = Indexer(backend, state, workers=args.workers, blob_dir=Path(work) / "files").run(
            paths
        )
        seconds = time.perf_counter() - started
        state.close()
        rows = [("index failures", str(len(report.failed))), *measure(SearchService(backend))]
        backend.close()
    block = render(rows, seconds, load, not args.no_ocr)
    print(block)
    write(block)


if __name__ == "__main__":
    main()
