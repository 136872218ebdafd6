"""The knowledge tables: saving, canonicalising, merging events, querying, re-enriching.

The first half saves hand-made ``Knowledge`` records (no parser involved), so each
store rule is tested exactly; the second half runs ``enrich_pending`` with the real
spaCy pipeline on short articles written for these tests.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgraph.errors import EntityNotFound
from newsgraph.graph import build_graph, knowledge_graph, write_graph
from newsgraph.model import PARAGRAPH_SEP, Article, Event, Knowledge, Mention, Page, Quote, Role
from newsgraph.settings import Settings as NewsgraphSettings
from newsgraph.store import Store
from newsgraph.store.knowledge import KnowledgeStore, dates_compatible

MODEL = "test_model"
VERSION = "test_model-1.0"


def add_article(store: Store, title: str, paragraphs: list[str], published: str | None = None) -> int:
    """Store one article (its page holds just its body) and return its id."""
    text = PARAGRAPH_SEP.join(paragraphs)
    spans, pos = [], 0
    for para in paragraphs:
        spans.append((pos, pos + len(para)))
        pos += len(para) + len(PARAGRAPH_SEP)
    page = Page(source=f"{title}.txt", text=text, format="text", published=published)
    article = Article(title=title, paragraphs=paragraphs, spans=spans, start=0, end=len(text),
                      published=published)
    outcome = store.add_page(page, [article])
    assert outcome.new_articles == 1, "test articles must not be duplicates of each other"
    return outcome.article_ids[0]


def mention(body: str, text: str, type_: str, canonical: str | None = None,
            country: str | None = None, nth: int = 0, demonym: bool = False) -> Mention:
    start = -1
    for _ in range(nth + 1):
        start = body.index(text, start + 1)
    return Mention(start, start + len(text), text, type_, canonical or text, country, demonym)


def sentence_span(body: str, needle: str) -> tuple[int, int]:
    start = body.index(needle)
    return start, start + len(needle)


JET_1 = [
    "Ankara said on Tuesday that a Turkish fighter shot down a Russian warplane near the border "
    "in November 2015, and Moscow protested loudly about the loss of its aircraft and crew.",
    "Recep Tayyib Erdogan defended the pilots. Erdogan said the plane had crossed into Turkey.",
]
JET_2 = [
    "Nine years later the downing still shapes relations: Turkey shot down the Russian bomber on "
    "24 November 2015 after several warnings, the foreign ministry in Ankara recalled this week.",
    "Recep Tayyip Erdogan, the Turkish president, met Vladimir Putin in Astana.",
]


def jet_knowledge(body: str, spelling: str, date: str, precision: str, sentence: str) -> Knowledge:
    mentions = [
        mention(body, "Turkish", "COUNTRY", "Türkiye", "TUR", demonym=True)
        if "Turkish" in body else mention(body, "Turkey", "COUNTRY", "Türkiye", "TUR"),
        mention(body, "Russian", "COUNTRY", "Russia", "RUS", demonym=True),
        mention(body, spelling, "PERSON"),
    ]
    if "Erdogan said" in body:
        mentions.append(mention(body, "Erdogan", "PERSON", spelling, nth=1))
        mentions.append(mention(body, "Turkey", "COUNTRY", "Türkiye", "TUR"))
    start, end = sentence_span(body, sentence)
    events = [Event(type="ASSAULT", start=start, end=end, trigger="shot down", actor="Türkiye",
                    actor_country="TUR", target="Russia", target_country="RUS", date=date,
                    date_precision=precision, confidence=0.8)]
    return Knowledge(mentions=mentions, events=events)


def knowledge_a() -> Knowledge:
    body = PARAGRAPH_SEP.join(JET_1)
    k = jet_knowledge(body, "Recep Tayyib Erdogan", "2015-11", "month", JET_1[0].split(", and")[0])
    start, end = sentence_span(body, "the plane had crossed into Turkey")
    k.quotes.append(Quote(start, end, body[start:end], "Recep Tayyib Erdogan", "said", direct=False))
    return k


def knowledge_b() -> Knowledge:
    body = PARAGRAPH_SEP.join(JET_2)
    k = jet_knowledge(body, "Recep Tayyip Erdogan", "2015-11-24", "day", JET_2[0].split(": ")[1])
    k.mentions.append(mention(body, "Vladimir Putin", "PERSON"))
    k.roles.append(Role("Recep Tayyip Erdogan", "president", "Türkiye",
                        *sentence_span(body, "Recep Tayyip Erdogan, the Turkish president")))
    return k


@pytest.fixture()
def store() -> Iterator[Store]:
    with Store.open(":memory:") as s:
        yield s


@pytest.fixture()
def jets(store: Store) -> tuple[KnowledgeStore, int, int]:
    """Two articles reporting the same downing, with two spellings of Erdogan's name."""
    knowledge = KnowledgeStore(store)
    a = add_article(store, "Jet downing recalled", JET_1, published="2024-11-26")
    b = add_article(store, "Nine years after the downing", JET_2, published="2024-11-25")
    knowledge.save(a, knowledge_a(), model=MODEL, version=VERSION)
    knowledge.save(b, knowledge_b(), model=MODEL, version=VERSION)
    return knowledge, a, b


