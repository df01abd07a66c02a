"""The OpenAPI document, completed with what FastAPI cannot infer.

Every operation under ``/api/`` names its problem+json error responses (the
:class:`~search_api.api.problems.Problem` schema, not FastAPI's ``{"detail": …}``)
and the rate-limit headers every API response carries, so a generated client
knows both.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from search_api.api.problems import InvalidParam, Problem, openapi_problem

RATE_LIMIT_HEADERS: dict[str, dict[str, Any]] = {
    "RateLimit-Limit": {
        "description": "Requests allowed per window for this client",
        "schema": {"type": "integer"},
    },
    "RateLimit-Remaining": {
        "description": "Requests left in the current window",
        "schema": {"type": "integer"},
    },
    "RateLimit-Reset": {
        "description": "Seconds until the window resets",
        "schema": {"type": "integer"},
    },
}
_COMMON_ERRORS = {
    "422": "Tham số không hợp lệ / invalid parameters",
    "429": "Quá nhiều yêu cầu / rate limit exceeded (see Retry-After)",
    "500": "Lỗi máy chủ / unexpected error",
    "503": "Kho dữ liệu không sẵn sàng / store unavailable (see Retry-After)",
}
_READ_ERRORS = {"400": "Yêu cầu không hợp lệ / bad request (page too deep, bad cursor)"}
_WRITE_ERRORS = {
    "401": "Thiếu khóa API / API key required",
    "403": "Khóa API sai hoặc không đủ quyền / wrong or read-only API key",
    "413": "Nội dung quá lớn / request body too large",
    "415": "Kiểu nội dung không hỗ trợ / unsupported media type",
}
_RETRY_AFTER = {"Retry-After": {"description": "Seconds to wait", "schema": {"type": "integer"}}}


def _complete(operation: dict[str, Any], method: str, path: str) -> None:
    responses: dict[str, Any] = operation.setdefault("responses", {})
    errors = dict(_COMMON_ERRORS)
    errors.update(_WRITE_ERRORS if method in ("put", "post", "delete") else _READ_ERRORS)
    if "{" in path:
        errors["404"] = "Không tìm thấy / not found"
    for status, description in errors.items():
        response = openapi_problem(description)
        if status in ("429", "503"):
            response["headers"] = dict(_RETRY_AFTER)
        responses[status] = response  # replaces FastAPI's {"detail": …} 422
    for response in responses.values():
        response.setdefault("headers", {}).update(RATE_LIMIT_HEADERS)


def install_openapi(app: FastAPI) -> None:
    """Replace ``app.openapi`` by the completed document, built once."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(
            title=app.title,
            version=app.version,
            description=app.description,
            routes=app.routes,
        )
        schemas = schema.setdefault("components", {}).setdefault("schemas", {})
        problem = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
        schemas.update(problem.pop("$defs", {}))
        schemas["Problem"] = problem
        schemas.setdefault("InvalidParam", InvalidParam.model_json_schema())
        for name in ("HTTPValidationError", "ValidationError"):
            schemas.pop(name, None)
        for path, item in schema.get("paths", {}).items():
            if not path.startswith("/api/"):
                continue
            for method, operation in item.items():
                if method in ("get", "put", "post", "delete", "patch"):
                    _complete(operation, method, path)
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
