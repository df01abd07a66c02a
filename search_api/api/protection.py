"""Everything that guards the app, wired in one place, in the order it must run.

Outermost first: security headers (so even a 429 or 413 carries them), CORS
(so a browser can read a 429), the rate limit (before any work), the catch-all
turning bugs into problem+json 500s, and the size limits right around the app.
Starlette runs the middleware added last first, hence the reversed calls.
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from search_api.api.limits import SizeLimitMiddleware
from search_api.api.openapi_doc import install_openapi
from search_api.api.problems import CatchAllMiddleware, install_problem_handlers
from search_api.api.ratelimit import RateLimiter, RateLimitMiddleware
from search_api.api.security_headers import SecurityHeadersMiddleware
from vanban_core.settings import Settings

EXPOSED_HEADERS = [
    "RateLimit-Limit",
    "RateLimit-Remaining",
    "RateLimit-Reset",
    "Retry-After",
    "ETag",
    "Last-Modified",
    "X-Total-Count",
]


def cors_origins(settings: Settings) -> list[str]:
    return [o.strip() for o in settings.cors_origins.split(",") if o.strip()]


def install_protection(app: FastAPI, settings: Settings) -> None:
    install_problem_handlers(app)
    install_openapi(app)
    app.state.rate_limiter = RateLimiter(settings.rate_limit, settings.rate_limit_window)
    app.add_middleware(
        SizeLimitMiddleware,
        max_query_bytes=settings.max_query_bytes,
        max_body_bytes=settings.max_body_bytes,
    )
    app.add_middleware(CatchAllMiddleware)
    app.add_middleware(RateLimitMiddleware, limiter=app.state.rate_limiter)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=cors_origins(settings),
        allow_methods=["GET", "HEAD"],  # reads only: writes are not cross-origin
        allow_headers=["Accept", "Accept-Language", "If-None-Match", "If-Modified-Since"],
        expose_headers=EXPOSED_HEADERS,
        max_age=600,
    )
    app.add_middleware(SecurityHeadersMiddleware)
