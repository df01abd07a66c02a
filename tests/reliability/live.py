"""A real `vanban serve` on 127.0.0.1, for behaviour only a real HTTP server shows."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path

import httpx

from tests.conftest import ROOT


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def live_server(
    db: Path, *, env: dict[str, str] | None = None, store_args: Sequence[str] = ()
) -> Iterator[str]:
    """`vanban serve --db db` on a free port; yields its base URL, stops it afterwards.

    ``store_args`` (``--es-url URL --index NAME``) select another store."""
    with live_server_process(db, env=env, store_args=store_args) as (base, _):
        yield base


@contextmanager
def live_server_process(
    db: Path, *, env: dict[str, str] | None = None, store_args: Sequence[str] = ()
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """:func:`live_server`, with the server's process too."""
    port = free_port()
    store = list(store_args) or ["--db", str(db)]
    process = subprocess.Popen(
        [sys.executable, "-m", "vanban_cli.main", "serve", *store, "--port", str(port)],
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


@contextmanager
def tcp_forwarder(port: int, target: tuple[str, int]) -> Iterator[None]:
    """Listen on 127.0.0.1:``port`` and relay every connection to ``target`` until the block ends.

    Lets a test make a closed port start answering, as a cluster coming up does."""
    listener = socket.create_server(("127.0.0.1", port))
    listener.settimeout(0.2)
    stop = threading.Event()
    opened: list[socket.socket] = []

    def pump(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
            sink.shutdown(socket.SHUT_WR)
        except OSError:
            pass

    def accept() -> None:
        while not stop.is_set():
            try:
                near, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            far = socket.create_connection(target, timeout=30)
            near.settimeout(None)
            far.settimeout(None)
            opened.extend((near, far))
            for source, sink in ((near, far), (far, near)):
                threading.Thread(target=pump, args=(source, sink), daemon=True).start()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=5)
        listener.close()
        for end in opened:
            with suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)
            end.close()
