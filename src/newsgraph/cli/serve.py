"""``newsgraph serve``: the web UI and JSON API over a store."""

from __future__ import annotations

import sys

import click

from newsgraph.cli.common import current_settings, db_option, handle_errors


@click.command("serve")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Interface to bind; the default serves this machine only.")
@click.option("--port", type=click.IntRange(1, 65535), default=8001, show_default=True)
@click.option("--get", "get_path", metavar="PATH",
              help="Answer one request for PATH in-process, print the response and exit.")
@handle_errors
def serve_command(db_path: str, host: str, port: int, get_path: str | None) -> None:
    """Serve the web UI (articles, search, duplicates, entities, quotes, events) and /api JSON.

    Read-only. Binds to 127.0.0.1 unless --host says otherwise.

    Example: newsgraph serve --db news.db --port 8001
    """
    from newsgraph.web import create_app

    app = create_app(db_path, current_settings())
    if get_path is not None:
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            from fastapi.testclient import TestClient

        with TestClient(app) as client:
            response = client.get(get_path)
        click.echo(response.text)
        sys.exit(0 if response.status_code < 400 else 1)
    import uvicorn

    uvicorn.run(app, host=host, port=port, log_level="info")


COMMANDS = [serve_command]
