"""HTML pages through the whole pipeline: metadata and figure captions reach the store.

Issue 4, must show 3: the publication date from HTML metadata anchors relative
dates in the knowledge layer ("last July" on a page published in February 2026
is July 2025).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from newsgraph.pipeline import extract, ingest
from newsgraph.store import Store

DEMO_HTML = Path(__file__).resolve().parent.parent / "demo" / "pages" / "valley-gazette-climate.html"

PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Port Workers End Strike in Gdansk | Baltic Ledger</title>
<meta property="article:published_time" content="2026-02-20T08:30:00Z">
</head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav><article>
<h1>Port Workers End Strike in Gdansk</h1>
<p>Dock workers in Gdansk returned to work on Thursday after a nine-day strike over pay,
the union said, ending a stoppage that had left container ships waiting off the coast.</p>
<p>Poland's transport ministry sanctioned two shipping agents last July for breaking
safety rules at the port, and the union said the same agents had hired replacement crews
during the strike.</p>
<p>The agreement gives workers a raise in June and a review of night shifts, the union's
leader, Marta Kowalczyk, told reporters outside the terminal gates.</p>
</article><footer>© Baltic Ledger</footer></body></html>"""


def test_html_publication_date_anchors_relative_dates(tmp_path: Path) -> None:
    pytest.importorskip("spacy")
    from newsgraph.enrich.run import enrich_pending

    page = tmp_path / "strike.html"
    page.write_text(PAGE, "utf-8")
    db = tmp_path / "h.db"
    with Store.open(db) as store:
        stats = ingest([str(page)], store)
        assert stats.articles_new == 1 and not stats.errors
        enrich_pending(store)
    con = sqlite3.connect(db)
    try:
        (published,) = con.execute("SELECT published FROM articles").fetchone()
        assert published.startswith("2026-02-20")
        dates = {text: (value, precision, resolved) for text, value, precision, resolved in
                 con.execute("SELECT text, value, precision, resolved FROM dates")}
    finally:
        con.close()
    last_july = next(v for k, v in dates.items() if "last July" in k)
    assert last_july == ("2025-07", "month", 1)
    thursday = next(v for k, v in dates.items() if k.endswith("Thursday"))
    assert thursday == ("2026-02-19", "day", 1)  # the page is from Friday 20 February


def test_figure_captions_are_kept_with_credits_and_ads_dropped(tmp_path: Path) -> None:
    html = DEMO_HTML.read_text("utf-8").replace(
        "</article>",
        "<figure><figcaption>Subscribe to our newsletter for the latest climate news</figcaption>"
        "</figure></article><aside><figure><figcaption>A teaser photo from another story, "
        "somewhere else entirely (Photo: Someone via AP)</figcaption></figure></aside>")
    page = tmp_path / "climate.html"
    page.write_text(html, "utf-8")
    (result,) = extract([str(page)])
    (article,) = result.articles  # type: ignore[union-attr]
    assert [(c.text, c.credit) for c in article.captions] == [
        ("Leaders gather for the opening session in Suva, Fiji.", "Photo: Sione Tupou via Reuters")]
    assert article.published == "2026-02-20" and article.author == "Hana Kealoha"
    with Store.open(tmp_path / "c.db") as store:
        ingest([str(page)], store)
        stored = store.article(store.articles()[0].id)
    assert stored.captions == [{"text": "Leaders gather for the opening session in Suva, Fiji.",
                                "credit": "Photo: Sione Tupou via Reuters"}]
