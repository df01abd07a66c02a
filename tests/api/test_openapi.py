"""The OpenAPI document names the problem+json errors and the rate-limit headers."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_every_api_operation_declares_problems_and_rate_limit_headers(client: TestClient) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    problem = schema["components"]["schemas"]["Problem"]
    assert {"type", "title", "status", "detail", "instance"} <= set(problem["properties"])
    assert "HTTPValidationError" not in schema["components"]["schemas"]
    operations = [
        (path, method, op)
        for path, item in schema["paths"].items()
        if path.startswith("/api/")
        for method, op in item.items()
    ]
    assert len(operations) >= 9
    for path, method, op in operations:
        responses = op["responses"]
        for status in ("422", "429", "500", "503"):
            content = responses[status]["content"]
            assert content == {
                "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
            }, (path, method, status)
        assert "Retry-After" in responses["429"]["headers"]
        for status, response in responses.items():
            assert {"RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"} <= set(
                response["headers"]
            ), (path, method, status)
        if method in ("put", "post", "delete"):
            assert {"401", "403", "413"} <= set(responses)
    paths = set(schema["paths"])
    assert {"/api/v1/feed", "/api/v1/documents", "/api/v1/documents/{doc_id}"} <= paths
    assert set(schema["paths"]["/api/v1/documents/{doc_id}"]) == {"get", "put", "delete"}


def test_docs_page_runs_without_inline_script(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200 and 'src="/docs/init.js"' in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]
