"""An adjective governing an infinitive states a disposition towards the act (a wish, a
readiness, a likelihood), not the act: hypothetical, unless it tells how or when the act was
done. Sentences written for these tests."""

from __future__ import annotations

import pytest
from spacy.language import Language

from nlpkit import coded_events as _events


@pytest.mark.parametrize("text", [
    "Portugal is eager to withdraw its soldiers from Angola.",
    "Norway is willing to release the Swedish fishermen.",
    "Austria was reluctant to send tanks to Hungary.",
    "Chile is likely to expel the Bolivian ambassador.",
])
def test_disposition_adjectives_make_the_act_hypothetical(nlp: Language, text: str) -> None:
    events = _events(nlp, text)
    assert events, text
    assert all(e.hypothetical for e in events), [(e.type, e.trigger) for e in events]


def test_headline_disposition_lists_no_act(nlp: Language) -> None:
    assert [e for e in _events(nlp, "Kenya eager to pull out of Somalia") if not e.uncertain] == []


def test_manner_adjectives_keep_the_act(nlp: Language) -> None:
    events = [e for e in _events(nlp, "Peru was quick to condemn the Chilean raid on Bolivia.")
              if not e.uncertain]
    assert ("ACCUSE", "PER") in [(e.type, e.actor_country) for e in events]


def test_disposition_over_a_for_clause_and_a_slipped_lemma(nlp: Language) -> None:
    for text in ("Oman is eager for Yemeni rebels to release the Saudi hostages.",
                 "Ghana hopes that Togolese troops withdraw from the border."):
        events = _events(nlp, text)
        assert events, text
        assert all(e.hypothetical for e in events), [(e.type, e.trigger) for e in events]


def test_a_that_clause_under_an_emotive_adjective_tells_the_act(nlp: Language) -> None:
    events = _events(nlp, "Chile was angry that Peruvian troops attacked the Bolivian base.")
    assert any(e.type == "ASSAULT" and not e.uncertain for e in events)
