"""`vanban --help` and the search table read well at 80 columns, as a newcomer sees them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer

from tests.conftest import ROOT
from tests.pipeline.helpers import index
from vanban_cli.main import app

COMMANDS = ["index", "search", "lookup", "extract", "serve", "eval", "reindex"]
NARROW = {**os.environ, "COLUMNS": "80", "TERM": "dumb"}


def vanban(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "vanban_cli.main", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=NARROW,
        timeout=120,
    )


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_help_fits_80_columns_and_flags_take_no_value(command: str) -> None:
    shown = vanban(*([command] if command else []), "--help")
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert all(len(line) <= 80 for line in lines), max(lines, key=len)
    assert "<bool>" not in shown.stdout
    assert "Show this message and exit." in shown.stdout


def test_every_option_is_described() -> None:
    group = typer.main.get_group(app)
    for name in COMMANDS:
        command = group.commands[name]
        for param in command.params:
            assert getattr(param, "help", None), f"vanban {name} {param.name}: no help"


@pytest.mark.parametrize(
    ("command", "option", "default"),
    [
        ("serve", "--host", "127.0.0.1"),
        ("serve", "--port", "8000"),
        ("search", "--db", "data/vanban.db"),
        ("search", "--index", "vanban"),
        ("index", "--workers", "the core count"),
        ("search", "--sort", "relevance"),
    ],
)
def test_options_show_their_default(command: str, option: str, default: str) -> None:
    shown = " ".join(vanban(command, "--help").stdout.replace("│", " ").split())  # unwrapped
    start = shown.index(f" {option} ")
    following = shown[start : shown.index(" --", start + len(option) + 1)]
    assert f"[default: {default}]" in following, following


def test_date_range_options_are_described() -> None:
    shown = " ".join(vanban("search", "--help").stdout.replace("│", " ").split())
    assert "--from YYYY-MM-DD Ban hành từ ngày / issued on or after" in shown
    assert "--to YYYY-MM-DD Ban hành đến ngày / issued on or before" in shown


def test_search_table_keeps_numbers_dates_and_ids_whole(tmp_path: Path) -> None:
    """At 80 columns, number, date and id of each hit stay on one line (no "1016/TB-V")."""
    db = tmp_path / "table.db"
    index(str(ROOT / "samples" / "thong-bao-1016-TB-VPCP.txt"), "--db", str(db))
    index(str(ROOT / "samples" / "phapluat-sample.jsonl.gz"), "--db", str(db))
    # Matched by five documents' own words (gazette stamps, which every Công báo
    # page carries, are not part of the stored text).
    query = "nghị định chính phủ"
    table = vanban("search", query, "--db", str(db), "--size", "5")
    assert table.returncode == 0, table.stderr
    lines = table.stdout.splitlines()
    # Every line fits, but the next page's cursor: one token, kept whole to be copied.
    assert all(len(line) <= 80 for line in lines if not line.startswith("--cursor ")), lines
    hits = json.loads(vanban("search", query, "--db", str(db), "--size", "5", "--json").stdout)
    assert len(hits["hits"]) == 5
    for hit in hits["hits"]:
        for value in (hit["number"], hit["id"]):
            if value:
                assert any(value in line for line in lines), value
        if hit["issued_date"]:
            year, month, day = hit["issued_date"].split("-")
            assert any(f"{day}/{month}/{year}" in line for line in lines)
