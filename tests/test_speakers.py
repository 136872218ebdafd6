"""Speakers of quotes: mentions, kinds, pronouns with gender, descriptions, cues; bad input.

Texts here are written by us. The real-article gold figures are in test_speakers_gold.py.
"""

from __future__ import annotations

import time

from spacy.language import Language
from spacy.tokens import Doc

from newsgraph.enrich.entities import extract_entities
from newsgraph.enrich.gender import first_name_gender, honorific_gender
from newsgraph.enrich.nlp import parse
from newsgraph.enrich.quotes import extract_quotes
from newsgraph.model import Mention
from nlpkit import direct_quotes as _quotes
from nlpkit import speaker_words as _said


def test_first_names_and_honorifics() -> None:
    assert first_name_gender("Heidi") == "f" and first_name_gender("Theo") == "m"
    assert first_name_gender("Jean") is None  # used for both: never a guess
    assert first_name_gender("MacBook") is None
    assert honorific_gender("Mrs.") == "f" and honorific_gender("Sir") == "m"


def test_pronoun_skips_a_person_of_the_other_gender(nlp: Language) -> None:
    text = ("Maria Keller, the head of the port authority, met Thomas Brandt on Monday.\n\n"
            "\u201cWe will not close the harbour this winter,\u201d she said after the meeting.")
    [q] = _quotes(nlp, text)
    assert (q.speaker_kind, _said(text, q), q.speaker) == ("pronoun", "she", "Maria Keller")


def test_pronoun_with_nobody_compatible_stays_unresolved(nlp: Language) -> None:
    text = ("Thomas Brandt and Peter Vogel signed the deal on Monday.\n\n"
            "\u201cThis is a good day for the whole region,\u201d she said.")
    [q] = _quotes(nlp, text)
    assert (q.speaker_kind, _said(text, q), q.speaker) == ("pronoun", "she", None)


def test_gender_from_an_honorific(nlp: Language) -> None:
    text = ("Mrs. Okafor and Kim Lee ran the clinic together for a decade.\n\n"
            "\u201cWe saw more patients this year than ever before,\u201d she said.")
    [q] = _quotes(nlp, text)
    assert q.speaker == "Okafor"


def test_speaker_before_the_quote_across_a_long_apposition(nlp: Language) -> None:
    text = ("\u201cThe numbers simply do not add up for the smaller farms,\u201d said Ana "
            "Silva, a senior adviser with the regional farmers' union who has studied the "
            "subsidy scheme for years, in a statement.\n\nOlaf Berg, an economist at the "
            "central bank, gushed: \u201cThis is the best quarter we have had in a decade.\u201d")
    first, second = _quotes(nlp, text)
    assert (first.speaker, first.speaker_kind) == ("Ana Silva", "name")
    assert (second.speaker, second.cue) == ("Olaf Berg", "gushed")


def test_descriptions_stay_descriptions_linked_to_their_country_or_org(nlp: Language) -> None:
    text = ("Turkish officials said the talks would go on. \u201cWe are ready to meet again next "
            "week in Ankara,\u201d Turkish officials said.\n\n\u201cThe proposal is not serious "
            "at all,\u201d a Kremlin spokesman told reporters.")
    first, second = _quotes(nlp, text)
    assert (first.speaker_kind, _said(text, first), first.speaker_link, first.speaker) == (
        "description", "Turkish officials", "Türkiye", None)
    assert (second.speaker_kind, second.speaker_link) == ("description", "Kremlin")
    assert "spokesman" in (second.speaker_text or "")


def test_according_to_and_colon(nlp: Language) -> None:
    text = ("\u201cThe bridge will reopen in the spring of next year,\u201d according to Lena "
            "Novak, the city engineer.\n\nLena Novak: \u201cWe found no damage to the main "
            "span at all.\u201d")
    first, second = _quotes(nlp, text)
    assert (first.speaker, first.cue) == ("Lena Novak", "according to")
    assert second.speaker == "Lena Novak"


def test_quote_continued_across_paragraphs_is_one_quote(nlp: Language) -> None:
    text = ("\u201cWe have waited three years for this decision,\u201d said Ana Silva. "
            "\u201cThe families here deserve an answer.\n\n"
            "\u201cAnd now they finally have one, in writing, from the ministry.\u201d\n\n"
            "The ministry did not comment on the case.")
    [q] = _quotes(nlp, text)
    assert q.speaker == "Ana Silva" and len(q.parts) == 3
    assert [text[a:b] for a, b in q.parts][2].startswith("And now they finally")


# -- bad input -----------------------------------------------------------------------------------


