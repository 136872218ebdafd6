"""The Ray Data runner gives the single-machine pipeline's articles and duplicate clusters."""

from __future__ import annotations

import gzip
import json
import random
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from newsgraph.dedup import MAX_CANDIDATES
from newsgraph.errors import MissingDependency
from newsgraph.model import PARAGRAPH_SEP
from newsgraph.pipeline import SiteLines, extract, extract_page, furniture_candidates, ingest
from newsgraph.read import read_pages
from newsgraph.scale.stages import Assignment, Pair, assign_clusters
from newsgraph.settings import Settings
from newsgraph.store import Store

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "demo" / "pages"


# -- without Ray ------------------------------------------------------------------------------


def test_replay_merges_only_into_representatives() -> None:
    # 2 is near 1, 3 is near 2 but not 1: 2 joins 1, and 3 stays new because 2 is no
    # representative (the store never indexes a merged article's signature).
    merged = assign_clusters([Pair(2, 1, True, False, "near", 0.9),
                              Pair(3, 2, True, False, "near", 0.8),
                              Pair(3, 1, True, False, None)])
    assert merged == {2: Assignment(1, "near", 0.9)}


def test_replay_prefers_rank_then_similarity_then_oldest() -> None:
    merged = assign_clusters([Pair(5, 1, True, False, "contained", 0.95),
                              Pair(5, 2, True, True, "near", 0.75),
                              Pair(5, 3, False, True, "near", 0.75),
                              Pair(5, 4, True, False, "near", 0.7)])
    assert merged == {5: Assignment(2, "near", 0.75)}


def test_replay_keeps_the_stores_candidate_caps() -> None:
    # The oldest representative is the only match but 64 newer ones share a key:
    # the store never looks at it, so the article stays new.
    pairs = [Pair(1000, 0, True, False, "contained", 1.0)]
    pairs += [Pair(1000, i, True, False, None) for i in range(1, 1 + MAX_CANDIDATES)]
    assert assign_clusters(pairs) == {}
    assert assign_clusters(pairs[:-1]) == {1000: Assignment(0, "contained", 1.0)}


def test_missing_ray_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    from newsgraph.scale.ray_runner import import_ray

    monkeypatch.setitem(sys.modules, "ray", None)
    with pytest.raises(MissingDependency, match=r"pip install 'newsgraph\[scale\]'"):
        import_ray()


# -- with Ray ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ray_local() -> Iterator[Any]:
    """One local Ray instance for the module (2 CPUs, no dashboard), shut down after."""
    pytest.importorskip("ray", reason="ray is not installed: pip install 'newsgraph[scale]'")
    from newsgraph.scale.ray_runner import ray_session

    with ray_session(num_cpus=2) as ray:
        yield ray


def read_parquet(folder: Path) -> list[dict[str, Any]]:
    import pyarrow.parquet as pq

    return pq.read_table(folder).to_pylist()


def store_clusters(paths: list[str], settings: Settings) -> dict[tuple[str, str], list[tuple]]:
    """(title, body) of each stored article -> its occurrences (source, record, start, end, match)."""
    with Store.open(":memory:", settings) as store:
        stats = ingest(paths, store, settings=settings)
        assert stats.pages_read
        rows = store.conn.execute(
            'SELECT a.title, a.body, p.source, p.record, o.start, o."end", o.match, o.similarity '
            "FROM occurrences o JOIN articles a ON a.id = o.article_id "
            "JOIN pages p ON p.id = o.page_id ORDER BY o.id").fetchall()
    out: dict[tuple[str, str], list[tuple]] = {}
    for title, body, source, record, start, end, match, sim in rows:
        out.setdefault((title, body), []).append((source, record, start, end, match, round(sim, 4)))
    return out


def ray_clusters(out: Path) -> dict[tuple[str, str], list[tuple]]:
    articles = {a["id"]: a for a in read_parquet(out / "articles")}
    clusters: dict[tuple[str, str], list[tuple]] = {}
    for o in sorted(read_parquet(out / "occurrences"), key=lambda o: o["order"]):
        a = articles[o["article_id"]]
        clusters.setdefault((a["title"], a["body"]), []).append(
            (o["source"], o["record"], o["start"], o["end"], o["match"], o["similarity"]))
    for a in articles.values():
        assert a["occurrences"] == len(clusters[(a["title"], a["body"])])
    return clusters


