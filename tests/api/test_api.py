"""The JSON API through HTTP, on every backend."""

from __future__ import annotations

from fastapi.testclient import TestClient

from vanban_core.facets import FACETS, FACETS_BY_NAME


def test_search_body_shape(client: TestClient) -> None:
    body = client.get("/api/v1/search", params={"q": "van phong chinh phu thong bao"}).json()
    assert set(body) >= {"total", "hits", "facets"}
    first = body["hits"][0]
    assert set(first) >= {
        "id",
        "number",
        "doc_type",
        "issuer",
        "issued_date",
        "title",
        "snippet",
        "score",
    }
    assert first["number"] == "1016/TB-VPCP"
    assert set(body["facets"]) == set(FACETS_BY_NAME) >= {"issuer", "doc_type", "year"}
    assert all(set(b) == {"value", "count"} for b in body["facets"]["issuer"])


def test_filters_and_sort_through_query_parameters(client: TestClient) -> None:
    body = client.get(
        "/api/v1/search",
        params={"issuer": "Ủy ban nhân dân tỉnh Sơn La", "sort": "date_asc", "size": 50},
    ).json()
    assert body["total"] == 5
    dates = [h["issued_date"] for h in body["hits"]]
    assert dates == sorted(dates)
    ranged = client.get("/api/v1/search", params={"from": "2014-01-01", "to": "2014-12-31"}).json()
    assert {h["id"] for h in ranged["hits"]} == {"tb-1016-vpcp", "portal-news-2014-02-13"}


def test_lookup_endpoint(client: TestClient) -> None:
    body = client.get("/api/v1/lookup", params={"number": "1016 tb vpcp"}).json()
    assert body["hits"][0]["id"] == "tb-1016-vpcp"
    assert body["total"] == 1
    assert client.get("/api/v1/lookup", params={"number": "9999/XX-YY"}).json()["total"] == 0


def test_document_endpoint(client: TestClient) -> None:
    doc = client.get("/api/v1/documents/tb-1016-vpcp").json()
    assert doc["issuer"] == "Văn phòng Chính phủ"
    assert doc["cites"] == ["06/2013/QĐ-TTg"]
    missing = client.get("/api/v1/documents/nope")
    assert missing.status_code == 404
    assert "not found" in missing.json()["detail"]


def test_facets_endpoint(client: TestClient) -> None:
    body = client.get("/api/v1/facets", params={"q": "quyết định"}).json()
    assert set(body) == {spec.name for spec in FACETS}
    assert body["doc_type"]


def test_validation_errors_are_clear_4xx(client: TestClient) -> None:
    assert client.get("/api/v1/search", params={"size": 1000}).status_code == 422
    assert client.get("/api/v1/search", params={"q": "x" * 1001}).status_code == 422
    assert client.get("/api/v1/search", params={"from": "not-a-date"}).status_code == 422
    assert client.get("/api/v1/search", params={"sort": "random"}).status_code == 422
    assert client.get("/api/v1/lookup").status_code == 422
    deep = client.get("/api/v1/search", params={"page": 50, "size": 50})
    assert deep.status_code == 400
    assert "cursor" in deep.json()["detail"]
    bad_cursor = client.get("/api/v1/search", params={"cursor": "garbage"})
    assert bad_cursor.status_code == 400


def test_cursor_through_the_api(client: TestClient) -> None:
    first = client.get("/api/v1/search", params={"size": 5, "sort": "date_desc"}).json()
    second = client.get(
        "/api/v1/search", params={"size": 5, "sort": "date_desc", "cursor": first["next_cursor"]}
    ).json()
    assert not {h["id"] for h in first["hits"]} & {h["id"] for h in second["hits"]}
    page_two = client.get(
        "/api/v1/search", params={"size": 5, "sort": "date_desc", "page": 2}
    ).json()
    assert [h["id"] for h in second["hits"]] == [h["id"] for h in page_two["hits"]]


def test_openapi_and_health(client: TestClient) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    assert {
        "/api/v1/search",
        "/api/v1/lookup",
        "/api/v1/facets",
        "/api/v1/documents/{doc_id}",
    } <= set(schema["paths"])
    assert client.get("/docs").status_code == 200
    health = client.get("/healthz").json()
    assert health["status"] == "ok" and health["documents"] > 0


def test_suggest_numbers_and_titles(client: TestClient) -> None:
    numbers = client.get("/api/v1/suggest", params={"q": "1016/tb"}).json()["suggestions"]
    assert numbers[0] == {
        "text": "1016/TB-VPCP",
        "kind": "number",
        "id": "tb-1016-vpcp",
        "number": "1016/TB-VPCP",
        "doc_type": "Thông báo",
    }
    titles = client.get("/api/v1/suggest", params={"q": "y kien chi d"}).json()["suggestions"]
    assert titles and titles[0]["id"] == "tb-1016-vpcp" and titles[0]["kind"] == "title"
    assert client.get("/api/v1/suggest", params={"q": ""}).status_code == 422


def test_did_you_mean(client: TestClient) -> None:
    body = client.get("/api/v1/search", params={"q": "thong bap"}).json()
    assert body["total"] == 0
    assert body["suggestion"] == "thong bao"
