"""Split quotes, stray marks and transcript labels: rules on sentences written by us."""

from __future__ import annotations

from spacy.language import Language

from newsgraph.enrich.entities import extract_entities
from newsgraph.enrich.nlp import parse
from newsgraph.enrich.quotes import extract_quotes
from nlpkit import direct_quotes as _quotes


def test_a_verb_after_a_closed_sentence_that_says_something_else_is_no_cue(nlp: Language) -> None:
    text = (
        "\u201cBread keeps well in a cool cupboard,\u201d says Marta Lind. \u201cA fridge "
        "dries it out.\u201d Lind recommends freezing what you cannot eat in two days."
    )
    (q,) = _quotes(nlp, text)
    assert len(q.parts) == 2 and q.speaker == "Marta Lind"


def test_initials_in_the_cue_do_not_end_its_sentence(nlp: Language) -> None:
    text = (
        "\u201cMost drivers never read the contract before they sign it,\u201d said Tom "
        "Baker, an analyst at J.D. Power. \u201cThat is where the fees hide.\u201d"
    )
    (q,) = _quotes(nlp, text)
    assert len(q.parts) == 2 and q.speaker == "Tom Baker"


def test_a_cue_verb_between_the_parts_of_a_sentence(nlp: Language) -> None:
    text = (
        "\u201cThe best advice for a new runner,\u201d Paula Grant offers, \u201cis to "
        "walk the first week and run the second.\u201d"
    )
    (q,) = _quotes(nlp, text)
    assert len(q.parts) == 2 and q.speaker == "Paula Grant" and q.cue == "offers"


def test_a_closing_glyph_typed_as_an_opening_mark(nlp: Language) -> None:
    text = (
        "Cheaper in the north\n\n\u201dWe pay half of what we paid in the city for the "
        "same cleaning,\u201d said Ines Moreau, who runs a bakery."
    )
    (q,) = _quotes(nlp, text)
    assert q.text.startswith("We pay half") and q.speaker == "Ines Moreau"


def test_a_second_part_whose_mark_never_closes_is_left_out(nlp: Language) -> None:
    text = (
        "\u201cOld ferries run for forty years, so they are slow to replace,\u201d says "
        "Karl Nyberg of the port authority. \u201cBiofuel is the quickest way to cut their "
        "emissions.\n\nThree new routes\n\nThe harbour opens three routes next spring."
    )
    (q,) = _quotes(nlp, text)
    assert q.parts == [] and q.text.endswith("slow to replace")
    assert q.speaker == "Karl Nyberg"


def test_capital_headings_with_colons_are_no_transcript(nlp: Language) -> None:
    text = (
        "Oil change\n\nINTERVAL: Every 10,000 miles for most modern engines\n\n"
        "PRICE: Between 60 and 90 dollars at most garages\n\nBrakes\n\n"
        "INTERVAL: Have them checked at every second oil change\n\n"
        "PRICE: About 250 dollars for pads on both front wheels"
    )
    assert _quotes(nlp, text) == []


def test_a_partial_quote_takes_the_speech_verb_later_in_its_sentence(nlp: Language) -> None:
    text = (
        "Many readers expect lighter sleep, but \u201cthe studies have not found the same "
        "effect\u201d in healthy adults, says Hanna Berg."
    )
    (q,) = _quotes(nlp, text)
    assert q.speaker == "Hanna Berg"


def test_a_cue_less_part_joins_the_cued_part_of_its_sentence(nlp: Language) -> None:
    text = (
        "\u201cCare is needed for anyone who already has weak bones,\u201d which means most "
        "people over seventy, \u201cbecause the loss can be faster than the gain,\u201d "
        "Omar Haddad explains."
    )
    (q,) = _quotes(nlp, text)
    assert len(q.parts) == 2 and q.speaker == "Omar Haddad"


def test_titles_and_employer_before_the_name_are_not_the_speaker(nlp: Language) -> None:
    text = (
        "\u201cThis spring it is all about colour and light,\u201d says Bright Rooms "
        "Co-Owner and Lead Designer Laura Price."
    )
    (q,) = _quotes(nlp, text)
    assert q.speaker == "Laura Price"
    assert text[q.speaker_start : q.speaker_end] == "Laura Price"


def test_the_first_of_two_people_named_in_the_cue_is_the_speaker(nlp: Language) -> None:
    text = "\u201cWe will rebuild the bridge by May,\u201d said Ana Silva and Mayor John Brown."
    (q,) = _quotes(nlp, text)
    assert q.speaker == "Ana Silva"


