"""The same pages in any order give the same store: articles, clusters and occurrences.

The corpus is generated (seeded): single stories, copies and shorter versions of
them (and exact copies of those), and pages that carry two stories run together as
one (the case that made the order matter: stored first, such a page swallowed the
later single copies, and an exact copy of a shorter version, matched by its body hash,
ended on both stories once the page was divided).
"""

from __future__ import annotations

import random
import sqlite3
import sys
from pathlib import Path

import pytest

from newsgraph.pipeline import ingest
from newsgraph.store import Store

sys.path.insert(0, str(Path(__file__).resolve().parent))
import torture


def _paragraphs(rng: random.Random, n: int) -> list[str]:
    return [" ".join(torture.sentence(rng) for _ in range(3)) for _ in range(n)]


def corpus(seed: int) -> dict[str, str]:
    """name -> page text: stories, exact and shorter copies, and two-story pages."""
    rng = random.Random(seed)
    stories = [(f"Story {i} {rng.choice(torture._WORDS)} report", _paragraphs(rng, 6))
               for i in range(10)]
    pages: dict[str, str] = {}
    for i, (title, paras) in enumerate(stories):
        pages[f"single-{i}.txt"] = f"{title}\n\n" + "\n".join(paras) + "\n"
        if i % 2 == 0:
            pages[f"copy-{i}.txt"] = f"{title}\n\n" + "\n".join(paras) + "\nShared by a reader.\n"
        if i % 3 == 0:
            pages[f"teaser-{i}.txt"] = f"{title}\n\n" + "\n".join(paras[:3]) + "\n"
            # the teaser again, elsewhere: an exact copy of a shorter version
            pages[f"reprint-{i}.txt"] = f"{title.upper()}\n\n" + "\n".join(paras[:3]) + "\n"
    for a, b in ((0, 1), (2, 3), (4, 5), (6, 7)):  # two stories run together, one title
        (title_a, paras_a), (_title_b, paras_b) = stories[a], stories[b]
        pages[f"double-{a}-{b}.txt"] = f"{title_a}\n\n" + "\n".join(paras_a + paras_b) + "\n"
    return pages


def store_shape(db: Path) -> dict[str, object]:
    """Articles (bodies), clusters (which page spans each article gathers) and occurrences."""
    conn = sqlite3.connect(db)
    try:
        clusters: dict[int, set[tuple[str, int, int]]] = {}
        for article_id, source, start, end in conn.execute(
                'SELECT o.article_id, p.source, o.start, o."end" FROM occurrences o '
                "JOIN pages p ON p.id = o.page_id"):
            clusters.setdefault(article_id, set()).add((Path(source).name, start, end))
        return {
            "articles": conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0],
            "clusters": sorted(sorted(c) for c in clusters.values()),
            "occurrences": conn.execute("SELECT COUNT(*) FROM occurrences").fetchone()[0],
        }
    finally:
        conn.close()


def ingest_in_order(folder: Path, pages: dict[str, str], names: list[str]) -> dict[str, object]:
    folder.mkdir()
    paths = []
    for name in names:
        (folder / name).write_text(pages[name])
        paths.append(str(folder / name))
    db = folder / "store.db"
    with Store.open(db) as store:
        ingest(paths, store)
    return store_shape(db)


@pytest.mark.parametrize("seed", [1, 2])
def test_reversed_and_shuffled_orders_give_the_same_store(seed: int, tmp_path: Path) -> None:
    pages = corpus(seed)
    names = sorted(pages)
    shuffled = names[:]
    random.Random(seed).shuffle(shuffled)
    doubles_first = sorted(names, key=lambda n: (not n.startswith("double"), n))
    doubles_last = sorted(names, key=lambda n: (n.startswith("double"), n))
    shapes = {label: ingest_in_order(tmp_path / label, pages, order) for label, order in [
        ("sorted", names), ("reversed", names[::-1]), ("shuffled", shuffled),
        ("doubles-first", doubles_first), ("doubles-last", doubles_last)]}
    reference = shapes["sorted"]
    assert reference["articles"] == 10  # each story once, never a two-story article
    for label, shape in shapes.items():
        assert shape == reference, label
    # every two-story page is an occurrence of both its stories
    doubles = [c for c in reference["clusters"] if any(n.startswith("double") for n, _s, _e in c)]  # type: ignore[union-attr]
    assert len(doubles) == 8
