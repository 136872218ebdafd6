"""A quote run on after a comma from a clause about a named person (sentences we wrote)."""

from __future__ import annotations

from spacy.language import Language

from nlpkit import direct_quotes, speaker_words


def test_named_subject_of_the_clause_before_a_comma_speaks(nlp: Language) -> None:
    text = ("Our reviewer Marta Olsen was very pleased with her new coat, \u201cI would "
            "wear it every day of the winter if I could.\u201d")
    [q] = direct_quotes(nlp, text)
    assert speaker_words(text, q) == "Marta Olsen"
    assert q.speaker == "Marta Olsen"


def test_clause_without_a_person_gives_no_speaker(nlp: Language) -> None:
    text = ("The new coat arrived in a plain box, \u201cwith a note that nobody could read "
            "at all.\u201d")
    for q in direct_quotes(nlp, text):
        assert q.speaker is None


def test_name_apposed_to_the_subject_speaks(nlp: Language) -> None:
    text = ("Our tester Tovah was very pleased with the second parcel, \u201cFor long walks "
            "in the rain, the green coat is exactly what I wanted.\u201d")
    [q] = direct_quotes(nlp, text)
    assert speaker_words(text, q) == "Tovah"
