"""Event confidence that means observed precision.

Whether a reader would accept an event (right type and right actor) is predicted from
what the coder found: a dyad of two sides with a country, a CAMEO dictionary pattern (:func:`features`). The share of the article's named mentions that
are political (countries, nationalities, actors the dictionaries code in a political
sector) decides scope by rule: under ``MIN_RELEVANCE`` the story is out of scope and codes
no events. A logistic model over the features, fitted by
``scripts/calibrate_events.py`` on the development sets (the two CAMEO validation sets
and half A of the precision audit), turns them into the probability that the event is
right; its coefficients are ``data/event_calibration.json``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from functools import cache
from importlib import resources

from newsgraph.enrich.actors import POLITICAL_SECTORS, lookup_actor, lookup_agent
from newsgraph.model import Event, Mention

FEATURES = ("bias", "dyad", "pattern")
"""The model's inputs, in the order of its coefficients."""

MIN_RELEVANCE = 0.08
"""An article where fewer of the named mentions are political is no political story (an
entertainment, product or lifestyle piece naming no country or office holder): it codes
no events (:func:`newsgraph.enrich.events.extract_events`). Chosen on audit half A."""
MIN_NAMED = 5
"""A text naming fewer entities (a single sentence, a brief) says too little about its story:
its relevance is taken as political (1.0), and the sentence's own parties decide."""

_NAMED = frozenset({"PERSON", "ORG", "COUNTRY", "PLACE", "NORP"})


@cache
def _political_name(name: str) -> bool:
    code = lookup_actor(name)
    return code is not None and (code.sector in POLITICAL_SECTORS
                                 or (code.country is not None and code.sector is None))


def _political_body(m: Mention) -> bool:
    """An organisation of a country whose last words name a political body in the agents
    dictionary ("New York State Attorney General", "Kenya Police", "Iranian Foreign
    Ministry"), though the actor dictionaries do not list the whole name."""
    if m.type != "ORG" or m.country is None:
        return False
    words = m.canonical.split()
    return any(lookup_agent(" ".join(words[k:])) in POLITICAL_SECTORS for k in range(1, len(words)))


def relevance(mentions: Sequence[Mention]) -> float:
    """Share of the article's named mentions that are political: countries, nationality
    words, people or organisations the actor dictionaries code in a political sector or as a
    country's own, and a country's political bodies (:func:`_political_body`); 1.0 when fewer
    than ``MIN_NAMED`` are named: no evidence."""
    named = [m for m in mentions if m.type in _NAMED]
    if len(named) < MIN_NAMED:
        return 1.0
    political = sum(1 for m in named if m.type == "COUNTRY" or m.demonym
                    or (m.type in ("PERSON", "ORG") and _political_name(m.canonical))
                    or _political_body(m))
    return political / len(named)


def _political(country: str | None, sector: str | None) -> bool:
    return (country is not None and sector in (None, *POLITICAL_SECTORS)) or \
        sector in POLITICAL_SECTORS


def features(event: Event, article_relevance: float, discards: int) -> list[float]:
    """The model's inputs for ``event`` (whose confidence is the coder's raw one): a dyad
    whose two sides both have a country, a CAMEO dictionary pattern (whose verb + object
    readings err more often on news text than the project's own triggers).

    Chosen by cross-validated log loss on the development events (``scripts/
    calibrate_events.py --compare``): the sides' political sectors, the raw confidence and
    the article's discard phrases did not predict beyond these (with them the model was
    worse than the base rate); a named actor added nothing once an event no one acts in is
    capped by rule (``NO_ACTOR_CONFIDENCE``). The article's relevance is no input either:
    the validation sentences are too short to have one, so its weight only told the two
    kinds of data apart; it decides scope by rule instead."""
    return [
        1.0,
        float(event.actor_country is not None and event.target_country is not None),
        float(event.cameo is not None),
    ]


@cache
def _model() -> dict[str, float] | None:
    path = resources.files("newsgraph") / "data" / "event_calibration.json"
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return dict(zip(data["features"], data["coefficients"], strict=True))


def probability(x: Sequence[float], coefficients: Sequence[float]) -> float:
    """The logistic model's probability for inputs ``x``."""
    z = sum(w * v for w, v in zip(coefficients, x, strict=True))
    return 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))


NO_ACTOR_CONFIDENCE = 0.3
"""Most confidence an event gets when no one acts in it, neither a named party nor a generic
agent ("was killed"): PLOVER codes such events with an unknown actor, but a listing of who
did what cannot show them as known (on audit half A 1 of 10 such events was right in type
and actor before this session's filters). Applied by rule, as the model's weights for a
missing actor rest on too few events. So is an actor of a sector of civil life (companies,
schools, churches, farmers, "Chinese companies", "American tourists"), which is no
political actor, except in a protest (PLOVER's PROTEST is civil society acting politically)."""


BACKGROUND_FACTOR = 0.85
"""Confidence kept by an event coded in a background clause (relative clause, participle,
adverbial clause: :func:`newsgraph.enrich.events._background`), which is less often the
event the sentence reports than the main clause's."""


def calibrate(event: Event, article_relevance: float, discards: int,
              background: bool = False) -> float:
    """The calibrated confidence of ``event``: the fitted probability that it is right,
    scaled down as the raw confidence was for negated, hypothetical and future events.
    Without a fitted model the raw confidence is kept."""
    model = _model()
    if model is None:
        return event.confidence
    p = probability(features(event, article_relevance, discards),
                    [model[f] for f in FEATURES])
    if (event.actor is None and event.actor_sector is None) or (
            event.actor_sector is not None and event.actor_sector not in POLITICAL_SECTORS
            and event.type != "PROTEST"):
        p = min(p, NO_ACTOR_CONFIDENCE)
    if background:
        p *= BACKGROUND_FACTOR
    if event.negated or event.hypothetical:
        p = min(p * 0.3, 0.25)
    elif event.future:
        p = min(p * 0.5, 0.4)
    return round(max(p, 0.01), 2)
