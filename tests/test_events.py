"""PLOVER events: type, actor/target resolution, place, date, flags; seeds; gold floors."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest
from spacy.language import Language

from newsgraph.clean import normalize_text
from newsgraph.enrich.dates import extract_dates
from newsgraph.enrich.entities import extract_entities
from newsgraph.enrich.events import extract_events
from newsgraph.enrich.nlp import parse
from newsgraph.enrich.plover import NOUNS, PHRASAL, VERBS
from newsgraph.model import PLOVER_TYPES, Event
from newsgraph.segment import segment

ROOT = Path(__file__).resolve().parent.parent

# Floors on the gold set (tests/gold/knowledge); raising one is an explicit step.
# The event floors were lowered when events began to be coded as the PLOVER codebook codes
# them (issue 9): that gold predates the codebook rules (it labels a promised sale
# COOPERATE+future where PLOVER codes AGREE, a refusal as a negated act where PLOVER codes
# REJECT, sanctions as SANCTION/economic) and was written for the previous lexicon, so it
# is in-sample for neither. Measured after the change: precision 0.75, recall 0.66,
# non-events flagged 0.25 (bench/eval_knowledge.py).
FLOORS = {
    "quote_speaker_accuracy": 0.90,
    "event_precision": 0.70,
    "event_recall": 0.60,
    "non_events_flagged": 0.20,
}



def _events(nlp, text: str, published: str | None = None) -> list[Event]:
    doc = next(parse(nlp, [text]))
    mentions, _ = extract_entities(doc)
    return extract_events(doc, mentions, extract_dates(doc, published), published)


def _one(events: list[Event], kind: str) -> Event:
    found = [e for e in events if e.type == kind]
    assert found, f"no {kind} in {events}"
    return found[0]


def test_lexicon_uses_only_plover_types() -> None:
    for table in (VERBS, PHRASAL, NOUNS):
        assert {kind for kind, _ in table.values()} <= set(PLOVER_TYPES)
    assert {kind for kind, _ in VERBS.values()} == set(PLOVER_TYPES)


def test_agents_resolve_to_their_country(nlp: Language) -> None:
    text = ("A Turkish fighter jet shot down a Russian warplane near the Türkiye-Syria border "
            "in November 2015.")
    ev = _one(_events(nlp, text), "ASSAULT")
    assert (ev.actor, ev.actor_country, ev.target_country) == ("Türkiye", "TUR", "RUS")
    assert ev.mode == "aerial" and ev.date == "2015-11" and ev.date_precision == "month"
    assert ev.place == "Türkiye-Syria border"
    assert (ev.start, ev.end) == (0, len(text))
    assert not (ev.negated or ev.hypothetical or ev.future) and ev.confidence >= 0.5


def test_sanction_with_noun_and_relative_date(nlp: Language) -> None:
    text = "The European Union imposed sanctions on Iran in June over its missile programme."
    ev = _one(_events(nlp, text, "2024-10-15"), "SANCTION")
    assert (ev.actor, ev.target, ev.mode) == ("European Union", "Iran", "discontinue")
    assert ev.date == "2024-06"


def test_lifting_sanctions_is_a_retreat(nlp: Language) -> None:
    ev = _one(_events(nlp, "Washington lifted sanctions on Venezuela on Tuesday."), "RETREAT")
    assert ev.target == "Venezuela" and ev.mode == "ease"


def test_passive_voice_agent_is_the_actor(nlp: Language) -> None:
    text = "The opposition leader Leopoldo Lopez was detained by Venezuelan police in Caracas."
    ev = _one(_events(nlp, text), "COERCE")
    assert ev.actor_country == "VEN" and ev.target == "Leopoldo Lopez"
    assert ev.mode == "arrest" and ev.place == "Caracas"


def test_pronoun_object_skips_the_subject(nlp: Language) -> None:
    text = ("Erdogan apologized months later. Soon after, Vladimir Putin staunchly supported him "
            "when he faced a coup.")
    doc = next(parse(nlp, [text]))
    mentions, _ = extract_entities(doc)
    events = extract_events(doc, mentions, [])
    sup = next(e for e in events if e.trigger == "supported")
    assert sup.actor == "Vladimir Putin" and sup.target is not None
    assert sup.target.endswith("Erdogan")


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("Russia did not attack Ukraine's grain ports that week.", "negated"),
        ("Officials said Russia could attack Ukraine again.", "hypothetical"),
        ("Iran would like to meet Saudi Arabia's foreign minister.", "hypothetical"),
        ("The Kurds could offer resistance if Türkiye attacked Syria.", "hypothetical"),
        ("The European Union will impose sanctions on Belarus next month.", "future"),
        ("China plans to deploy troops to the Pakistan border.", "future"),
    ],
)
def test_events_that_did_not_happen_are_flagged(nlp: Language, text: str, flag: str) -> None:
    events = [e for e in _events(nlp, text) if e.type not in ("REJECT",)]
    assert events, text
    ev = events[0]
    assert getattr(ev, flag), (text, ev)
    assert ev.confidence <= 0.4


@pytest.mark.parametrize(
    ("text", "kind", "intent"),
    [
        ("Russia refused to release the Ukrainian prisoners.", "REJECT", "refusal"),
        ("Iran threatened to attack Israel.", "THREATEN", "threat"),
        ("Japan promised to send aid to Vietnam.", "AGREE", "promise"),
    ],
)
def test_intentions_are_coded_as_plover_codes_them(nlp: Language, text: str, kind: str,
                                                   intent: str) -> None:
    ev = _one(_events(nlp, text), kind)
    assert ev.intent == intent and intent in ev.flags


def test_dictionary_patterns_and_lemmatizer_slips(nlp: Language) -> None:
    ev = _one(_events(nlp, "Opposition supporters staged a protest against Nicolas Maduro in Caracas."),
              "PROTEST")
    assert ev.cameo is not None and ev.cameo.startswith("14")
    ev = _one(_events(nlp, "Israel lifted the blockade of Gaza on Tuesday."), "RETREAT")
    assert ev.actor_country == "ISR"


def test_office_holders_are_dated_by_the_article(nlp: Language) -> None:
    text = "President Bush met Prime Minister Tony Blair in London on Monday."
    ev = _one(_events(nlp, text, "2003-04-07"), "CONSULT")
    assert (ev.actor_country, ev.actor_sector) == ("USA", "GOV")


def test_agents_get_their_sector(nlp: Language) -> None:
    text = "A Turkish fighter jet shot down a Russian warplane near the Syrian border."
    ev = _one(_events(nlp, text), "ASSAULT")
    assert (ev.actor_country, ev.actor_sector, ev.target_sector) == ("TUR", "MIL", "MIL")


def test_sports_results_are_not_events(nlp: Language) -> None:
    text = ("Russia beat Croatia 2-1 on Monday to reach the World Cup final. The goalkeeper "
            "saved two penalties and the champions celebrated at the final whistle.")
    assert _events(nlp, text) == []
    assert _events(nlp, "Apple released the iPad Pro on Tuesday.") == []


def test_a_link_to_another_story_is_no_statement_of_the_article(nlp: Language) -> None:
    # a short label, a colon and a headline with no closing stop, inside the body
    text = ("Peru and Chile trade blame over border\nTalks stalled on Wednesday.\n"
            "ALSO SEE: Bolivian police detain Peruvian miners\nMore: Chile expels Peruvian envoy\n"
            "Lima said it would respond.")
    assert [e for e in _events(nlp, text) if e.type in ("COERCE", "SANCTION")] == []
    # a statement with its stop, a dateline, and the article's own headline stay
    text = ("EXCLUSIVE: Bolivian police detain Peruvian miners\n"
            "UPDATE: Bolivian police detained five Peruvian miners on Monday.\n"
            "LA PAZ: Bolivia expelled a Peruvian diplomat on Tuesday.")
    kinds = [(e.type, e.actor_country, e.target_country) for e in _events(nlp, text)]
    assert kinds.count(("COERCE", "BOL", "PER")) == 2, kinds
    assert ("SANCTION", "BOL", "PER") in kinds, kinds


def test_a_dateline_is_never_an_actor(nlp: Language) -> None:
    text = "HANOI - Vietnam's defence minister accused China of ramming a fishing boat."
    assert all(e.actor != "Hanoi" for e in _events(nlp, text))


def test_undated_events_take_the_publication_date_as_reported(nlp: Language) -> None:
    ev = _one(_events(nlp, "Russia attacked Ukraine's power grid.", "2024-03-02"), "ASSAULT")
    assert (ev.date, ev.date_precision) == ("2024-03-02", "reported")


def test_no_event_without_a_party(nlp: Language) -> None:
    assert _events(nlp, "Unknown gunmen attacked a checkpoint at night.") == []


def _seed_events(nlp, seeds_dir: Path) -> list[Event]:
    bodies: dict[str, str] = {}
    for path in sorted(seeds_dir.glob("*.txt")):
        for art in segment(normalize_text(path.read_text(encoding="utf-8"))):
            bodies.setdefault(art.title or "", art.body)
    events: list[Event] = []
    for doc in parse(nlp, list(bodies.values())):
        mentions, _ = extract_entities(doc)
        events.extend(extract_events(doc, mentions, extract_dates(doc, None)))
    return events


def test_seed_events(nlp, seeds_dir: Path) -> None:
    events = _seed_events(nlp, seeds_dir)
    jet = [e for e in events if e.type == "ASSAULT" and e.actor_country == "TUR"
           and e.target_country == "RUS"]
    assert jet, "Turkish jet shooting down a Russian warplane"
    assert jet[0].actor == "Türkiye" and jet[0].target == "Russia"
    assert jet[0].date == "2015-11" and jet[0].date_precision == "month"
    assert not (jet[0].negated or jet[0].hypothetical)
    eu = [e for e in events if e.type == "SANCTION" and e.target == "Andrey Averyanov"]
    assert eu and eu[0].actor in ("European Union", "EU")
    # the mediation Erdogan only offered is not reported as having happened
    assert all(e.hypothetical for e in events if e.trigger == "mediate")


def _load_bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("eval_knowledge",
                                                  ROOT / "bench" / "eval_knowledge.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_gold_floors() -> None:
    result = _load_bench().evaluate()
    assert result["articles"] >= 8
    for name, floor in FLOORS.items():
        assert result[name] >= floor, (name, result)


def test_placed_generic_agents_are_parties(nlp: Language) -> None:
    ev = _one(_events(nlp, "Protesters in Lima staged a rally against the government."),
              "PROTEST")
    assert (ev.actor, ev.actor_country, ev.actor_sector) == (None, "PER", "OPP")
    assert ev.target_sector == "GOV"


def test_confidence_is_calibrated_and_scope_decides(nlp: Language) -> None:
    """A story naming nothing political codes no events (the article's political relevance
    under the floor, or no political party in the sentence); a dyad of states in a political
    story is listed."""
    from newsgraph.enrich import calibration
    from newsgraph.settings import Settings

    floor = Settings().event_min_confidence
    text = ("Taylor Swift accused Scooter Braun of years of bullying. Swift said Braun and "
            "Scott Borchetta had blocked her songs. Selena Gomez and Halsey backed Swift, "
            "while Justin Bieber defended Braun. Borchetta said Swift was wrong.")
    doc = next(parse(nlp, [text]))
    mentions, _ = extract_entities(doc)
    assert calibration.relevance(mentions) < calibration.MIN_RELEVANCE
    assert extract_events(doc, mentions, extract_dates(doc, None), None) == []
    assert _events(nlp, "Taylor Swift accused Scooter Braun of years of bullying.") == []
    war = _one(_events(nlp, "Russia accused Ukraine of shelling the city. The Ukrainian "
                            "government denied it."), "ACCUSE")
    assert (war.actor, war.target) == ("Russia", "Ukraine") and war.confidence >= floor


def test_a_countrys_political_body_counts_as_political() -> None:
    """An organisation of a country named by its office ("... Attorney General", "...
    Police") is a political name though the actor dictionaries do not list it whole; a
    company of a country is not."""
    from newsgraph.enrich import calibration
    from newsgraph.model import Mention

    def org(name: str, country: str | None) -> Mention:
        return Mention(start=0, end=len(name), text=name, type="ORG", canonical=name,
                       country=country)

    firms = [org(n, None) for n in ("Norvane", "Quillo", "Tessary", "Brightwick")]
    body = org("New York State Attorney General", "USA")
    assert calibration.relevance([*firms, body]) == 1 / 5
    assert calibration.relevance([*firms, org("Ontario Provincial Police", "CAN")]) == 1 / 5
    assert calibration.relevance([*firms, org("Kenya Breweries Company", "KEN")]) == 0
    assert calibration.relevance([*firms, org("State Attorney General", None)]) == 0


def test_a_question_is_no_request(nlp: Language) -> None:
    """"asked X about", "asked her if": questions; "asked X to", "asked for": requests."""
    asked = [e for s in ("The senator asked the French ambassador about the sanctions.",
                         "Reporters asked the Russian minister if Moscow would send troops.")
             for e in _events(nlp, s) if e.type == "REQUEST"]
    assert asked == []
    ev = _one(_events(nlp, "Ukraine asked Germany to send tanks."), "REQUEST")
    assert (ev.actor, ev.target) == ("Ukraine", "Germany")


def test_the_pobj_before_a_split_gerund_is_its_subject(nlp: Language) -> None:
    """"objected to Ukraine opening a probe": Ukraine opens it."""
    # Parse-dependent: with "Georgia opening an investigation" the small model hangs the
    # gerund elsewhere and the actor is lost (left alone, 2026-12-04).
    events = _events(nlp, 'Marsh told the panel that she "objected" to Ukraine opening a '
                          "probe into the firm.")
    assert [e.actor for e in events if e.trigger.startswith("opening")] == ["Ukraine"]


def test_the_victims_own_vehicle_is_no_attacker(nlp: Language) -> None:
    """"shot down in his Army helicopter": the helicopter is the victim's, not the attacker's."""
    events = _events(nlp, "Captain Reyes was shot down in his Army helicopter over Kabul in 2003.")
    assert all(e.actor is None for e in events if e.type == "ASSAULT")


def test_the_owner_of_the_weapon_is_the_actor_of_a_passive(nlp: Language) -> None:
    """A passive without agent, killed in an act or by a weapon a country owns."""
    ev = _one(_events(nlp, "Five soldiers were killed in a Turkish airstrike in northern Iraq."),
              "ASSAULT")
    assert (ev.actor_country, ev.target_sector) == ("TUR", "MIL")


def test_a_reason_gerund_is_done_by_the_object(nlp: Language) -> None:
    """"jailed X for helping": the helper is X, not the court."""
    events = _events(nlp, "A Tunisian court jailed a Nigerian student for helping militants "
                          "join an armed group in Lebanon.")
    assert _one(events, "COERCE").target_country == "NGA"
    assert all(e.actor_country != "TUN" for e in events if e.type == "AID")


def test_patterns_match_hyphenated_words(nlp: Language) -> None:
    ev = _one(_events(nlp, "Iraqi protesters staged a sit-in outside the parliament."),
              "PROTEST")
    assert ev.trigger == "staged sit-in" and ev.actor_country == "IRQ"


def test_saying_another_side_attacked_is_an_accusation(nlp: Language) -> None:
    """The CAMEO dictionary's transformation: a says b attacked = a accuses b; not when a
    side reports its own attack, nor of an attack that only could happen."""
    ev = _one(_events(nlp, "The US said that Iraq had attacked its neighbours."), "ACCUSE")
    assert (ev.actor_country, ev.target_country) == ("USA", "IRQ")
    own = _events(nlp, "The United States launched an air strike near Baghdad, the US "
                       "Central Command said.")
    assert not [e for e in own if e.type == "ACCUSE"]


def test_a_foreign_side_acting_in_a_country_targets_it(nlp: Language) -> None:
    ev = _one(_events(nlp, "US and British activists staged a protest in Beijing on Wednesday."),
              "PROTEST")
    assert ev.target_country == "CHN"
    home = _one(_events(nlp, "Kenyan police arrested opposition supporters in Nairobi."),
                "COERCE")
    assert home.target_country in (None, "KEN")


def test_the_owner_of_a_rejected_demand_is_the_target(nlp: Language) -> None:
    ev = _one(_events(nlp, "Greece rejected Turkey's demand to demilitarise the islands."),
              "REJECT")
    assert (ev.actor_country, ev.target_country) == ("GRC", "TUR")


def test_an_act_named_without_a_doer_in_a_nonfinite_clause_is_not_listed(nlp: Language) -> None:
    """"a plan to urge Serbia": mentioned, not reported; "Ukraine was shelled" stays (a
    finite passive reports the act, even without its agent)."""
    assert [e for e in _events(nlp, "She knew nothing of any plan to urge Serbia to "
                                    "arrest the general.") if e.type == "REQUEST"] == []
    assert _one(_events(nlp, "Kharkiv was shelled on Monday, Ukraine said."), "ASSAULT")


def test_the_media_telling_of_an_attack_accuse_nobody(nlp: Language) -> None:
    """A reporter's "said troops raided" reports the raid; a government's accuses."""
    events = _events(nlp, "A CNN reporter said Israeli troops raided the Jenin camp.")
    assert [e for e in events if e.type == "ACCUSE"] == []
    assert _one(events, "ASSAULT").actor_country == "ISR"


def test_companies_with_no_country_are_no_political_party(nlp: Language) -> None:
    """A dispute between multinationals is business; a country's airline shot down is not."""
    assert _events(nlp, "Microsoft accused Google of unfair competition in Europe.") == []


def test_a_civil_actor_is_listed_only_in_a_protest(nlp: Language) -> None:
    """An event needs a political actor: "Chinese companies" accusing Japan stay under the
    listing floor; farmers protesting against the government are listed."""
    from newsgraph.settings import Settings

    floor = Settings().event_min_confidence
    assert all(e.confidence < floor for e in _events(
        nlp, "Chinese companies accused Japan of dumping steel."))
    ev = _one(_events(nlp, "Indian farmers protested against the government in New Delhi."),
              "PROTEST")
    assert ev.actor_country == "IND" and ev.confidence >= floor


def test_downed_codes_an_attack_only_on_a_party(nlp: Language) -> None:
    """'downed' (not in CAMEO) is an aerial attack when it takes a party's craft; downed tools,
    a downed drink or a team downed in a match (a score after the verb) are no attack.
    Sentences written for this test."""
    coded = [(e.type, e.actor_country, e.target_country)
             for e in _events(nlp, "Polish gunners downed a Belarusian helicopter near Grodno"
                                   " on Sunday.") if not e.uncertain]
    assert ("ASSAULT", "POL", "BLR") in coded, coded
    for text in ("Dockers downed tools at the harbour on Friday.",
                 "She downed a glass of wine with her brother.",
                 "Portugal downed Belgium 3-0 in the Nations League on Tuesday."):
        assert not [e for e in _events(nlp, text) if e.type == "ASSAULT"], text


def test_a_score_after_the_verb_is_a_match_result(nlp: Language) -> None:
    """A score in the verb's clause makes a contest's result, whatever the sport or its name;
    a count ("10-15 villagers") or a vote above the verb ("voted 52-48 to ...") does not."""
    for text in ("Norway crushed Sweden 4-1 at the Ullevaal stadium on Saturday.",
                 "Mexico beat Canada 2–0",
                 "The Chilean routed her Peruvian opponent 6-1, 6-3 in Santiago.",
                 "Ghana beat Senegal in a 2-1 win at the Cairo International Stadium."):
        assert not [e for e in _events(nlp, text) if e.type == "ASSAULT"], text
    killed = _events(nlp, "Gunmen killed 10-15 villagers near Kaduna on Monday, Nigerian"
                          " police said.")
    assert [e for e in killed if e.type == "ASSAULT"], killed
    # the act of a clause above the match ("arrested fans after ... 2-1") stands
    fans = _events(nlp, "Danish police detained 12 Swedish supporters after Norway beat"
                        " Denmark 3-2 in Copenhagen.")
    assert [(e.type, e.actor_country, e.target_country) for e in fans
            if not e.uncertain] == [("COERCE", "DNK", "SWE")], fans
    voted = _events(nlp, "The Senate voted 52-48 to sanction Iran on Tuesday.")
    assert [(e.type, e.target_country) for e in voted] == [("SANCTION", "IRN")], voted


def test_a_things_owner_is_the_target_of_a_pattern_naming_the_thing(nlp: Language) -> None:
    """'positions' is a pattern noun of the dictionary's attack block and a form of a verb it
    codes only in patterns (ARRANGE): a thing, whose owner is the target. Written for this
    test."""
    coded = [(e.type, e.actor_country, e.target_country)
             for e in _events(nlp, "Armenian troops attacked Azerbaijani positions near Lachin"
                                   " on Friday.") if not e.uncertain]
    assert ("ASSAULT", "ARM", "AZE") in coded, coded
