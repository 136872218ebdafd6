"""Quotes: direct (curly and straight, split, multi-sentence) and reported, with speakers."""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language

from newsgraph.clean import normalize_text
from newsgraph.enrich.entities import extract_entities
from newsgraph.enrich.nlp import parse
from newsgraph.enrich.quotes import extract_quotes, find_quote_spans
from newsgraph.model import Mention, Quote
from newsgraph.segment import segment


def _quotes(nlp, text: str, mentions: list[Mention] | None = None) -> list[Quote]:
    doc = next(parse(nlp, [text]))
    if mentions is None:
        mentions, _ = extract_entities(doc)
    return extract_quotes(doc, mentions)


def _person(text: str, name: str, canonical: str | None = None) -> Mention:
    start = text.index(name)
    return Mention(start, start + len(name), name, "PERSON", canonical or name)


def test_split_quote_both_parts_attributed(nlp: Language) -> None:
    text = ("\u201cThe river rose in an hour,\u201d said Maria Lopez, a farmer from the valley. "
            "\u201cWe lost the whole harvest. Nobody warned us.\u201d")
    quotes = _quotes(nlp, text, [_person(text, "Maria Lopez")])
    assert [(q.text, q.speaker, q.cue, q.direct, q.speaker_kind) for q in quotes] == [
        ("The river rose in an hour … We lost the whole harvest. Nobody warned us.",
         "Maria Lopez", "said", True, "name"),
    ]
    first = quotes[0]
    assert [text[a:b] for a, b in first.parts] == [
        "The river rose in an hour", "We lost the whole harvest. Nobody warned us."]
    assert text[first.speaker_start:first.speaker_end] == first.speaker_text == "Maria Lopez"
    assert first.speaker_mention == {"text": "Maria Lopez", "start": first.speaker_start,
                                     "end": first.speaker_end}


def test_pronoun_speaker_is_the_last_named_person(nlp: Language) -> None:
    text = ("Senator Tom Walsh, who chairs the committee, criticised the plan on Monday.\n\n"
            "\u201cThis budget is a fantasy,\u201d he wrote on X. \u201cNobody believes it.\u201d")
    mentions = [_person(text, "Tom Walsh")]
    quotes = _quotes(nlp, text, mentions)
    assert [(q.speaker, q.cue, len(q.parts)) for q in quotes if q.direct] == [
        ("Tom Walsh", "wrote", 2)]
    pron = quotes[0]
    assert text[pron.speaker_start:pron.speaker_end] == "he"
    assert pron.speaker_kind == "pronoun"


def test_mentions_inside_quotes_are_not_antecedents(nlp: Language) -> None:
    text = ("Anna Berg spoke after the vote.\n\n"
            "\u201cI told Peter Sand that we would win,\u201d she said.")
    mentions = [_person(text, "Anna Berg"), _person(text, "Peter Sand")]
    quotes = _quotes(nlp, text, mentions)
    assert quotes[0].speaker == "Anna Berg"


def test_straight_quotes_and_cue_before(nlp: Language) -> None:
    text = ('The minister, Jonas Eriksen, told reporters: "We will not raise taxes this year, '
            'whatever the opposition says."')
    quotes = _quotes(nlp, text, [_person(text, "Jonas Eriksen")])
    assert len(quotes) == 1
    assert quotes[0].speaker == "Jonas Eriksen" and quotes[0].cue == "told"
    assert quotes[0].text.startswith("We will not raise taxes")


def test_surname_speaker_resolves_to_full_name(nlp: Language) -> None:
    text = ("Claire Dubois leads the union.\n\n"
            "\u201cThe strike goes on until they listen,\u201d Dubois said.")
    mentions = [_person(text, "Claire Dubois"),
                Mention(text.index("Dubois said"), text.index("Dubois said") + 6, "Dubois",
                        "PERSON", "Claire Dubois")]
    quotes = _quotes(nlp, text, mentions)
    assert quotes[0].speaker == "Claire Dubois"


def test_reported_speech(nlp: Language) -> None:
    text = "Putin said Russia offered the new leaders the use of the bases."
    quotes = _quotes(nlp, text, [_person(text, "Putin", "Vladimir Putin")])
    assert len(quotes) == 1
    q = quotes[0]
    assert (q.direct, q.speaker, q.cue) == (False, "Vladimir Putin", "said")
    assert q.text.startswith("Russia offered")