def write_variants(folder: Path, sources: list[str], seed: int = 7) -> list[str]:
    """Pages that exercise every kind of match, cut from the articles of ``sources``.

    A shortened copy read before its full version (containment both ways), a copy
    with a paragraph of ours replacing its last one, a copy with two words changed
    (near), a re-cased copy (exact), a page read twice, and seeded random versions
    (words replaced at 2-20 %, cut, a paragraph dropped) whose clusters chain.
    """
    bodies: list[tuple[str, list[str]]] = []
    for result in extract(sources):
        for article in getattr(result, "articles", []):
            if len(article.paragraphs) >= 5 and all(b[0] != article.title for b in bodies):
                bodies.append((article.title or "", list(article.paragraphs)))
    assert len(bodies) >= 2, "the demo and seed pages hold long articles"
    ours = ("Officials from both delegations said further meetings would follow in the coming "
            "weeks, though neither side gave a date or named the people who would attend them.")
    versions: list[tuple[str, list[str]]] = []
    for title, paragraphs in bodies[:3]:
        words = paragraphs[1].split()
        words[len(words) // 2] = "reportedly"
        words[-3] = "again"
        versions += [
            (title, paragraphs[: max(3, len(paragraphs) * 2 // 3)]),
            (title, paragraphs),
            (title, [*paragraphs[:-1], ours]),
            (title, [paragraphs[0], " ".join(words), *paragraphs[2:]]),
            (title.upper(), [p.upper() for p in paragraphs]),
        ]
    rng = random.Random(seed)
    for _ in range(60):
        title, paragraphs = rng.choice(bodies)
        how = rng.choice(["words", "cut", "drop"])
        if how == "words":
            rate = rng.choice([0.02, 0.05, 0.1, 0.2])
            paragraphs = [" ".join(w if rng.random() > rate else rng.choice(["north", "south"])
                                   for w in p.split()) for p in paragraphs]
        elif how == "cut":
            paragraphs = paragraphs[: rng.randint(2, len(paragraphs))]
        else:
            drop = rng.randrange(len(paragraphs))
            paragraphs = [p for i, p in enumerate(paragraphs) if i != drop]
        versions.append((title, paragraphs))
    # No URL, so no site: furniture is learned differently (see test_site_furniture_...).
    lines = [{"text": "\n".join([title, *paragraphs])} for title, paragraphs in versions]
    files = []
    for k in range(3):  # spread over files: input order crosses file boundaries
        part = folder / f"a-variants-{k}.jsonl"
        part.write_text("".join(json.dumps(x) + "\n" for x in lines[k::3]), encoding="utf-8")
        files.append(str(part))
    again = folder / "b-again.jsonl"
    again.write_text(json.dumps(lines[1]) + "\n", encoding="utf-8")
    return [*files, str(again)]


def test_same_articles_and_clusters_as_the_store(
    ray_local: Any, seeds_dir: Path, tmp_path: Path
) -> None:
    from newsgraph.scale import run_ray

    settings = Settings()
    base = [str(DEMO), str(seeds_dir)]
    paths = [*base, *write_variants(tmp_path, base)]
    expected = store_clusters(paths, settings)
    stats = run_ray(paths, tmp_path / "out", settings=settings)
    got = ray_clusters(tmp_path / "out")

    assert stats.errors == []
    pages = [p for p in read_pages(paths, settings) if hasattr(p, "text")]
    assert stats.pages_read == len(pages)
    assert stats.pages_unique == len({p.hash for p in pages}) < len(pages)  # pages read twice
    assert len(got) == len(expected) == stats.articles_unique
    assert sorted(t for t, _ in got) == sorted(t for t, _ in expected)
    assert got == expected  # same clusters, same occurrences in the same order, same match kinds
    kinds = Counter(o[4] for occ in got.values() for o in occ)
    assert {"first", "exact", "near", "contained", "contains"} <= set(kinds)
    assert stats.duplicates_merged == sum(kinds.values()) - kinds["first"]


def test_bad_input_becomes_error_rows(ray_local: Any, tmp_path: Path) -> None:
    from newsgraph.scale import run_ray

    pages = tmp_path / "in"
    pages.mkdir()
    (pages / "empty.txt").write_bytes(b"")
    (pages / "binary.txt").write_bytes(bytes(range(256)) * 8)
    whole = gzip.compress((DEMO / "harbor-daily" / "lisbon-protest.txt").read_bytes())
    (pages / "cut.txt.gz").write_bytes(whole[: len(whole) // 2])
    (pages / "lines.jsonl").write_text('{"text": "fine"}\n{not json\n', encoding="utf-8")
    good = pages / "good.txt"
    good.write_bytes((DEMO / "harbor-daily" / "fisheries-deal.txt").read_bytes())
    paths = [str(pages), str(tmp_path / "missing.txt")]

    stats = run_ray(paths, tmp_path / "out")
    errors = read_parquet(tmp_path / "out" / "errors")
    expected = [e for e in read_pages(paths) if not hasattr(e, "text")]
    assert len(expected) >= 5
    assert sorted((e["source"], e["record"], e["reason"]) for e in errors) == sorted(
        (e.source, e.record, e.reason) for e in expected)
    assert sorted(map(str, stats.errors)) == sorted(map(str, expected))
    assert ray_clusters(tmp_path / "out") == store_clusters(paths, Settings())  # the good pages


def test_site_furniture_learned_from_the_whole_site(ray_local: Any, seeds_dir: Path,
                                                    tmp_path: Path) -> None:
    from newsgraph.scale import run_ray

    found = [a for r in extract([str(DEMO), str(seeds_dir)]) for a in getattr(r, "articles", [])]
    bodies = list({a.title: a for a in found}.values())
    promo = "Our reporters checked every figure in this story with two sources."  # kept unless furniture
    lines = []
    for n, article in enumerate(bodies[:5]):
        paragraphs = list(article.paragraphs)
        text = "\n".join([article.title or "", *paragraphs[:2], promo, *paragraphs[2:]])
        lines.append({"url": f"https://furniture.example/{n}", "site": "furniture.example",
                      "text": text})
    corpus = tmp_path / "site.jsonl"
    corpus.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")

    settings = Settings()
    stats = run_ray([str(corpus)], tmp_path / "out", settings=settings)
    assert stats.sites_with_furniture == 1
    pages = [p for p in read_pages([str(corpus)], settings) if hasattr(p, "text")]
    sites = SiteLines(settings)
    for page in pages:
        sites.learn("furniture.example", furniture_candidates(page, settings))
    furniture = sites.furniture("furniture.example")
    assert furniture
    expected = sorted(a.body for p in pages for a in extract_page(p, furniture=furniture,
                                                                  settings=settings))
    got = sorted(a["body"] for a in read_parquet(tmp_path / "out" / "articles"))
    assert got == expected
    assert not any(promo in body.split(PARAGRAPH_SEP) for body in got)
    bare = [a.body for p in pages for a in extract_page(p, settings=settings)]
    assert all(promo in body.split(PARAGRAPH_SEP) for body in bare)  # what furniture changed


def test_cli_json_summary_and_errors(ray_local: Any, tmp_path: Path) -> None:
    from newsgraph.cli.scale import scale_command

    runner = CliRunner()
    result = runner.invoke(scale_command, [str(DEMO), "-o", str(tmp_path / "out"), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["articles_unique"] == len(read_parquet(tmp_path / "out" / "articles"))
    assert summary["errors"] == []

    notes = tmp_path / "mine" / "articles"
    notes.mkdir(parents=True)
    (notes / "notes.txt").write_text("keep me", encoding="utf-8")
    result = runner.invoke(scale_command, [str(DEMO), "-o", str(tmp_path / "mine")])
    assert result.exit_code == 1
    assert result.output.startswith("Error: ")
    assert "not a Parquet dataset" in result.output
    assert (notes / "notes.txt").exists()


def test_enrich_writes_the_knowledge_of_each_unique_article(ray_local: Any, tmp_path: Path) -> None:
    pytest.importorskip("spacy", reason="spaCy is not installed: pip install 'newsgraph[nlp]'")
    from newsgraph.enrich.run import analyze_documents
    from newsgraph.scale import run_ray

    stats = run_ray([str(DEMO)], tmp_path / "out", enrich=True)
    articles = read_parquet(tmp_path / "out" / "articles")
    docs = [{"id": a["id"], "text": a["body"], "published": a["published"]} for a in articles]
    expected = list(analyze_documents(docs))
    for table, fields in (("entities", ("start", "end", "text", "type")),
                          ("quotes", ("start", "end", "text", "direct")),
                          ("events", ("type", "start", "end", "trigger"))):
        rows = read_parquet(tmp_path / "out" / table)
        assert stats.knowledge[table] == len(rows)
        got = sorted((r["article_id"], *(r[f] for f in fields)) for r in rows)
        assert got == sorted((d["id"], *(x[f] for f in fields)) for d in expected for x in d[table])
    assert stats.knowledge["entities"] > 0


def test_a_reader_crash_is_an_error_row_not_a_failed_job(monkeypatch: pytest.MonkeyPatch) -> None:
    import pyarrow as pa

    from newsgraph.scale import stages

    def broken(paths: list[str], settings: Settings) -> Iterator[Any]:
        yield from read_pages([str(DEMO / "harbor-daily" / "lisbon-protest.txt")], settings)
        raise RuntimeError("boom")

    monkeypatch.setattr(stages, "read_pages", broken)
    files = pa.table({"path": ["x.warc"], "file_index": [3]}, schema=stages.FILES)
    rows = stages.read_files(files, Settings()).to_pylist()
    assert [r["kind"] for r in rows] == ["page", "error"]
    assert rows[0]["page_order"] == 3 << stages.PAGE_BITS
    error = stages.error_from_row(rows[1]["data"])
    assert (error.source, error.reason) == ("x.warc", "reader failed: RuntimeError('boom')")
