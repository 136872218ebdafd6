"""Knowledge commands: enrich, entities, entity, quotes, events, timeline, graph, analyze."""

from __future__ import annotations

import json
import sys
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import click

from newsgraph.cli.common import (
    current_settings,
    db_option,
    existing_store,
    handle_errors,
    output_options,
    print_json,
    print_rows,
    progress_bar,
    report_error,
    stderr_console,
)
from newsgraph.errors import AmbiguousEntity
from newsgraph.model import ENTITY_TYPES, PLOVER_TYPES

if TYPE_CHECKING:
    from newsgraph.store.knowledge import KnowledgeStore


@contextmanager
def _knowledge(db_path: str) -> Iterator[KnowledgeStore]:
    from newsgraph.store.knowledge import KnowledgeStore

    with existing_store(db_path) as store:
        yield KnowledgeStore(store)


def _model_options(func: Any) -> Any:
    func = click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True,
                        help="Parser processes.")(func)
    return click.option("--model", default=None,
                        help="spaCy pipeline to use (any installed one; default: the English one).")(func)


@click.command("enrich")
@db_option
@click.option("--all", "redo_all", is_flag=True,
              help="Redo every article (after a model or extractor upgrade), not only new ones.")
@_model_options
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option("--silent", is_flag=True, help="No progress bar, no summary.")
@handle_errors
def enrich_command(db_path: str, redo_all: bool, model: str | None, workers: int, as_json: bool,
                   silent: bool) -> None:
    """Find entities, quotes, dates and events in the stored articles not yet enriched.

    Example: newsgraph enrich --workers 2
    """
    from newsgraph.enrich.run import count_pending, enrich_pending

    show = not silent and sys.stderr.isatty()
    with existing_store(db_path) as store, store.writer_lock(on_wait=lambda m: click.echo(m, err=True)):
        total = count_pending(store, model=model, redo_all=redo_all) if show else None
        with progress_bar(total, "enriching", enabled=show) as advance:
            stats = enrich_pending(store, model=model, workers=workers, redo_all=redo_all,
                                   progress=advance)
    summary = stats.to_dict()
    if as_json:
        print_json(summary)
    elif not silent:
        stderr_console().print(
            f"enriched {stats.articles_enriched} articles with {stats.model} {stats.version} · "
            f"empty skipped {stats.skipped_empty} · parsed in pieces {stats.long_articles} · "
            f"mentions {stats.mentions} · quotes {stats.quotes} · events new {stats.events_new}, "
            f"merged {stats.events_merged} · {stats.seconds:.1f} s",
            highlight=False, markup=False,
        )


@click.command("entities")
@db_option
@click.option("--type", "type_", type=click.Choice(ENTITY_TYPES, case_sensitive=False),
              help="Only entities of this type.")
@output_options
@handle_errors
def entities_command(db_path: str, type_: str | None, as_json: bool, as_csv: bool,
                     limit: int) -> None:
    """List entities, the most mentioned first.

    Example: newsgraph entities --type PERSON --limit 20
    """
    with _knowledge(db_path) as knowledge:
        rows = knowledge.entities(type=type_, limit=limit)
    print_rows(rows, ["id", "name", "type", "country", "mentions", "articles", "aliases"],
               as_json=as_json, as_csv=as_csv, title="entities")


@click.command("entity")
@click.argument("name")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Output JSON.")
@click.option("--limit", type=click.IntRange(min=1), default=100, show_default=True,
              help="At most this many mentions, quotes and events.")
@handle_errors
def entity_command(name: str, db_path: str, as_json: bool, limit: int) -> None:
    """Show one entity (by name, alias or id): aliases, roles, mentions, quotes, events.

    A title before the name is allowed ("President Erdogan"); a lone name that
    several people share ("Biden") lists them instead of picking one.

    Example: newsgraph entity "Erdogan"
    """
    with _knowledge(db_path) as knowledge:
        try:
            info = knowledge.entity(name, limit=limit)
        except AmbiguousEntity as exc:
            if as_json:
                print_json({"ambiguous": name, "candidates": exc.candidates})
                return
            click.echo(f"{name!r} names several entities; ask for one of them:")
            for c in exc.candidates:
                click.echo(f"  {c['name']} ({c['type']}, {c['mentions']} mentions) #{c['id']}")
            return
    if as_json:
        print_json(info)
        return
    out = click.echo
    country = f" · {info['country']}" if info["country"] else ""
    out(f"{info['name']} ({info['type']}{country}) #{info['id']}")
    out(f"aliases: {'; '.join(info['aliases'])}")
    for r in info["roles"]:
        out(f"role: {r['role']}" + (f" of {r['organisation']}" if r["organisation"] else "")
            + f"  [article {r['article_id']}]")
    for m in info["members"]:
        out(f"member: {m['person']}, {m['role']}  [article {m['article_id']}]")
    out(f"mentions: {info['mention_count']}")
    for m in info["mentions"]:
        out(f"  [{m['article_id']}:{m['start']}-{m['end']}] {m['text']!r} in {m['article_title']!r}")
    if info["quotes"]:
        out("quotes:")
        for q in info["quotes"]:
            out(f"  {q['cue'] or 'said'}: \u201c{q['text']}\u201d  [article {q['article_id']}]")
    if info["events"]:
        out("events:")
        for e in info["events"]:
            out("  " + _event_line(e))