def test_a_quote_mark_that_never_closes(nlp: Language) -> None:
    text = ("The mayor, Ana Silva, said: \u201cWe will rebuild the school before winter and "
            "nobody will be left outside\n\nThe council meets again on Friday to vote on the "
            "budget for the repairs.\n\nA stray \u201c mark sits here for no reason at all.")
    quotes = _quotes(nlp, text)
    assert len(quotes) == 1
    assert quotes[0].speaker == "Ana Silva"
    assert quotes[0].end <= text.index("\n\n")  # the next paragraph is not swallowed


def test_a_quote_inside_a_quote(nlp: Language) -> None:
    text = ("\u201cHe told me \u2018I will never resign\u2019 and then he resigned the next "
            "day,\u201d said Ana Silva.\n\n\u201cShe kept saying \"not now, not now\" all "
            "evening long,\u201d Olaf Berg said.")
    first, second = _quotes(nlp, text)
    assert first.speaker == "Ana Silva" and "\u2018I will never resign\u2019" in first.text
    assert second.speaker == "Olaf Berg" and second.text.startswith("She kept saying")


def test_a_200_paragraph_interview(nlp: Language) -> None:
    turns = []
    for i in range(100):
        turns.append(f"Q: What happened in the harbour in week {i + 1} of the strike?")
        turns.append(f"A: The boats stayed in port for the {i + 1}th day and the crews met "
                     "every morning to decide what to do next.")
    text = "Ana Silva led the dock workers through the strike.\n\n" + "\n\n".join(turns)
    started = time.perf_counter()
    doc = next(parse(nlp, [text]))
    mentions, _ = extract_entities(doc)
    quotes = extract_quotes(doc, mentions)
    assert time.perf_counter() - started < 60
    assert all(q.speaker in (None, "Ana Silva") for q in quotes)


def test_a_transcript_names_its_speakers(nlp: Language) -> None:
    turns = []
    for i in range(20):
        turns.append(f"HOST: What did the crews decide on day {i + 1} of the strike?")
        turns.append(f"SILVA: We decided to stay in port on day {i + 1} and to meet again.")
    text = "The host spoke to Ana Silva, who led the strike.\n\n" + "\n\n".join(turns)
    quotes = _quotes(nlp, text)
    assert len(quotes) == 40
    assert {q.speaker for q in quotes} == {"Host", "Ana Silva"}


# -- slogans and names in quote marks; entity typing by knowledge ---------------------------------


def test_a_quoted_slogan_used_as_a_noun_is_not_a_quote(nlp: Language) -> None:
    text = ("The state launched an anti-drug campaign with the slogan \u201cDrugs, we are on "
            "it.\u201d\n\nThe \u201cDrugs. We are on it.\u201d campaign drew ridicule online.\n\n"
            "\u201cWe knew it would get people talking,\u201d said Ana Silva, the governor.")
    quotes = _quotes(nlp, text)
    assert [q.speaker for q in quotes] == ["Ana Silva"]


def test_a_given_name_makes_a_person_and_an_acronym_takes_its_name(nlp: Language) -> None:
    text = ("The International Criminal Court (ICC) was asked to investigate.\n\n"
            "The film stars Timothy Weeks as a young teacher. Critics praised Weeks. "
            "Lawyers said the ICC would take years.")
    mentions, _ = extract_entities(next(parse(nlp, [text])))
    by_text = {(m.text, m.type) for m in mentions}
    assert ("Timothy Weeks", "PERSON") in by_text and ("Weeks", "PERSON") in by_text
    icc = [m for m in mentions if m.text == "ICC"]
    assert len(icc) == 2 and all(m.type == "ORG" and m.canonical == "International Criminal Court"
                                 for m in icc)


def test_a_product_with_no_given_name_is_not_a_person(nlp: Language) -> None:
    text = ("The Sonos Move is a portable speaker. We tested the Sonos Move for a week and "
            "the Sonos Move lasted ten hours on one charge.")
    mentions, _ = extract_entities(next(parse(nlp, [text])))
    assert not [m for m in mentions if m.type == "PERSON"]


def test_the_answers_of_a_q_and_a_interview_are_the_interviewees(nlp: Language) -> None:
    turns = []
    for i in range(3):
        turns.append(f"Q: What did the crews decide on day {i + 1} of the strike?")
        turns.append(f"A: We decided to stay in port on day {i + 1} and to meet again.")
    text = ("We spoke to Ana Silva, who led the dock workers through the strike. Silva is "
            "a crane operator.\n\n" + "\n\n".join(turns))
    quotes = _quotes(nlp, text)
    assert len(quotes) == 3
    assert all(q.speaker == "Ana Silva" and q.text.startswith("We decided") for q in quotes)


def test_a_city_standing_for_its_team_is_an_organisation(nlp: Language) -> None:
    text = ("Pittsburgh center Sidney Crosby scored twice. Boston's goalie was hurt. "
            "Crosby lives in Pittsburgh, PA with his family.")
    mentions, _ = extract_entities(next(parse(nlp, [text])))
    assert [(m.text, m.type) for m in mentions if m.type in ("ORG", "PLACE")] == [
        ("Pittsburgh", "ORG"), ("Boston", "ORG"), ("Pittsburgh", "PLACE"), ("PA", "PLACE")]