def test_migration_creates_the_knowledge_tables(store: Store) -> None:
    tables = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"entities", "aliases", "mentions", "roles", "quotes", "dates", "events",
            "event_sources", "enrichments"} <= tables
    assert store.schema_version() >= 2


def test_spelling_slips_and_surnames_merge_into_one_entity(jets: tuple[KnowledgeStore, int, int]) -> None:
    knowledge, _, _ = jets
    people = knowledge.entities(type="PERSON")
    erdogans = [p for p in people if "Erdogan" in p["name"]]
    assert len(erdogans) == 1, people
    aliases = set(erdogans[0]["aliases"])
    assert {"Recep Tayyib Erdogan", "Recep Tayyip Erdogan", "Erdogan"} <= aliases
    assert erdogans[0]["articles"] == 2
    countries = {c["name"]: c for c in knowledge.entities(type="COUNTRY")}
    assert countries["Türkiye"]["country"] == "TUR"
    assert "Turkey" in countries["Türkiye"]["aliases"]
    assert "Turkish" not in countries["Türkiye"]["aliases"], "demonyms are mentions, not names"


def test_entity_detail_names_everything(jets: tuple[KnowledgeStore, int, int]) -> None:
    knowledge, a, b = jets
    info = knowledge.entity("erdogan")  # an alias, any case
    assert info["type"] == "PERSON"
    assert {(m["article_id"], m["article_title"]) for m in info["mentions"]} == {
        (a, "Jet downing recalled"), (b, "Nine years after the downing")}
    assert [(r["role"], r["organisation"]) for r in info["roles"]] == [("president", "Türkiye")]
    assert [q["text"] for q in info["quotes"]] == ["the plane had crossed into Turkey"]
    turkey = knowledge.entity("Turkey")
    assert turkey["name"] == "Türkiye"
    assert [m["person"] for m in turkey["members"]] == [info["name"]]
    assert [(e["actor"], e["type"], e["target"]) for e in turkey["events"]] == [
        ("Türkiye", "ASSAULT", "Russia")]
    with pytest.raises(EntityNotFound):
        knowledge.entity("Nobody At All")


def test_the_same_event_in_two_articles_is_one_event_with_two_sources(
    jets: tuple[KnowledgeStore, int, int],
) -> None:
    knowledge, a, b = jets
    events = knowledge.events()
    assert len(events) == 1
    event = events[0]
    assert (event["actor"], event["actor_country"], event["target"], event["target_country"]) == (
        "Türkiye", "TUR", "Russia", "RUS")
    assert (event["date"], event["precision"]) == ("2015-11-24", "day"), "the more precise date wins"
    assert sorted(s["article_id"] for s in event["sources"]) == [a, b]
    for source in event["sources"]:
        assert "shot down" in source["sentence"]
        assert source["article_title"]


