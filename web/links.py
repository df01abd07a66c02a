"""Which stored URLs may become links on a page.

A document's ``source_url`` comes from whatever was indexed (a JSON Lines
record, an HTML page's canonical link), so it can be ``javascript:…`` or
``data:…``. Escaping does not help there: the browser runs such a URL when the
link is followed. Only absolute http(s) URLs become links; anything else is
shown as text.
"""

from __future__ import annotations

from urllib.parse import urlsplit


def web_link(url: str | None) -> str | None:
    """``url`` if it is an absolute http(s) URL safe to put in ``href``, else None."""
    if not url or any(ord(c) < 0x21 or c in "\\\x7f" for c in url):
        return None  # whitespace and controls let browsers read a different scheme
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return url
