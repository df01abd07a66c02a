"""Deployment files and documentation stay true to the code."""

from __future__ import annotations

from pathlib import Path

import yaml

from vanban_core.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


def test_compose_file_is_valid_and_complete() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    services = compose["services"]
    assert set(services) == {"elasticsearch", "api", "indexer"}
    es = services["elasticsearch"]
    assert es["environment"]["discovery.type"] == "single-node"
    assert es["image"].split(":")[-1].split(".")[0] == "9"  # matches the client's major
    for name in ("api", "indexer"):
        env = services[name]["environment"]
        assert env["VANBAN_ES_URL"] == "http://elasticsearch:9200"
        assert services[name]["depends_on"]["elasticsearch"]["condition"] == "service_healthy"
    assert services["indexer"]["restart"] == "no"
    assert services["indexer"]["command"][:2] == ["vanban", "index"]
    assert services["api"]["depends_on"]["indexer"]["condition"] == "service_completed_successfully"
    # Published ports listen on loopback only.
    for service in services.values():
        for port in service.get("ports", []):
            assert str(port).startswith("127.0.0.1:")
    for volume in ("esdata", "indexer-state"):
        assert volume in compose["volumes"]


def test_every_setting_is_documented() -> None:
    doc = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    for name in Settings.model_fields:
        assert f"VANBAN_{name.upper()}" in doc, f"VANBAN_{name.upper()} is not documented"


def test_client_major_matches_the_test_server() -> None:
    from importlib.metadata import version

    script = (ROOT / "scripts" / "elasticsearch_local.py").read_text(encoding="utf-8")
    assert version("elasticsearch").split(".")[0] == "9"
    assert "9." in script
