"""The SQLite store: pages and articles once, occurrences, incremental dedup, transactions,
migrations, full-text search, exports."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsgraph.errors import ArticleNotFound, BadInput, QueryTimeout, StoreError
from newsgraph.model import Caption
from newsgraph.settings import Settings
from newsgraph.store import Store, discover_migrations, fts_query
from storekit import BRIDGE, FERRY, LIBRARY, TRADE, make_page

TABLES = ("pages", "articles", "occurrences", "captions", "subheadings", "lsh_bands",
          "paragraph_keys", "body_hashes", "sites", "site_lines")


def counts(store: Store) -> dict[str, int]:
    return {t: store.conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in TABLES}


@pytest.fixture
def store() -> Iterator[Store]:
    with Store.open(":memory:") as s:
        yield s


def test_open_configures_sqlite_and_applies_every_migration(tmp_path: Path) -> None:
    with Store.open(tmp_path / "n.db") as s:
        assert s.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert s.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert s.conn.execute("PRAGMA busy_timeout").fetchone()[0] > 0
        versions = [r[0] for r in s.conn.execute("SELECT version FROM schema_migrations ORDER BY 1")]
        assert versions == [m.version for m in discover_migrations()]
        assert versions[0] == 1 and s.schema_version() == versions[-1]
    with Store.open(tmp_path / "n.db") as s:  # reopening applies nothing twice
        assert s.conn.execute("SELECT COUNT(*) FROM schema_migrations").fetchone()[0] == len(versions)


def test_add_page_stores_articles_with_captions_subheadings_and_offsets(store: Store) -> None:
    caption = Caption("The bridge at dawn.", "Photo: Ellery Post")
    page, arts = make_page("a.txt", [BRIDGE, FERRY], captions={0: [caption]})
    out = store.add_page(page, arts)
    assert (out.new_page, out.new_articles, out.duplicates) == (True, 2, 0)
    detail = store.article(out.article_ids[0])
    assert detail.title == BRIDGE[0]
    assert detail.paragraphs == BRIDGE[1]
    assert detail.agency == "Ellery Post"
    assert detail.captions == [{"text": "The bridge at dawn.", "credit": "Photo: Ellery Post"}]
    assert detail.subheadings == [{"text": "What comes next", "before_paragraph": 4}]
    [occ] = detail.occurrences
    assert (occ.source, occ.url, occ.match) == ("a.txt", "https://ellery.example/a.txt", "first")
    text = store.page_text(occ.page_id)
    assert text == page.text and store.page_raw(occ.page_id) == page.raw
    assert [text[a:b] for a, b in occ.spans] == BRIDGE[1]
    assert text[occ.start:occ.end].startswith(BRIDGE[0])
    assert json.loads(json.dumps(detail.to_dict()))["occurrences"][0]["page_id"] == out.page_id
    with pytest.raises(ArticleNotFound):
        store.article(999)


def test_exact_duplicate_on_another_page_is_one_article_with_two_occurrences(store: Store) -> None:
    first = store.add_page(*make_page("a.txt", [BRIDGE, FERRY]))
    # Same article on another site's page, re-spaced and in capitals, after another story.
    shouted = (BRIDGE[0], [p.upper().replace(" ", "  ") for p in BRIDGE[1]])
    second = store.add_page(*make_page("b.txt", [LIBRARY, shouted], site="other.example"))
    assert (second.new_articles, second.duplicates) == (1, 1)
    assert second.article_ids[1] == first.article_ids[0]
    [cluster] = store.duplicate_clusters()
    assert cluster.title == BRIDGE[0] and cluster.count == 2
    assert [(o.source, o.match) for o in cluster.occurrences] == [("a.txt", "first"), ("b.txt", "exact")]
    stats = store.stats()
    assert (stats.pages, stats.articles, stats.occurrences, stats.duplicates_merged) == (2, 3, 4, 1)
    assert stats.sites == 2


def test_near_duplicate_and_truncated_copy_are_merged(store: Store) -> None:
    original = store.add_page(*make_page("a.txt", [BRIDGE]))
    edited = list(BRIDGE[1])
    edited[2] = edited[2].replace("48 million", "49 million").replace("nearly twice", "almost double")
    near = store.add_page(*make_page("b.txt", [(BRIDGE[0], edited)]))
    truncated = store.add_page(*make_page("c.txt", [(BRIDGE[0], BRIDGE[1][:2])]))
    aid = original.article_ids[0]
    assert near.article_ids == [aid] and truncated.article_ids == [aid]
    matches = [o.match for o in store.article(aid).occurrences]
    assert matches == ["first", "near", "contained"]
    assert store.stats().articles == 1


def test_same_topic_articles_are_kept_apart(store: Store) -> None:
    # Two Port Ellery stories, same site, same place names: different articles.
    store.add_page(*make_page("a.txt", [BRIDGE]))
    out = store.add_page(*make_page("b.txt", [FERRY]))
    assert (out.new_articles, out.duplicates) == (1, 0)
    assert store.duplicate_clusters() == []


def test_dedup_is_incremental_across_sessions(tmp_path: Path) -> None:
    db = tmp_path / "n.db"
    with Store.open(db) as s:
        first = s.add_page(*make_page("day1.txt", [BRIDGE, TRADE]))
    with Store.open(db) as s:
        teaser = s.add_page(*make_page("day2.txt", [(TRADE[0], TRADE[1][:2]), LIBRARY]))
        assert teaser.article_ids[0] == first.article_ids[1]
        assert (teaser.new_articles, teaser.duplicates) == (1, 1)
        assert s.stats().articles == 3


def test_reingesting_the_same_pages_changes_nothing(tmp_path: Path) -> None:
    pages = [make_page("a.txt", [BRIDGE, FERRY]), make_page("b.txt", [TRADE, BRIDGE])]
    with Store.open(tmp_path / "n.db") as s:
        outcomes = [s.add_page(p, a) for p, a in pages]
        before = counts(s)
    with Store.open(tmp_path / "n.db") as s:
        again = [s.add_page(p, a) for p, a in pages]
        assert counts(s) == before
        assert s.has_page(pages[0][0].hash)
    assert [o.new_page for o in again] == [False, False]
    assert [o.article_ids for o in again] == [o.article_ids for o in outcomes]
    assert all(o.new_articles == 0 and o.duplicates == 0 for o in again)


@pytest.mark.parametrize("error", [RuntimeError("boom"), KeyboardInterrupt()])
def test_failed_batch_is_rolled_back(tmp_path: Path, error: BaseException) -> None:
    db = tmp_path / "n.db"
    with Store.open(db) as s:
        s.add_page(*make_page("a.txt", [BRIDGE]))
        before = counts(s)
        with pytest.raises(type(error)), s.transaction():
            s.add_page(*make_page("b.txt", [FERRY]))
            s.learn_site_lines("ellery.example", ["k1", "k2"])
            s.add_page(*make_page("c.txt", [TRADE]))
            raise error
        assert counts(s) == before
        assert not s.conn.in_transaction
    with Store.open(db) as s:  # and nothing half-written reached the file
        assert counts(s) == before
        assert s.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert s.search("ferry") == []


def test_failure_inside_a_batch_undoes_only_that_page(store: Store) -> None:
    with store.transaction():
        store.add_page(*make_page("a.txt", [BRIDGE]))
        page, arts = make_page("b.txt", [FERRY, LIBRARY])
        arts[1].spans = arts[1].spans[:-1]  # the second article is broken: fails mid-way
        with pytest.raises(BadInput, match="spans"):
            store.add_page(page, arts)
        store.add_page(*make_page("c.txt", [TRADE]))
    assert [a.title for a in store.articles()] == [TRADE[0], BRIDGE[0]]
    assert not store.has_page(page.hash)


def test_site_furniture_needs_enough_pages_and_share(store: Store) -> None:
    s = store.settings  # defaults: 4 pages and 30 % of the site's pages
    for i in range(10):
        keys = ["menu"] + (["footer"] if i < 3 else []) + (["promo"] if i < 4 else [])
        store.learn_site_lines("ellery.example", [*keys, "menu"])  # duplicates count once
    assert s.site_furniture_min_pages == 4
    assert store.site_furniture("ellery.example") == frozenset({"menu", "promo"})
    assert store.site_furniture("unknown.example") == frozenset()
    for _ in range(10):
        store.learn_site_lines("ellery.example", ["menu"])
    assert store.site_furniture("ellery.example") == frozenset({"menu"})  # promo: 4 of 20 pages


def test_search_folds_diacritics_ranks_and_snippets(store: Store) -> None:
    store.add_page(*make_page("a.txt", [BRIDGE, TRADE, LIBRARY]))
    hits = store.search("Turkiye")
    assert [h.title for h in hits] == [TRADE[0]]
    assert "«Türkiye»" in hits[0].snippet
    assert [h.title for h in store.search("türkiye rail")] == [TRADE[0]]
    assert [h.title for h in store.search("librar*")] == [LIBRARY[0]]
    # Title matches rank above body-only matches.
    store.add_page(*make_page("b.txt", [("Bridges of the world", ["A long essay " * 30])]))
    assert store.search("bridge*")[0].title == "Bridges of the world"


HOSTILE = ['"', '""', '"unbalanced', "*", "**", "bridge*", "-bridge", "NEAR(", "NEAR(bridge ferry",
           "bridge NOT ferry", "AND", "OR OR", "title:bridge", "^bridge", "(", ")", "{bridge}", "'",
           "bridge + ferry", "col:", ":", "\x00", "\udcff", "bri\udcffdge", "a\"b", "-", "* AND *", "NEAR(a b, 2)", "𝔟𝔯𝔦𝔡𝔤𝔢",
           "  ", ""]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_search_strings_never_raise(store: Store, query: str) -> None:
    store.add_page(*make_page("a.txt", [BRIDGE, FERRY]))
    hits = store.search(query)
    assert isinstance(hits, list)


def test_search_syntax_is_literal() -> None:
    assert fts_query('NEAR(bridge "x') == '"NEAR(bridge" """x"'
    assert fts_query("bridge*") == '"bridge"*'
    assert fts_query(" * - ") is None


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=40))
def test_any_search_text_is_safe(query: str) -> None:
    with Store.open(":memory:") as s:
        s.add_page(*make_page("a.txt", [BRIDGE]))
        try:
            assert isinstance(s.search(query), list)
        except QueryTimeout as refused:  # a search too broad to bound is refused by name
            assert "too broad" in str(refused)


