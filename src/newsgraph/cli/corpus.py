"""Query the article store: ``articles``, ``show``, ``search``, ``duplicates``, ``stats``, ``export``.

Thin: each command opens the store, calls one :class:`~newsgraph.store.Store`
method and prints (a table by default, ``--json`` / ``--csv`` for machines).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import click

from newsgraph.cli.common import (
    db_option,
    existing_store,
    handle_errors,
    output_options,
    print_json,
    print_rows,
)

if TYPE_CHECKING:
    pass


def _rows(rows: Sequence[dict[str, Any]], columns: Sequence[str], as_json: bool, as_csv: bool,
          title: str | None = None) -> None:
    """``print_rows`` with the flags in this module's argument order."""
    print_rows(rows, columns, as_json=as_json, as_csv=as_csv, title=title)


@click.command("articles")
@db_option
@click.option("--site", default=None, help="Only articles first seen on this site.")
@click.option("--offset", type=click.IntRange(min=0), default=0, show_default=True,
              help="Skip this many articles (paging).")
@output_options
@handle_errors
def articles_command(db_path: str, site: str | None, offset: int, limit: int, as_json: bool,
                     as_csv: bool) -> None:
    """List stored articles, most recently stored first.

    Example: newsgraph articles --site nytimes.com --limit 20 --json
    """
    with existing_store(db_path) as store:
        rows = [a.to_dict() for a in store.articles(limit=limit, offset=offset, site=site)]
    _rows(rows, ["id", "title", "site", "agency", "published", "occurrences"], as_json, as_csv)


@click.command("show")
@click.argument("article_id", type=int)
@db_option
@click.option("--json", "as_json", is_flag=True, help="Output JSON.")
@handle_errors
def show_command(article_id: int, db_path: str, as_json: bool) -> None:
    """Show one article: title, body, captions with credits, subheadings, and where it occurred.

    Example: newsgraph show 3 --json
    """
    with existing_store(db_path) as store:
        detail = store.article(article_id)
    if as_json:
        print_json(detail.to_dict())
        return
    out = [f"# {detail.title or '(untitled)'}", ""]
    meta = [("id", detail.id), ("site", detail.site), ("agency", detail.agency),
            ("author", detail.author), ("published", detail.published),
            ("language", detail.language), ("first seen", detail.first_seen)]
    out += [f"{k}: {v}" for k, v in meta if v is not None]
    subheads = {s["before_paragraph"]: s["text"] for s in detail.subheadings}
    out.append("")
    for i, para in enumerate(detail.paragraphs):
        if i in subheads:
            out += [f"## {subheads[i]}", ""]
        out += [para, ""]
    if detail.captions:
        out.append("Captions:")
        out += [f"- {c['text']}" + (f" (Credit: {c['credit']})" if c["credit"] else "")
                for c in detail.captions]
        out.append("")
    out.append(f"Occurrences ({len(detail.occurrences)}):")
    for o in detail.occurrences:
        where = o.source + (f" ({o.record})" if o.record else "")
        url = f" {o.url}" if o.url else ""
        out.append(f"- page {o.page_id}: {where}{url} [{o.start}:{o.end}] {o.match}"
                   + (f" {o.similarity:.2f}" if o.match not in ("first", "exact") else ""))
    click.echo("\n".join(out))


@click.command("search")
@click.argument("query")
@db_option
@output_options
@handle_errors
def search_command(query: str, db_path: str, limit: int, as_json: bool, as_csv: bool) -> None:
    """Full-text search of titles and bodies, best matches first, with snippets.

    Accents are ignored (Turkiye finds Türkiye); every word must occur; a
    trailing * searches a prefix (Erdog*). Other search syntax is taken literally.

    Example: newsgraph search "Wagner Mali" --limit 5
    """
    with existing_store(db_path) as store:
        rows = [h.to_dict() for h in store.search(query, limit=limit)]
    if not rows and not (as_json or as_csv):
        click.echo(f"No articles match {query!r}.", err=True)
        return
    _rows(rows, ["id", "title", "site", "snippet"], as_json, as_csv)


@click.command("duplicates")
@db_option
@output_options
@handle_errors
def duplicates_command(db_path: str, limit: int, as_json: bool, as_csv: bool) -> None:
    """Articles found more than once (exact, near or shorter copies), with the pages that carried them.

    Example: newsgraph duplicates --json
    """
    with existing_store(db_path) as store:
        clusters = store.duplicate_clusters(limit=limit)
    if as_json:
        print_json([c.to_dict() for c in clusters])
        return
    rows = [{"id": c.id, "title": c.title, "copies": c.count,
             "pages": [o.source + (f" ({o.record})" if o.record else "") + f" [{o.match}]"
                       for o in c.occurrences]}
            for c in clusters]
    _rows(rows, ["id", "title", "copies", "pages"], False, as_csv)


@click.command("stats")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Output JSON.")
@handle_errors
def stats_command(db_path: str, as_json: bool) -> None:
    """Counts: pages, articles, occurrences, duplicates merged, sites, captions, size.

    Example: newsgraph stats --json
    """
    with existing_store(db_path) as store:
        stats = store.stats()
    data = stats.to_dict()
    if as_json:
        print_json(data)
        return
    rows = [{"what": k, "count": v} for k, v in data.items() if k not in ("by_match", "top_sites")]
    rows += [{"what": f"occurrences: {m}", "count": n} for m, n in stats.by_match.items()]
    rows += [{"what": f"site: {s['site']}", "count": f"{s['pages']} pages, {s['articles']} articles"}
             for s in stats.top_sites]
    _rows(rows, ["what", "count"], False, False)


@click.command("export")
@db_option
@click.option("--what", type=click.Choice(["articles", "events", "quotes", "entities"]),
              default="articles", show_default=True, help="What to export.")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "parquet"]), default="jsonl",
              show_default=True, help="Output format.")
@click.option("--include-uncertain", is_flag=True,
              help="With --what events: also negated and hypothetical events (flagged).")
@click.option("--min-confidence", type=click.FloatRange(0.0, 1.0), default=None, metavar="X",
              help="With --what events: keep confidence >= X (default: the listing floor, "
                   "Settings.event_min_confidence; 0 exports every event).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Write here (default: stdout for jsonl and csv).")
@handle_errors
def export_command(db_path: str, what: str, fmt: str, include_uncertain: bool,
                   min_confidence: float | None, output: str | None) -> None:
    """Export every article (with captions, subheadings and occurrences), or the events,
    quotes or entities of the knowledge graph.

    CSV holds the nested fields as JSON; Parquet needs pyarrow
    (pip install 'newsgraph[export]') and -o, and types dates (date_start, date_end).

    Example: newsgraph export --what events --format parquet -o events.parquet
    """
    if fmt == "parquet" and output is None:
        raise click.UsageError("parquet is binary: give a file with -o FILE")
    with existing_store(db_path) as store:
        if what == "articles":
            count = store.export(fmt, output if output is not None else sys.stdout)
        else:
            from newsgraph.store.export import export_knowledge
            from newsgraph.store.knowledge import KnowledgeStore

            count = export_knowledge(KnowledgeStore(store), what, fmt,
                                     output if output is not None else sys.stdout,
                                     include_uncertain=include_uncertain,
                                     min_confidence=min_confidence)
    if output is not None:
        click.echo(f"Exported {count} {what} to {output}", err=True)


COMMANDS = [articles_command, show_command, search_command, duplicates_command, stats_command,
            export_command]
