"""The learned mention model: its plumbing with hand-set weights, and the shipped weights."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pytest

from newsgraph.enrich import entities, mention_model
from newsgraph.enrich.mention_model import CLASSES, DIM, MentionModel

if TYPE_CHECKING:
    from spacy.language import Language

TEXT = ("Maria Delgado, the mayor of Porto Verde, met officials of the Harbour Workers Union "
        "in Lisbon on Monday. Delgado said Portugal would help.")


def _biased(cls: str, margin: float = 0.0) -> MentionModel:
    """A model that always votes ``cls``, by 10 log-odds, with ``margin`` for any change."""
    bias = np.full(len(CLASSES), -5.0, dtype=np.float32)
    bias[CLASSES.index(cls)] = 5.0
    return MentionModel(np.zeros((DIM, len(CLASSES)), dtype=np.float32), bias, margin, margin)


def _typed(nlp: Language, model: MentionModel | bool) -> set[tuple[str, str]]:
    mentions, _ = entities.extract_entities(nlp(TEXT), learned=model)
    return {(m.text, m.type) for m in mentions}


def test_rules_alone_and_a_model_that_agrees_give_the_same_mentions(nlp: Language) -> None:
    rules = _typed(nlp, False)
    assert ("Maria Delgado", "PERSON") in rules and ("Portugal", "COUNTRY") in rules
    # a model that always votes PERSON changes only what is not PERSON already
    people = _typed(nlp, _biased("PERSON"))
    assert {t for t, k in people if k == "PERSON"} >= {t for t, k in rules if k == "PERSON"}


def test_drop_removes_only_unfixed_person_org_place(nlp: Language) -> None:
    doc = nlp(TEXT)
    cands, _ = entities.rule_candidates(doc)
    fixed = {(doc[c.start : c.end].text, c.type) for c in cands
             if c.fixed or c.type not in mention_model.SCORED}
    kept = _typed(nlp, _biased("DROP"))
    assert ("Portugal", "COUNTRY") in kept and ("Lisbon", "PLACE") in kept  # gazetteers'
    assert kept == fixed
    assert ("Maria Delgado", "PERSON") not in kept


def test_the_margin_keeps_the_rules_type_unless_beaten_by_that_much(nlp: Language) -> None:
    rules = _typed(nlp, False)
    assert _typed(nlp, _biased("DROP", margin=50.0)) == rules


def test_one_surface_form_gets_one_decision(nlp: Language) -> None:
    doc = nlp("Acme Rivers said on Monday that Acme Rivers would buy a plant. "
              "Shares of Acme Rivers rose.")
    cands, _ = entities.rule_candidates(doc)
    model = mention_model.shipped() or _biased("ORG")
    changes = model.decide(doc, cands, entities.lower_words(doc))
    by_text: dict[str, set[str | None]] = {}
    for i, c in enumerate(cands):
        by_text.setdefault(doc[c.start : c.end].text, set()).add(changes.get(i, c.type))
    assert all(len(v) == 1 for v in by_text.values()), by_text


def test_the_shipped_model_is_packaged_and_well_formed() -> None:
    model = mention_model.shipped()
    if model is None:
        pytest.fail("newsgraph/data/mention_model.npz is missing from the package")
    assert model.weights.shape == (DIM, len(CLASSES))
    assert np.isfinite(model.weights).all() and np.isfinite(model.bias).all()
    assert model.margin >= 0