def test_the_report_speaks_for_the_organisation_that_put_it_out(nlp: Language) -> None:
    text = (
        "The Garden Society also covered soil care in its yearly survey report, placing it "
        "first among its members' worries.\n\n\u201cThis worry is about keeping the soil "
        "alive through a hard winter,\u201d the report read."
    )
    (q,) = _quotes(nlp, text)
    assert q.speaker_kind == "description" and text[q.speaker_start : q.speaker_end] == "the report"
    assert q.speaker == "Garden Society" and q.speaker_link == "Garden Society"


def test_a_report_with_no_author_in_the_text_has_no_speaker(nlp: Language) -> None:
    text = (
        "\u201cThe new rules will cost small farms dearly in the first year,\u201d the report said."
    )
    (q,) = _quotes(nlp, text)
    assert q.speaker_kind == "description" and q.speaker is None


def test_a_pronoun_follows_the_person_whose_subject_the_sentence_is_about(nlp: Language) -> None:
    text = (
        "Peter Novak said the river was clean this year. In contrast, Omar Haddad\u2019s "
        "team worked at night. \u201cWe counted every fish twice over before dawn,\u201d "
        "he said."
    )
    (q,) = _quotes(nlp, text)
    assert q.speaker == "Omar Haddad"


def test_a_pronoun_prefers_the_main_subject_to_one_in_an_aside(nlp: Language) -> None:
    text = (
        "Omar Haddad reads the forest as one creature, steering it back to a kind of, as "
        "Henry Thoreau might have phrased it, wild order. \u201cWe do not have the words "
        "for it yet,\u201d he says."
    )
    (q,) = _quotes(nlp, text)
    assert q.speaker == "Omar Haddad"


def test_a_study_by_an_organisation_speaks_for_it(nlp: Language) -> None:
    text = (
        "Prices rose, but \u201cmost of the cost of the tariff falls on local buyers,\u201d "
        "according to a 2021 study by the Institute for Trade Research."
    )
    (q,) = _quotes(nlp, text)
    assert q.speaker == "Institute for Trade Research"


def test_job_words_read_into_a_name_are_not_the_speaker_s_name(nlp: Language) -> None:
    text = (
        "\u201cGuests want fewer courses and longer evenings this year,\u201d says "
        "Lead Planner Bianca Moss."
    )
    (q,) = _quotes(nlp, text)
    assert q.speaker == "Bianca Moss"


def test_a_cue_less_phrase_with_no_one_to_speak_it_is_no_quote(nlp: Language) -> None:
    text = (
        "Sit still and breathe slowly. Repeat the phrase \u201cmay this day be calm and "
        "kind\u201d ten times.\n\nThen stretch your arms and rest for a minute."
    )
    assert _quotes(nlp, text) == []


def test_a_cue_less_quote_next_to_its_speaker_is_kept(nlp: Language) -> None:
    text = (
        "\u201cThe harbour will reopen before the summer season\u201d\n\nMayor Ana Silva "
        "told the council that the work was on schedule."
    )
    (q,) = _quotes(nlp, text)
    assert q.text.startswith("The harbour will reopen")


def test_a_pronoun_after_a_lone_surname_is_that_person(nlp: Language) -> None:
    text = (
        "Ashley Millers runs a studio in Leeds. Olivia Rhodes, a singer, made stretching "
        "popular online.\n\nMillers agrees that stretching classes have grown.\n\n"
        "\u201cMovement is now seen as a form of rest, not only of effort,\u201d she explains."
    )
    (q,) = _quotes(nlp, text)
    assert q.speaker == "Ashley Millers"


def test_a_hyphenated_role_before_the_name_is_not_the_speaker(nlp: Language) -> None:
    text = (
        "\u201cWe need farms, but we must also reduce the harm they do,\u201d said "
        "co-author Marta Lindqvist, a lecturer at the institute."
    )
    (q,) = _quotes(nlp, text)
    assert q.speaker_kind == "name" and q.speaker == "Marta Lindqvist"
    assert text[q.speaker_start : q.speaker_end] == "Marta Lindqvist"


