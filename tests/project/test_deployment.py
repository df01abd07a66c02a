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


def _stages(dockerfile: str) -> list[list[tuple[str, str]]]:
    """(instruction, arguments) per build stage, continuation lines joined."""
    stages: list[list[tuple[str, str]]] = []
    text = dockerfile.replace("\\\n", " ")
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        instruction, _, arguments = line.partition(" ")
        if instruction.upper() == "FROM":
            stages.append([])
        stages[-1].append((instruction.upper(), arguments.strip()))
    return stages


def test_the_image_installs_the_built_wheel_not_the_source_tree() -> None:
    """No Docker engine here: the Dockerfile is checked as text, stage by stage."""
    build, final = _stages((ROOT / "Dockerfile").read_text(encoding="utf-8"))
    assert build[0][1].endswith(" AS build")
    assert any(i == "RUN" and "pip wheel" in a and "--wheel-dir /dist" in a for i, a in build)
    copies = [a for i, a in final if i == "COPY"]
    # From the build stage only its wheel folder; from the tree only the sample documents.
    assert [a for a in copies if a.startswith("--from=")] == ["--from=build /dist/ /tmp/dist/"]
    assert [a for a in copies if not a.startswith("--from=")] == ["samples samples"]
    assert any(i == "RUN" and "pip install" in a and "/tmp/dist/*.whl" in a for i, a in final)
    packages = {"vanban_core", "indexer", "search_api", "web", "vanban_app", "vanban_cli"}
    assert not any(p in a.split() for i, a in final if i == "COPY" for p in packages)
    assert dict(final)["CMD"] == '["vanban", "serve"]'  # the wheel's entry point
    assert any(i == "USER" and a != "root" for i, a in final)
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert {".git", ".venv", ".cache", "data"} <= set(ignored)


def test_compose_commands_use_the_installed_entry_point() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    for name in ("api", "indexer"):
        service = compose["services"][name]
        assert service["build"] == "."
        assert service["command"][0] == "vanban"
    assert compose["services"]["indexer"]["command"] == ["vanban", "index", "samples/"]
    assert (ROOT / "samples").is_dir()  # the indexer's source, copied into the image
