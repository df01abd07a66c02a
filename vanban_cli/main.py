"""``vanban``: index, search, look up, extract and serve from the command line."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated

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
from search_api.models import Filters, SearchPage, SearchRequest, Sort
from search_api.service import SearchService
from vanban_cli.options import (
    DbOption,
    EsUrlOption,
    IndexOption,
    JsonOption,
    backend_from,
    settings_from,
    state_path,
)
from vanban_cli.output import console, err_console, print_json, print_page
from vanban_core.settings import Settings, files_dir


class TransferSpeedlessRate(ProgressColumn):
    """Units per second: files and records, not bytes."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.1f}/s" if speed else "–/s", style="progress.data.speed")


app = typer.Typer(
    name="vanban",
    help="Tìm kiếm văn bản hành chính Việt Nam — Vietnamese document search.",
    no_args_is_help=True,
    add_completion=False,
)


def _fail(message: str, code: int = 1) -> typer.Exit:
    err_console.print(f"[red]lỗi (error):[/red] {message}")
    return typer.Exit(code)


@app.command()
def index(
    sources: Annotated[
        list[str] | None, typer.Argument(help="Files, folders, .jsonl/.jsonl.gz, http(s) URLs")
    ] = None,
    url_list: Annotated[Path | None, typer.Option(help="A file with one URL per line")] = None,
    rate: Annotated[float, typer.Option(help="Requests per second per host, for URLs")] = 2.0,
    fetch_timeout: Annotated[float, typer.Option(help="Seconds per download attempt")] = 30.0,
    max_download_mb: Annotated[int, typer.Option(help="Largest download accepted, MB")] = 50,
    db: DbOption = None,
    es_url: EsUrlOption = None,
    index_name: IndexOption = None,
    workers: Annotated[int | None, typer.Option(help="Worker processes [default: cores]")] = None,
    force: Annotated[bool, typer.Option(help="Re-index unchanged sources too")] = False,
    report: Annotated[Path | None, typer.Option(help="Write the JSON report here")] = None,
    as_json: JsonOption = False,
) -> None:
    """Index documents; unchanged sources are skipped, failures are reported."""
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
    try:
        backend = backend_from(settings)
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
        return
    console.print(
        f"Đã lập chỉ mục (indexed) [bold]{result.indexed}[/bold], "
        f"cập nhật (updated) [bold]{result.updated}[/bold], "
        f"không đổi (unchanged) {result.unchanged}, "
        f"xóa (removed) {result.removed}, "
        f"lỗi (failed) [bold red]{len(result.failed)}[/bold red] "
        f"trong {result.seconds:.1f} s"
    )
    for failure in result.failed:
        console.print(f"  [red]✗[/red] {failure.source} [{failure.stage}]: {failure.reason}")
    for warning in result.warnings:
        console.print(f"  [yellow]![/yellow] {warning}")


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Từ khóa / query")],
    issuer: Annotated[list[str] | None, typer.Option(help="Cơ quan ban hành")] = None,
    doc_type: Annotated[list[str] | None, typer.Option("--type", help="Loại văn bản")] = None,
    year: Annotated[list[int] | None, typer.Option(help="Năm ban hành")] = None,
    status: Annotated[
        list[str] | None, typer.Option(help="Tình trạng hiệu lực, e.g. 'Còn hiệu lực'")
    ] = None,
    language: Annotated[list[str] | None, typer.Option(help="Ngôn ngữ: vi | en")] = None,
    field: Annotated[list[str] | None, typer.Option(help="Lĩnh vực")] = None,
    gazette: Annotated[list[str] | None, typer.Option(help="Số Công báo: 242 or 242/2026")] = None,
    in_force_on: Annotated[
        dt.datetime | None,
        typer.Option("--in-force-on", formats=["%Y-%m-%d"], help="Còn hiệu lực vào ngày"),
    ] = None,
    date_from: Annotated[dt.datetime | None, typer.Option("--from", formats=["%Y-%m-%d"])] = None,
    date_to: Annotated[dt.datetime | None, typer.Option("--to", formats=["%Y-%m-%d"])] = None,
    sort: Annotated[Sort, typer.Option(help="Thứ tự / order")] = Sort.relevance,
    size: Annotated[int, typer.Option(min=1, max=100)] = 10,
    page: Annotated[int, typer.Option(min=1)] = 1,
    db: DbOption = None,
    es_url: EsUrlOption = None,
    index_name: IndexOption = None,
    as_json: JsonOption = False,
) -> None:
    """Full-text search; prints the same JSON as /api/v1/search with --json."""
    request = SearchRequest(
        q=query,
        filters=Filters(
            facets={
                "issuer": issuer or [],
                "doc_type": doc_type or [],
                "year": [str(y) for y in year or []],
                "status": status or [],
                "language": language or [],
                "field": field or [],
                "gazette": gazette or [],
            },
            in_force_on=in_force_on.date() if in_force_on else None,
            date_from=date_from.date() if date_from else None,
            date_to=date_to.date() if date_to else None,
        ),
        sort=sort,
        size=size,
        page=page,
    )
    service = _service(settings_from(db, es_url, index_name))
    try:
        result = service.search(request)
    except (BackendError, ValueError) as exc:
        raise _fail(str(exc)) from exc
    finally:
        service.backend.close()
    _show(result, as_json)


@app.command()
def lookup(
    number: Annotated[str, typer.Argument(help="Số hiệu, e.g. 1016/TB-VPCP")],
    size: Annotated[int, typer.Option(min=1, max=100)] = 10,
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


@app.command()
def extract(
    files: Annotated[list[Path], typer.Argument(help="Files to read")],
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


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="[env VANBAN_HOST; default 127.0.0.1]")] = None,
    port: Annotated[int | None, typer.Option(help="[env VANBAN_PORT; default 8000]")] = None,
    db: DbOption = None,
    es_url: EsUrlOption = None,
    index_name: IndexOption = None,
) -> None:
    """Serve the web UI and the API."""
    import uvicorn

    from search_api.app import create_app

    settings = settings_from(db, es_url, index_name)
    try:
        application = create_app(settings)
    except BackendError as exc:
        raise _fail(str(exc)) from exc
    console.print(f"vanban: http://{host or settings.host}:{port or settings.port}/")
    uvicorn.run(application, host=host or settings.host, port=port or settings.port)


@app.command(name="eval")
def evaluate(
    queries: Annotated[Path, typer.Option(help="JSON Lines with query_id and text")],
    qrels: Annotated[Path, typer.Option(help="TSV: query_id doc_id relevance")],
    system: Annotated[
        str, typer.Option(help="vanban | syllable-bm25 | es-standard (baselines)")
    ] = "vanban",
    strip_diacritics: Annotated[
        bool, typer.Option(help="Fold the queries first, as citizens often type")
    ] = False,
    details: Annotated[
        bool, typer.Option(help="Also print each query's first relevant rank")
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


@app.command()
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


def _show(result: SearchPage, as_json: bool) -> None:
    """One output format for search and lookup: the /api/v1/search body, or a table."""
    if as_json:
        print_json(result.model_dump(mode="json"))
    else:
        print_page(result)


def _service(settings: Settings) -> SearchService:
    try:
        return SearchService(backend_from(settings))
    except BackendError as exc:
        raise _fail(str(exc)) from exc


if __name__ == "__main__":
    app()
