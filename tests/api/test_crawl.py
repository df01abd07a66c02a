"""Every link the UI writes works: a crawler follows them through HTTP.

From the home page and 20 varied queries it follows every internal link (facets,
paging, sort, language, documents, cited documents, assets) and submits every GET
form with each of its choices, breadth first, a bounded number of pages per kind
of URL so the few hundred pages visited cover every kind rather than one long
chain of facet combinations. No answer may be a server error, and no link the
UI wrote may lead to an error page.
"""

from __future__ import annotations

from collections import Counter, deque
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from fastapi.testclient import TestClient

QUERIES = [
    "quyết định",
    "quyet dinh",
    "thong bao",
    "1016/TB-VPCP",
    "1016 tb vpcp",
    "06/2013/QĐ-TTg",
    '"chuyển đổi số"',
    "văn phòng chính phủ -hà",
    "hoà giải",
    "uỷ ban nhân dân",
    "thong bap",
    "nghị định OR thông tư",
    "loai:QĐ",
    "co_quan:VPCP",
    "nam:2014",
    "ngay:2014-02-01..2014-03-01",
    "so:1016/TB-VPCP",
    "không có gì như thế này cả",
    "<script>alert(1)</script>",
    "a" * 300,
]
MAX_PAGES = 400
PER_KIND = 25


class _Page(HTMLParser):
    """The links and GET forms of one page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.forms: list[tuple[str, list[tuple[str, str]], dict[str, list[str]]]] = []
        self._form: tuple[str, list[tuple[str, str]], dict[str, list[str]]] | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag in ("a", "link") and "href" in a:
            self.links.append(a["href"])
        elif tag == "script" and "src" in a:
            self.links.append(a["src"])
        elif tag == "form" and a.get("method", "get").lower() == "get":
            self._form = (a.get("action", ""), [], {})
            self.forms.append(self._form)
        elif self._form is not None and tag == "input" and a.get("name"):
            self._form[1].append((a["name"], a.get("value", "")))
        elif self._form is not None and tag == "select":
            self._select = a.get("name")
            self._form[2].setdefault(self._select or "", [])
        elif self._form is not None and tag == "option" and self._select:
            self._form[2][self._select].append(a.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None

    def targets(self, base: str) -> list[str]:
        found = [urljoin(base, link) for link in self.links]
        for action, fields, selects in self.forms:
            target = urljoin(base, action or base)
            choices = [[(name, v) for v in values] for name, values in selects.items()]
            for choice in choices[0] if choices else [None]:
                params = [*fields, *([choice] if choice else [])]
                found.append(target + "?" + urlencode(params))
        return found


def _internal(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.scheme not in ("", "http") or parts.netloc not in ("", "127.0.0.1"):
        return None
    return parts.path + ("?" + parts.query if parts.query else "")


def _kind(url: str) -> str:
    """Pages of one kind: the same path shape and the same set of parameter names."""
    parts = urlsplit(url)
    head = "/van-ban/*" if parts.path.startswith("/van-ban/") else parts.path
    names = {k for k, _ in parse_qsl(parts.query, keep_blank_values=True)}
    return head + "?" + ",".join(sorted(names))


def crawl(
    client: TestClient, starts: list[str], max_pages: int = MAX_PAGES
) -> tuple[Counter[str], list[str]]:
    """Visit links breadth first; the kinds visited and every failure found."""
    queue = deque((url, "start") for url in starts)
    seen, kinds, failures = set(starts), Counter[str](), []
    visited = 0
    while queue and visited < max_pages:
        url, origin = queue.popleft()
        kind = _kind(url)
        if kinds[kind] >= PER_KIND:
            continue
        kinds[kind] += 1
        visited += 1
        response = client.get(url)
        if response.status_code >= 500 or (response.status_code >= 400 and origin != "start"):
            failures.append(f"{response.status_code} {url} (linked from {origin})")
            continue
        if not response.headers.get("content-type", "").startswith("text/html"):
            continue
        page = _Page()
        page.feed(response.text)
        for target in page.targets(url):
            internal = _internal(target)
            cited = url.startswith("/van-ban/") and (internal or "").startswith("/van-ban/")
            kinds["cited document"] += cited
            if internal and internal not in seen:
                seen.add(internal)
                # A cited document is visited next, so every kind of link is tried.
                (queue.appendleft if cited else queue.append)((internal, url))
    kinds["pages visited"] = visited
    return kinds, failures


def _starts() -> list[str]:
    return ["/", "/?lang=en", *("/?" + urlencode({"q": q}) for q in QUERIES)]


def test_every_internal_link_works(client: TestClient) -> None:
    kinds, failures = crawl(client, _starts())
    assert not failures, "\n".join(failures)
    assert kinds["pages visited"] >= 150
    reached = set(kinds)
    for expected in (
        "/van-ban/*?",  # documents (and the cited documents they link)
        "/van-ban/*?lang",  # documents in English
        "/?doc_type,q",  # a facet
        "/?q,year",  # the year facet
        "/?issuer,q",  # the issuer facet
        "/?lang,q",  # the language switch
        "/?from,q,sort,to",  # the filter form with each sort order
        "cited document",
        "/docs?",
    ):
        assert expected in reached, (expected, sorted(reached))


def test_crawl_through_cursor_pages_of_a_large_store(big: TestClient) -> None:
    starts = ["/?q=quyet+dinh&page=100", "/?q=quyet+dinh&sort=date_asc"]
    kinds, failures = crawl(big, starts, max_pages=150)
    assert not failures, "\n".join(failures)
    assert sum(n for kind, n in kinds.items() if "cursor" in kind) >= 1
    assert sum(n for kind, n in kinds.items() if "facet_size" in kind) >= 1  # "more" values
    assert kinds["cited document"] >= 1
    assert kinds["/van-ban/*?"] >= 10
