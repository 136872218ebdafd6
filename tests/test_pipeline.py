"""End to end: pages in, deduplicated articles in the store; bad input and interruption."""

from __future__ import annotations

import gzip
import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsgraph.cli import cli
from newsgraph.pipeline import extract, ingest
from newsgraph.settings import Settings
from newsgraph.store import Store

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "demo" / "pages"

ISIS_TITLE = "Western Countries Continue to Resist Return of ISIS Children"
TABLES = ("pages", "articles", "occurrences")


def counts(db: Path) -> dict[str, int]:
    con = sqlite3.connect(db)
    try:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    finally:
        con.close()


def test_seeds_give_three_articles_one_seen_twice(seeds_dir: Path, tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    with Store.open(db) as store:
        stats = ingest([str(seeds_dir)], store)
        assert stats.errors == []
        assert stats.pages_read == 2
        assert stats.articles_found == 4
        assert stats.articles_new == 3
        assert stats.duplicates_merged == 1
        rows = store.articles(limit=10)
        titles = sorted(r.title if hasattr(r, "title") else r["title"] for r in rows)
        assert titles == sorted([
            ISIS_TITLE,
            "Türkiye and Russia Engage in Delicate Maneuvers over Syria after Assad’s Downfall",
            "Russia Skirts Western Sanctions to Ramp up Its Military Footprint in Africa",
        ])
    assert counts(db) == {"pages": 2, "articles": 3, "occurrences": 4}


def test_reingest_changes_nothing(seeds_dir: Path, tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    with Store.open(db) as store:
        ingest([str(seeds_dir)], store)
    before = counts(db)
    with Store.open(db) as store:
        again = ingest([str(seeds_dir)], store)
    assert again.pages_known == 2 and again.articles_new == 0 and again.duplicates_merged == 0
    assert counts(db) == before


def test_demo_corpus_merges_republished_and_truncated_copies(tmp_path: Path) -> None:
    with Store.open(tmp_path / "d.db") as store:
        stats = ingest([str(DEMO)], store)
    assert stats.errors == []
    assert stats.pages_read == 5
    # Distinct: fisheries (text page + a shorter wire copy), Nairobi (opens two pages),
    # Lisbon, the drone strike, the Pacific climate page.
    assert stats.articles_new == 5
    assert stats.duplicates_merged == 2


def _bad_inputs(tmp_path: Path) -> list[Path]:
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "binary.txt").write_bytes(bytes(range(256)) * 64)
    varied = " ".join(f"word{i * 7919 % 10007}" for i in range(5000)).encode()
    (bad / "truncated.txt.gz").write_bytes(gzip.compress(b"Some title\n" + varied)[:2000])
    (bad / "broken.jsonl").write_text('{"text": "fine line but too short"}\n{not json\n', "utf-8")
    return [bad / "empty.txt", bad / "binary.txt", bad / "truncated.txt.gz"]


def test_bad_input_is_reported_and_the_run_goes_on(seeds_dir: Path, tmp_path: Path) -> None:
    bad = _bad_inputs(tmp_path)
    with Store.open(tmp_path / "s.db") as store:
        stats = ingest([str(p) for p in bad] + [str(seeds_dir)], store)
    assert stats.articles_new == 3
    reported = " ".join(str(e) for e in stats.errors)
    for path in bad:
        assert path.name in reported
    assert all("\n" not in str(e) for e in stats.errors)


def test_cli_ingest_exit_code_and_summary(seeds_dir: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    db = str(tmp_path / "c.db")
    ok = runner.invoke(cli, ["ingest", str(seeds_dir), "--db", db, "--no-enrich", "--json"])
    assert ok.exit_code == 0, ok.output
    summary = json.loads(ok.stdout)
    assert summary["articles_new"] == 3 and summary["duplicates_merged"] == 1
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    failed = runner.invoke(cli, ["ingest", str(empty), "--db", db, "--no-enrich", "--silent"])
    assert failed.exit_code == 1
    assert "empty.txt" in failed.stderr


def test_extract_json_shape_on_seeds(seeds_dir: Path) -> None:
    result = CliRunner().invoke(cli, ["extract", str(seeds_dir), "--json"])
    assert result.exit_code == 0, result.output
    pages = json.loads(result.stdout)
    assert [Path(p["source"]).name for p in pages] == sorted(p.name for p in seeds_dir.iterdir())
    first = pages[0]["articles"][0]
    assert set(first) >= {"title", "body", "paragraphs", "captions", "agency", "subheadings"}
    assert first["title"] == ISIS_TITLE
    assert first["body"] == "\n\n".join(first["paragraphs"])
    assert first["captions"][0]["credit"] == "Ivor Prickett for The New York Times"
    assert first["agency"] == "The New York Times"
    jsonl = CliRunner().invoke(cli, ["extract", str(seeds_dir), "--jsonl"])
    assert [json.loads(line) for line in jsonl.stdout.splitlines()] == pages


def test_extract_spans_point_into_the_page(seeds_dir: Path) -> None:
    for result in extract([str(seeds_dir)]):
        assert not isinstance(result, Exception)
        for article in result.articles:  # type: ignore[union-attr]
            for para, (start, end) in zip(article.paragraphs, article.spans, strict=True):
                assert result.page.text[start:end] == para  # type: ignore[union-attr]


class _Interrupt(KeyboardInterrupt):
    pass


def test_ctrl_c_mid_run_leaves_a_consistent_store(tmp_path: Path) -> None:
    """An interrupt between batches keeps whole batches; a rerun completes the job."""
    pages = tmp_path / "pages.jsonl"
    corpus = DEMO / "harbor-daily"
    texts = [p.read_text("utf-8") for p in sorted(corpus.glob("*.txt"))]
    with pages.open("w", encoding="utf-8") as fh:
        for i in range(12):
            fh.write(json.dumps({"id": i, "text": texts[i % 2] + f"\nPage {i}"}) + "\n")
    db = tmp_path / "i.db"
    seen = 0

    def progress(n: int) -> None:
        nonlocal seen
        seen += n
        if seen >= 4:
            raise _Interrupt

    small_batches = Settings().replace(batch_size=4)
    with Store.open(db) as store, pytest.raises(KeyboardInterrupt):
        ingest([str(pages)], store, settings=small_batches, progress=progress)
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert con.execute("SELECT count(*) FROM pages").fetchone()[0] == 4
    con.close()
    with Store.open(db) as store:
        ingest([str(pages)], store)
    clean = tmp_path / "clean.db"
    with Store.open(clean) as store:
        ingest([str(pages)], store)
    assert counts(db) == counts(clean)


TOPICS = ["ferry timetable", "harbour dredging", "fish market", "lighthouse repairs",
          "tram line", "dune walk", "school meals", "bridge tolls"]
TEASER = "All our coverage of the coast in one place"


def _site_pages(path: Path) -> None:
    """Eight pages of one site, each with its own article and the same teaser line inside."""
    with path.open("w", encoding="utf-8") as fh:
        for i, topic in enumerate(TOPICS):
            paras = [
                f"The council of Ostend voted on Tuesday to change the {topic}, after a debate "
                f"that lasted well into the night and drew a crowd to the town hall, meeting {i}.",
                TEASER,
                f"Supporters said the change to the {topic} was overdue and would save money, "
                f"while opponents warned that the poorest families would pay for it, season {i}.",
                f"The mayor said a final decision on the {topic} would follow a public hearing "
                f"next month, and that the council would publish its figures first, edition {i}.",
            ]
            record = {"id": i, "site": "valley.example", "url": f"https://valley.example/{i}",
                      "text": "\n".join([f"Council Votes on the {topic.title()}", *paras])}
            fh.write(json.dumps(record) + "\n")


def _has_teaser(article: object) -> bool:
    texts = [*article.paragraphs, *(s.text for s in article.subheadings)]  # type: ignore[attr-defined]
    return TEASER in texts


def test_site_furniture_is_learned_within_one_run(tmp_path: Path) -> None:
    """A line on every page of a site becomes its furniture once seen on enough pages:
    as ``extract`` reads them, and for ``ingest`` from the whole run, first pages too."""
    pages = tmp_path / "site.jsonl"
    _site_pages(pages)
    unlearned = [r.articles[0] for r in extract([str(pages)], learn_sites=False)]  # type: ignore[union-attr]
    assert all(_has_teaser(a) for a in unlearned)
    learned = [r.articles[0] for r in extract([str(pages)])]  # type: ignore[union-attr]
    min_pages = Settings().site_furniture_min_pages
    assert [_has_teaser(a) for a in learned] == [True] * (min_pages - 1) + [False] * (9 - min_pages)

    with Store.open(tmp_path / "site.db") as store:
        ingest([str(pages)], store)
        stored = {a.id: store.article(a.id) for a in store.articles(limit=20)}
    assert len(stored) == 8
    cleaned = [a for a in stored.values() if TEASER not in a.body
               and all(s["text"] != TEASER for s in a.subheadings)]
    assert len(cleaned) == 8  # the site's first pages are cut with what the run shows


def test_large_sites_are_learned_from_a_sample() -> None:
    from newsgraph.model import Page
    from newsgraph.pipeline import learns_from

    settings = Settings()
    pages = [Page(source="x", text=f"page {i}", format="text") for i in range(4000)]
    assert all(learns_from(p, 10, settings) for p in pages)
    share = sum(learns_from(p, settings.site_learn_all_pages, settings) for p in pages) / len(pages)
    assert abs(share - 1 / settings.site_learn_every) < 0.03


@pytest.mark.parametrize("args", [["articles"], ["show", "1"], ["search", "x"], ["duplicates"],
                                  ["stats"], ["export"], ["enrich"], ["entities"],
                                  ["entity", "x"], ["quotes"], ["events"], ["timeline", "x"],
                                  ["graph"]])
def test_reading_commands_never_create_a_store(tmp_path: Path, args: list[str]) -> None:
    db = tmp_path / "missing.db"
    result = CliRunner().invoke(cli, [*args, "--db", str(db)])
    assert result.exit_code == 1
    assert f"Error: no store at {db}" in result.output
    assert not db.exists()


def test_in_memory_site_lines_stay_bounded() -> None:
    from newsgraph.pipeline import SiteLines

    settings = Settings()
    sites = SiteLines(settings)
    nav = {"home", "world", "subscribe"}
    for i in range(3 * SiteLines.PRUNE_EVERY):
        sites.learn("a.example", nav | {f"unique line {i}", f"another {i}"})
    assert sites.furniture("a.example") == nav
    assert len(sites._lines["a.example"]) < SiteLines.PRUNE_EVERY


def test_a_page_that_fails_is_reported_and_the_batch_goes_on(
    monkeypatch: pytest.MonkeyPatch, seeds_dir: Path, tmp_path: Path
) -> None:
    import newsgraph.pipeline as pipeline

    real = pipeline.extract_page

    def fragile(page, **kwargs):  # type: ignore[no-untyped-def]
        if page.source.endswith("000_c96ea79de0903c34.txt"):
            raise RuntimeError("segmenter bug")
        return real(page, **kwargs)

    monkeypatch.setattr(pipeline, "extract_page", fragile)
    with Store.open(tmp_path / "f.db") as store:
        stats = ingest([str(seeds_dir)], store)
    (error,) = stats.errors
    assert "000_c96ea79de0903c34.txt" in str(error) and "segmenter bug" in str(error)
    assert stats.articles_new == 2  # the other page's two articles
    assert counts(tmp_path / "f.db")["pages"] == 1


def test_a_page_failing_inside_the_store_is_undone_alone(
    monkeypatch: pytest.MonkeyPatch, seeds_dir: Path, tmp_path: Path
) -> None:
    import newsgraph.pipeline as pipeline

    real = pipeline.extract_page

    def broken_spans(page, **kwargs):  # type: ignore[no-untyped-def]
        articles = real(page, **kwargs)
        if page.source.endswith("001_4cc2c2d3c9d80fe1.txt"):
            articles[-1].spans = articles[-1].spans[:-1]  # the store rejects it mid-page
        return articles

    monkeypatch.setattr(pipeline, "extract_page", broken_spans)
    db = tmp_path / "u.db"
    with Store.open(db) as store:
        stats = ingest([str(seeds_dir)], store)
    (error,) = stats.errors
    assert "001_4cc2c2d3c9d80fe1.txt" in str(error)
    assert counts(db) == {"pages": 1, "articles": 2, "occurrences": 2}
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()


def test_ingest_without_the_nlp_extra_stores_and_says_so(
    monkeypatch: pytest.MonkeyPatch, seeds_dir: Path, tmp_path: Path
) -> None:
    import builtins

    real_import = builtins.__import__

    def no_spacy(name, *args, **kwargs):  # type: ignore[no-untyped-def]
        if name == "newsgraph.enrich.run":
            raise ImportError("No module named 'spacy'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_spacy)
    result = CliRunner().invoke(cli, ["ingest", str(seeds_dir), "--db", str(tmp_path / "n.db"),
                                      "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["articles_new"] == 3
    assert "pip install 'newsgraph[nlp]'" in summary["enrichment"]["skipped"]


def test_error_lines_take_paths_literally(tmp_path: Path) -> None:
    odd = tmp_path / "a[/b] [red].txt"  # a folder "a[" holding "b] [red].txt": rich markup
    odd.parent.mkdir()
    odd.write_bytes(b"")
    result = CliRunner().invoke(cli, ["extract", str(odd)])
    assert result.exit_code == 1
    assert "a[/b] [red].txt" in result.stderr


def test_a_later_copy_fills_in_what_the_first_lacked(tmp_path: Path) -> None:
    """A text page without metadata, then the same article with a publication date:
    the article takes the date, and enrichment will resolve its relative dates again."""
    pytest.importorskip("spacy")
    from newsgraph.enrich.run import enrich_pending

    text_page = tmp_path / "a" / "plain.txt"
    text_page.parent.mkdir()
    text_page.write_text((DEMO / "harbor-daily" / "lisbon-protest.txt").read_text("utf-8"), "utf-8")
    db = tmp_path / "m.db"
    with Store.open(db) as store:
        ingest([str(text_page)], store)
        enrich_pending(store)
        lisbon = next(a for a in store.articles() if a.title and "Lisbon" in a.title)
        assert store.article(lisbon.id).published is None
    with Store.open(db) as store:
        paragraphs = store.article(lisbon.id).paragraphs
    copy = tmp_path / "b" / "copy.jsonl"
    copy.parent.mkdir()
    body = "\n".join(["Thousands March in Lisbon Against Soaring Rents", *paragraphs])
    copy.write_text(json.dumps({"text": body, "published": "2026-03-02", "url": "https://x.example/l"}),
                    "utf-8")
    with Store.open(db) as store:
        stats = ingest([str(copy)], store)
        assert stats.duplicates_merged == 1
        assert store.article(lisbon.id).published == "2026-03-02"
        again = enrich_pending(store)
    assert again.articles_enriched == 1  # pending again: "Last July" now resolves
    con = sqlite3.connect(db)
    (value,) = con.execute("SELECT value FROM dates WHERE article_id = ? AND text LIKE 'Last July%'",
                           (lisbon.id,)).fetchone()
    con.close()
    assert value == "2025-07"
