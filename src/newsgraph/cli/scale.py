"""``newsgraph scale``: the pipeline on Ray Data, Parquet out."""

from __future__ import annotations

import sys

import click

from newsgraph.cli.common import (
    current_settings,
    db_option,
    handle_errors,
    print_json,
    report_error,
    stderr_console,
)


@click.command("scale")
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", "output_dir", required=True,
              type=click.Path(file_okay=False, writable=True),
              help="Folder for the Parquet datasets (articles/, occurrences/, errors/...).")
@click.option("--address", default=None, metavar="ADDRESS",
              help="Ray cluster to join (head:6379, auto, or ray://head:10001 with ray[client]); "
                   "default: a local instance.")
@click.option("--num-cpus", type=click.IntRange(min=1), default=None,
              help="CPUs for the local instance (default 2).")
@click.option("--enrich", is_flag=True,
              help="Also run the knowledge layer (spaCy actors): knowledge/.")
@click.option("--model", default=None, help="spaCy pipeline for --enrich (any installed one).")
@click.option("--progress", is_flag=True, help="Show Ray Data's progress bars and logs.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option("--silent", is_flag=True, help="No summary (errors still go to stderr).")
@handle_errors
def scale_command(
    paths: tuple[str, ...], output_dir: str, address: str | None, num_cpus: int | None,
    enrich: bool, model: str | None, progress: bool, as_json: bool, silent: bool,
) -> None:
    """Read, segment and deduplicate pages on Ray Data; write Parquet datasets.

    The same stages as ingest, across a cluster: each article once (the first
    seen in input order), every place it occurred, and one row per unreadable
    input; with --enrich, each article's entities, quotes, dates and events.
    newsgraph load turns the folder into a store. Paths must be readable by
    every Ray node. Exit code 1 when an input failed.

    Example: newsgraph scale crawl/ -o out/ --address head:6379 --enrich
    """
    from newsgraph.scale import run_ray

    stats = run_ray(paths, output_dir, settings=current_settings(), enrich=enrich,
                    num_cpus=num_cpus, address=address, model=model, progress=progress)
    errors = stderr_console()
    for error in stats.errors:
        report_error(errors, error)
    if as_json:
        print_json(stats.to_dict())
    elif not silent:
        console = stderr_console()
        console.print(
            f"pages: {stats.pages_read} read, {stats.pages_unique} unique; articles: "
            f"{stats.articles_found} found, {stats.articles_unique} unique, "
            f"{stats.duplicates_merged} duplicates merged; errors: {len(stats.errors)}",
            highlight=False)
        if enrich:
            console.print(f"enriched: {stats.articles_enriched} articles (load them into a "
                          f"store: newsgraph load {stats.output_dir})", highlight=False)
        steps = ", ".join(f"{k} {v:.1f}" for k, v in stats.stage_seconds.items())
        console.print(f"{stats.seconds:.1f} s ({steps}); Parquet in {stats.output_dir}",
                      highlight=False)
    if stats.errors:
        sys.exit(1)


@click.command("load")
@click.argument("output_dir", type=click.Path(file_okay=False))
@db_option
@click.option("--replace", is_flag=True, help="Replace the store file if it exists.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option("--silent", is_flag=True, help="No summary.")
@handle_errors
def load_command(output_dir: str, db_path: str, replace: bool, as_json: bool, silent: bool) -> None:
    """Build a store from a scale output folder; then every command works on it.

    Pages, articles, occurrences and duplicate clusters as scale found them; with
    an enriched run, entities merged across the corpus, roles, quotes, dates and
    events, as enrich would store them. A damaged or partial folder is an error
    naming the file, and no store is written.

    Example: newsgraph load out/ --db crawl.db && newsgraph entities --db crawl.db
    """
    from newsgraph.scale import load_output

    stats = load_output(output_dir, db_path, replace=replace,
                        lock_timeout_s=current_settings().store_lock_timeout_s,
                        on_wait=lambda m: click.echo(m, err=True))
    if as_json:
        print_json(stats.to_dict())
    elif not silent:
        stderr_console().print(
            f"loaded {stats.pages} pages, {stats.articles} articles, {stats.occurrences} "
            f"occurrences; enriched {stats.articles_enriched} (mentions {stats.mentions}, quotes "
            f"{stats.quotes}, events {stats.events_new} + {stats.events_merged} merged) into "
            f"{stats.db} in {stats.seconds:.1f} s", highlight=False, markup=False)


COMMANDS = [scale_command, load_command]