def test_search_time_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("newsgraph.store.queries.PROGRESS_STEPS", 10)
    with Store.open(":memory:", Settings(query_time_limit_s=1e-9)) as s:
        s.add_page(*make_page("a.txt", [BRIDGE, FERRY, TRADE, LIBRARY]))
        with pytest.raises(StoreError, match="longer than"):
            s.search("the")
        assert s.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 4  # handler removed


def test_listing_paging_and_site_filter(store: Store) -> None:
    store.add_page(*make_page("a.txt", [BRIDGE, FERRY]))
    store.add_page(*make_page("b.txt", [TRADE], site="ankara.example"))
    assert [a.title for a in store.articles(limit=2)] == [TRADE[0], FERRY[0]]
    assert [a.title for a in store.articles(limit=2, offset=2)] == [BRIDGE[0]]
    assert [a.title for a in store.articles(site="ankara.example")] == [TRADE[0]]
    row = store.articles(limit=1)[0].to_dict()
    assert row["site"] == "ankara.example" and row["occurrences"] == 1


@pytest.fixture
def filled() -> Iterator[Store]:
    with Store.open(":memory:") as s:
        s.add_page(*make_page("a.txt", [BRIDGE, FERRY], captions={0: [Caption("Dawn.", "AP")]}))
        s.add_page(*make_page("b.txt", [TRADE, BRIDGE]))
        yield s