def test_a_subject_pronoun_continues_the_subject_over_a_possessor(nlp: Language) -> None:
    text = ("Thomas Brandt says he went to Berlin to end the partnership with Peter Vogel. "
            "The trip meant three days at Vogel\u2019s estate.\n\n"
            "During the visit, he was seen walking with Vogel in the park.\n\n"
            "He later told reporters: \u201cI had to go and tell him in person, face to "
            "face.\u201d")
    [q] = _quotes(nlp, text)
    assert (q.speaker_kind, q.speaker) == ("pronoun", "Thomas Brandt")


def test_a_surname_read_as_a_common_word_still_speaks(nlp: Language) -> None:
    text = ("\u201cWe want our games everywhere,\u201d says Chris Early, a vice president at "
            "the studio.\n\nThe market is young, but Early still says the studio believes in "
            "it. \u201cOur objective is to make the best game there is,\u201d he says.")
    quotes = _quotes(nlp, text)
    assert [q.speaker for q in quotes] == ["Chris Early", "Chris Early"]


def test_a_person_with_a_title_in_apposition_is_a_person(nlp: Language) -> None:
    text = ("Rohan Mehta, Head of Strategy at Kestrel Securities, noted that the present "
            "market rewards single names.\n\n\u201cOnly a few shares are moving, so we do "
            "not see a wide rally coming,\u201d he said.")
    [q] = _quotes(nlp, text)
    assert q.speaker == "Rohan Mehta"


def test_doubled_single_marks_and_a_statement_speak_for_its_author(nlp: Language) -> None:
    text = ("\u2018\u2018It was a plan to confuse the readers,\u2019\u2019 Ada Kerr, chief "
            "executive of Fair Print, told the BBC.\n\nThe Press Council issued a "
            "statement warning that \u201creaders deserve to know who pays for each "
            "advert.\u201d Yet the council also stressed that it \u201ccannot order any paper "
            "to run or drop a story.\u201d")
    quotes = _quotes(nlp, text)
    assert text[quotes[0].start:quotes[0].end].startswith("It was a plan")
    assert text[quotes[0].start:quotes[0].end].endswith("readers")
    assert [q.speaker for q in quotes] == ["Ada Kerr", "Press Council",
                                           "Press Council"]


def test_cities_in_game_results_are_teams_and_stay_places_elsewhere(nlp: Language) -> None:
    text = ("Kai Lund scored twice and Denver beat Halifax 4-2 on Friday night. Ann Moss added "
            "two assists and the Otters improved to 9-3. Halifax had won three straight.\n\n"
            "Rays 3, Otters 1: Tom Ek made 30 saves in the shutout. The coach praised the "
            "goalie after the game, and the season goes on with two goals from the captain "
            "and a playoff spot at stake. Fans in Denver cheered.")
    mentions, _ = extract_entities(next(parse(nlp, [text])))
    kinds = [(m.text, m.type) for m in mentions if m.type in ("ORG", "PLACE")]
    assert ("Denver", "ORG") in kinds and ("Halifax", "ORG") in kinds
    assert kinds.count(("Otters", "ORG")) >= 2 and ("Rays", "ORG") in kinds
    assert kinds[-1] == ("Denver", "PLACE")  # "in Denver": the city


def test_places_in_an_article_about_no_game_stay_places(nlp: Language) -> None:
    text = ("Officials in Denver said the storm beat records set in 1998. Residents of Halifax "
            "braced for wind as the Otters, a local choir, cancelled its concert.")
    mentions, _ = extract_entities(next(parse(nlp, [text])))
    assert [m.type for m in mentions if m.text == "Denver"] == ["PLACE"]
    assert not any(m.text == "Otters" for m in mentions)  # no results, no teams


def test_a_relative_pronoun_speaks_for_the_noun_it_describes(nlp: Language) -> None:
    """ "X, who said ...", "a report that said ...": the speaker is X, the report."""
    cases = [("Ana Silva, who told reporters that the talks had failed, left Geneva on Friday.",
              "Ana Silva", "name", "Ana Silva"),
             ("Shares fell after a report that said the company had misreported its sales.",
              "a report", "description", None)]
    for text, mention, kind, speaker in cases:
        doc = next(parse(nlp, [text]))
        mentions, _ = extract_entities(doc)
        [q] = [q for q in extract_quotes(doc, mentions) if not q.direct]
        assert (_said(text, q), q.speaker_kind, q.speaker) == (mention, kind, speaker)


