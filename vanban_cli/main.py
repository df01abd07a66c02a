"""``vanban``: index, search, look up, extract and serve from the command line."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from search_api.backends.base import BackendError
from search_api.models import SearchPage, Sort
from search_api.rerank import configured_reranker
from search_api.search_request import make_search_request
from search_api.service import SearchService
from vanban_cli.help_format import Command, Group
from vanban_cli.keys import app as keys_app
from vanban_cli.options import (
    DbOption,
    EsUrlOption,
    IndexOption,
    JsonOption,
    backend_from,
    settings_from,
    state_path,
    with_default,
)
from vanban_cli.output import console, err_console, print_json, print_page
from vanban_core.settings import Settings, files_dir

if TYPE_CHECKING:
    from indexer.pipeline import IndexReport
    from indexer.url_guard import IPNetwork

DEFAULT_HOST = Settings.model_fields["host"].default
DEFAULT_PORT = Settings.model_fields["port"].default
DEFAULT_WORKERS = Settings.model_fields["workers"].default


class TransferSpeedlessRate(ProgressColumn):
    """Units per second: files and records, not bytes."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.1f}/s" if speed else "–/s", style="progress.data.speed")


app = typer.Typer(
    name="vanban",
    help="Tìm kiếm văn bản hành chính Việt Nam — Vietnamese document search.\n\n"
    "Mã thoát / exit codes: 0 done; 1 nothing done (bad arguments, store unreachable);"
    " 3 some sources failed (index).",
    no_args_is_help=True,
    add_completion=False,
    cls=Group,
)


# Exit codes scripts can rely on (README "Exit codes", `vanban index --help`).
EXIT_OK = 0
EXIT_ERROR = 1  # nothing done: bad arguments, unreachable store, unreadable URL list
EXIT_SOME_FAILED = 3  # the batch ran, but some sources failed (the summary names them)


app.add_typer(keys_app, name="keys")


def _fail(message: str, code: int = EXIT_ERROR) -> typer.Exit:
    err_console.print(f"[red]lỗi (error):[/red] {message}")
    return typer.Exit(code)