def _expected(store: Store) -> list[dict[str, object]]:
    return [{"id": a.id, "title": a.title, "body": store.article(a.id).body}
            for a in sorted(store.articles(), key=lambda a: a.id)]


def test_export_jsonl_round_trip(filled: Store, tmp_path: Path) -> None:
    out = tmp_path / "a.jsonl"
    assert filled.export("jsonl", out) == 3
    rows = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert [{k: r[k] for k in ("id", "title", "body")} for r in rows] == _expected(filled)
    bridge = rows[0]
    assert bridge["captions"] == [{"text": "Dawn.", "credit": "AP"}]
    assert [o["source"] for o in bridge["occurrences"]] == ["a.txt", "b.txt"]
    buf = io.StringIO()
    filled.export("jsonl", buf)
    assert buf.getvalue() == out.read_text("utf-8")


def test_export_csv_round_trip(filled: Store, tmp_path: Path) -> None:
    out = tmp_path / "a.csv"
    assert filled.export("csv", out) == 3
    with out.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [{"id": int(r["id"]), "title": r["title"], "body": r["body"]} for r in rows] == _expected(filled)
    assert len(json.loads(rows[0]["occurrences"])) == 2


def test_export_parquet_round_trip(filled: Store, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "a.parquet"
    assert filled.export("parquet", out) == 3
    rows = pq.read_table(out).to_pylist()
    assert [{k: r[k] for k in ("id", "title", "body")} for r in rows] == _expected(filled)
    assert rows[0]["captions"] == [{"text": "Dawn.", "credit": "AP"}]
    assert [o["match"] for o in rows[0]["occurrences"]] == ["first", "exact"]


def test_export_unknown_format(filled: Store, tmp_path: Path) -> None:
    with pytest.raises(BadInput, match="unknown export format"):
        filled.export("xml", tmp_path / "x")


def test_file_that_is_not_sqlite_is_a_clear_store_error(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.db"
    bogus.write_text("these are my notes, not a database\n" * 100)
    with pytest.raises(StoreError, match="not a newsgraph store"):
        Store.open(bogus)
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="not a newsgraph store"):
        Store.open(other)
    with pytest.raises(StoreError, match="no store at"):
        Store.open(tmp_path / "missing.db", create=False)
    with pytest.raises(StoreError, match="directory"):
        Store.open(tmp_path)


def test_raw_bytes_are_kept(store: Store) -> None:
    page, arts = make_page("a.html", [BRIDGE])
    page.raw = b"<html><body>" + page.text.encode("utf-8") + b"</body></html>"
    same, same_arts = make_page("b.txt", [FERRY])  # raw identical to the text: stored once
    bare, bare_arts = make_page("c.txt", [TRADE])
    bare.raw = b""
    ids = [store.add_page(p, a).page_id for p, a in ((page, arts), (same, same_arts), (bare, bare_arts))]
    assert [store.page_raw(i) for i in ids] == [page.raw, same.raw, b""]
    assert store.page_text(ids[0]) == page.text
    with pytest.raises(StoreError):
        store.page_text(999)


def test_store_keeps_its_fingerprint_scheme(tmp_path: Path) -> None:
    """Opened with other shingle/MinHash settings, a store uses the ones it was built with;
    a recorded scheme that cannot be reproduced is refused."""
    db = tmp_path / "n.db"
    Store.open(db, Settings(num_perm=64, lsh_bands=16)).close()
    with Store.open(db) as store:  # e.g. `newsgraph stats` without the --set of the ingest
        assert (store.settings.num_perm, store.settings.lsh_bands) == (64, 16)
    with Store.open(db, Settings(near_dup_threshold=0.9)) as store:  # thresholds may change freely
        assert store.settings.near_dup_threshold == 0.9
    con = sqlite3.connect(db)
    con.execute("UPDATE store_meta SET value = value || 'x' WHERE key = 'fingerprint'")
    con.commit()
    con.close()
    with pytest.raises(StoreError, match="another fingerprint scheme"):
        Store.open(db)


_para = st.text(alphabet=st.characters(exclude_characters="\n\r", exclude_categories=["Cs"]),
                min_size=1, max_size=80).map(str.strip).filter(bool)


@settings(max_examples=40, deadline=None)
@given(title=_para, paras=st.lists(_para, min_size=1, max_size=5))
def test_store_round_trip(title: str, paras: list[str]) -> None:
    page, arts = make_page("h.txt", [(title, paras)])
    with Store.open(":memory:") as s:
        out = s.add_page(page, arts)
        detail = s.article(out.article_ids[0])
        assert (detail.title, detail.paragraphs) == (title, paras)
        text = s.page_text(out.page_id)
        assert [text[a:b] for a, b in detail.occurrences[0].spans] == paras
        assert s.add_page(page, arts).new_page is False


def test_first_seen_is_the_fetch_time_and_copies_touch_updated_at(store: Store) -> None:
    page, arts = make_page("a.txt", [BRIDGE])
    page.fetched_at = "2024-05-01T08:00:00+00:00"
    aid = store.add_page(page, arts).article_ids[0]
    assert store.article(aid).first_seen == "2024-05-01T08:00:00+00:00"
    store.conn.execute("UPDATE articles SET updated_at = 'then' WHERE id = ?", (aid,))
    store.add_page(*make_page("b.txt", [BRIDGE], site="other.example"))
    updated = store.conn.execute("SELECT updated_at FROM articles WHERE id = ?", (aid,)).fetchone()[0]
    assert updated != "then"
    assert store.search("harbour")[0].id == aid  # FTS untouched by the update


def test_readers_open_while_a_batch_is_being_written(tmp_path: Path) -> None:
    db = tmp_path / "n.db"
    with Store.open(db) as writer:
        writer.add_page(*make_page("a.txt", [BRIDGE]))
        with writer.transaction():
            writer.add_page(*make_page("b.txt", [FERRY]))
            # A reader (CLI, web request) opens without waiting for the writer's lock
            # (waiting would take the 10 s busy timeout, then fail).
            started = time.monotonic()
            with Store.open(db, Settings(), create=False) as reader:
                assert [a.title for a in reader.articles()] == [BRIDGE[0]]
            assert time.monotonic() - started < 5
        assert len(writer.articles()) == 2


def test_new_migrations_are_applied_in_order_and_newer_stores_refused(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from newsgraph.store import store as store_module

    db = tmp_path / "n.db"
    Store.open(db).close()
    shipped = discover_migrations()
    extra = store_module.Migration(
        999, "extra", "-- a later layer\nCREATE TABLE extra (x INTEGER);\n"
        "CREATE TRIGGER extra_t AFTER INSERT ON extra BEGIN SELECT 1; SELECT 2; END;\n")
    monkeypatch.setattr(store_module, "discover_migrations", lambda: [*shipped, extra])
    with Store.open(db) as s:
        assert s.schema_version() == 999
        s.conn.execute("INSERT INTO extra VALUES (1)")
    monkeypatch.setattr(store_module, "discover_migrations", lambda: shipped)
    with pytest.raises(StoreError, match="newer newsgraph"):
        Store.open(db)


def test_split_sql_keeps_triggers_whole() -> None:
    from newsgraph.store.store import split_sql

    sql = "CREATE TABLE a (x);\n-- note; with a semicolon\nCREATE TRIGGER t AFTER INSERT ON a BEGIN\n  SELECT 1;\n  SELECT 2;\nEND;\n"
    parts = split_sql(sql)
    assert len(parts) == 2 and parts[1].endswith("END;")
    with pytest.raises(StoreError, match="incomplete"):
        split_sql("CREATE TABLE b (x")


def test_site_lines_learned_in_a_batch(store: Store) -> None:
    with store.transaction():
        for _ in range(3):
            store.learn_site_lines("ellery.example", ["menu", "footer"])
        assert store.site_furniture("ellery.example") == frozenset()  # 3 pages < 4
        for _ in range(2):
            store.learn_site_lines("ellery.example", ["menu"])
        # A page whose processing fails inside the batch leaves no counts behind.
        with pytest.raises(RuntimeError), store.transaction():
            store.learn_site_lines("ellery.example", ["footer", "menu"])
            raise RuntimeError("page failed")
        assert store.site_furniture("ellery.example") == frozenset({"menu"})  # seen mid-batch
        store.learn_site_lines("ellery.example", ["footer"])
    assert store.conn.execute(
        "SELECT key, pages FROM site_lines ORDER BY key").fetchall() == [("footer", 4), ("menu", 5)]
    assert store.conn.execute("SELECT pages FROM sites").fetchone()[0] == 6
    assert store.site_furniture("ellery.example") == frozenset({"menu", "footer"})


def test_site_lines_inside_a_callers_own_transaction(store: Store) -> None:
    store.conn.execute("BEGIN")
    for _ in range(4):
        store.learn_site_lines("ellery.example", ["menu"])
    store.conn.execute("COMMIT")
    assert store.site_furniture("ellery.example") == frozenset({"menu"})


def test_hex_line_keys_round_trip(store: Store) -> None:
    from newsgraph.clean import line_key

    keys = {line_key("Share this article"), line_key("Most read"), "not-hex", "ffffffffffffffff",
            "0000000000000000", "ABCDEFABCDEFABCD"}
    for _ in range(4):
        store.learn_site_lines("ellery.example", keys)
    assert store.site_furniture("ellery.example") == frozenset(keys)