def test_reported_speech_with_that(nlp: Language) -> None:
    text = "The analyst Emre Ersen noted that the relationship would survive the crisis."
    quotes = _quotes(nlp, text, [_person(text, "Emre Ersen")])
    assert [(q.direct, q.speaker, q.cue) for q in quotes] == [(False, "Emre Ersen", "noted")]
    assert quotes[0].text.startswith("the relationship")


def test_scare_quotes_are_not_quotes(nlp: Language) -> None:
    text = ("Followers of the self-declared \u201ccaliphate\u201d remain in the camps, "
            'and some crates were marked "fragile" in three languages.')
    assert _quotes(nlp, text, []) == []


def test_find_quote_spans_pairs_marks_per_paragraph() -> None:
    text = 'He said "one thing" and \u201canother\u201d.\n"An unclosed quote runs on'
    spans = [(text[s:e]) for _, _, s, e in find_quote_spans(text)]
    assert spans == ["one thing", "another", "An unclosed quote runs on"]


def test_with_real_entities(nlp: Language) -> None:
    text = ("\u201cWe intend to expand our cooperation with African countries,\u201d Kremlin "
            "spokesman Dmitry Peskov said. \u201cThis cooperation includes defense.\u201d")
    quotes = _quotes(nlp, text)
    assert [(q.speaker, len(q.parts)) for q in quotes] == [("Dmitry Peskov", 2)]


def _seed_bodies(seeds_dir: Path) -> dict[str, str]:
    bodies: dict[str, str] = {}
    for path in sorted(seeds_dir.glob("*.txt")):
        for art in segment(normalize_text(path.read_text(encoding="utf-8"))):
            bodies.setdefault(art.title or "", art.body)
    return bodies


def test_seed_francken_quote(nlp: Language, seeds_dir: Path) -> None:
    bodies = _seed_bodies(seeds_dir)
    body = next(b for b in bodies.values() if "I say no, no, no" in b)
    quotes = _quotes(nlp, body)
    by_start = {q.text.split(" \u2026 ")[0]: q for q in quotes}
    q = by_start["I say no, no, no"]
    assert (q.speaker, q.cue, q.direct, q.speaker_kind, q.speaker_text) == (
        "Theo Francken", "tweeted", True, "pronoun", "he")
    assert q.text.endswith("Their parents are no longer fellow citizens.")
    q = by_start["They wanted to come to Belgium"]
    assert (q.speaker, q.speaker_kind) == ("Heidi De Pauw", "name")
    assert q.text.endswith("They kept saying to us, \u2018We want to come home.\u2019")


def test_seed_reported_speech(nlp: Language, seeds_dir: Path) -> None:
    bodies = _seed_bodies(seeds_dir)
    body = next(b for b in bodies.values() if "Putin said Russia offered" in b)
    quotes = _quotes(nlp, body)
    reported = [q for q in quotes if not q.direct and q.text.startswith("Russia offered")]
    assert reported and reported[0].speaker == "Vladimir Putin" and reported[0].cue == "said"
    cagaptay = [q for q in quotes if q.direct and q.text.startswith("In the game of Czars")]
    assert cagaptay[0].speaker == "Soner Cagaptay"


def test_definite_role_noun_speaker_refers_back(nlp: Language) -> None:
    text = ("The painter Anna Berg opened her first show in the capital on Friday.\n\n"
            "\u201cI waited ten years for this room,\u201d the painter said.")
    quotes = _quotes(nlp, text, [_person(text, "Anna Berg")])
    assert [(q.speaker_text, q.speaker_kind, q.speaker) for q in quotes if q.direct] == [
        ("the painter", "description", "Anna Berg")]


def test_definite_noun_after_an_unnamed_one_stays_unresolved(nlp: Language) -> None:
    text = ("Anna Berg opened her first show on Friday. A visitor stood by the door.\n\n"
            "\u201cI waited ten years for this room,\u201d the visitor said.")
    quotes = _quotes(nlp, text, [_person(text, "Anna Berg")])
    assert [(q.speaker_kind, q.speaker) for q in quotes if q.direct] == [
        ("description", None)]


def _direct(nlp: Language, text: str) -> list[str]:
    return [q.text for q in _quotes(nlp, text) if q.direct]


def test_code_in_quotation_marks_is_not_a_quote(nlp: Language) -> None:
    text = ("Ravi Menon, the maintainer, posted the fix on Monday.\n\n"
            "\u201cfor item in queue: process(item, retries=3) if item.ready else skip(item)\u201d"
            "\n\nThe build passed afterwards.")
    assert _direct(nlp, text) == []


