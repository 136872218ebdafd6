"""The knowledge commands through click's CliRunner: listings, JSON shapes, errors, analyze."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from newsgraph.cli import cli
from newsgraph.store import Store
from newsgraph.store.knowledge import KnowledgeStore
from test_knowledge_store import (
    ARTICLES,
    JET_1,
    JET_2,
    MODEL,
    VERSION,
    add_article,
    knowledge_a,
    knowledge_b,
)


@pytest.fixture()
def db(tmp_path: Path) -> str:
    """A store holding the two jet articles with hand-made knowledge."""
    path = str(tmp_path / "k.db")
    with Store.open(path) as store:
        knowledge = KnowledgeStore(store)
        a = add_article(store, "Jet downing recalled", JET_1, published="2024-11-26")
        b = add_article(store, "Nine years after the downing", JET_2, published="2024-11-25")
        knowledge.save(a, knowledge_a(), model=MODEL, version=VERSION)
        knowledge.save(b, knowledge_b(), model=MODEL, version=VERSION)
    return path


def run(*args: str, input: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), input=input)
    return result.exit_code, result.output


def test_commands_are_registered_with_examples() -> None:
    for name in ("enrich", "entities", "entity", "quotes", "events", "timeline", "graph", "analyze"):
        code, out = run(name, "--help")
        assert code == 0, out
        assert "Example: newsgraph " + name in out


def test_entities_json_names_aliases_and_counts(db: str) -> None:
    code, out = run("entities", "--db", db, "--type", "person", "--json")
    assert code == 0, out
    people = json.loads(out)
    erdogan = next(p for p in people if "Erdogan" in p["name"])
    assert erdogan["type"] == "PERSON"
    assert erdogan["articles"] == 2
    assert "Erdogan" in erdogan["aliases"]
    code, out = run("entities", "--db", db)
    assert code == 0
    assert "Türkiye" in out and "TUR" in out


def test_entity_shows_roles_mentions_quotes_events(db: str) -> None:
    code, out = run("entity", "Turkey", "--db", db)
    assert code == 0, out
    assert out.startswith("Türkiye (COUNTRY · TUR)")
    assert "aliases: " in out and "Turkey" in out
    assert "2015-11-24 Türkiye ASSAULT Russia (2 sources)" in out
    code, out = run("entity", "Erdogan", "--db", db, "--json")
    info = json.loads(out)
    assert info["roles"][0]["organisation"] == "Türkiye"
    assert info["quotes"][0]["text"] == "the plane had crossed into Turkey"


def test_unknown_entity_is_one_error_line(db: str) -> None:
    code, out = run("entity", "Nobody At All", "--db", db)
    assert code == 1
    assert out == "Error: no entity named 'Nobody At All'\n"
    code, out = run("events", "--db", db, "--actor", "Atlantis")
    assert (code, out) == (1, "Error: no entity named 'Atlantis'\n")


def test_events_json_names_actor_target_and_sources(db: str) -> None:
    code, out = run("events", "--db", db, "--type", "ASSAULT", "--actor", "Turkey",
                    "--since", "2015-11", "--until", "2015", "--json")
    assert code == 0, out
    (event,) = json.loads(out)
    assert (event["actor"], event["target"], event["date"], event["precision"]) == (
        "Türkiye", "Russia", "2015-11-24", "day")
    assert event["source_count"] == 2
    assert {s["article_title"] for s in event["sources"]} == {
        "Jet downing recalled", "Nine years after the downing"}
    code, out = run("events", "--db", db, "--since", "2016", "--json")
    assert json.loads(out) == []
    code, out = run("events", "--db", db, "--since", "last year")
    assert code == 2 and "expected YYYY" in out


def test_quotes_and_timeline(db: str) -> None:
    code, out = run("quotes", "--db", db, "--speaker", "Recep Tayyip Erdogan", "--json")
    assert code == 0, out
    (quote,) = json.loads(out)
    assert quote["speaker"] in {"Recep Tayyip Erdogan", "Recep Tayyib Erdogan"}
    assert quote["cue"] == "said"
    code, out = run("timeline", "Türkiye", "--db", db, "--json")
    timeline = json.loads(out)
    assert [i["summary"] for i in timeline["items"]] == ["Türkiye ASSAULT Russia"]


def test_graph_writes_graphml_and_json(db: str, tmp_path: Path) -> None:
    target = tmp_path / "g.graphml"
    code, out = run("graph", "--db", db, "--format", "graphml", "-o", str(target))
    assert code == 0, out
    graph = nx.read_graphml(target)
    assert {d["label"] for _, d in graph.nodes(data=True)} >= {"Türkiye", "Russia"}
    code, out = run("graph", "--db", db, "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert {e["kind"] for e in data["edges"]} == {"event", "role"}
    code, out = run("graph", "--db", db, "--format", "json", "--co-mentions", "1")
    data = json.loads(out)
    labels = {n["id"]: n["label"] for n in data["nodes"]}
    pairs = {frozenset((labels[e["source"]], labels[e["target"]])): e["weight"]
             for e in data["edges"] if e["kind"] == "co-mention"}
    erdogan = next(label for label in labels.values() if "Erdogan" in label)
    assert pairs[frozenset((erdogan, "Vladimir Putin"))] == 1
    assert pairs[frozenset((erdogan, "Türkiye"))] == 1, "Turkey, named in article a"
    assert not any("Russia" in pair for pair in pairs), "demonyms are not co-mentions"


def test_enrich_command_reports_what_it_did(tmp_path: Path) -> None:
    path = str(tmp_path / "e.db")
    with Store.open(path) as store:
        for title, paragraphs in ARTICLES:
            add_article(store, title, paragraphs)
    code, out = run("enrich", "--db", path, "--json")
    assert code == 0, out
    summary = json.loads(out)
    assert (summary["articles_enriched"], summary["skipped_empty"]) == (3, 0)
    assert summary["model"].startswith("en_core_web_sm")
    code, out = run("enrich", "--db", path, "--json")
    assert json.loads(out)["articles_enriched"] == 0
    code, out = run("enrich", "--db", path, "--json", "--model", "no_such_pipeline")
    assert code == 1 and out.startswith("Error: ") and "no_such_pipeline" in out


def test_analyze_jsonl_gives_offsets_names_and_countries() -> None:
    lines = [
        {"id": "a1", "text": "Norway accused Russia of breaking the fishing deal, Oslo said.",
         "published": "2024-05-02"},
        {"id": "a2", "text": ""},
    ]
    code, out = run("analyze", "-", input="\n".join(json.dumps(x) for x in lines) + "\n")
    assert code == 0, out
    results = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in results] == ["a1", "a2"]
    first, empty = results
    text = lines[0]["text"]
    for entity in first["entities"]:
        assert text[entity["start"]:entity["end"]] == entity["text"]
    countries = {e["name"]: e["country"] for e in first["entities"] if e["type"] == "COUNTRY"}
    assert countries.get("Norway") == "NOR" and countries.get("Russia") == "RUS"
    assert set(first) >= {"id", "entities", "quotes", "events"}
    assert (empty["entities"], empty["quotes"], empty["events"]) == ([], [], [])


def test_analyze_plain_text_file_is_one_document(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    text = "\u201cWe will rebuild the bridge,\u201d said Maria Holm, the mayor of Bergen.\n"
    path.write_text(text, encoding="utf-8")
    code, out = run("analyze", str(path))
    assert code == 0, out
    (result,) = [json.loads(line) for line in out.splitlines()]
    assert result["id"] == str(path)
    assert any(e["name"] == "Maria Holm" for e in result["entities"])
    for quote in result["quotes"]:
        assert text[quote["start"]:quote["end"]] == quote["text"]


def test_analyze_reports_bad_lines_and_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "docs.jsonl"
    path.write_text('{"id": 1, "text": "Kenya sent troops to Haiti."}\nnot json\n{"id": 3}\n',
                    encoding="utf-8")
    result = CliRunner().invoke(cli, ["analyze", str(path)])
    assert result.exit_code == 1
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == [1]
    assert f"{path} (line 2): invalid JSON" in result.stderr
    assert f"{path} (line 3): expected an object" in result.stderr
    code, out = run("analyze", str(tmp_path / "missing.txt"))
    assert code == 1 and "missing.txt: no such file or directory" in out
