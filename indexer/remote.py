"""Fetching documents from URLs politely and safely, with httpx.

Each URL is downloaded to a local cache file, then indexed like any file. The
fetcher never lets a remote server hurt the batch: a timeout per request,
retries with exponential backoff on timeouts, 429 and 5xx (honouring
Retry-After), a size limit enforced while streaming, a content-type check, and
at most ``per_host_rps`` requests per second to any one host. Every hop
(the first request and each redirect) goes through :mod:`indexer.url_guard`:
the host is resolved once, its address checked, and the connection made to
that very address, so internal services are out of reach by default.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import httpx

from indexer.url_guard import AddressGuard, BlockedAddress, IPNetwork

# Content types we can read, and the file ending the readers expect for each.
ACCEPTED_TYPES = {
    "text/plain": ".txt",
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "application/pdf": ".pdf",
    "application/msword": ".doc",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    # Servers often label any download this way; the readers sniff the real format.
    "application/octet-stream": ".bin",
}
RETRY_STATUSES = {429, 500, 502, 503, 504}
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
MAX_REDIRECTS = 5


class FetchError(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass
class Fetcher:
    cache_dir: Path
    timeout: float = 30.0
    retries: int = 3
    backoff: float = 0.5
    max_bytes: int = 50 * 1024 * 1024
    per_host_rps: float = 2.0
    allowed_networks: tuple[IPNetwork, ...] = ()
    sleep: Callable[[float], None] = time.sleep
    _last_request: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        self._guard = AddressGuard(tuple(self.allowed_networks))
        # Redirects are followed by hand, so each hop is checked like the first.
        self._client = httpx.Client(
            timeout=httpx.Timeout(self.timeout),
            follow_redirects=False,
            headers={"User-Agent": "vanban-indexer/0.1 (+https://github.com/vanban)"},
        )

    def close(self) -> None:
        self._client.close()

    def _wait_for_host(self, host: str) -> None:
        """Keep at least 1/per_host_rps seconds between two requests to one host."""
        interval = 1.0 / self.per_host_rps if self.per_host_rps > 0 else 0.0
        last = self._last_request.get(host)
        if last is not None:
            remaining = last + interval - time.monotonic()
            if remaining > 0:
                self.sleep(remaining)
        self._last_request[host] = time.monotonic()

    def fetch(self, url: str) -> Path:
        """Download ``url`` into the cache; the path of the file, or FetchError."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise FetchError("not an http(s) URL")
        last_error = "no attempt made"
        for attempt in range(self.retries + 1):
            if attempt:
                self.sleep(self.backoff * 2 ** (attempt - 1))
            self._wait_for_host(parts.netloc)
            try:
                return self._download(url)
            except _Retryable as exc:
                last_error = exc.reason
                if exc.retry_after is not None:
                    self.sleep(min(exc.retry_after, 60.0))
        raise FetchError(f"gave up after {self.retries + 1} attempts: {last_error}")

    def _pinned(self, url: str) -> httpx.Request:
        """A GET of ``url`` sent to the one address the guard checked.

        The URL's host is replaced by that address; the Host header and, for
        https, the TLS server name (which the certificate is verified against)
        keep the original name.
        """
        try:
            parts = httpx.URL(url)
        except httpx.InvalidURL as exc:
            raise FetchError(f"not a valid URL: {exc}") from exc
        if parts.scheme not in ("http", "https") or not parts.host:
            raise FetchError("not an http(s) URL")
        port = parts.port or (443 if parts.scheme == "https" else 80)
        try:
            address = self._guard.resolve(parts.host, port)
        except BlockedAddress as exc:
            raise FetchError(str(exc)) from exc
        host_header = parts.netloc.decode("ascii").rsplit("@", 1)[-1]
        request = self._client.build_request(
            "GET",
            parts.copy_with(host=address),
            headers={"Host": host_header},
            extensions={"sni_hostname": parts.host} if parts.scheme == "https" else {},
        )
        return request

    def _download(self, url: str) -> Path:
        try:
            return self._follow(url)
        except httpx.TimeoutException as exc:
            raise _Retryable(f"timed out after {self.timeout:g} s", None) from exc
        except httpx.TransportError as exc:
            raise _Retryable(f"connection failed: {exc}", None) from exc

    def _follow(self, url: str) -> Path:
        """Follow redirects by hand, every hop through the address guard."""
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            response = self._client.send(self._pinned(current), stream=True)
            try:
                if response.status_code not in REDIRECT_STATUSES:
                    return self._save(url, response)
                location = response.headers.get("location")
                if not location:
                    raise FetchError(f"HTTP {response.status_code} without a Location")
                current = urljoin(current, location)
            finally:
                response.close()
        raise FetchError(f"more than {MAX_REDIRECTS} redirects")

    def _save(self, url: str, response: httpx.Response) -> Path:
        if response.status_code in RETRY_STATUSES:
            raise _Retryable(
                f"HTTP {response.status_code}",
                _retry_after(response.headers.get("retry-after")),
            )
        if response.status_code >= 400:
            raise FetchError(f"HTTP {response.status_code}")
        suffix = _suffix(response.headers.get("content-type", ""))
        declared = response.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > self.max_bytes:
            raise FetchError(f"{int(declared):,} bytes, over the {self.max_bytes:,}-byte limit")
        target = self.cache_dir / (hashlib.sha1(url.encode()).hexdigest() + suffix)
        partial = target.with_suffix(target.suffix + ".part")
        size = 0
        try:
            with partial.open("wb") as handle:
                for chunk in response.iter_bytes(1 << 16):
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise FetchError(f"over the {self.max_bytes:,}-byte limit")
                    handle.write(chunk)
        except BaseException:  # over the limit, or the body stalled or broke off
            partial.unlink(missing_ok=True)
            raise
        partial.replace(target)
        return target


class _Retryable(Exception):
    def __init__(self, reason: str, retry_after: float | None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


def _suffix(content_type: str) -> str:
    kind = content_type.split(";")[0].strip().lower()
    if kind not in ACCEPTED_TYPES:
        raise FetchError(f"content type {kind or 'missing'!r} is not a document")
    return ACCEPTED_TYPES[kind]


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    if value.strip().isdigit():
        return float(value)
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))
