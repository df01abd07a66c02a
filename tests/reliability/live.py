"""A real `vanban serve` on 127.0.0.1, for behaviour only a real HTTP server shows."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from tests.conftest import ROOT


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def live_server(db: Path, *, env: dict[str, str] | None = None) -> Iterator[str]:
    """`vanban serve --db db` on a free port; yields its base URL, stops it afterwards."""
    with live_server_process(db, env=env) as (base, _):
        yield base


@contextmanager
def live_server_process(
    db: Path, *, env: dict[str, str] | None = None
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """:func:`live_server`, with the server's process too."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "vanban_cli.main", "serve", "--db", str(db), "--port", str(port)],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"{base}/healthz", timeout=2)
                break
            except httpx.TransportError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"vanban serve did not start: {process.stderr}") from None
                time.sleep(0.2)
        yield base, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