@app.command(cls=Command)
def index(
    sources: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="SOURCE",
            help="Tệp, thư mục, .jsonl(.gz), URL / files, folders, JSON Lines, http(s) URLs",
            show_default=False,
        ),
    ] = None,
    url_list: Annotated[
        Path | None,
        typer.Option(metavar="FILE", help="Tệp danh sách URL / a file with one URL per line"),
    ] = None,
    rate: Annotated[
        float, typer.Option(help="Số yêu cầu mỗi giây mỗi máy / requests per second per host")
    ] = 2.0,
    fetch_timeout: Annotated[
        float, typer.Option(help="Giây cho mỗi lần tải / seconds per download attempt")
    ] = 30.0,
    max_download_mb: Annotated[
        int, typer.Option(help="Tệp tải lớn nhất / largest download accepted, MB")
    ] = 50,
    allow_network: Annotated[
        list[str] | None,
        typer.Option(
            metavar="CIDR",
            help="Mạng nội bộ được phép tải / a non-public network URLs may reach, e.g. "
            "10.0.0.0/8 (repeatable) [env VANBAN_FETCH_ALLOWED_NETWORKS; default: none]",
        ),
    ] = None,
    db: DbOption = None,
    es_url: EsUrlOption = None,
    index_name: IndexOption = None,
    workers: Annotated[
        int | None,
        typer.Option(
            metavar="N", help=with_default("Số tiến trình / worker processes", "the core count")
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="Lập lại cả nguồn không đổi / re-index unchanged sources too"),
    ] = False,
    report: Annotated[
        Path | None,
        typer.Option(metavar="FILE", help="Ghi báo cáo JSON / write the JSON report here"),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Index documents; unchanged sources are skipped, failures are reported.

    Exit code: 0 every source indexed (or unchanged); 3 some sources failed,
    the others are indexed and the summary (or --json/--report) names each
    failure; 1 nothing was done (bad arguments, store unreachable).
    """
    from indexer.pipeline import Indexer
    from indexer.remote import Fetcher, is_url
    from indexer.sources import count_units
    from indexer.state import IndexState

    sources = list(sources or [])
    if url_list:
        try:
            lines = url_list.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise _fail(f"cannot read {url_list}: {exc}") from exc
        sources.extend(u.strip() for u in lines if u.strip() and not u.startswith("#"))
    if not sources:
        raise _fail("nothing to index: name files, folders, URLs or --url-list")
    settings = settings_from(db, es_url, index_name)
    allowed = _allowed_networks(settings, allow_network or [])
    try:
        backend = backend_from(settings, create=True)
    except BackendError as exc:
        raise _fail(str(exc)) from exc
    state = IndexState(state_path(settings))
    total = count_units(sources)
    columns = (
        TextColumn("[bold]Đang lập chỉ mục (indexing)"),
        BarColumn(),
        MofNCompleteColumn(),
        TransferSpeedlessRate(),
        TimeElapsedColumn(),
        TextColumn("còn (ETA)"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=err_console, transient=as_json) as progress:
        task = progress.add_task("index", total=total)
        fetcher = None
        if any(is_url(s) for s in sources):
            fetcher = Fetcher(
                settings.db.parent / "downloads",
                timeout=fetch_timeout,
                max_bytes=max_download_mb * 1024 * 1024,
                per_host_rps=rate,
                allowed_networks=allowed,
            )
        indexer = Indexer(
            backend,
            state,
            workers=workers,
            force=force,
            on_progress=lambda n: progress.advance(task, n),
            fetcher=fetcher,
            blob_dir=files_dir(settings),
        )
        try:
            result = indexer.run(sources)
        except BackendError as exc:
            raise _fail(str(exc)) from exc
        finally:
            state.close()
            backend.close()
            if fetcher:
                fetcher.close()
    data = result.to_json()
    if report:
        report.parent.mkdir(parents=True, exist_ok=True)
        report.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    if as_json:
        print_json(data)
    else:
        _print_index_summary(result)
    if result.failed:
        raise typer.Exit(EXIT_SOME_FAILED)


def _print_index_summary(result: IndexReport) -> None:
    console.print(
        f"Đã lập chỉ mục (indexed) [bold]{result.indexed}[/bold], "
        f"cập nhật (updated) [bold]{result.updated}[/bold], "
        f"không đổi (unchanged) {result.unchanged}, "
        f"xóa (removed) {result.removed}, "
        f"lỗi (failed) [bold red]{len(result.failed)}[/bold red] "
        f"trong {result.seconds:.1f} s"
    )
    for failure in result.failed:
        line = Text("  ")
        line.append("✗", style="red")
        line.append(f" {failure.source} [{failure.stage}]: {failure.reason}")
        console.print(line, soft_wrap=True)  # one whole line per failure, for grep
    for warning in result.warnings:
        console.print(f"  [yellow]![/yellow] {warning}")
    if result.failed:
        count = len({failure.source for failure in result.failed})
        err_console.print(
            f"[red]{count} nguồn lỗi (sources failed)[/red] → "
            f"mã thoát (exit code) {EXIT_SOME_FAILED}"
        )


@app.command(cls=Command)
def search(
    query: Annotated[str, typer.Argument(metavar="QUERY", help="Từ khóa / query")],
    issuer: Annotated[
        list[str] | None,
        typer.Option(metavar="NAME", help="Cơ quan ban hành / issuer, repeatable"),
    ] = None,
    doc_type: Annotated[
        list[str] | None,
        typer.Option("--type", metavar="TYPE", help="Loại văn bản / type, repeatable"),
    ] = None,
    year: Annotated[
        list[int] | None,
        typer.Option(metavar="YEAR", help="Năm ban hành / year issued, repeatable"),
    ] = None,
    date_from: Annotated[
        dt.datetime | None,
        typer.Option(
            "--from",
            formats=["%Y-%m-%d"],
            metavar="YYYY-MM-DD",
            help="Ban hành từ ngày / issued on or after",
        ),
    ] = None,
    date_to: Annotated[
        dt.datetime | None,
        typer.Option(
            "--to",
            formats=["%Y-%m-%d"],
            metavar="YYYY-MM-DD",
            help="Ban hành đến ngày / issued on or before",
        ),
    ] = None,
    gazette: Annotated[
        list[str] | None,
        typer.Option(metavar="ISSUE", help="Số Công báo / gazette issue (242, 242/2026)"),
    ] = None,
    status: Annotated[
        list[str] | None,
        typer.Option(metavar="STATUS", help="Tình trạng hiệu lực / validity, repeatable"),
    ] = None,
    language: Annotated[
        list[str] | None, typer.Option(metavar="LANG", help="Ngôn ngữ / language: vi, en")
    ] = None,
    field: Annotated[
        list[str] | None, typer.Option(metavar="FIELD", help="Lĩnh vực / field, repeatable")
    ] = None,
    in_force_on: Annotated[
        dt.datetime | None,
        typer.Option(
            "--in-force-on",
            formats=["%Y-%m-%d"],
            metavar="YYYY-MM-DD",
            help="Còn hiệu lực vào ngày / in force on",
        ),
    ] = None,
    sort: Annotated[
        Sort,
        typer.Option(
            metavar="ORDER",
            help="Thứ tự / order: relevance, date_desc (newest first), date_asc",
        ),
    ] = Sort.relevance,
    size: Annotated[
        int, typer.Option(min=1, max=100, help="Số kết quả mỗi trang / results per page")
    ] = 10,
    page: Annotated[int, typer.Option(min=1, help="Trang / page")] = 1,
    cursor: Annotated[
        str | None,
        typer.Option(
            metavar="CURSOR", help="Trang sau / next page: the next_cursor of the last one"
        ),
    ] = None,
    db: DbOption = None,
    es_url: EsUrlOption = None,
    index_name: IndexOption = None,
    as_json: JsonOption = False,
) -> None:
    """Full-text search; prints the same JSON as /api/v1/search with --json."""
    try:
        request = make_search_request(
            query,
            facets={
                "issuer": issuer or [],
                "doc_type": doc_type or [],
                "year": year or [],
                "status": status or [],
                "language": language or [],
                "field": field or [],
            },
            date_from=date_from.date() if date_from else None,
            date_to=date_to.date() if date_to else None,
            gazette=gazette,
            in_force_on=in_force_on.date() if in_force_on else None,
            sort=sort,
            page=page,
            size=size,
            cursor=cursor,
        )
    except ValueError as exc:
        raise _fail(str(exc)) from exc
    service = _service(settings_from(db, es_url, index_name))
    try:
        result = service.search(request)
    except (BackendError, ValueError) as exc:
        raise _fail(str(exc)) from exc
    finally:
        service.backend.close()
    _show(result, as_json)
    if result.next_cursor and not as_json:
        # The cursor on a line of its own, never wrapped: one long token to copy.
        console.print("Trang sau (next page):")
        console.print(f"--cursor {result.next_cursor}", soft_wrap=True)


@app.command(cls=Command)
def lookup(
    number: Annotated[
        str, typer.Argument(metavar="NUMBER", help="Số hiệu / number, e.g. 1016/TB-VPCP")
    ],
    size: Annotated[int, typer.Option(min=1, max=100, help="Số kết quả / results at most")] = 10,
    db: DbOption = None,
    es_url: EsUrlOption = None,
    index_name: IndexOption = None,
    as_json: JsonOption = False,
) -> None:
    """Find documents by number, in any common spelling."""
    service = _service(settings_from(db, es_url, index_name))
    try:
        result = service.lookup_page(number, size)
    except BackendError as exc:
        raise _fail(str(exc)) from exc
    finally:
        service.backend.close()
    _show(result, as_json)
    if not result.hits:
        raise typer.Exit(1)


@app.command(cls=Command)
def extract(
    files: Annotated[list[Path], typer.Argument(metavar="FILE", help="Tệp / files to read")],
    as_json: JsonOption = False,
) -> None:
    """Read files and print the metadata extracted from each document in them."""
    from indexer.build import build_from_read
    from indexer.readers import ReaderError, read_file

    failed = False
    for path in files:
        try:
            parts = read_file(path)
        except ReaderError as exc:
            failed = True
            err_console.print(f"[red]✗[/red] {path} [{exc.stage}]: {exc.reason}")
            continue
        for position, part in enumerate(parts):
            doc = build_from_read(part, key=str(path), position=position, sole=len(parts) == 1)
            data = {"source": str(path), **doc.model_dump(mode="json", exclude={"text"})}
            if as_json:
                print_json(data)
            else:
                console.print_json(json.dumps(data, ensure_ascii=False))
    if failed:
        raise typer.Exit(1)


@app.command(cls=Command)
def serve(
    host: Annotated[
        str | None,
        typer.Option(
            metavar="ADDRESS",
            help=with_default("Địa chỉ / address to listen on (env VANBAN_HOST)", DEFAULT_HOST),
        ),
    ] = None,
    port: Annotated[
        int | None,
        typer.Option(
            metavar="PORT",
            help=with_default("Cổng / port to listen on (env VANBAN_PORT)", DEFAULT_PORT),
        ),
    ] = None,
    db: DbOption = None,
    es_url: EsUrlOption = None,
    index_name: IndexOption = None,
    workers: Annotated[
        int | None,
        typer.Option(
            min=1,
            metavar="N",
            help=with_default(
                "Số tiến trình / server processes; the core count uses every core "
                "(env VANBAN_WORKERS)",
                DEFAULT_WORKERS,
            ),
        ),
    ] = None,
) -> None:
    """Serve the web UI and the API."""
    import uvicorn

    from search_api.api.limits import MAX_REQUEST_HEAD

    settings = settings_from(db, es_url, index_name)
    processes = workers or settings.workers
    served: Any
    try:
        served = _one_process_app(settings) if processes == 1 else _factory_for(settings, processes)
    except BackendError as exc:
        raise _fail(str(exc)) from exc
    console.print(f"vanban: http://{host or settings.host}:{port or settings.port}/")
    uvicorn.run(
        served,
        factory=processes > 1,
        workers=processes,
        host=host or settings.host,
        port=port or settings.port,
        h11_max_incomplete_event_size=MAX_REQUEST_HEAD,  # 414, not a reset: search_api.api.limits
        log_config=_log_config(),
    )


def _one_process_app(settings: Settings) -> Any:
    from vanban_app.factory import create_app

    return create_app(settings)


def _factory_for(settings: Settings, processes: int) -> str:
    """The import string of the app factory each of ``processes`` builds its app with.

    The processes read their settings from the environment, so the options given
    on the command line are put there; the store is opened once here first, so a
    store that cannot be opened is one clear error, not a failure per process.
    """
    os.environ.update(
        {
            "VANBAN_DB": str(settings.db),
            "VANBAN_ES_URL": settings.es_url or "",
            "VANBAN_INDEX": settings.index,
            "VANBAN_WORKERS": str(processes),
        }
    )
    backend_from(settings).close()
    return "vanban_app.factory:app_from_environment"


def _log_config() -> dict[str, Any]:
    """uvicorn's logging, with vanban's own messages (the start-up timings) beside its own."""
    from copy import deepcopy

    from uvicorn.config import LOGGING_CONFIG

    config: dict[str, Any] = deepcopy(LOGGING_CONFIG)
    config["loggers"]["vanban"] = {"handlers": ["default"], "level": "INFO", "propagate": False}
    return config


@app.command(name="eval", cls=Command)
def evaluate(
    queries: Annotated[
        Path, typer.Option(metavar="FILE", help="JSON Lines: query_id and text per line")
    ],
    qrels: Annotated[
        Path, typer.Option(metavar="FILE", help="TSV: query_id, doc_id, relevance per line")
    ],
    system: Annotated[
        str,
        typer.Option(
            metavar="NAME",
            help="vanban, or a baseline: syllable-bm25, es-standard",
        ),
    ] = "vanban",
    strip_diacritics: Annotated[
        bool,
        typer.Option(
            "--strip-diacritics",
            help="Bỏ dấu câu hỏi trước / fold the queries first, as citizens often type",
        ),
    ] = False,
    details: Annotated[
        bool,
        typer.Option(
            "--details", help="In hạng đúng đầu tiên / also print each query's first relevant rank"
        ),
    ] = False,
    db: DbOption = None,
    es_url: EsUrlOption = None,
    index_name: IndexOption = None,
    as_json: JsonOption = False,
) -> None:
    """Measure ranking quality (nDCG@10, P@1, R@10, R@100, RR@10) on judged queries."""
    from search_api import evaluation
    from search_api.baselines import baseline_ranker
    from vanban_core.analysis import fold

    judged = evaluation.load_qrels(qrels)
    asked = evaluation.load_queries(queries)
    if strip_diacritics:
        asked = [evaluation.Query(q.query_id, fold(q.text)) for q in asked]
    settings = settings_from(db, es_url, index_name)
    service = _service(settings)
    resource = None
    try:
        if system == "vanban":
            ranker = evaluation.service_ranker(service)
        else:
            docs = list(service.backend.iter_documents())
            ranker, resource = baseline_ranker(system, docs, settings.es_url)
        run = evaluation.run_queries(asked, ranker)
    except (BackendError, ValueError) as exc:
        raise _fail(str(exc)) from exc
    finally:
        if resource is not None:
            resource.close()
        service.backend.close()
    scores = evaluation.score(judged, run)
    if as_json:
        payload: dict[str, object] = dict(scores)
        if details:
            payload["details"] = evaluation.per_query(judged, run)
        print_json(payload)
        return
    for name, value in scores.items():
        console.print(f"{name:>8}  {value:.4f}")
    if details:
        for row in evaluation.per_query(judged, run):
            console.print(f"{row['query_id']}: first relevant at {row['first_relevant_rank']}")


@app.command(cls=Command)
def reindex(
    es_url: EsUrlOption = None,
    index_name: IndexOption = None,
    db: DbOption = None,
) -> None:
    """Rebuild the store as a new version and make it live atomically (old one kept).

    Elasticsearch: a new index behind the alias. Embedded: a new file swapped in
    place of the old, which stays beside it as ``<db>.previous``.
    """
    settings = settings_from(db, es_url, index_name)
    try:
        backend = backend_from(settings)
    except BackendError as exc:
        raise _fail(f"reindex failed, the live index is unchanged: {exc}") from exc
    try:
        result = backend.reindex()
    except BackendError as exc:
        raise _fail(f"reindex failed, the live index is unchanged: {exc}") from exc
    finally:
        backend.close()
    console.print(
        f"{result.documents} văn bản → {result.new}; thay cho {', '.join(result.previous) or '—'} "
        f"(bản cũ giữ lại để khôi phục / old version kept for rollback)"
    )


def _allowed_networks(settings: Settings, extra: list[str]) -> tuple[IPNetwork, ...]:
    """The non-public networks URL ingestion may reach: the setting's and the option's."""
    from indexer.url_guard import parse_networks

    try:
        return parse_networks([settings.fetch_allowed_networks, *extra])
    except ValueError as exc:
        raise _fail(f"--allow-network: {exc}") from exc


def _show(result: SearchPage, as_json: bool) -> None:
    """One output format for search and lookup: the /api/v1/search body, or a table."""
    if as_json:
        print_json(result.model_dump(mode="json"))
    else:
        print_page(result)


def _service(settings: Settings) -> SearchService:
    try:
        return SearchService(backend_from(settings), reranker=configured_reranker(settings))
    except BackendError as exc:
        raise _fail(str(exc)) from exc


if __name__ == "__main__":
    app()
