"""Event listings for researchers: events --format csv/json, --include-uncertain, export."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsgraph.cli import cli
from newsgraph.store import Store
from newsgraph.store.export import date_range
from newsgraph.store.knowledge import KnowledgeStore
from test_knowledge_store import JET_1, MODEL, VERSION, add_article, knowledge_a


@pytest.fixture()
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "k.db")
    with Store.open(path) as store:
        a = add_article(store, "Jet downing recalled", JET_1, published="2024-11-26")
        KnowledgeStore(store).save(a, knowledge_a(), model=MODEL, version=VERSION)
    return path


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def test_events_csv_has_sentence_article_flags_and_parties(db: str) -> None:
    code, out = run("events", "--db", db, "--format", "csv")
    assert code == 0, out
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows
    for column in ("sentence", "article_id", "article_title", "flags", "mode", "actor_country",
                   "actor_sector", "target_country", "target_sector", "precision"):
        assert column in rows[0]
    assert all(r["sentence"] and r["article_title"] == "Jet downing recalled" for r in rows)


def test_min_confidence_and_uncertain(db: str) -> None:
    code, out = run("events", "--db", db, "--json", "--include-uncertain")
    every = json.loads(out)
    code, out = run("events", "--db", db, "--json", "--min-confidence", "0.99")
    assert code == 0 and all(e["confidence"] >= 0.99 for e in json.loads(out))
    assert all("flags" in e for e in every)


@pytest.mark.parametrize("what", ["events", "quotes", "entities"])
def test_export_knowledge_jsonl_and_csv(db: str, what: str) -> None:
    code, out = run("export", "--db", db, "--what", what)
    assert code == 0, out
    lines = [json.loads(line) for line in out.splitlines() if line.strip()]
    assert lines
    code, out = run("export", "--db", db, "--what", what, "--format", "csv")
    assert code == 0 and len(list(csv.DictReader(io.StringIO(out)))) == len(lines)


def test_export_events_parquet_has_typed_dates(db: str, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "events.parquet"
    code, text = run("export", "--db", db, "--what", "events", "--format", "parquet", "-o",
                     str(out))
    assert code == 0, text
    table = pq.read_table(out)
    assert str(table.schema.field("date_start").type) == "date32[day]"
    assert table.num_rows >= 1


def test_date_range() -> None:
    assert date_range("2015-11") == ("2015-11-01", "2015-11-30")
    assert date_range("2016") == ("2016-01-01", "2016-12-31")
    assert date_range("2010s") == ("2010-01-01", "2019-12-31")
    assert date_range("2015-11-24") == ("2015-11-24", "2015-11-24")
    assert date_range(None) == (None, None)


def test_export_min_confidence_matches_the_listing(db: str) -> None:
    """Export drops what the listing drops by default; --min-confidence 0 exports every event,
    and each threshold gives the same events as `events` with it."""
    def ids(*args: str) -> set[tuple[str, int]]:
        code, out = run(*args)
        assert code == 0, out
        rows = json.loads(out) if out.lstrip().startswith("[") else \
            [json.loads(line) for line in out.splitlines() if line.strip()]
        return {(r["type"], r["id"]) for r in rows}

    for floor in ("0", "0.5", "0.99"):
        listed = ids("events", "--db", db, "--json", "--limit", "1000", "--min-confidence", floor)
        exported = ids("export", "--db", db, "--what", "events", "--min-confidence", floor)
        assert listed == exported
    assert ids("export", "--db", db, "--what", "events") == ids("events", "--db", db, "--json",
                                                               "--limit", "1000")
    assert ids("export", "--db", db, "--what", "events", "--min-confidence", "0") >= \
        ids("export", "--db", db, "--what", "events")
