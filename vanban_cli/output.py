"""Printing results for people (rich tables) and for programs (JSON)."""

from __future__ import annotations

import json
import sys

from rich.console import Console
from rich.table import Table

from search_api.models import SearchPage

console = Console()
err_console = Console(stderr=True)


def print_json(data: object) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, default=str) + "\n")


def print_page(page: SearchPage) -> None:
    table = Table(title=f"{page.total} kết quả (results)", show_lines=False)
    for column in ("#", "Số hiệu", "Loại", "Cơ quan", "Ngày", "Hiệu lực", "Trích yếu", "id"):
        table.add_column(column, overflow="fold")
    for rank, hit in enumerate(page.hits, start=1 + (page.page - 1) * page.size):
        table.add_row(
            str(rank),
            hit.number or "",
            hit.doc_type or "",
            hit.issuer or "",
            hit.issued_date.strftime("%d/%m/%Y") if hit.issued_date else "",
            hit.status,
            (hit.title or "")[:120],
            hit.id,
        )
    console.print(table)
