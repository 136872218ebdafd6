"""``newsgraph ingest`` and ``newsgraph extract``: pages in, articles out."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

import click
from rich.console import Console

from newsgraph.cli.common import (
    current_settings,
    db_option,
    handle_errors,
    print_json,
    progress_bar,
    report_error,
    stderr_console,
)
from newsgraph.model import ReadError

if TYPE_CHECKING:
    from newsgraph.pipeline import PageResult


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option("--enrich/--no-enrich", default=True, show_default=True,
              help="Run the knowledge layer on the new articles.")
@click.option("--model", default=None, help="spaCy pipeline for enrichment (any installed one).")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True,
              help="Processes for enrichment.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option("--silent", is_flag=True, help="No progress bar, no summary (errors still go to stderr).")
@handle_errors
def ingest_command(
    paths: tuple[str, ...], db_path: str, enrich: bool, model: str | None, workers: int,
    as_json: bool, silent: bool,
) -> None:
    """Read pages, cut out their articles, keep each article once, store them.

    PATHS are files, directories (read recursively) or - for stdin: flattened
    text, JSON Lines, HTML, WARC/WET, plain or gzip/bz2/xz compressed.
    Ingesting the same pages again changes nothing. Exit code 1 when an input failed.

    Example: newsgraph ingest pages/ crawl.warc.gz --db news.db
    """
    from newsgraph.pipeline import ingest
    from newsgraph.store import Store

    settings = current_settings()
    console = stderr_console(quiet=silent)
    errors = stderr_console()  # errors are reported even with --silent
    with Store.open(db_path, settings) as store, store.writer_lock(on_wait=lambda m: click.echo(m, err=True)):
        with progress_bar(None, "pages", enabled=not silent and sys.stderr.isatty()) as advance:
            stats = ingest(paths, store, settings=settings, progress=advance,
                           on_error=lambda e: report_error(errors, e))
        summary: dict[str, object] = stats.to_dict()
        if enrich:
            summary["enrichment"] = _enrich(store, model, workers, silent)
    if as_json:
        print_json(summary)
    elif not silent:
        _print_summary(console, summary)
    if stats.errors:
        sys.exit(1)


def _enrich(store: object, model: str | None, workers: int, silent: bool) -> dict[str, object]:
    """Enrich what is new; without the ``nlp`` extra, say so and leave the articles pending."""
    from newsgraph.errors import MissingDependency

    try:
        from newsgraph.enrich.run import enrich_pending

        with progress_bar(None, "enriching", enabled=not silent and sys.stderr.isatty()) as advance:
            result = enrich_pending(store, model=model, workers=workers, progress=advance)  # type: ignore[arg-type]
    except (ImportError, MissingDependency) as exc:  # a core install: the nlp extra is missing
        reason = str(exc) if isinstance(exc, MissingDependency) else str(MissingDependency("spacy", "nlp"))
        return {"skipped": f"{reason}; then run newsgraph enrich"}
    return result.to_dict()


def _print_summary(console: Console, summary: dict[str, object]) -> None:
    errors = summary.get("errors") or []
    console.print(
        f"pages read {summary['pages_read']} (new {summary['pages_new']}, "
        f"already stored {summary['pages_already_stored']}) · "
        f"articles found {summary['articles_found']} (new {summary['articles_new']}, "
        f"duplicates merged {summary['duplicates_merged']}) · "
        f"records skipped {summary['records_skipped']} · errors {len(errors)}",  # type: ignore[arg-type]
        highlight=False,
    )
    enrichment = summary.get("enrichment")
    if isinstance(enrichment, dict) and enrichment:
        console.print("enrichment " + " · ".join(f"{k} {v}" for k, v in enrichment.items()),
                      highlight=False)


@click.command("extract")
@click.argument("paths", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON array, an object per page.")
@click.option("--jsonl", "as_jsonl", is_flag=True, help="One JSON object per page per line.")
@handle_errors
def extract_command(paths: tuple[str, ...], as_json: bool, as_jsonl: bool) -> None:
    """Cut the articles out of pages and print them, without touching any store.

    Each page gives an object with its source (file, and record where one file
    holds many pages) and its articles: title, body, paragraphs, captions
    (text, credit), agency, subheadings. Furniture is removed. Use it as a
    cleaner inside your own pipeline. Exit code 1 when an input failed.

    Example: newsgraph extract page.txt crawl.warc.gz --jsonl > articles.jsonl
    """
    from newsgraph.pipeline import extract

    settings = current_settings()
    console = stderr_console()
    failed = False
    results: list[dict[str, object]] = []
    for item in extract(paths, settings=settings):
        if isinstance(item, ReadError):
            failed = True
            report_error(console, item)
            continue
        if as_jsonl:
            click.echo(json.dumps(item.to_dict(), ensure_ascii=False))
        elif as_json:
            results.append(item.to_dict())
        else:
            _print_page(item)
    if as_json:
        print_json(results)
    if failed:
        sys.exit(1)


def _print_page(result: PageResult) -> None:
    out = Console(highlight=False)
    where = result.page.location
    out.rule(_escape(f"{where} · {len(result.articles)} article(s)"), style="dim")
    for article in result.articles:
        out.print(f"[bold]{_escape(article.title or '(untitled)')}[/bold]")
        if article.agency:
            out.print(f"[dim]agency: {_escape(article.agency)}[/dim]")
        for caption in article.captions:
            credit = f" [dim](credit: {_escape(caption.credit)})[/dim]" if caption.credit else ""
            out.print(f"[italic]caption:[/italic] {_escape(caption.text)}{credit}")
        heads = {s.before: s.text for s in article.subheadings}
        for i, para in enumerate(article.paragraphs):
            if i in heads:
                out.print(f"\n[bold underline]{_escape(heads[i])}[/bold underline]")
            out.print(_escape(para) + "\n")


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


COMMANDS = [ingest_command, extract_command]
