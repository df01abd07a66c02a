"""HTML pages: the document's text, not the site around it, plus vbpl.vn's metadata.

* vbpl.vn (the national legal-document database) marks the document body with
  ``data-vbpl-content-root``; its "Thuộc tính" (attributes) tab has a table of
  labelled fields (Số hiệu, Loại văn bản, Cơ quan ban hành...), returned as hints.
  A page that shows only that tab has no body text, so its H1 title stands in.
* Any other page: scripts, styles, navigation, headers, footers and asides are
  dropped; ``<main>``/``<article>`` win when present, otherwise the container
  holding the most paragraph text (links discounted), as readability tools do.

lxml parses (it is C and fast on the ~1 MB vbpl.vn pages) and every traversal is
iterative, so deep nesting cannot exhaust Python's recursion limit. libxml2 stops
building the tree past a nesting depth and silently drops the rest of the page;
when it reports that, the page is re-read with the standard library's streaming
tokenizer, which keeps all visible text but cannot pick the main block.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html.parser import HTMLParser as StreamingParser
from pathlib import Path

from bs4.dammit import UnicodeDammit
from lxml import etree
from lxml import html as lxml_html

from indexer.readers.base import ReadDocument, ReaderError, clean_hints, tidy_text
from indexer.readers.text import repair_legacy_noting

_DROP = frozenset(
    {
        "script", "style", "noscript", "template", "nav", "header", "footer", "aside",
        "form", "button", "select", "svg", "iframe", "object", "canvas", "head",
    }
)  # fmt: skip
_BLOCKS = frozenset(
    {
        "p", "div", "br", "li", "ul", "ol", "table", "tr", "td", "th", "h1", "h2", "h3",
        "h4", "h5", "h6", "section", "article", "main", "blockquote", "pre", "dd", "dt",
        "dl", "hr", "address", "figure", "figcaption", "caption", "tbody", "thead",
    }
)  # fmt: skip
_TEXT_BLOCKS = frozenset({"p", "li", "td", "th", "pre", "blockquote", "h1", "h2", "h3", "dd"})
# vbpl.vn attribute labels -> hint keys. Dates there are dd/mm/yyyy.
_VBPL_LABELS = {
    "Số hiệu": "number",
    "Số ký hiệu": "number",
    "Loại văn bản": "doc_type",
    "Cơ quan ban hành": "issuer",
    "Ngày ban hành": "issued_date",
    "Ngày ký xác thực": "issued_date",
    "Người ký": "signer",
    "Tình trạng hiệu lực": "status",
    "Trích yếu": "title",
}
_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_STATUS = re.compile(r"hiệu lực|hết hiệu|ngưng", re.IGNORECASE)


def _iso_date(value: str) -> str:
    match = _DMY.match(value.strip())
    if not match:
        return value
    day, month, year = match.groups()
    return f"{year}-{int(month):02d}-{int(day):02d}"


def _text_of(element: etree._Element) -> str:
    """Visible text of ``element`` with a line break around every block (iterative)."""
    parts: list[str] = []
    walker = etree.iterwalk(element, events=("start", "end"))
    for event, node in walker:
        tag = node.tag if isinstance(node.tag, str) else ""
        if event == "start":
            if tag in _DROP:
                walker.skip_subtree()
                continue
            if tag in _BLOCKS:
                parts.append("\n")
            if node.text and tag:  # comments and processing instructions have no tag
                parts.append(node.text)
        else:
            if tag in _BLOCKS:
                parts.append("\n")
            if node.tail and node is not element:
                parts.append(node.tail)
    return "".join(parts)


def _main_block(root: etree._Element) -> tuple[etree._Element, str]:
    """``<main>``/``<article>`` if the page has one, else the densest container; with its text."""
    for xpath in ("//main", "//article", "//*[@role='main']"):
        texts = ((el, _text_of(el)) for el in root.xpath(xpath))
        found = [(el, text) for el, text in texts if len(text.strip()) > 200]
        if found:
            return max(found, key=lambda pair: len(pair[1]))
    scores: dict[etree._Element, float] = {}
    for node in root.iter(*_TEXT_BLOCKS, "div"):
        own = len((node.text or "").strip()) + sum(
            len((child.tail or "").strip()) for child in node
        )
        own -= sum(len(a.text_content()) for a in node.iterchildren("a"))
        if own <= 0:
            continue
        parent = node.getparent()
        if parent is not None:
            scores[parent] = scores.get(parent, 0.0) + own
            grandparent = parent.getparent()
            if grandparent is not None:
                scores[grandparent] = scores.get(grandparent, 0.0) + own / 2
    if not scores:
        body = root.find("body")
        block = body if body is not None else root
    else:
        block = max(scores, key=lambda el: scores[el])
    return block, _text_of(block)


def _vbpl_hints(root: etree._Element) -> dict[str, str]:
    hints: dict[str, str] = {}
    labels = root.xpath("//*[contains(@class, 'ant-descriptions-item-label')]")
    for label in labels:
        key = _VBPL_LABELS.get(" ".join(label.text_content().split()))
        content = label.getnext()
        if key is None or content is None:
            continue
        value = " ".join(content.text_content().split())
        if key == "number":
            value = re.sub(r"\s*/\s*", "/", value)
        if key == "issued_date":
            value = _iso_date(value)
        hints.setdefault(key, value)
    return hints


def _page_hints(root: etree._Element) -> dict[str, str]:
    hints: dict[str, str] = {}
    for xpath in ("//meta[@property='og:url']/@content", "//link[@rel='canonical']/@href"):
        found = root.xpath(xpath)
        if found:
            hints["source_url"] = str(found[0]).strip()
            break
    h1 = root.find(".//h1")
    if h1 is not None:
        heading = " ".join(h1.text_content().split())
        # vbpl.vn writes "8376 /VBHN-BTP"; the number is "8376/VBHN-BTP".
        title = re.sub(r"(\d)\s+/\s*(?=\w)", r"\1/", heading)
        if title:
            hints["title"] = title
        header = h1.getparent()
        if header is not None:
            for piece in _strings(header):
                if piece not in heading and _STATUS.search(piece) and not piece.endswith(":"):
                    hints["status"] = piece
                    break
    return hints


def _strings(element: etree._Element) -> Iterable[str]:
    for piece in element.itertext():
        piece = " ".join(piece.split())
        if piece:
            yield piece


class _StreamingText(StreamingParser):
    """Visible text from a tag stream, for pages too deep to build as a tree."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "noscript", "template"):
            self._skipping += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "noscript", "template"):
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def _decode(data: bytes) -> str:
    dammit = UnicodeDammit(data, is_html=True)
    if dammit.unicode_markup is None:
        raise ReaderError("decode", "HTML in an unknown character encoding")
    return dammit.unicode_markup