def test_a_lead_in_paragraph_ending_in_a_cue_and_a_colon(nlp: Language) -> None:
    text = (
        "The audit took three weeks. As Nordlab put it:\n\n\u201cThe images give a clear "
        "audit trail for every build and every change made to them.\u201d\n\nThe company "
        "also highlighted the speed of the fixes. Nordlab noted:\n\n\u201cFast patching. "
        "The seven day promise greatly reduces the window for attackers.\u201d"
    )
    quotes = _quotes(nlp, text)
    assert [q.speaker for q in quotes] == ["Nordlab", "Nordlab"]
    assert all(q.speaker_kind == "name" for q in quotes)


def test_in_someone_s_words_names_the_speaker(nlp: Language) -> None:
    text = (
        "Hannah Kaiser found her escape in music. It gave her an entire universe to roam "
        "\u2014 in Kaiser\u2019s words, a \u201cworld of sounds that I can explore on my "
        "own.\u201d It was art."
    )
    (q,) = _quotes(nlp, text)
    assert q.speaker == "Hannah Kaiser" and text[q.speaker_start : q.speaker_end] == "Kaiser"


def test_a_participle_cue_speaks_for_the_sentence_s_subject(nlp: Language) -> None:
    text = (
        "Priya Sandhu works at a bank. Sandhu admitted that some slack is needed to cope "
        "with surprises when customers phone, stating, \u201cSome evenings you will have "
        "to put the book down and answer the phone.\u201d"
    )
    (q,) = _quotes(nlp, text)
    assert q.speaker == "Priya Sandhu"


_ROUND_UP = (
    "Three economists on the year ahead for home buyers.\n\n"
    "Maria Olsen, chief economist at Harbor Realty\n\n"
    "\u201cPrices will keep rising through the spring because inventory stays tight.\u201d\n\n"
    "On rates: \u201cIf mortgage rates drop below six percent, we expect a wave of buyers.\u201d\n\n"
    "\u201cSellers should not wait too long to list their homes.\u201d\n\n"
    "Tom Becker, senior analyst, Pine Research:\n\n"
    "\u201cRents are flattening in most large cities this year.\u201d\n\n"
    "\u201cLandlords are offering a free month more often than before.\u201d"
)


def test_quoted_paragraphs_under_a_name_heading_are_one_quote_of_that_person(
        nlp: Language) -> None:
    olsen, becker = _quotes(nlp, _ROUND_UP)
    assert (olsen.speaker, len(olsen.parts)) == ("Maria Olsen", 3)
    assert (becker.speaker, len(becker.parts)) == ("Tom Becker", 2)
    assert olsen.speaker_kind == becker.speaker_kind == "name"


def test_a_name_line_under_the_first_quote_signs_it_and_makes_no_heading(
        nlp: Language) -> None:
    text = (
        "What our customers say.\n\n"
        "\u201cThe delivery came a day early and the bike was already tuned.\u201d\n"
        "Ana Ruiz, teacher from Leeds\n\n"
        "\u201cSupport answered my question within the hour on a Sunday.\u201d\n"
        "Peter Holm, nurse from York"
    )
    first, second = _quotes(nlp, text)
    assert first.speaker == "Ana Ruiz" and second.speaker == "Peter Holm"
    assert not first.parts and not second.parts


def test_a_dash_signature_of_a_name_and_a_role_names_the_person(nlp: Language) -> None:
    text = (
        "Early readers on the new novel.\n\n"
        "\u201cA slow start, then two hundred pages I could not put down.\u201d \u2013 Ines "
        "Varga, books editor at a city weekly"
    )
    (q,) = _quotes(nlp, text)
    assert (q.speaker_kind, q.speaker) == ("name", "Ines Varga")


def test_according_to_in_the_sentence_before_names_the_next_quotes_speaker(
        nlp: Language) -> None:
    text = (
        "Robots still struggle with the physical world. According to Dana Frey, a roboticist "
        "at Delft, that is because they have no body. \u201cGive one a ramp and a ball "
        "and it has no idea which way the ball will go.\u201d"
    )
    (q,) = _quotes(nlp, text)
    assert q.speaker == "Dana Frey"


def test_a_quote_inside_a_sentence_that_names_no_one_takes_the_cue_before(
        nlp: Language) -> None:
    text = (
        "The model was trained on text alone, Karl Mott says. Just because a chatbot sounds "
        "fluent, \u201cthat does not mean it understands a single word of it.\u201d"
    )
    (q,) = _quotes(nlp, text)
    assert q.speaker == "Karl Mott"