def test_incompatible_dates_and_flags_keep_events_apart(store: Store) -> None:
    knowledge = KnowledgeStore(store)
    body = ("Russia struck Ukraine in 2022. Russia had struck Ukraine before, in 2014. "
            "Russia did not strike Ukraine on Sunday, officials insisted.")
    a = add_article(store, "Strikes", [body])
    mentions = [mention(body, "Russia", "COUNTRY", country="RUS", nth=i) for i in range(3)]
    mentions += [mention(body, "Ukraine", "COUNTRY", country="UKR", nth=i) for i in range(3)]

    def strike(sentence: str, date: str | None, negated: bool = False) -> Event:
        start, end = sentence_span(body, sentence)
        return Event("ASSAULT", start, end, "struck", actor="Russia", actor_country="RUS",
                     target="Ukraine", target_country="UKR", date=date,
                     date_precision="year" if date else None, negated=negated)

    events = [strike("Russia struck Ukraine in 2022.", "2022"),
              strike("Russia had struck Ukraine before, in 2014.", "2014"),
              strike("Russia did not strike Ukraine on Sunday, officials insisted.", None, True)]
    knowledge.save(a, Knowledge(mentions=mentions, events=events), model=MODEL, version=VERSION)
    found = knowledge.events(type="assault", actor="Russia", target="Ukraine",
                             include_uncertain=True)
    assert [(e["date"], e["negated"]) for e in found] == [("2014", False), ("2022", False),
                                                          (None, True)]
    assert [e["date"] for e in knowledge.events(type="assault")] == ["2014", "2022"]
    assert [e["date"] for e in knowledge.events(since="2015")] == ["2022"]
    assert [e["date"] for e in knowledge.events(until="2021-12")] == ["2014"]
    assert knowledge.events(actor="Ukraine") == []
    with pytest.raises(EntityNotFound):
        knowledge.events(actor="Atlantis")


def test_dates_compatible() -> None:
    assert dates_compatible("2015-11", "2015-11-24")
    assert dates_compatible("2015-11-24", "2015")
    assert dates_compatible("2010s", "2015-11")
    assert dates_compatible(None, "2015")
    assert not dates_compatible("2015-11", "2015-12-01")
    assert not dates_compatible("2010s", "2020")


def test_saving_an_article_again_replaces_its_facts(jets: tuple[KnowledgeStore, int, int]) -> None:
    knowledge, a, b = jets
    before = knowledge.counts()
    knowledge.save(b, knowledge_b(), model=MODEL, version=VERSION)
    assert knowledge.counts() == before
    # Without its assault sentence, article a no longer sources the event; b still does.
    knowledge.save(a, Knowledge(), model=MODEL, version=VERSION)
    (event,) = knowledge.events()
    assert [s["article_id"] for s in event["sources"]] == [b]
    knowledge.save(b, Knowledge(), model=MODEL, version=VERSION)
    assert knowledge.events() == []
    with knowledge.store.transaction():
        assert knowledge.prune_entities() > 0
    assert knowledge.entities() == []


def test_a_changed_body_drops_its_facts_and_becomes_pending(
    jets: tuple[KnowledgeStore, int, int],
) -> None:
    knowledge, a, b = jets
    assert knowledge.pending_articles(MODEL, VERSION) == []
    knowledge.conn.execute("UPDATE articles SET body = body || ' More.' WHERE id = ?", (b,))
    assert knowledge.pending_articles(MODEL, VERSION) == [b]
    assert knowledge.conn.execute("SELECT COUNT(*) FROM mentions WHERE article_id = ?",
                                  (b,)).fetchone()[0] == 0
    (event,) = knowledge.events()
    assert [s["article_id"] for s in event["sources"]] == [a]
    assert knowledge.pending_articles("other_model", "other_model-2.0") == [a, b]
    assert knowledge.pending_articles(MODEL, VERSION, redo_all=True) == [a, b]


def test_timeline_orders_events_and_quotes_by_date(jets: tuple[KnowledgeStore, int, int]) -> None:
    knowledge, _, _ = jets
    timeline = knowledge.timeline("Türkiye")
    assert timeline["entity"]["name"] == "Türkiye"
    assert [(i["kind"], i["date"]) for i in timeline["items"]] == [("event", "2015-11-24")]
    erdogan = knowledge.timeline("Erdogan")["items"]
    assert [(i["kind"], i["date"]) for i in erdogan] == [("quote", "2024-11-26")]