def read_html(path: Path, data: bytes) -> list[ReadDocument]:
    """Read an HTML page as one document."""
    markup = _decode(data)
    parser = lxml_html.HTMLParser(encoding="utf-8", remove_comments=True, huge_tree=True)
    try:
        root = lxml_html.document_fromstring(markup.encode("utf-8"), parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise ReaderError("parse", f"not readable as HTML: {exc}") from exc
    warnings: list[str] = []
    if any(entry.type_name == "ERR_RESOURCE_LIMIT" for entry in parser.error_log):
        stream = _StreamingText()
        stream.feed(markup)
        stream.close()
        text, hints = "".join(stream.parts), dict[str, str]()
        warnings.append("HTML nested too deeply to find the main block: all visible text kept")
    else:
        text, hints = _document_text(root)
    text = repair_legacy_noting(text, warnings)
    # Every block boundary became a line break; blank lines carry nothing in HTML.
    lines = [line for line in tidy_text(text).split("\n") if line]
    return [
        ReadDocument(
            text="\n".join(lines),
            source=str(path),
            format="html",
            hints=clean_hints(hints),
            warnings=tuple(warnings),
        )
    ]


def _document_text(root: etree._Element) -> tuple[str, dict[str, str]]:
    hints = _page_hints(root)
    content_root = root.xpath("//*[@data-vbpl-content-root]")
    if not content_root:
        _block, text = _main_block(root)
        return text, {k: v for k, v in hints.items() if k == "source_url"}
    attributes = _vbpl_hints(root)
    hints.update(attributes)
    if attributes and root.xpath(
        "//*[@data-vbpl-content-root]//*[contains(@class, 'ant-descriptions-item-label')]"
    ):
        # The attributes tab: the page carries metadata only.
        return hints.get("title", ""), hints
    return _text_of(content_root[0]), hints