def _event_line(e: dict[str, Any]) -> str:
    what = e["type"] + (f"/{e['mode']}" if e["mode"] else "")
    flags = e.get("flags") or [f for f in ("negated", "hypothetical", "future") if e[f]]
    parts = [e["date"] or "undated", f"{e['actor'] or '?'} {what} {e['target'] or '?'}"]
    if e["place"]:
        parts.append(f"in {e['place']}")
    if flags:
        parts.append(f"[{', '.join(flags)}]")
    parts.append(f"({e['source_count']} source{'s' if e['source_count'] != 1 else ''})")
    return " ".join(parts)


@click.command("quotes")
@db_option
@click.option("--speaker", help="Only quotes by this speaker (name or alias).")
@output_options
@handle_errors
def quotes_command(db_path: str, speaker: str | None, as_json: bool, as_csv: bool,
                   limit: int) -> None:
    """List quotes: the speaker entity, the words naming the speaker, its kind, the cue verb.

    A description speaker ("a Kremlin spokesman") shows the organisation or country it
    is linked to. --json adds speaker_mention {text, start, end} and the quote's parts.

    Example: newsgraph quotes --speaker "Theo Francken"
    """
    with _knowledge(db_path) as knowledge:
        rows = knowledge.quotes(speaker=speaker, limit=limit)
    if not as_json:
        rows = [r | {"said_by": (r["speaker_mention"] or {}).get("text"),
                     "link": r["speaker_link"]} for r in rows]
    print_rows(rows, ["speaker", "said_by", "speaker_kind", "link", "cue", "text", "direct",
                      "article_id", "article_title"],
               as_json=as_json, as_csv=as_csv, title="quotes",
               narrow=["speaker", "said_by", "text", "article_id"])


EVENT_COLUMNS = ("id", "date", "precision", "type", "mode", "actor", "actor_country",
                 "actor_sector", "target", "target_country", "target_sector", "place", "flags",
                 "confidence", "source_count", "article_id", "article_title", "sentence")
"""Columns of the events CSV (the first source's article and sentence)."""
_EVENT_TABLE = ("id", "date", "type", "mode", "actor", "target", "place", "flags", "conf",
                "sources")
"""The table's columns: a party shown with its country ("Moscow (RUS)"), the sources counted;
``--format csv`` and ``json`` give every field apart."""
_EVENT_TABLE_NARROW = ("id", "date", "type", "actor", "target", "flags", "conf")
"""The columns kept on a narrow terminal (see :func:`~newsgraph.cli.common.print_rows`)."""


def _event_table_row(row: dict[str, Any]) -> dict[str, Any]:
    """``row`` as the events table shows it."""
    def party(name: str | None, country: str | None) -> str | None:
        return f"{name} ({country})" if name and country else name or country

    return {**row, "actor": party(row.get("actor"), row.get("actor_country")),
            "target": party(row.get("target"), row.get("target_country")),
            "conf": row.get("confidence"), "sources": row.get("source_count")}


@click.command("events")
@db_option
@click.option("--type", "type_", type=click.Choice(PLOVER_TYPES, case_sensitive=False),
              help="Only events of this PLOVER type.")
@click.option("--actor", help="Only events by this entity (name or alias).")
@click.option("--target", help="Only events aimed at this entity (name or alias).")
@click.option("--since", metavar="DATE", help="Only events on or after DATE (2015, 2015-11, 2015-11-24).")
@click.option("--until", metavar="DATE", help="Only events on or before DATE.")
@click.option("--min-confidence", type=click.FloatRange(0.0, 1.0), default=None, metavar="X",
              help="Only events with at least this confidence.")
@click.option("--include-uncertain", is_flag=True,
              help="Also list negated and hypothetical events (flagged).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default=None,
              help="Output format (same as --csv / --json).")
