"""``newsgraph serve``: the web UI and JSON API over a store."""

from __future__ import annotations

import os
import socket
import sys

import click

from newsgraph.cli.common import current_settings, db_option, handle_errors

DEFAULT_WORKERS = max(2, min(4, os.cpu_count() or 1))
"""Server processes by default: several, so one slow request never holds up the others."""


@click.command("serve")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Interface to bind; the default serves this machine only.")
@click.option("--port", type=click.IntRange(1, 65535), default=8001, show_default=True)
@click.option("--workers", type=click.IntRange(1, 64), default=DEFAULT_WORKERS,
              show_default="2 to 4, by CPUs",
              help="Server processes, each with its own read-only connections.")
@click.option("--threads", type=click.IntRange(1, 64), default=2, show_default=True,
              help="Requests each worker runs at once (more threads of one process mostly "
                   "wait for each other).")
@click.option("--get", "get_path", metavar="PATH",
              help="Answer one request for PATH in-process, print the response and exit.")
@handle_errors
def serve_command(db_path: str, host: str, port: int, workers: int, threads: int,
                  get_path: str | None) -> None:
    """Serve the web UI (articles, search, entities, quotes, events, graph) and /api JSON.

    Read-only. Binds to 127.0.0.1 unless --host says otherwise.

    Example: newsgraph serve --db news.db --port 8001
    """
    from newsgraph.web import create_app

    app = create_app(db_path, current_settings(), threads)  # checks (and migrates) the store
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

    click.echo(f"newsgraph: serving {db_path} on http://{host}:{port}/ ({workers} worker"
               f"{'s' if workers != 1 else ''})", err=True)
    if workers == 1:
        uvicorn.run(app, host=host, port=port, log_level="warning")
        return
    # Worker processes build their own app from the environment (settings included).
    import dataclasses
    import json

    from uvicorn.supervisors import Multiprocess

    os.environ["NEWSGRAPH_WEB_DB"] = os.path.abspath(db_path)
    os.environ["NEWSGRAPH_WEB_THREADS"] = str(threads)
    os.environ["NEWSGRAPH_WEB_SETTINGS"] = json.dumps(dataclasses.asdict(current_settings()))
    config = uvicorn.Config("newsgraph.web:app_from_env", factory=True, host=host, port=port,
                            workers=workers, log_level="warning")
    Multiprocess(config, sockets=[listening_socket(host, port)]).run()


def listening_socket(host: str, port: int) -> socket.socket:
    """The socket the worker processes share, its connections without Nagle's delay.

    uvicorn's own (``socket.socket(family)``) has protocol 0, so asyncio leaves Nagle on
    for the connections accepted on it: a response written as headers then body
    waits for the client's delayed ACK, 40 ms a request. This one is TCP (so asyncio
    sets TCP_NODELAY on each connection) and has TCP_NODELAY itself (Linux passes
    it on to accepted connections).
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise click.ClickException(f"cannot listen on {host}:{port}: {exc}") from exc
    sock.set_inheritable(True)
    return sock


COMMANDS = [serve_command]
