"""The web UI in a real browser: headless Chromium against a server on 127.0.0.1.

Needs Debian's chromium (``apt-get install chromium``; .ci/run installs it when it can);
skipped, saying so, where it is absent.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsgraph.pipeline import ingest
from newsgraph.store import Store

uvicorn = pytest.importorskip("uvicorn")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="needs chromium (apt-get install chromium)")

DEMO = Path(__file__).resolve().parent.parent / "demo" / "pages"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from newsgraph.web import create_app

    db = tmp_path_factory.mktemp("browser") / "b.db"
    with Store.open(db) as store:
        ingest([str(DEMO)], store)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = uvicorn.Config(create_app(str(db)), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if time.monotonic() > deadline:
            pytest.fail("the server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


def chromium(tmp_path: Path, *args: str) -> str:
    assert CHROMIUM is not None
    result = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *args],
                            capture_output=True, text=True, timeout=90, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def test_pages_render_in_chromium(server: str, tmp_path: Path) -> None:
    dom = chromium(tmp_path, "--dump-dom", f"{server}/articles")
    assert "Thousands March in Lisbon Against Soaring Rents" in dom
    dom = chromium(tmp_path, "--dump-dom", f"{server}/search?q=lisbon")
    assert "<mark>Lisbon</mark>" in dom
    dom = chromium(tmp_path, "--dump-dom", f"{server}/duplicates")
    assert "Ministers Meet in Nairobi as Grain Corridor Talks Resume" in dom


def test_article_page_screenshot(server: str, tmp_path: Path) -> None:
    shot = tmp_path / "article.png"
    chromium(tmp_path, "--window-size=1200,1400", f"--screenshot={shot}", f"{server}/articles/1")
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 20_000
