"""The ``newsgraph`` command: parses, calls the library, prints. Nothing else lives here.

Commands are grouped by module: ``ingest`` (reading and ingesting pages),
``corpus`` (querying the article store), ``knowledge`` (entities, quotes,
events), ``serve`` (web UI and JSON API), ``scale`` (Ray Data). Options several
commands share are defined once in ``common``.
"""

from __future__ import annotations

import click

from newsgraph import __version__
from newsgraph.cli.common import settings_option


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="newsgraph")
@settings_option
def cli() -> None:
    """newsgraph: raw news pages in, clean deduplicated articles and a source-linked graph out.

    The store is ./newsgraph.db by default, or $NEWSGRAPH_DB, or --db FILE.

    Example: newsgraph ingest pages/ && newsgraph search "Erdogan"
    """


def _register() -> None:
    import importlib

    for name in ("ingest", "corpus", "knowledge", "serve", "scale"):
        try:
            module = importlib.import_module(f"newsgraph.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"newsgraph.cli.{name}":
                raise
            continue
        for command in module.COMMANDS:
            cli.add_command(command)


_register()


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="newsgraph")
