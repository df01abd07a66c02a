"""URL ingestion cannot be aimed at internal services (SSRF), whatever the spelling.

A real HTTP server listens on 127.0.0.1; every spelling of that address is
refused before a connection is made (the server sees no request), the same
URLs succeed once loopback is allowed explicitly, and a redirect from an
allowed host into a refused one is checked again and refused.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from indexer.remote import Fetcher, FetchError
from indexer.url_guard import AddressGuard, BlockedAddress, parse_networks
from tests.pipeline.helpers import index

BODY = "THÔNG BÁO\nSố: 77/TB-UBND\nVề việc kiểm tra địa chỉ nội bộ\n".encode()


class Handler(BaseHTTPRequestHandler):
    server: Local

    def log_message(self, format: str, *args: object) -> None:
        """Keep the test output clean."""

    def do_GET(self) -> None:
        self.server.seen.append(self.path)
        if self.path.startswith("/to-metadata"):
            self.send_response(302)
            self.send_header("Location", "http://169.254.169.254/latest/meta-data/")
            self.end_headers()
            return
        if self.path.startswith("/to-self"):
            self.send_response(301)
            self.send_header("Location", "/doc.txt")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()
        self.wfile.write(BODY)


class Local(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.seen: list[str] = []

    @property
    def port(self) -> int:
        return int(self.server_address[1])


@pytest.fixture
def local() -> Iterator[Local]:
    httpd = Local()
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def spellings(port: int) -> list[str]:
    return [
        f"http://127.0.0.1:{port}/doc.txt",
        f"http://127.1:{port}/doc.txt",
        f"http://2130706433:{port}/doc.txt",
        f"http://0x7f000001:{port}/doc.txt",
        f"http://localhost:{port}/doc.txt",
        f"http://[::ffff:127.0.0.1]:{port}/doc.txt",
    ]


def test_every_spelling_of_loopback_is_refused_by_default(local: Local, tmp_path: Path) -> None:
    fetcher = Fetcher(tmp_path / "dl", retries=0, per_host_rps=0)
    try:
        for url in spellings(local.port):
            with pytest.raises(FetchError, match="non-public address"):
                fetcher.fetch(url)
        with pytest.raises(FetchError, match="not a valid URL"):  # octal: httpx refuses it
            fetcher.fetch(f"http://0177.0.0.1:{local.port}/doc.txt")
    finally:
        fetcher.close()
    assert local.seen == []  # refused before connecting: the server saw nothing


def test_metadata_and_private_ranges_are_refused() -> None:
    guard = AddressGuard()
    for host in ["169.254.169.254", "10.0.0.1", "192.168.1.1", "172.16.0.1", "100.100.100.200"]:
        with pytest.raises(BlockedAddress):
            guard.resolve(host, 80)
    for host in ["::1", "fe80::1", "fd00:ec2::254", "0.0.0.0", "224.0.0.1"]:
        with pytest.raises(BlockedAddress):
            guard.resolve(host, 80)
    assert guard.resolve("8.8.8.8", 80) == "8.8.8.8"  # public: numeric, nothing sent


def test_loopback_allowed_explicitly_is_fetched(local: Local, tmp_path: Path) -> None:
    fetcher = Fetcher(
        tmp_path / "dl", retries=0, per_host_rps=0, allowed_networks=parse_networks("127.0.0.0/8")
    )
    try:
        for url in spellings(local.port)[:5]:
            assert fetcher.fetch(url).read_bytes() == BODY
        # A redirect within the allowed network is followed, and checked again.
        assert fetcher.fetch(f"http://127.0.0.1:{local.port}/to-self").read_bytes() == BODY
    finally:
        fetcher.close()


def test_a_redirect_into_a_refused_range_is_refused(local: Local, tmp_path: Path) -> None:
    fetcher = Fetcher(
        tmp_path / "dl", retries=0, per_host_rps=0, allowed_networks=parse_networks("127.0.0.1")
    )
    try:
        with pytest.raises(FetchError, match=r"169\.254\.169\.254"):
            fetcher.fetch(f"http://127.0.0.1:{local.port}/to-metadata")
    finally:
        fetcher.close()
    assert local.seen == ["/to-metadata"]
    assert not list((tmp_path / "dl").glob("*"))


def test_cli_refuses_loopback_unless_allowed(local: Local, tmp_path: Path) -> None:
    urls = [f"http://127.1:{local.port}/doc.txt", "http://169.254.169.254/latest/meta-data/"]
    refused = index(*urls, "--db", str(tmp_path / "a.db")).report
    assert refused["indexed"] == 0
    assert {f["source"] for f in refused["failed"]} == set(urls)
    assert all("non-public" in f["reason"] for f in refused["failed"])
    assert local.seen == []
    allowed = index(urls[0], "--db", str(tmp_path / "b.db"), "--allow-network", "127.0.0.0/8")
    assert allowed.report["indexed"] == 1
