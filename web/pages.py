"""What every HTML page shares: its language, links that keep the current parameters,
and one way to render a template (with ``Content-Language``).

The interface speaks the languages of :mod:`web.i18n`; any other ``?lang=`` falls
back to Vietnamese *visibly* (a notice on the page and ``Content-Language: vi``),
never silently.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from web.i18n import DEFAULT_LANG, LANGUAGES, labels

_HERE = Path(__file__).parent
templates = Jinja2Templates(directory=str(_HERE / "templates"))


def page_language(request: Request) -> tuple[str, str | None]:
    """The interface language, and the language asked for when it is not available."""
    asked = request.query_params.get("lang")
    if not asked or asked in LANGUAGES:
        return asked or DEFAULT_LANG, None
    return DEFAULT_LANG, asked[:20]


def url_with(request: Request, **changes: object) -> str:
    """The current URL (path and every parameter) with some parameters replaced.

    ``None`` removes a parameter, a list repeats it. Links built here keep the
    query, filters, sort and paging the user chose.
    """
    params = [(k, v) for k, v in request.query_params.multi_items() if k not in changes]
    for key, value in changes.items():
        if isinstance(value, list):
            params.extend((key, str(v)) for v in value)
        elif value is not None:
            params.append((key, str(value)))
    query = urlencode(params)
    return request.url.path + ("?" + query if query else "")


def lang_query(lang: str) -> str:
    """The query string a link within the site carries to stay in ``lang``."""
    return "" if lang == DEFAULT_LANG else "?" + urlencode({"lang": lang})


def render(
    request: Request,
    template: str,
    context: dict[str, Any],
    status_code: int = 200,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    lang, unavailable = page_language(request)
    other = "en" if lang == DEFAULT_LANG else DEFAULT_LANG
    t = labels(lang)
    shared = {
        "t": t,
        "lang": lang,
        "lang_query": lang_query(lang),
        "lang_notice": t["lang_fallback"].format(lang=unavailable) if unavailable else None,
        "other_lang_url": url_with(request, lang=None if other == DEFAULT_LANG else other),
    }
    response = templates.TemplateResponse(
        request, template, {**shared, **context}, status_code=status_code, headers=headers
    )
    response.headers["Content-Language"] = lang
    return response