def test_a_dash_signature_after_each_quoted_paragraph(nlp: Language) -> None:
    text = ("Users told us what they like about the new ferry timetable:\n\n"
            "\"The early boat means I can reach the office before eight every day.\" -- "
            "Night nurse commuting from the outer islands to the city hospital\n\n"
            "\"I no longer wait an hour in the rain for the last connection home.\" -- "
            "Retired teacher living on the northern shore\n\n"
            "\"Great value and friendly staff on every crossing we took.\" \u2013 Ola K. "
            "(Read all reviews.)")
    first, second, third = _quotes(nlp, text)
    assert not first.parts and not second.parts  # one quote per signed paragraph
    assert (_said(text, first), first.speaker_kind) == (
        "Night nurse commuting from the outer islands to the city hospital", "description")
    assert _said(text, second) == "Retired teacher living on the northern shore"
    assert (_said(text, third), third.speaker) == ("Ola K.", "Ola K.")


def test_a_name_line_after_a_quoted_paragraph_names_its_speaker(nlp: Language) -> None:
    text = ("Harbour traffic grew again last year.\n\nQuote of the month\n\n"
            "\u201cWe expect the new cranes to double the number of ships we can serve each "
            "week.\u201d\n\nMaria Keller, head of the Port Authority of Arlen (at a press "
            "briefing on May 4)\n\nThe cranes arrive in June.")
    [q] = _quotes(nlp, text)
    assert (_said(text, q), q.speaker, q.speaker_kind) == ("Maria Keller", "Maria Keller", "name")


def test_a_description_with_a_name_in_apposition_is_the_name(nlp: Language) -> None:
    text = ("The firm\u2019s senior winter tester, Maria Keller, said, \u201cThe new model is a "
            "great car for snowy mountain roads.\u201d")
    [q] = _quotes(nlp, text)
    assert (_said(text, q), q.speaker, q.speaker_kind) == ("Maria Keller", "Maria Keller", "name")


def test_an_inverted_cue_with_a_role_before_the_name(nlp: Language) -> None:
    # The parse as the tagger can give it: the role noun "tester" read as a verb under "said".
    words_ = ["\u201c", "It", "grips", "well", "on", "wet", "roads", ",", "\u201d", "said",
              "ski", "tester", "Maria", "Keller", ",", "who", "races", "."]
    spaces = [False, True, True, True, True, True, False, False, True, True, True, True, True,
              False, True, True, False, False]
    heads = [9, 2, 9, 2, 2, 6, 4, 2, 9, 9, 11, 9, 13, 11, 13, 16, 13, 9]
    deps = ["punct", "nsubj", "ccomp", "advmod", "prep", "amod", "pobj", "punct", "punct", "ROOT",
            "nsubj", "ccomp", "compound", "dobj", "punct", "nsubj", "relcl", "punct"]
    pos = ["PUNCT", "PRON", "VERB", "ADV", "ADP", "ADJ", "NOUN", "PUNCT", "PUNCT", "VERB", "NOUN",
           "VERB", "PROPN", "PROPN", "PUNCT", "PRON", "VERB", "PUNCT"]
    tags = ["``", "PRP", "VBZ", "RB", "IN", "JJ", "NNS", ",", "''", "VBD", "NN", "VB", "NNP",
            "NNP", ",", "WP", "VBZ", "."]
    lemmas = ["\u201c", "it", "grip", "well", "on", "wet", "road", ",", "\u201d", "say", "ski",
              "tester", "Maria", "Keller", ",", "who", "race", "."]
    doc = Doc(nlp.vocab, words=words_, spaces=spaces, heads=heads, deps=deps, pos=pos, tags=tags,
              lemmas=lemmas)
    start = doc[12].idx
    person = Mention(start, start + len("Maria Keller"), "Maria Keller", "PERSON", "Maria Keller")
    [q] = [q for q in extract_quotes(doc, [person]) if q.direct]
    assert (_said(doc.text, q), q.speaker) == ("Maria Keller", "Maria Keller")


def test_a_name_before_a_colon_inside_a_sentence(nlp: Language) -> None:
    text = ("Several riders changed their minds, among them the coach Maria Keller: \u201cI "
            "doubted the new saddle at first, but it won me over within a week.\u201d")
    [q] = _quotes(nlp, text)
    assert (_said(text, q), q.speaker, q.cue) == ("Maria Keller", "Maria Keller", "colon")


def test_narration_after_a_quote_keeps_the_next_quoted_paragraph_apart(nlp: Language) -> None:
    text = ("Maria Keller runs the harbour office. The old cranes were \u201cslow, loud and far "
            "too costly to keep running every day\u201d in her view, and she replaced them.\n\n"
            "\u201cThe new cranes load twice as many boxes in an hour as the old ones did.\u201d")
    quotes = _quotes(nlp, text)
    assert len(quotes) == 2 and not quotes[0].parts