def test_the_one_told_is_never_the_speaker(nlp: Language) -> None:
    text = ("Marek Ilves said he felt bound to visit his old partner to tell him in private "
            "that the shop would close.")
    doc = next(parse(nlp, [text]))
    mentions, _ = extract_entities(doc)
    for q in extract_quotes(doc, mentions):
        assert q.speaker_text != "him", q


def test_one_quoted_word_is_no_later_part_of_a_quote(nlp: Language) -> None:
    text = ("\u201cWe painted the whole barn in one weekend,\u201d the \u201cGardens\u201d "
            "actor said on \u201cLatenight.\u201d His wife smiled.")
    (q,) = _quotes(nlp, text)
    assert q.text.startswith("We painted") and not q.parts


def test_a_report_starts_at_its_first_word(nlp: Language) -> None:
    text = "Volvo says that, in such a setup, the car could reach 100 km/h in five seconds."
    doc = next(parse(nlp, [text]))
    mentions, _ = extract_entities(doc)
    (q,) = [q for q in extract_quotes(doc, mentions) if not q.direct]
    assert q.text.startswith("in such a setup")


def test_a_quoted_title_after_a_verb_of_writing_is_no_quote(nlp: Language) -> None:
    text = ("Dana Frey wrote \u201cThe Quiet Engines of the North: A Life at Sea\u201d in 2019. "
            "\u201cWe Will Build It Again,\u201d the mayor said after the storm.")
    (q,) = _quotes(nlp, text)
    assert q.text == "We Will Build It Again"


def test_a_cue_in_an_aside_before_the_mark_names_the_speaker(nlp: Language) -> None:
    text = ("The pills may look alike but\u2014Ana Ruiz warns\u2014\u201ccould contain the "
            "wrong ingredients or too little of them.\u201d")
    (q,) = _quotes(nlp, text)
    assert q.speaker == "Ana Ruiz" and q.text.startswith("could contain")


def test_a_dash_glued_to_a_mark_is_a_token_of_its_own(nlp: Language) -> None:
    text = "It helps\u2014she said\u2014\u201cevery single time.\u201d"
    doc = nlp(text)
    assert doc.text == text
    assert [t.text for t in doc][5:8] == ["\u2014", "\u201c", "every"]


def test_a_title_cased_string_after_its_cue_is_a_work_or_a_motto(nlp: Language) -> None:
    song = ("The pianist Ivo Marek sat down, smiled and began the first bars of \u201cWalking "
            "Home Along the River.\u201d The hall went quiet.")
    motto = ("As we like to say here at the workshop, \u201cEvery Broken Chair Has a Second "
             "Life!\u201d The sign hangs over the door.")
    assert _quotes(nlp, song) == _quotes(nlp, motto) == []


def test_the_next_paragraph_s_cue_is_not_a_split_quote_s(nlp: Language) -> None:
    # The parser runs the split quote's sentence on into the next paragraph, whose "said"
    # then heads "recalled": the second part is still Lena's.
    text = (
        "When Ravi called on his agent Lena Vukovic at her studio in Harrow, he would draw small "
        "cartoons of the letters on her desk and leave them for her to find. \u201cLife was too "
        "short,\u201d she recalled, \u201cfor Ravi to do all the things that he would dream up "
        "to do.\u201d\n\n\u201cHe could have had a much bigger career,\u201d Tomas Bjerke, "
        "Lena\u2019s husband and managing editor, said, \u201cif he had been more careful about "
        "his deadlines\u201d and stuck to one genre.")
    first, second = _quotes(nlp, text)
    assert len(first.parts) == 2 and first.speaker == "Lena Vukovic"
    assert len(second.parts) == 2 and second.speaker == "Tomas Bjerke"


def test_remembered_next_to_a_quote_is_its_cue(nlp: Language) -> None:
    text = ("Lena Vukovic kept every cartoon. \u201cA day was never long enough,\u201d she "
            "remembered, \u201cfor Ravi to try every idea that came into his head.\u201d")
    (q,) = _quotes(nlp, text)
    assert len(q.parts) == 2 and q.speaker == "Lena Vukovic"


def test_in_the_words_of_names_the_speaker(nlp: Language) -> None:
    text = ("Buying recycled goods matters as much as sorting waste. In the words of Hal "
            "Brennock Jr., \u201cIf you are not buying recycled goods, you are not really "
            "recycling.\u201d")
    (q,) = _quotes(nlp, text)
    assert (q.speaker_kind, q.speaker) == ("name", "Hal Brennock Jr.")
