"""Facets come from the registry: every facet is a response key, a filter parameter of
the API and the UI, and says when it has more values than it returned."""

from __future__ import annotations

from fastapi.testclient import TestClient

from vanban_core.facets import FACETS


def test_every_registered_facet_is_a_filter_parameter_in_openapi(client: TestClient) -> None:
    operation = client.get("/api/v1/openapi.json").json()["paths"]["/api/v1/search"]["get"]
    names = {p["name"] for p in operation["parameters"]}
    assert {spec.name for spec in FACETS} <= names
    facets = client.get("/api/v1/openapi.json").json()["components"]["schemas"]["Facets"]
    assert set(facets["properties"]) == {spec.name for spec in FACETS}


def test_year_filter_through_the_api(client: TestClient) -> None:
    # Constraints on a list parameter used to raise a TypeError (500).
    body = client.get("/api/v1/search", params={"q": "thong bao", "year": 2014})
    assert body.status_code == 200
    assert body.json()["total"] >= 1
    assert all(h["issued_date"].startswith("2014") for h in body.json()["hits"])
    repeated = client.get("/api/v1/search", params=[("year", "2014"), ("year", "2020")])
    assert repeated.status_code == 200
    assert repeated.json()["total"] > body.json()["total"] or repeated.json()["total"] >= 1


def test_year_filter_rejects_what_is_not_a_year(client: TestClient) -> None:
    for bad in ("abc", "12", "123456"):
        response = client.get("/api/v1/search", params={"year": bad})
        assert response.status_code == 422, bad


def test_facets_say_when_they_have_more_values(client: TestClient) -> None:
    everything = client.get("/api/v1/search").json()
    issuers = everything["facets"]["issuer"]
    assert len(issuers) >= 3
    small = client.get("/api/v1/search", params={"facet_size": 2}).json()
    assert small["facets"]["issuer"] == issuers[:2]
    assert "issuer" in small["facets_truncated"]
    assert "issuer" not in everything["facets_truncated"]


def test_year_facet_click_from_the_ui_works(client: TestClient) -> None:
    html = client.get("/", params={"q": "thong bao"}).text
    assert 'href="/?q=thong+bao&amp;year=2014"' in html or "year=2014" in html
    clicked = client.get("/", params={"q": "thong bao", "year": "2014"})
    assert clicked.status_code == 200
    assert "1016/TB-VPCP" in clicked.text
