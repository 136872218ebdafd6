"""Speakers, NORP entities and entity lookups in the store, the CLI and migration 004."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsgraph.cli import cli
from newsgraph.errors import AmbiguousEntity
from newsgraph.model import PARAGRAPH_SEP, Article, Knowledge, Mention, Page, Quote
from newsgraph.store import Store
from newsgraph.store import store as store_module
from newsgraph.store.knowledge import KnowledgeStore

MODEL, VERSION = "test_model", "test_model-1.0"


def _add(store: Store, title: str, paragraphs: list[str]) -> int:
    text = PARAGRAPH_SEP.join(paragraphs)
    spans, pos = [], 0
    for para in paragraphs:
        spans.append((pos, pos + len(para)))
        pos += len(para) + len(PARAGRAPH_SEP)
    page = Page(source=f"{title}.txt", text=text, format="text")
    outcome = store.add_page(page, [Article(title, paragraphs, spans, 0, len(text))])
    return outcome.article_ids[0]


def _m(body: str, text: str, type_: str, canonical: str | None = None, **kw: object) -> Mention:
    start = body.index(text)
    return Mention(start, start + len(text), text, type_, canonical or text, **kw)  # type: ignore[arg-type]


PARAS = ["Joe Biden met Turkish officials in Ankara on Monday about the grain corridor.",
         "\u201cWe are close to a deal,\u201d a Kremlin spokesman said. \u201cVery close.\u201d",
         "Hunter Biden was not at the meeting, and President Erdogan did not comment."]


@pytest.fixture()
def knowledge() -> Iterator[KnowledgeStore]:
    with Store.open(":memory:") as store:
        ks = KnowledgeStore(store)
        a = _add(store, "Grain talks", PARAS)
        body = PARAGRAPH_SEP.join(PARAS)
        mentions = [_m(body, "Joe Biden", "PERSON"), _m(body, "Hunter Biden", "PERSON"),
                    _m(body, "Turkish", "NORP", "Türkiye", country="TUR", demonym=True),
                    _m(body, "Ankara", "PLACE"), _m(body, "Kremlin", "ORG"),
                    _m(body, "Erdogan", "PERSON", "Recep Tayyip Erdogan")]
        start = body.index("We are")
        spk = body.index("a Kremlin spokesman")
        quote = Quote(start, body.index("Very close.") + 11, "We are close to a deal \u2026 Very close.",
                      None, "said", True, spk, spk + 19, "a Kremlin spokesman", "description",
                      None, "Kremlin", [(start, start + 22), (body.index("Very"),
                                                               body.index("Very") + 11)])
        ks.save(a, Knowledge(mentions=mentions, quotes=[quote]), model=MODEL, version=VERSION)
        yield ks


def test_quote_rows_carry_the_speaker_mention_kind_link_and_parts(knowledge: KnowledgeStore) -> None:
    [q] = knowledge.quotes()
    assert q["speaker"] is None and q["speaker_kind"] == "description"
    assert q["speaker_mention"]["text"] == "a Kremlin spokesman"
    assert q["speaker_link"] == "Kremlin"
    assert len(q["parts"]) == 2


def test_a_nationality_is_a_norp_entity_never_a_country(knowledge: KnowledgeStore) -> None:
    norp = knowledge.entities(type="NORP")
    assert [(e["name"], e["country"]) for e in norp] == [("Turkish", "TUR")]
    assert knowledge.entities(type="COUNTRY") == []


def test_a_lone_surname_of_two_people_lists_them(knowledge: KnowledgeStore) -> None:
    with pytest.raises(AmbiguousEntity) as caught:
        knowledge.entity("Biden")
    assert {c["name"] for c in caught.value.candidates} == {"Joe Biden", "Hunter Biden"}
    assert knowledge.entity("Hunter Biden")["name"] == "Hunter Biden"


def test_a_lookup_may_carry_a_title(knowledge: KnowledgeStore) -> None:
    assert knowledge.entity("President Erdogan")["name"] == "Recep Tayyip Erdogan"


def test_cli_lists_candidates_and_quote_fields(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    with Store.open(db) as store:
        ks = KnowledgeStore(store)
        a = _add(store, "Grain talks", PARAS)
        body = PARAGRAPH_SEP.join(PARAS)
        ks.save(a, Knowledge(mentions=[_m(body, "Joe Biden", "PERSON"),
                                       _m(body, "Hunter Biden", "PERSON")]),
                model=MODEL, version=VERSION)
    runner = CliRunner()
    out = runner.invoke(cli, ["entity", "Biden", "--db", str(db)])
    assert out.exit_code == 0, out.output
    assert "Joe Biden" in out.output and "Hunter Biden" in out.output
    out = runner.invoke(cli, ["entity", "Biden", "--db", str(db), "--json"])
    assert {c["name"] for c in json.loads(out.output)["candidates"]} == {"Joe Biden",
                                                                          "Hunter Biden"}
    out = runner.invoke(cli, ["quotes", "--db", str(db), "--json"])
    assert out.exit_code == 0 and json.loads(out.output) == []


def test_migration_004_keeps_entities_and_allows_norp(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "old.db"
    every = store_module.discover_migrations
    monkeypatch.setattr(store_module, "discover_migrations",
                        lambda: [m for m in every() if m.version <= 3])
    with Store.open(path) as store:
        store.conn.execute("INSERT INTO entities (type, name) VALUES ('PERSON', 'Ana Silva')")
        store.conn.execute("INSERT INTO aliases (entity_id, alias) VALUES (1, 'Silva')")
        store.conn.commit()
    monkeypatch.setattr(store_module, "discover_migrations", every)
    with Store.open(path) as store:
        conn = store.conn
        assert conn.execute("SELECT alias FROM aliases").fetchall() == [("Silva",)]
        conn.execute("INSERT INTO entities (type, name) VALUES ('NORP', 'Turkish')")
        cols = {r[1] for r in conn.execute("PRAGMA table_info(quotes)")}
        assert {"speaker_text", "speaker_kind", "speaker_link_id", "parts"} <= cols
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
