"""The store under stress: kill -9 and Ctrl-C mid-ingest, two ingests at once, a full disk,
a read-only store. Every input is generated here (seeded)."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsgraph.errors import StoreError
from newsgraph.pipeline import ingest
from newsgraph.settings import Settings
from newsgraph.store import Store

sys.path.insert(0, str(Path(__file__).resolve().parent))
import torture

SRC = Path(__file__).resolve().parent.parent / "src"
_MAIN = "import sys; from newsgraph.cli import main; sys.argv[0] = 'newsgraph'; main()"


def corpus(folder: Path, pages: int = 160, seed: int = 3) -> Path:
    """Text pages with duplicates and shorter copies among them (so dedup has work to do)."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    stories = [torture.story(rng, paragraphs=6) for _ in range(pages // 2)]
    for n in range(pages):
        text = stories[n % len(stories)]
        if n >= len(stories) and n % 3 == 0:  # a shorter copy: the first paragraphs
            text = "\n".join(text.splitlines()[:6]) + "\n"
        (folder / f"p{n:04}.txt").write_text(text)
    return folder


def cli(*args: str, **kw: object) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    return subprocess.Popen([sys.executable, "-c", _MAIN, *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, **kw)  # type: ignore[call-overload]


def snapshot(db: Path) -> dict[str, object]:
    """What a run leaves in the store, independent of ids and times."""
    conn = sqlite3.connect(db)
    try:
        pages = sorted(r[0] for r in conn.execute("SELECT hash FROM pages"))
        bodies = sorted(r[0] for r in conn.execute("SELECT body_hash FROM articles"))
        occurrences = sorted(conn.execute(
            "SELECT p.hash, a.body_hash, o.start, o.\"end\", o.match FROM occurrences o "
            "JOIN pages p ON p.id = o.page_id JOIN articles a ON a.id = o.article_id").fetchall())
        return {"pages": pages, "articles": bodies, "occurrences": occurrences}
    finally:
        conn.close()


def check_integrity(db: Path) -> None:
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')")
        orphans = {
            "occurrences without page": "SELECT COUNT(*) FROM occurrences WHERE page_id NOT IN "
                                        "(SELECT id FROM pages)",
            "occurrences without article": "SELECT COUNT(*) FROM occurrences WHERE article_id NOT IN "
                                           "(SELECT id FROM articles)",
            "articles never seen": "SELECT COUNT(*) FROM articles WHERE id NOT IN "
                                   "(SELECT article_id FROM occurrences)",
            "fts rows without article": "SELECT COUNT(*) FROM articles_fts WHERE rowid NOT IN "
                                        "(SELECT id FROM articles)",
        }
        for what, sql in orphans.items():
            assert conn.execute(sql).fetchone()[0] == 0, what
    finally:
        conn.close()


def stored_pages(db: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return int(conn.execute("SELECT COUNT(*) FROM pages").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


@pytest.fixture(scope="module")
def clean_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object]]:
    base = tmp_path_factory.mktemp("clean")
    pages = corpus(base / "pages")
    db = base / "clean.db"
    with Store.open(db) as store:
        ingest([str(pages)], store)
    return pages, snapshot(db)


@pytest.mark.parametrize("trial", [(signal.SIGKILL, 1), (signal.SIGINT, 2), (signal.SIGKILL, 3)],
                         ids=["kill-9-a", "sigint", "kill-9-b"])
def test_crash_mid_ingest_then_rerun_equals_clean_run(
        trial: tuple[int, int], clean_run: tuple[Path, dict[str, object]], tmp_path: Path) -> None:
    sig, seed = trial
    pages, clean = clean_run
    db = tmp_path / "crash.db"
    at = random.Random(seed).randint(20, 120)  # the seeded moment: after this many pages stored
    proc = cli("--set", "batch_size=10", "ingest", str(pages), "--db", str(db), "--no-enrich",
               "--silent")
    deadline = time.monotonic() + 60
    while proc.poll() is None and stored_pages(db) < at and time.monotonic() < deadline:
        time.sleep(0.02)
    if proc.poll() is None:
        proc.send_signal(sig)
    _out, err = proc.communicate(timeout=60)
    assert "Traceback" not in err
    check_integrity(db)
    rerun = cli("ingest", str(pages), "--db", str(db), "--no-enrich", "--silent")
    _out, err = rerun.communicate(timeout=120)
    assert rerun.returncode == 0, err
    check_integrity(db)
    assert snapshot(db) == clean


def test_two_ingests_at_once_give_one_clean_store(
        clean_run: tuple[Path, dict[str, object]], tmp_path: Path) -> None:
    pages, clean = clean_run
    db = tmp_path / "both.db"
    Store.open(db).close()
    first = cli("--set", "batch_size=10", "ingest", str(pages), "--db", str(db), "--no-enrich", "--json")
    second = cli("ingest", str(pages), "--db", str(db), "--no-enrich", "--json")
    out1, err1 = first.communicate(timeout=180)
    out2, err2 = second.communicate(timeout=180)
    assert first.returncode == 0 and second.returncode == 0, err1 + err2
    assert "Traceback" not in err1 + err2
    # one ran after the other (the writer lock): the later one found every page stored
    new = sorted(json.loads(o)["pages_new"] for o in (out1, out2))
    assert new == [0, len(clean["pages"])]  # type: ignore[arg-type]
    check_integrity(db)
    assert snapshot(db) == clean


def assert_waited_then_refused(proc: subprocess.Popen[str]) -> None:
    """The run said once that it waits for the lock, then refused in one line, exit 1."""
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 1
    lines = err.strip().splitlines()
    assert lines[0].startswith("waiting for another newsgraph run")
    assert lines[-1].startswith("Error: the store") and "another newsgraph run" in lines[-1]
    assert len(lines) == 2 and "Traceback" not in err


def test_second_writer_waits_then_refuses_in_one_line(tmp_path: Path) -> None:
    pages = corpus(tmp_path / "pages", pages=4)
    db = tmp_path / "busy.db"
    with Store.open(db) as holder, holder.writer_lock():
        proc = cli("--set", "store_lock_timeout_s=1", "ingest", str(pages), "--db", str(db),
                   "--no-enrich")
        assert_waited_then_refused(proc)


def test_load_waits_for_the_writer_lock_then_refuses_in_one_line(tmp_path: Path) -> None:
    """``newsgraph load --replace`` never swaps a store out from under a run writing it."""
    out = tmp_path / "out"  # the output of a scale run over no pages: a valid, empty folder
    for name in ("pages", "articles", "occurrences"):
        (out / name).mkdir(parents=True)
    (out / "manifest.json").write_text(json.dumps(
        {"datasets": {"pages": 0, "articles": 0, "occurrences": 0}, "settings": {}}))
    db = tmp_path / "busy.db"
    pages = corpus(tmp_path / "pages", pages=4)
    with Store.open(db) as store:
        ingest([str(pages)], store)
    before = snapshot(db)
    with Store.open(db) as holder, holder.writer_lock():
        proc = cli("--set", "store_lock_timeout_s=1", "load", str(out), "--db", str(db),
                   "--replace")
        assert_waited_then_refused(proc)
    assert snapshot(db) == before  # the store being written was left alone
    done = cli("load", str(out), "--db", str(db), "--replace", "--silent")  # once free, it loads
    _out, err = done.communicate(timeout=60)
    assert done.returncode == 0, err
    assert snapshot(db) == {"pages": [], "articles": [], "occurrences": []}


def test_full_disk_is_one_error_for_the_run(tmp_path: Path) -> None:
    pages = corpus(tmp_path / "pages", pages=60)
    db = tmp_path / "full.db"
    errors: list[object] = []
    with Store.open(db) as store:
        used = store.conn.execute("PRAGMA page_count").fetchone()[0]
        store.conn.execute(f"PRAGMA max_page_count = {used + 3}")  # SQLite's own "disk is full"
        with pytest.raises(StoreError, match="the disk is full") as caught:
            ingest([str(pages)], store, settings=Settings(batch_size=16), on_error=errors.append)
        assert caught.value.fatal
    assert errors == []  # not one line per page
    check_integrity(db)


def test_read_only_store_is_one_error_for_the_run(tmp_path: Path) -> None:
    pages = corpus(tmp_path / "pages", pages=10)
    db = tmp_path / "ro.db"
    errors: list[object] = []
    with Store.open(db) as store:
        store.conn.execute("PRAGMA query_only = ON")  # what a read-only file gives (tests run as root)
        with pytest.raises(StoreError, match="read-only"):
            ingest([str(pages)], store, on_error=errors.append)
    assert errors == []


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_ingest_while_serve_answers_16_clients(tmp_path: Path) -> None:
    """16 clients on 127.0.0.1 for a bounded time while an ingest writes: no error at all."""
    import threading
    import urllib.error
    import urllib.request

    pages = corpus(tmp_path / "pages", pages=120)
    db = tmp_path / "live.db"
    with Store.open(db) as store:  # something to serve from the start
        ingest([str(p) for p in sorted(pages.iterdir())[:10]], store)
    port = _free_port()
    server = cli("serve", "--db", str(db), "--port", str(port), "--workers", "1")
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{base}/api/articles", timeout=2).read()
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.2)
        writer = cli("--set", "batch_size=5", "ingest", str(pages), "--db", str(db), "--no-enrich",
                     "--silent")
        paths = ["/api/articles", "/api/search?q=council", "/articles", "/api/duplicates",
                 "/search?q=harbour+bridge", "/api/stats"]
        answered: list[int] = []
        failures: list[str] = []
        stop = time.monotonic() + 8  # the bounded time

        def client(n: int) -> None:
            i = n
            while time.monotonic() < stop:
                path = paths[i % len(paths)]
                i += 1
                try:
                    with urllib.request.urlopen(base + path, timeout=15) as response:
                        response.read()
                        answered.append(response.status)
                except urllib.error.HTTPError as exc:
                    failures.append(f"{path}: {exc.code}")
                    answered.append(exc.code)
                except Exception as exc:  # a refused or dropped connection is a failure
                    failures.append(f"{path}: {exc}")

        threads = [threading.Thread(target=client, args=(n,)) for n in range(16)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        _out, err = writer.communicate(timeout=180)
        assert writer.returncode == 0, err
        assert failures == []
        assert len(answered) >= 16
    finally:
        server.terminate()
        server.communicate(timeout=30)
    check_integrity(db)
