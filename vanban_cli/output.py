"""Printing results for people (rich tables) and for programs (JSON)."""

from __future__ import annotations

import json
import sys
from textwrap import shorten

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from search_api.models import SearchPage

TITLE_CHARS = 160  # cut at a word boundary
ABOUT_WIDTH = 20  # "Văn phòng Chính phủ", most numbers
console = Console()
err_console = Console(stderr=True)


def print_json(data: object) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, default=str) + "\n")


def print_page(page: SearchPage) -> None:
    """One row per hit, readable at 80 columns and wider.

    Two text columns, not seven: at 80 columns seven columns are a few
    characters wide each and split numbers and dates mid-token ("1016/TB-V" /
    "PCP"). The first holds number, date, type and issuer, one per line, and is
    as wide as the longest number on the page; the title and the id (which
    ``vanban`` and /api/v1/documents take) share the rest. Lines wrap at spaces.
    """
    longest = max((len(hit.number or "") for hit in page.hits), default=0)
    table = Table(
        title=f"{page.total} kết quả (results)",
        box=box.SIMPLE_HEAD,
        show_lines=True,  # a blank line between hits, whose cells span several lines
        pad_edge=False,
    )
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("Văn bản", width=max(ABOUT_WIDTH, longest))
    table.add_column("Trích yếu · id", ratio=1, overflow="fold")
    for rank, hit in enumerate(page.hits, start=1 + (page.page - 1) * page.size):
        about = Text(hit.number or "–", style="bold")
        if hit.issued_date:
            about.append("\n" + hit.issued_date.strftime("%d/%m/%Y"))
        for part in (hit.doc_type, hit.issuer, hit.status):
            if part:
                about.append("\n" + part)
        title = Text(shorten(hit.title or "", TITLE_CHARS, placeholder=" …"))
        title.append(("\n" if hit.title else "") + hit.id, style="dim")
        table.add_row(str(rank), about, title)
    console.print(table)
