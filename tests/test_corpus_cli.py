"""The corpus commands (articles, show, search, duplicates, stats, export) through click's CliRunner."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsgraph.cli import cli
from newsgraph.model import Caption
from newsgraph.store import Store
from storekit import BRIDGE, FERRY, TRADE, make_page


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = tmp_path / "news.db"
    with Store.open(path) as store:
        store.add_page(*make_page("a.txt", [BRIDGE, FERRY],
                                  captions={0: [Caption("The bridge at dawn.", "Ellery Post")]}))
        store.add_page(*make_page("b.txt", [TRADE, BRIDGE], site="ankara.example"))
    return str(path)


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def test_articles_json_carries_titles(db: str) -> None:
    code, out = run("articles", "--db", db, "--json")
    assert code == 0
    rows = json.loads(out)
    assert [r["title"] for r in rows] == [TRADE[0], FERRY[0], BRIDGE[0]]
    assert {r["title"]: r["occurrences"] for r in rows}[BRIDGE[0]] == 2
    code, out = run("articles", "--db", db, "--json", "--site", "ankara.example")
    assert [r["title"] for r in json.loads(out)] == [TRADE[0]]


def test_articles_table_and_csv(db: str) -> None:
    code, out = run("articles", "--db", db, "--limit", "2")
    assert code == 0 and "Türkiye" in out and "Harbour" not in out
    code, out = run("articles", "--db", db, "--csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["title"] for r in rows][-1] == BRIDGE[0]
    assert list(rows[0]) == ["id", "title", "site", "agency", "published", "occurrences"]


def test_show_prints_article_captions_and_occurrences(db: str) -> None:
    code, out = run("show", "1", "--db", db)
    assert code == 0
    assert out.startswith(f"# {BRIDGE[0]}\n")
    assert BRIDGE[1][2] in out
    assert "## What comes next" in out
    assert "- The bridge at dawn. (Credit: Ellery Post)" in out
    assert "Occurrences (2):" in out and "a.txt" in out and "b.txt" in out
    code, out = run("show", "1", "--db", db, "--json")
    data = json.loads(out)
    assert data["title"] == BRIDGE[0] and data["paragraphs"] == BRIDGE[1]
    assert [o["match"] for o in data["occurrences"]] == ["first", "exact"]


def test_show_missing_article_is_an_error(db: str) -> None:
    code, out = run("show", "42", "--db", db)
    assert code == 1 and out.strip() == "Error: no article with id 42"


def test_search_folds_diacritics_and_survives_syntax(db: str) -> None:
    code, out = run("search", "Turkiye", "--db", db, "--json")
    assert code == 0
    [hit] = json.loads(out)
    assert hit["title"] == TRADE[0] and "«Türkiye»" in hit["snippet"]
    for hostile in ['"', "NEAR(", "-", "*", 'bridge "unbalanced', "[bold]x[/bold]", "\udcff"]:
        code, out = run("search", hostile, "--db", db)
        assert code == 0, out
    code, out = run("search", "[harbour]", "--db", db)  # rich markup in text is shown literally
    assert code == 0 and "Harbour" in out


def test_duplicates_and_stats(db: str) -> None:
    code, out = run("duplicates", "--db", db, "--json")
    [cluster] = json.loads(out)
    assert cluster["title"] == BRIDGE[0] and cluster["count"] == 2
    assert [o["source"] for o in cluster["occurrences"]] == ["a.txt", "b.txt"]
    code, out = run("duplicates", "--db", db)
    assert code == 0 and "Harbour bridge" in out
    code, out = run("stats", "--db", db, "--json")
    stats = json.loads(out)
    assert (stats["pages"], stats["articles"], stats["occurrences"], stats["duplicates_merged"]) == (2, 3, 4, 1)
    code, out = run("stats", "--db", db)
    assert code == 0 and "duplicates_merged" in out


def test_export_to_stdout_and_files(db: str, tmp_path: Path) -> None:
    code, out = run("export", "--db", db)
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["title"] for r in rows] == [BRIDGE[0], FERRY[0], TRADE[0]]
    code, out = run("export", "--db", db, "--format", "csv")
    assert [r["title"] for r in csv.DictReader(io.StringIO(out))] == [BRIDGE[0], FERRY[0], TRADE[0]]
    target = tmp_path / "out.parquet"
    pq = pytest.importorskip("pyarrow.parquet")
    code, _ = run("export", "--db", db, "--format", "parquet", "-o", str(target))
    assert code == 0 and pq.read_table(target).num_rows == 3
    code, out = run("export", "--db", db, "--format", "parquet")
    assert code == 2 and "-o FILE" in out


def test_missing_store_is_not_created(tmp_path: Path) -> None:
    missing = tmp_path / "none.db"
    for command in (["articles"], ["show", "1"], ["search", "x"], ["duplicates"], ["stats"], ["export"]):
        code, out = run(*command, "--db", str(missing))
        assert code == 1
        assert out.strip() == f"Error: no store at {missing} (run newsgraph ingest first)"
    assert not missing.exists()


def test_store_from_environment(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSGRAPH_DB", db)
    code, out = run("stats", "--json")
    assert code == 0 and json.loads(out)["articles"] == 3


def test_not_a_store_file(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.db"
    bogus.write_bytes(b"\x00\x01 definitely not sqlite" * 200)
    code, out = run("articles", "--db", str(bogus))
    assert code == 1 and "is not a newsgraph store" in out