def test_graph_has_scalar_attributes_and_round_trips_graphml(
    jets: tuple[KnowledgeStore, int, int],
) -> None:
    knowledge, _, _ = jets
    graph = knowledge_graph(knowledge)
    labels = {n: d["label"] for n, d in graph.nodes(data=True)}
    by_label = {v: k for k, v in labels.items()}
    edges = list(graph.edges(data=True))
    event_edges = [(labels[u], labels[v], d) for u, v, d in edges if d["kind"] == "event"]
    assert [(u, v, d["label"], d["date"], d["source_count"]) for u, v, d in event_edges] == [
        ("Türkiye", "Russia", "ASSAULT", "2015-11-24", 2)]
    role_edges = [(labels[u], labels[v], d["label"]) for u, v, d in edges if d["kind"] == "role"]
    assert role_edges == [(knowledge.entity("Erdogan")["name"], "Türkiye", "president")]
    for _, data in graph.nodes(data=True):
        assert all(isinstance(v, str | int | float | bool) for v in data.values())
    buffer = io.BytesIO()
    write_graph(graph, buffer, "graphml")
    back = nx.read_graphml(io.BytesIO(buffer.getvalue()))
    assert back.number_of_nodes() == graph.number_of_nodes()
    assert back.nodes[by_label["Türkiye"]]["country"] == "TUR"
    out = io.BytesIO()
    write_graph(graph, out, "json")
    data = json.loads(out.getvalue())
    assert {n["label"] for n in data["nodes"]} >= {"Türkiye", "Russia", "Vladimir Putin"}
    assert len(data["edges"]) == 2
    assert build_graph({"nodes": [], "roles": [], "events": []}).number_of_nodes() == 0


# -- enrich_pending with the real pipeline --------------------------------------------------------

ARTICLES = [
    ("Ministers meet in Vienna", [
        "Austrian Chancellor Karl Nehammer met Hungarian Prime Minister Viktor Orban in Vienna on "
        "Monday to discuss border controls.",
        "\u201cWe will protect our borders together,\u201d Orban told reporters after the meeting.",
    ]),
    ("Fishing dispute", [
        "Norway accused Russia of breaking a fishing agreement in the Barents Sea last month, "
        "the Norwegian foreign ministry said in Oslo.",
    ]),
    ("Aid convoy", [
        "The United Nations sent food aid to Sudan in March, said Maria Holm, a spokeswoman for the "
        "World Food Programme.",
    ]),
]


def fill(store: Store) -> list[int]:
    ids = [add_article(store, title, paras, published="2024-05-02") for title, paras in ARTICLES]
    store.conn.execute(
        "INSERT INTO articles(title, body, body_hash, signature, shingles, first_seen, updated_at) "
        "VALUES ('Empty', '', 'empty', x'', 0, '', '')"
    )
    return ids


def test_enrich_pending_does_only_what_is_new(store: Store) -> None:
    from newsgraph.enrich.run import count_pending, enrich_pending

    ids = fill(store)
    assert count_pending(store) == 4
    seen: list[int] = []
    stats = enrich_pending(store, batch_size=2, progress=seen.append)
    assert (stats.articles_pending, stats.articles_enriched, stats.skipped_empty) == (4, 3, 1)
    assert sum(seen) == 4
    assert stats.mentions > 0
    knowledge = KnowledgeStore(store)
    names = {e["name"] for e in knowledge.entities(limit=None)}
    assert {"Viktor Orban", "Norway", "Russia", "Vienna"} <= names
    assert count_pending(store) == 0
    assert count_pending(store, redo_all=True) == 4
    again = enrich_pending(store)
    assert (again.articles_pending, again.articles_enriched) == (0, 0)
    counts = knowledge.counts()
    redo = enrich_pending(store, redo_all=True)
    assert redo.articles_enriched == 3
    assert knowledge.counts() == counts
    assert knowledge.conn.execute("SELECT COUNT(*) FROM enrichments").fetchone()[0] == len(ids) + 1


