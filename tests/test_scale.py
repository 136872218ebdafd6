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

from newsgraph.errors import MissingDependency
from newsgraph.model import PARAGRAPH_SEP
from newsgraph.pipeline import SiteLines, extract, extract_page, furniture_candidates, ingest
from newsgraph.read import read_pages
from newsgraph.settings import Settings
from newsgraph.store import Store

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "demo" / "pages"


# -- without Ray ------------------------------------------------------------------------------


def test_groups_are_whole_components_with_their_exact_copies(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import numpy as np

    from newsgraph.scale import stages as st

    # 20 duplicates 10, 50 is an exact copy of 10, 40 duplicates 30; 60 is related to nothing.
    copies = st.Copies(np.array([50]), np.array([10]))
    monkeypatch.setattr(st, "GROUP_ARTICLES", 2)  # a group closes once it has 2 articles
    groups = st.Groups.of([(20, 10), (40, 30)], copies)
    g = groups.group_of(np.array([10, 20, 30, 40, 50, 60]))
    assert g[5] == -1  # a cluster of its own: no replay
    assert g[0] == g[1] == g[4] != g[2] == g[3]  # a component of 3 is never split
    monkeypatch.setattr(st, "GROUP_ARTICLES", 256)
    g = st.Groups.of([(20, 10), (40, 30)], copies).group_of(np.array([10, 30]))
    assert g[0] == g[1]  # small components share a group (one scratch store)


def test_buckets_carry_ids_and_give_each_pair_once() -> None:
    import pyarrow as pa

    from newsgraph.scale import stages as st

    articles = pa.table({"order": [10, 20, 30, 40],
                         "keys": [["b1", "p7"], ["b1", "p7"], ["p7"], ["p1"]]})
    buckets = st.bucket_rows(articles, parts=4)
    assert buckets.schema == st.BUCKETS  # ids only: no body travels with its ~40 keys
    assert sorted(zip(buckets["band"].to_pylist(), buckets["key"].to_pylist(),
                      buckets["order"].to_pylist(), strict=True)) == [
        (False, 1, 40), (False, 7, 10), (False, 7, 20), (False, 7, 30), (True, 1, 10), (True, 1, 20)]
    assert set(zip(buckets["key"].to_pylist(), buckets["part"].to_pylist(), strict=True)) == {
        (1, 1), (7, 3)}  # a key's rows share a partition
    found = st.Candidates.of(st.bucket_candidates(buckets.filter(pa.compute.equal(
        buckets["part"], part))) for part in range(4))
    pairs = sorted(zip(found.later.tolist(), found.earlier.tolist(), found.band.tolist(),
                       found.paragraph.tolist(), strict=True))
    # 20 and 10 share a band key and a paragraph key: one pair with both kinds; band key 1
    # and paragraph key 1 are different buckets (40 pairs with nobody)
    assert pairs == [(20, 10, True, True), (30, 10, False, True), (30, 20, False, True)]


def test_pairs_are_screened_by_signatures_as_the_store_screens_them() -> None:
    import numpy as np
    import pyarrow as pa

    from newsgraph.dedup import Deduplicator, Fingerprinter, jaccard
    from newsgraph.scale import stages as st

    settings = Settings()
    fpr = Fingerprinter(settings)
    words = [f"w{i}" for i in range(400)]
    bodies = {
        10: " ".join(words),
        20: " ".join([*words[:398], "edited", "twice"]),  # a copy with a small edit
        30: " ".join(words[:240]),  # a shorter version: only the text can tell
        40: " ".join(words[:12] + [f"x{i}" for i in range(388)]),  # one shared opening
    }
    fps = {order: fpr.fingerprint(body) for order, body in bodies.items()}
    firsts = pa.table({
        "order": list(fps), "signature": [fp.signature.astype("<u4").tobytes() for fp in fps.values()],
        "shingle_count": [fp.shingle_count for fp in fps.values()]})
    candidates = st.Candidates(later=np.array([20, 30, 40]), earlier=np.array([10, 10, 10]),
                               band=np.array([True, True, False]),
                               paragraph=np.array([True, True, True]))
    sides = st.candidate_sides(firsts, candidates, parts=2)
    assert "paragraphs" not in sides.column_names  # signatures travel, the bodies stay
    # each later article's own row and its candidates' rows share a partition
    for later in (20, 30, 40):
        parts = {p for p, lat in zip(sides["part"].to_pylist(), sides["later"].to_pylist(),
                                     strict=True) if lat == later}
        assert len(parts) == 1
    pairs = pa.concat_tables(st.screen_candidates(sides.filter(pa.compute.equal(sides["part"], p)),
                                                  settings) for p in range(2))
    found = {o: k for o, k in zip(pairs["order"].to_pylist(), pairs["kind"].to_pylist(), strict=True)}
    assert found == {
        order: kind for order in (20, 30, 40)
        if (kind := Deduplicator.screen(jaccard(fps[order].signature, fps[10].signature),
                                        fps[order].shingle_count, fps[10].shingle_count,
                                        settings)) is not None}
    assert found[20] == "near" and found[30] == "grey" and 40 not in found


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
    for o in sorted(read_parquet(out / "occurrences"), key=lambda o: (o["stored"], o["seq"])):
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
    assert sorted(t or "" for t, _ in got) == sorted(t or "" for t, _ in expected)  # untitled: None
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


_SNAPSHOT = {
    # Ids aside: an article is its body hash, a caption its text, an entity its type and name.
    "articles": "SELECT title, body, agency, author, published, language, site, body_hash, "
                "shingles, signature FROM articles",
    "captions": "SELECT a.body_hash, c.position, c.text, c.credit FROM captions c "
                "JOIN articles a ON a.id = c.article_id",
    "subheadings": "SELECT a.body_hash, s.position, s.text, s.before_paragraph FROM subheadings s "
                   "JOIN articles a ON a.id = s.article_id",
    "pages": "SELECT hash, source, record, format, url, site, fetched_at, published, title, "
             "author, language, description, text, raw FROM pages",
    "occurrences": 'SELECT a.body_hash, p.hash, o.start, o."end", o.spans, o.match, o.similarity '
                   "FROM occurrences o JOIN articles a ON a.id = o.article_id "
                   "JOIN pages p ON p.id = o.page_id",
    "dedup index": "SELECT b.hash, a.body_hash FROM body_hashes b JOIN articles a ON a.id = b.article_id "
                   "UNION ALL SELECT 'band ' || l.key, a.body_hash FROM lsh_bands l "
                   "JOIN articles a ON a.id = l.article_id UNION ALL SELECT 'paragraph ' || k.key, "
                   "a.body_hash FROM paragraph_keys k JOIN articles a ON a.id = k.article_id",
    "entities": "SELECT e.type, e.name, e.country, (SELECT group_concat(alias, '|') FROM "
                "(SELECT alias FROM aliases WHERE entity_id = e.id ORDER BY alias)) FROM entities e",
    "mentions": 'SELECT a.body_hash, c.text, e.type, e.name, m.start, m."end", m.text, m.demonym '
                "FROM mentions m JOIN articles a ON a.id = m.article_id "
                "LEFT JOIN captions c ON c.id = m.caption_id JOIN entities e ON e.id = m.entity_id",
    "roles": 'SELECT a.body_hash, c.text, p.name, r.role, o.name, r.start, r."end" FROM roles r '
             "JOIN articles a ON a.id = r.article_id LEFT JOIN captions c ON c.id = r.caption_id "
             "JOIN entities p ON p.id = r.person_id LEFT JOIN entities o ON o.id = r.organisation_id",
    "quotes": 'SELECT a.body_hash, c.text, s.type, s.name, q.text, q.cue, q.direct, q.start, q."end", '
              "q.speaker_start, q.speaker_end, q.speaker_text, q.speaker_kind, l.name, q.parts "
              "FROM quotes q JOIN articles a ON a.id = q.article_id "
              "LEFT JOIN captions c ON c.id = q.caption_id LEFT JOIN entities s ON s.id = q.speaker_id "
              "LEFT JOIN entities l ON l.id = q.speaker_link_id",
    "dates": 'SELECT a.body_hash, c.text, d.start, d."end", d.text, d.value, d.precision, d.relative, '
             "d.resolved FROM dates d JOIN articles a ON a.id = d.article_id "
             "LEFT JOIN captions c ON c.id = d.caption_id",
    "events": "SELECT v.type, v.mode, ac.name, tg.name, pl.name, v.date, v.precision, v.confidence, "
              "v.negated, v.hypothetical, v.future, v.actor_country, v.target_country, "
              "v.actor_sector, v.target_sector, v.cameo, v.intent, (SELECT group_concat(x, '|') FROM (SELECT "
              "a.body_hash || ':' || IFNULL(c.text, '') || ':' || s.start || ':' || s.\"end\" || ':' "
              "|| s.sentence || ':' || IFNULL(s.trigger, '') || ':' || s.confidence AS x "
              "FROM event_sources s JOIN articles a ON a.id = s.article_id "
              "LEFT JOIN captions c ON c.id = s.caption_id WHERE s.event_id = v.id ORDER BY x)) "
              "FROM events v LEFT JOIN entities ac ON ac.id = v.actor_id "
              "LEFT JOIN entities tg ON tg.id = v.target_id LEFT JOIN entities pl ON pl.id = v.place_id",
    "enrichments": "SELECT a.body_hash, n.model, n.version, n.status FROM enrichments n "
                   "JOIN articles a ON a.id = n.article_id",
    "occurrence titles": 'SELECT a.body_hash, p.hash, o.start, o.title FROM occurrences o '
                         "JOIN articles a ON a.id = o.article_id JOIN pages p ON p.id = o.page_id",
    "container keys": "SELECT k.key, a.body_hash, p.hash, o.start FROM container_keys k "
                      "JOIN occurrences o ON o.id = k.occurrence_id "
                      "JOIN articles a ON a.id = o.article_id JOIN pages p ON p.id = o.page_id",
}


def snapshot(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every table of a store as sorted rows, ids replaced by what they name."""
    with Store.open(db) as store:
        return {name: sorted(store.conn.execute(sql).fetchall(), key=repr)
                for name, sql in _SNAPSHOT.items()}


def assert_same_store(got: dict[str, list[tuple[Any, ...]]],
                      expected: dict[str, list[tuple[Any, ...]]]) -> None:
    for name in _SNAPSHOT:
        missing = [r for r in expected[name] if r not in got[name]][:3]
        extra = [r for r in got[name] if r not in expected[name]][:3]
        assert got[name] == expected[name], f"{name}: missing {missing}, extra {extra}"


def ingest_and_enrich(paths: list[str], db: Path, settings: Settings) -> None:
    from newsgraph.enrich.run import enrich_pending

    with Store.open(db, settings) as store:
        ingest(paths, store, settings=settings)
        enrich_pending(store)


def test_scale_and_load_equal_ingest_and_enrich(ray_local: Any, seeds_dir: Path,
                                                tmp_path: Path) -> None:
    pytest.importorskip("spacy", reason="spaCy is not installed: pip install 'newsgraph[nlp]'")
    from newsgraph.scale import load_output, run_ray

    settings = Settings()
    base = [str(DEMO), str(seeds_dir)]
    paths = [*base, *write_variants(tmp_path, base, seed=11)]
    ingest_and_enrich(paths, tmp_path / "ingest.db", settings)
    stats = run_ray(paths, tmp_path / "out", settings=settings, enrich=True)
    loaded = load_output(tmp_path / "out", tmp_path / "loaded.db")

    expected, got = snapshot(tmp_path / "ingest.db"), snapshot(tmp_path / "loaded.db")
    assert loaded.articles == stats.articles_unique == stats.articles_enriched
    assert_same_store(got, expected)
    # What the equality covers: merged entities with aliases, roles, quotes, caption facts,
    # resolved dates, events reported by several articles, copies that filled in metadata.
    assert any(r[3] and "|" in r[3] for r in got["entities"])
    assert got["roles"] and got["quotes"] and any(r[1] for r in got["mentions"])
    assert any(r[7] for r in got["dates"])  # relative dates resolved
    assert any(r[-1].count("|") for r in got["events"])  # an event with several sources
    assert {"first", "exact", "near", "contained", "contains"} <= {r[5] for r in got["occurrences"]}


@pytest.mark.parametrize(("seed", "order", "site"), [(1, "sorted", False),
                                                   (2, "doubles first", False),
                                                   (3, "shuffled", True)])
def test_pages_of_two_stories_and_shorter_copies_as_ingest_stores_them(
        ray_local: Any, tmp_path: Path, seed: int, order: str, site: bool) -> None:
    # Two stories run together on one page, read after both stories, before them or
    # between: the page is an occurrence of each, a stored two-story article is divided
    # when its parts arrive, and later parts are found on pages stored before them.
    # With a site, a promotion line on every page is its furniture, from the first page on.
    from newsgraph.scale import load_output, run_ray

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from test_torture_order import corpus

    pages = corpus(seed)
    names = sorted(pages)
    if order == "doubles first":
        names.sort(key=lambda n: not n.startswith("double"))
    elif order == "shuffled":
        random.Random(seed).shuffle(names)
    promo = "Our reporters checked every figure in this story with two sources."
    (tmp_path / "in").mkdir()
    paths = []
    for n, name in enumerate(names):
        path = tmp_path / "in" / f"{n:03d}-{name}"
        if site:
            lines = pages[name].split("\n")
            lines.insert(3, promo)  # after the first paragraph
            record = {"url": f"https://river.example/{n}", "site": "river.example",
                      "text": "\n".join(["Home", "Sport", *lines, "Sign in"])}
            path = path.with_suffix(".jsonl")
            path.write_text(json.dumps(record) + "\n", encoding="utf-8")
        else:
            path.write_text(pages[name], encoding="utf-8")
        paths.append(str(path))
    settings = Settings()
    with Store.open(tmp_path / "ingest.db", settings) as store:
        ingest(paths, store, settings=settings)
    run_ray(paths, tmp_path / "out", settings=settings)
    load_output(tmp_path / "out", tmp_path / "loaded.db")

    expected, got = snapshot(tmp_path / "ingest.db"), snapshot(tmp_path / "loaded.db")
    assert_same_store(got, expected)
    assert len(got["articles"]) == 10  # each story once, never a two-story article
    kinds = Counter(r[5] for r in got["occurrences"])
    assert kinds["contains"] >= 8  # each two-story page is an occurrence of both its stories
    assert not any(promo in r[1] for r in got["articles"])  # furniture on every page


def test_load_cli_then_every_command_works(ray_local: Any, tmp_path: Path) -> None:
    pytest.importorskip("spacy", reason="spaCy is not installed: pip install 'newsgraph[nlp]'")
    from newsgraph.cli import cli
    from newsgraph.scale import run_ray

    run_ray([str(DEMO)], tmp_path / "out", enrich=True)
    db = str(tmp_path / "demo.db")
    runner = CliRunner()
    result = runner.invoke(cli, ["load", str(tmp_path / "out"), "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["articles_enriched"] == 5
    for command in (["search", "fisheries"], ["duplicates"], ["entities"], ["quotes"],
                    ["events"], ["graph", "--format", "json"], ["show", "1"],
                    ["export", "--format", "jsonl", "-o", str(tmp_path / "a.jsonl")]):
        result = runner.invoke(cli, [*command, "--db", db])
        assert result.exit_code == 0, (command, result.output)
        assert result.output.strip() or command[0] == "export", command
    again = runner.invoke(cli, ["load", str(tmp_path / "out"), "--db", db])
    assert again.exit_code == 1 and "exists" in again.output
    assert runner.invoke(cli, ["load", str(tmp_path / "out"), "--db", db, "--replace"]).exit_code == 0


@pytest.fixture(scope="module")
def scale_output(ray_local: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A finished scale run over the demo pages (not enriched), to damage copies of."""
    from newsgraph.scale import run_ray

    out = tmp_path_factory.mktemp("scaled") / "out"
    run_ray([str(DEMO)], out)
    return out


def _damaged(out: Path, tmp_path: Path, how: str) -> tuple[Path, str]:
    """A copy of ``out`` damaged in one way, and the file the error must name."""
    import shutil

    copy = tmp_path / "damaged"
    shutil.copytree(out, copy)
    if how == "missing dataset":
        shutil.rmtree(copy / "occurrences")
        return copy, str(copy / "occurrences")
    if how == "no manifest":
        (copy / "manifest.json").unlink()
        return copy, str(copy / "manifest.json")
    parts = sorted((copy / "articles").glob("*.parquet"))
    if how == "truncated file":
        data = parts[0].read_bytes()
        parts[0].write_bytes(data[: len(data) // 2])
        return copy, str(parts[0])
    assert how == "missing part"
    if len(parts) == 1:  # a small run writes one file: make it two, as a cluster writes them
        import pyarrow.parquet as pq

        table = pq.read_table(parts[0])
        assert table.num_rows > 1
        parts[0].unlink()
        half = table.num_rows // 2
        parts = [copy / "articles" / "part-a.parquet", copy / "articles" / "part-b.parquet"]
        pq.write_table(table.slice(0, half), parts[0])
        pq.write_table(table.slice(half), parts[1])
    parts[-1].unlink()
    return copy, str(copy / "articles")


@pytest.mark.parametrize("how", ["missing dataset", "no manifest", "truncated file", "missing part"])
def test_load_of_a_damaged_output_names_the_file_and_writes_nothing(
        scale_output: Path, tmp_path: Path, how: str) -> None:
    from newsgraph.cli import cli

    damaged, culprit = _damaged(scale_output, tmp_path, how)
    db = tmp_path / "store.db"
    result = CliRunner().invoke(cli, ["load", str(damaged), "--db", str(db)])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and culprit in lines[0], lines
    assert sorted(p.name for p in tmp_path.iterdir()) == ["damaged"]  # no store, no leftovers


def test_a_failed_load_keeps_the_store_it_would_replace(
        scale_output: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from newsgraph.scale import load, load_output

    db = tmp_path / "store.db"
    load_output(scale_output, db)
    before = snapshot(db)

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(load, "_insert_occurrences", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        load_output(scale_output, db, replace=True)
    assert snapshot(db) == before
    # the store and its writer lock file (kept, as ingest keeps it: removing it would race)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store.db", "store.db.lock"]


def test_a_reader_crash_is_an_error_row_not_a_failed_job(monkeypatch: pytest.MonkeyPatch) -> None:
    import pyarrow as pa

    from newsgraph.scale import stages

    def broken(paths: list[str], settings: Settings) -> Iterator[Any]:
        yield from read_pages([str(DEMO / "harbor-daily" / "lisbon-protest.txt")], settings)
        raise RuntimeError("boom")

    monkeypatch.setattr(stages, "read_pages", broken)
    files = pa.table({"path": ["x.warc"], "file_index": [3]}, schema=stages.FILES)
    rows = pa.concat_tables(stages.read_files(files, Settings())).to_pylist()
    assert [r["kind"] for r in rows] == ["page", "error"]
    assert rows[0]["page_order"] == 3 << stages.PAGE_BITS
    error = stages.error_from_row(rows[1]["data"])
    assert (error.source, error.reason) == ("x.warc", "reader failed: RuntimeError('boom')")


def test_a_large_file_is_read_as_a_stream_of_small_blocks(tmp_path: Path) -> None:
    import pyarrow as pa

    from newsgraph.scale import stages

    text = (DEMO / "harbor-daily" / "fisheries-deal.txt").read_text(encoding="utf-8")
    big = tmp_path / "big.jsonl"
    big.write_text("".join(json.dumps({"text": f"{text}\npage {n}"}) + "\n" for n in range(700)),
                   encoding="utf-8")
    files = pa.table({"path": [str(big)], "file_index": [0]}, schema=stages.FILES)
    blocks = list(stages.read_files(files, Settings()))
    assert [b.num_rows for b in blocks] == [stages.READ_ROWS, stages.READ_ROWS,
                                            700 - 2 * stages.READ_ROWS]
    orders = [o for b in blocks for o in b["page_order"].to_pylist()]
    assert orders == list(range(700))  # input order kept across blocks


def test_knowledge_survives_its_json_round_trip() -> None:
    from newsgraph.model import DateExpr, Event, Knowledge, Mention, Quote, Role
    from newsgraph.scale.stages import knowledge_from_dict

    found = Knowledge(
        mentions=[Mention(0, 5, "Ankara", "PLACE", "Ankara", "TUR", False)],
        roles=[Role("Recep Tayyip Erdogan", "president", None, 10, 30)],
        quotes=[Quote(40, 60, "We will respond", "Recep Tayyip Erdogan", "said", True, 62, 70,
                      parts=[(40, 50), (52, 60)])],
        dates=[DateExpr(80, 89, "last July", "2015-07", "month", True, True)],
        events=[Event("ASSAULT", 0, 90, "attacked", actor="Turkey", actor_country="TUR",
                      date="2015-07", date_precision="month", confidence=0.8, negated=True)],
        errors=["quotes: ValueError: x"])
    assert knowledge_from_dict(json.loads(json.dumps(found.to_dict()))) == found
