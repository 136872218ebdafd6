"""Option sets and output helpers shared by every command, written once."""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

import click
from rich.console import Console
from rich.table import Table

from newsgraph.errors import NewsgraphError
from newsgraph.settings import Settings

if TYPE_CHECKING:
    from newsgraph.store import Store

F = TypeVar("F", bound=Callable[..., Any])

DEFAULT_DB = "newsgraph.db"


def default_db() -> str:
    """``$NEWSGRAPH_DB`` or ``./newsgraph.db``."""
    return os.environ.get("NEWSGRAPH_DB") or DEFAULT_DB


def _store_settings(ctx: click.Context, _param: click.Parameter, values: Sequence[str]) -> None:
    overrides: dict[str, str] = {}
    for item in values:
        key, sep, value = item.partition("=")
        if not sep:
            raise click.BadParameter(f"expected KEY=VALUE, got {item!r}", param_hint="--set")
        overrides[key.strip()] = value.strip()
    try:
        ctx.meta["newsgraph.settings"] = Settings.from_env().replace(**overrides)
    except NewsgraphError as exc:
        raise click.BadParameter(str(exc), param_hint="--set") from exc


settings_option = click.option(
    "--set",
    "settings_overrides",
    multiple=True,
    metavar="KEY=VALUE",
    expose_value=False,
    is_eager=True,
    callback=_store_settings,
    help="Override a setting (repeatable), e.g. --set near_dup_threshold=0.85.",
)


def current_settings() -> Settings:
    """The settings of this invocation (defaults, environment, then ``--set``)."""
    ctx = click.get_current_context()
    root = ctx.find_root()
    settings = root.meta.get("newsgraph.settings")
    return settings if isinstance(settings, Settings) else Settings.from_env()


def db_option(func: F) -> F:
    """``--db FILE``: the store to use."""
    return click.option(
        "--db",
        "db_path",
        type=click.Path(dir_okay=False),
        default=default_db,
        show_default="$NEWSGRAPH_DB or newsgraph.db",
        help="SQLite store file.",
    )(func)


def output_options(func: F) -> F:
    """``--json`` / ``--csv`` / ``--limit`` for listings."""
    func = click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True,
                        help="Show at most this many rows.")(func)
    func = click.option("--csv", "as_csv", is_flag=True, help="Output CSV.")(func)
    func = click.option("--json", "as_json", is_flag=True, help="Output JSON.")(func)
    return func


@contextmanager
def existing_store(db_path: str) -> Iterator[Store]:
    """The store at ``db_path``; a missing file is an error, never a new empty store."""
    from newsgraph.store import Store

    with Store.open(db_path, current_settings(), create=False) as store:
        yield store


def handle_errors(func: F) -> F:
    """Turn library errors into ``Error: ...`` and exit code 1."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except NewsgraphError as exc:
            raise click.ClickException(str(exc)) from exc

    return wrapper  # type: ignore[return-value]


def stderr_console(quiet: bool = False) -> Console:
    """A console on stderr (progress, summaries), silent when ``quiet``.

    Markup is off: what it prints holds paths and reasons from untrusted input,
    where ``[/x]`` must stay text.
    """
    return Console(stderr=True, quiet=quiet, markup=False, highlight=False)


def report_error(console: Console, error: object) -> None:
    """One line ``error <where>: <reason>`` on ``console``, the text taken literally."""
    from rich.text import Text

    console.print(Text.assemble(("error ", "red"), str(error)), soft_wrap=True)


def print_json(data: Any) -> None:
    """Write ``data`` as indented JSON to stdout."""
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def print_rows(
    rows: Sequence[dict[str, Any]],
    columns: Sequence[str],
    *,
    as_json: bool = False,
    as_csv: bool = False,
    title: str | None = None,
    narrow: Sequence[str] | None = None,
) -> None:
    """Print ``rows`` as a table (default), JSON or CSV; only ``columns`` in table/CSV, and in a
    table on a terminal under :data:`WIDE_TERMINAL` characters only ``narrow`` when given."""
    if as_json:
        print_json(list(rows))
        return
    if as_csv:
        import csv

        writer = csv.DictWriter(sys.stdout, fieldnames=list(columns), extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({c: _cell(row.get(c)) for c in columns})
        return
    from rich import box
    from rich.markup import escape

    console = Console(highlight=False)
    if narrow is not None and console.width < WIDE_TERMINAL:
        columns = narrow
    table = Table(title=escape(title) if title else None, show_lines=False, header_style="bold",
                  box=box.SIMPLE_HEAD, pad_edge=False)
    cells = [[_cell(row.get(c)) for c in columns] for row in rows]
    for n, column in enumerate(columns):
        # A column of short values (ids, dates, codes, numbers) is never folded, so a narrow
        # terminal narrows the text columns; a header breaks between its words.
        widest = max((len(r[n]) for r in cells), default=0)
        short = widest <= SHORT_CELL
        table.add_column(column.replace("_", " "), overflow="fold", no_wrap=short,
                         min_width=max(widest, min(len(w) for w in column.split("_")))
                         if short else None)
    for r in cells:  # cells are untrusted text: "[" would be rich markup
        table.add_row(*(escape(value) for value in r))
    console.print(table)


SHORT_CELL = 10
"""Characters a column's values may have at most to be kept on one line (a date, a code)."""
WIDE_TERMINAL = 110
"""Terminal width (characters) under which a table shows only its ``narrow`` columns."""


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "; ".join(_cell(v) for v in value)
    return str(value)


@contextmanager
def progress_bar(total: int | None, description: str, *, enabled: bool = True) -> Iterator[Callable[[int], None]]:
    """A rich progress bar on stderr; yields ``advance(n)``. Disabled when not wanted."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    if not enabled:
        yield lambda _n=1: None
        return
    progress = Progress(
        SpinnerColumn(),
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    with progress:
        task = progress.add_task(description, total=total)
        yield lambda n=1: progress.advance(task, n)