def test_an_interrupted_run_completes_without_duplicates(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    from newsgraph.enrich import run

    with Store.open(":memory:") as clean:
        fill(clean)
        run.enrich_pending(clean, batch_size=1)
        expected = KnowledgeStore(clean).counts()

    fill(store)
    real = run.extract_knowledge
    calls = {"n": 0}

    def failing(doc, published=None):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt
        return real(doc, published)

    monkeypatch.setattr(run, "extract_knowledge", failing)
    with pytest.raises(KeyboardInterrupt):
        run.enrich_pending(store, batch_size=1)
    partial = KnowledgeStore(store).counts()
    assert 0 < partial["enrichments"] < expected["enrichments"]
    monkeypatch.setattr(run, "extract_knowledge", real)
    stats = run.enrich_pending(store, batch_size=1)
    assert stats.articles_enriched + partial["enrichments"] >= 3
    assert KnowledgeStore(store).counts() == expected


def test_a_long_article_is_parsed_in_pieces_not_dropped() -> None:
    from newsgraph.enrich.run import enrich_pending

    filler = ("The committee met again to review the budget, and the members read the long report "
              "page by page before lunch. ")
    paragraphs = [(filler * 4).strip(), (filler * 4).strip(),
                  "Later that evening Angela Merkel arrived in Lisbon."]
    with Store.open(":memory:", NewsgraphSettings().replace(enrich_max_chars=400)) as store:
        article_id = add_article(store, "Long", paragraphs)
        body = PARAGRAPH_SEP.join(paragraphs)
        assert len(body) > 2 * 400
        stats = enrich_pending(store)
        assert (stats.articles_enriched, stats.long_articles) == (1, 1)
        rows = store.conn.execute(
            'SELECT m.start, m."end", m.text, e.name FROM mentions m JOIN entities e '
            "ON e.id = m.entity_id WHERE m.article_id = ?", (article_id,)).fetchall()
        found = {name for *_, name in rows}
        assert {"Angela Merkel", "Lisbon"} <= found
        for start, end, text, _ in rows:
            assert body[start:end] == text
            assert start > 0


def test_captions_are_enriched_with_their_article(store: Store) -> None:
    from newsgraph.model import Caption

    knowledge = KnowledgeStore(store)
    paragraphs = ["Recep Tayyip Erdogan spoke in Ankara about the grain corridor on Friday."]
    text = paragraphs[0]
    page = Page(source="c.txt", text=text, format="text")
    caption = "Recep Tayyib Erdogan at the podium."
    article = Article(title="Grain", paragraphs=paragraphs, spans=[(0, len(text))], start=0,
                      end=len(text), captions=[Caption(caption, "Photo: Agency")])
    (article_id,) = store.add_page(page, [article]).article_ids
    (caption_id,) = [r[0] for r in store.conn.execute("SELECT id FROM captions")]
    body = Knowledge(mentions=[mention(text, "Recep Tayyip Erdogan", "PERSON")])
    in_caption = Knowledge(mentions=[mention(caption, "Recep Tayyib Erdogan", "PERSON")])
    knowledge.save(article_id, body, captions={caption_id: in_caption}, model=MODEL, version=VERSION)
    info = knowledge.entity("Recep Tayyib Erdogan")
    assert info["name"] == "Recep Tayyip Erdogan", "the body's spelling is saved first"
    assert [(m["caption_id"], m["start"]) for m in info["mentions"]] == [(None, 0), (caption_id, 0)]
    assert knowledge.pending_articles(MODEL, VERSION) == []
    # A copy of the article with another photo adds a caption: the article is pending again.
    store.conn.execute("INSERT INTO captions (article_id, position, text) VALUES (?, 1, 'Ankara.')",
                       (article_id,))
    assert knowledge.pending_articles(MODEL, VERSION) == [article_id]


def test_two_workers_store_what_one_worker_stores() -> None:
    from newsgraph.enrich.run import enrich_pending

    counts = []
    for workers in (1, 2):
        with Store.open(":memory:") as store:
            fill(store)
            stats = enrich_pending(store, workers=workers, batch_size=2)
            assert (stats.articles_enriched, stats.skipped_empty) == (3, 1)
            knowledge = KnowledgeStore(store)
            counts.append((knowledge.counts(), knowledge.entities(limit=None)))
    assert counts[0] == counts[1]


def test_names_are_found_loosely_when_not_exactly(jets: tuple[KnowledgeStore, int, int]) -> None:
    knowledge, _, _ = jets
    assert knowledge.entity("Turkiye")["name"] == "Türkiye", "accents folded"
    assert knowledge.entity("Putin")["name"] == "Vladimir Putin", "a lone surname"
    assert knowledge.entity("#1")["id"] == 1
    (quote,) = knowledge.quotes(speaker="recep tayyip erdogan")
    assert quote["speaker"] == knowledge.entity("Erdogan")["name"]


_DATES = st.one_of(
    st.none(),
    st.builds(lambda y: f"{y}", st.integers(2010, 2013)),
    st.builds(lambda y, m: f"{y}-{m:02d}", st.integers(2010, 2013), st.integers(1, 12)),
    st.builds(lambda y, m, d: f"{y}-{m:02d}-{d:02d}", st.integers(2010, 2013),
              st.integers(1, 12), st.integers(1, 28)),
    st.just("2010s"),
)


@given(_DATES, _DATES)
def test_date_compatibility_is_symmetric_and_prefix_based(a: str | None, b: str | None) -> None:
    assert dates_compatible(a, b) == dates_compatible(b, a)
    if a and b and not a.endswith("s") and not b.endswith("s"):
        assert dates_compatible(a, b) == (a.startswith(b) or b.startswith(a))


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["ASSAULT", "AID", "ACCUSE"]), _DATES,
                          st.sampled_from([None, "aerial"]), st.booleans()), max_size=6))