@output_options
@handle_errors
def events_command(db_path: str, type_: str | None, actor: str | None, target: str | None,
                   since: str | None, until: str | None, min_confidence: float | None,
                   include_uncertain: bool, fmt: str | None, as_json: bool, as_csv: bool,
                   limit: int) -> None:
    """List events (who did what to whom, when and where), each with its sources.

    Negated and hypothetical events are left out unless --include-uncertain; every row
    shows its flags (negated, hypothetical, future, promise, threat, refusal).

    Example: newsgraph events --type ASSAULT --actor Türkiye --since 2015 --format csv
    """
    from newsgraph.errors import InvalidParameter
    from newsgraph.params import date_range

    try:  # the same validation as the web's /api/events
        since, until = date_range(since, until)
    except InvalidParameter as exc:
        raise click.BadParameter(exc.reason, param_hint=f"--{exc.name}") from exc
    with _knowledge(db_path) as knowledge:
        rows = knowledge.events(type=type_, actor=actor, target=target, since=since, until=until,
                                limit=limit, min_confidence=min_confidence,
                                include_uncertain=include_uncertain)
    for row in rows:
        first = row["sources"][0] if row["sources"] else {}
        row["article_id"] = first.get("article_id")
        row["article_title"] = first.get("article_title")
        row["sentence"] = first.get("sentence")
    as_json = as_json or fmt == "json"
    as_csv = as_csv or fmt == "csv"
    if as_json or as_csv:
        print_rows(rows, EVENT_COLUMNS, as_json=as_json, as_csv=as_csv)
    else:
        print_rows([_event_table_row(r) for r in rows], _EVENT_TABLE, title="events",
                   narrow=_EVENT_TABLE_NARROW)


@click.command("timeline")
@click.argument("name")
@db_option
@output_options
@handle_errors
def timeline_command(name: str, db_path: str, as_json: bool, as_csv: bool, limit: int) -> None:
    """The events and quotes of one entity in date order.

    Example: newsgraph timeline "Vladimir Putin"
    """
    with _knowledge(db_path) as knowledge:
        timeline = knowledge.timeline(name, limit=limit)
    if as_json:
        print_json(timeline)
        return
    print_rows(timeline["items"], ["date", "kind", "summary", "article_id"], as_csv=as_csv,
               title=f"timeline of {timeline['entity']['name']}")


@click.command("graph")
@db_option
@click.option("--format", "fmt", type=click.Choice(["graphml", "json"]), default="graphml",
              show_default=True, help="GraphML (Gephi, yEd) or node-link JSON.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="Write to FILE instead of stdout.")
@click.option("--co-mentions", type=click.IntRange(min=1), metavar="N", default=None,
              help="Also link entities named together in at least N articles.")
@click.option("--include-uncertain", is_flag=True,
              help="Also negated and hypothetical events as edges (flagged).")
@handle_errors
def graph_command(db_path: str, fmt: str, output: str | None, co_mentions: int | None,
                  include_uncertain: bool) -> None:
    """Export the entity graph: roles and events as edges, entities as nodes.

    Example: newsgraph graph --format graphml -o news.graphml
    """
    from newsgraph.graph import knowledge_graph, write_graph

    with _knowledge(db_path) as knowledge:
        graph = knowledge_graph(knowledge, co_mentions=co_mentions,
                                include_uncertain=include_uncertain)
    if output:
        write_graph(graph, output, fmt)
        stderr_console().print(
            f"wrote {graph.number_of_nodes()} nodes and {graph.number_of_edges()} edges to {output}",
            highlight=False, markup=False)
    else:
        write_graph(graph, sys.stdout.buffer, fmt)
        sys.stdout.buffer.flush()


@click.command("analyze")
@click.argument("paths", nargs=-1, required=True)
@_model_options
@handle_errors
def analyze_command(paths: tuple[str, ...], model: str | None, workers: int) -> None:
    """Find entities, quotes and events in documents, without a store; JSON Lines out.

    PATHS (files, directories, or - for stdin) are read like ingest reads them
    (any encoding, gzip/bz2/xz/lz4/zstd): a plain text file is one document,
    JSON Lines give one document per line {"id", "text", "published"?}, an HTML
    page or WARC record gives its main text (carried in the output as "text").
    Each output line is {id, entities, quotes, events, ...} with character
    offsets into the text. Exit code 1 when an input failed.

    Example: newsgraph analyze docs.jsonl > knowledge.jsonl
    """
    from newsgraph.enrich.run import analyze_documents
    from newsgraph.read.documents import Document, read_documents

    settings = current_settings()
    console = stderr_console()
    failed = False
    extracted: deque[str | None] = deque()  # per document sent on: its text when it was extracted

    def documents() -> Iterator[dict[str, Any]]:
        nonlocal failed
        limit = settings.enrich_max_article_chars
        for item in read_documents(paths, settings):
            if not isinstance(item, Document):
                failed = True
                report_error(console, item)
                continue
            if len(item.text) > limit:
                failed = True
                report_error(console, f"{item.location}: not analysed: {len(item.text):,} "
                             f"characters, over enrich_max_article_chars ({limit:,})")
                continue
            extracted.append(item.text if item.derived else None)
            yield {"id": item.id, "text": item.text, "published": item.published}

    for result in analyze_documents(documents(), model=model, workers=workers,
                                    max_chars=settings.enrich_max_chars):
        text = extracted.popleft()
        if text is not None:
            result["text"] = text
        click.echo(json.dumps(result, ensure_ascii=False))
    if failed:
        sys.exit(1)


COMMANDS = [
    enrich_command,
    entities_command,
    entity_command,
    quotes_command,
    events_command,
    timeline_command,
    graph_command,
    analyze_command,
]