def test_prompt_typed_or_put_to_a_chatbot_is_not_a_quote(nlp: Language) -> None:
    typed = ("Last week Jonas Berg tried the new assistant at work. He typed \u201cWrite a short "
             "poem about a lighthouse keeper who hates the sea\u201d into the chatbot and waited.")
    asked = ("I asked ChatGPT, \u201cPlan a four-day trip to the coast for a family with two "
             "small dogs and a tight budget.\u201d It suggested a campsite.")
    lead_in = ("Nadia Perez keeps her notes in one place. Then she gave the tool this prompt:\n\n"
               "\u201cSummarise the three attached reports in a table with one row per region.\u201d"
               "\n\nThe answer came back in seconds.")
    assert _direct(nlp, typed) == _direct(nlp, asked) == _direct(nlp, lead_in) == []


def test_search_terms_sayings_and_example_lines_are_not_quotes(nlp: Language) -> None:
    search = ("Anna Weber said she was stuck. So she searched for \u201ccheap flights from "
              "Lisbon to Oslo in late March\u201d and found a deal.")
    saying = ("Our grandmother Elena Duarte ran the bakery for forty years. There is an old "
              "phrase, \u201cThe early baker gets the warm bread and the best gossip,\u201d that "
              "hung over her counter.")
    example = ("When the landlord raises the rent, you can simply say, \u201cI would like to see "
               "the figures that justify this increase before I sign anything.\u201d")
    assert _direct(nlp, search) == _direct(nlp, saying) == _direct(nlp, example) == []


def test_button_label_and_title_are_not_quotes(nlp: Language) -> None:
    button = ("Priya Shah, a product designer, walked us through the app. To share a list, tap "
              "\u201cInvite people to this list\u201d at the bottom of the screen.")
    title = ("Kofi Mensah\u2019s new essay \u201cWhy Small Towns Keep Their Bakeries Open "
             "Longer\u201d appeared in the spring issue.")
    assert _direct(nlp, button) == _direct(nlp, title) == []


def test_said_quotes_about_typing_and_clicking_stay(nlp: Language) -> None:
    text = ("\u201cClick here, sign there, and you are done, that is what they promised us,\u201d "
            "said Omar Haddad, a shop owner on the square.")
    quotes = [q for q in _quotes(nlp, text, [_person(text, "Omar Haddad")]) if q.direct]
    assert [(q.speaker, q.cue) for q in quotes] == [("Omar Haddad", "said")]
    plain = ("\u201cWe will rebuild the bridge before the winter comes, whatever it costs,\u201d "
             "said Mayor Lena Fischer on Tuesday.")
    assert len(_direct(nlp, plain)) == 1
    outlet = ("Hana Novak runs the plant. She told Rivermouth Weekly, \u201cWrite down every "
              "valve that failed this winter and send the list to the council.\u201d")
    assert len(_direct(nlp, outlet)) == 1  # an order put to people, not a prompt


def test_possible_lines_examples_and_thoughts_are_not_quotes(nlp: Language) -> None:
    modal = ("The bank may not answer at once. A clerk might say something like: \u201cWe need "
             "two more weeks to check the papers you sent us last month.\u201d")
    example = ("Good goals are concrete. For example, \u201cI want to walk ten kilometres "
               "without a break by the end of May.\u201d")
    thought = ("Tomas Varga looked at the empty shelves of the shop and thought, \u201cNobody "
               "is coming back here before the holidays are over.\u201d")
    assert _direct(nlp, modal) == _direct(nlp, example) == _direct(nlp, thought) == []


def test_orders_to_the_reader_lists_and_idioms_are_not_quotes(nlp: Language) -> None:
    order = ("Returning the bike\n\nAt the counter, ask, \u201cIs there a late fee if I bring it "
             "back after six?\u201d It saves a second trip.")
    listed = ("Kim Lee sent the model three questions:\n\n- \u201cWhich towns lost power "
              "during the storm last night?\u201d\n- \u201cHow many homes are still without "
              "heat?\u201d")
    idiom = ("Marco Bellini trains new hires at the bakery. Most of them cannot \u201chit the "
             "ground running\u201d.")
    assert _direct(nlp, order) == _direct(nlp, idiom) == []
    assert all(q.speaker_text is None or "\u201c" not in q.speaker_text
               for q in _quotes(nlp, listed) if q.direct)