def test_saving_the_same_events_twice_changes_nothing(events: list) -> None:
    body = "Russia and Ukraine. " * 3
    with Store.open(":memory:") as s:
        knowledge = KnowledgeStore(s)
        article_id = add_article(s, "Events", [body])
        mentions = [mention(body, "Russia", "COUNTRY", country="RUS"),
                    mention(body, "Ukraine", "COUNTRY", country="UKR")]
        records = [Event(t, 0, 20, "x", actor="Russia", target="Ukraine", date=d,
                         date_precision=None, mode=m, negated=n) for t, d, m, n in events]
        knowledge.save(article_id, Knowledge(mentions=mentions, events=records), model=MODEL,
                       version=VERSION)
        first = knowledge.events(limit=None)
        knowledge.save(article_id, Knowledge(mentions=mentions, events=records), model=MODEL,
                       version=VERSION)
        again = knowledge.events(limit=None)
        strip = [{k: v for k, v in e.items() if k != "id"} for e in first]
        assert strip == [{k: v for k, v in e.items() if k != "id"} for e in again]
        assert len(first) <= len(records)
        assert sum(e["source_count"] for e in first) <= len(records)


def test_an_extractor_failing_on_one_article_does_not_stop_enrichment(monkeypatch, tmp_path) -> None:
    """A failure in one extractor on one article is recorded; the others are enriched."""
    from newsgraph.enrich import run
    from newsgraph.enrich.dates import extract_dates as real_dates
    from newsgraph.model import Article, Page
    from newsgraph.store import Store

    def flaky(doc, published):  # type: ignore[no-untyped-def]
        if "Cursed" in doc.text:
            raise OverflowError("date value out of range")
        return real_dates(doc, published)

    monkeypatch.setattr("newsgraph.enrich.dates.extract_dates", flaky)
    bodies = ["Cursed: the mayor of Ghent said on Monday that the bridge would reopen soon.",
              "The mayor of Bruges said on Tuesday that the canal would be dredged in May."]
    with Store.open(tmp_path / "f.db") as store, store.transaction():
        for n, body in enumerate(bodies):
            text = f"Title {n}\n{body}"
            start = text.index(body)
            store.add_page(Page(source=f"{n}.txt", text=text, format="text"),
                           [Article(title=f"Title {n}", paragraphs=[body],
                                    spans=[(start, len(text))], start=start, end=len(text))])
    with Store.open(tmp_path / "f.db") as store:
        stats = run.enrich_pending(store)
    assert stats.articles_enriched == 2 and stats.extractor_errors == 1
    assert stats.mentions >= 2


def test_date_ranges_keep_periods_that_overlap_them(store: Store) -> None:
    knowledge = KnowledgeStore(store)
    body = ("Russia struck Ukraine in the 2010s. Russia struck Ukraine in 2015. "
            "Russia struck Ukraine in November 2015.")
    a = add_article(store, "Periods", [body])
    mentions = [mention(body, "Russia", "COUNTRY", country="RUS", nth=i) for i in range(3)]
    mentions += [mention(body, "Ukraine", "COUNTRY", country="UKR", nth=i) for i in range(3)]
    events = []
    for sentence, date, precision in (("Russia struck Ukraine in the 2010s.", "2010s", "decade"),
                                      ("Russia struck Ukraine in 2015.", "2015", "year"),
                                      ("Russia struck Ukraine in November 2015.", "2015-11", "month")):
        start, end = sentence_span(body, sentence)
        events.append(Event("ASSAULT", start, end, "struck", actor="Russia", target="Ukraine",
                            actor_country="RUS", target_country="UKR", date=date,
                            date_precision=precision, mode=precision))  # modes keep them apart
    knowledge.save(a, Knowledge(mentions=mentions, events=events), model=MODEL, version=VERSION)
    dates = lambda **kw: sorted(e["date"] for e in knowledge.events(**kw))  # noqa: E731
    assert dates(since="2015-11-01") == ["2010s", "2015", "2015-11"]
    assert dates(since="2016") == ["2010s"]
    assert dates(until="2009") == []
    assert dates(until="2015-06") == ["2010s", "2015"]
    assert dates(since="2020") == []
