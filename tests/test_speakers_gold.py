"""Quotes, speakers and entities on the real-article gold (needs ../shared/eval).

Floors are pinned a little under the figures on the held-out half
(tests/gold/real/heldout/, annotated blind by another annotator after the rules were
written), never on the dev half the rules were developed on. See bench/eval_quotes.py.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Held-out figures when pinned: mention 0.943, canonical 0.883, pronoun 0.889 (27 quotes),
# quote span F1 0.890, entity F1 0.754. On 2026-12-02 the held-out set was consulted in
# aggregate while the entity rules changed (0.783 since), so it is no longer blind: the
# fresh set below is the blind one. Since 2026-12-07 the entity recogniser is also trained on
# held-out and fresh (scripts/train_ner.py): their floors guard against regressions only.
HELDOUT_FLOORS = {"speaker_mention_accuracy": 0.92, "canonical_speaker_accuracy": 0.86,
                  "pronoun_speaker_accuracy": 0.85, "quote_f1": 0.87, "entity_f1": 0.73}


def _bench() -> ModuleType:
    path = ROOT / "bench" / "eval_quotes.py"
    spec = importlib.util.spec_from_file_location("eval_quotes", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["eval_quotes"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def bench(eval_dir: Path) -> ModuleType:
    return _bench()


def test_gold_files_point_into_the_eval_bodies(bench: ModuleType) -> None:
    gold = bench.load_gold("all")
    assert len(gold) >= 50
    for g in gold:
        n = len(g["body"])
        for e in g["entities"]:
            assert 0 <= e["start"] < e["end"] <= n, g["file"]
        for q in g["quotes"]:
            assert 0 <= q["start"] < q["end"] <= n, g["file"]
            assert q["speaker_kind"] in ("name", "pronoun", "description", "none")


# Fresh figures (tests/gold/real/fresh, 29 articles written blind by another annotator
# while the rules of 2026-12-02 were written, scored once): mention 0.890, canonical 0.774,
# pronoun 0.783 (23 quotes), quote span F1 0.890, entity F1 0.753.
FRESH_FLOORS = {"speaker_mention_accuracy": 0.87, "canonical_speaker_accuracy": 0.75,
                "pronoun_speaker_accuracy": 0.74, "quote_f1": 0.87, "entity_f1": 0.73}


# Fresh3 figures (tests/gold/real/fresh3, 25 articles written blind by another annotator;
# only aggregate figures were ever read). Blind until 2026-12-04 (0.768 quote span F1,
# mention 0.766, canonical 0.527, pronoun 0.643 on 14 quotes, entity F1 0.644); that night
# its aggregates chose rules (a validation set since): 0.810, 0.812, 0.605, 0.643, 0.641.
# After the quote acceptance test (2026-12-05): quote span F1 0.815 (precision 0.744).
# It chose the fine-tuned entity recogniser's recipe (2026-12-07, scripts/train_ner.py):
# entity F1 0.658 -> 0.675; quote span F1 0.805, mention 0.802, canonical 0.580.
# The speaker rules of 2026-12-08: quote span F1 0.814, mention 0.819, canonical 0.611.
FRESH3_FLOORS = {"speaker_mention_accuracy": 0.74, "canonical_speaker_accuracy": 0.50,
                 "pronoun_speaker_accuracy": 0.60, "quote_f1": 0.78, "entity_f1": 0.65}


# Fresh6 figures (tests/gold/real/fresh6, 28 wcxb-dev articles written blind on 2026-12-04
# before the rules of that evening were scored on them, scored once): quote span F1 0.709
# (precision 0.570: code, prompts and sayings in marks), mention 0.672, canonical 0.479,
# entity F1 0.615. Pronoun speakers are left out: 5 quotes. Scored once more after the
# quote acceptance test (2026-12-05): F1 0.727 (precision 0.629, recall 0.862, down from
# 0.938), mention 0.696, canonical 0.511, entity F1 0.615; floors left as they were.
# A validation set since it chose, with fresh3, the fine-tuned entity recogniser's recipe
# (2026-12-07): entity F1 0.625 -> 0.673; quote span F1 0.719, mention 0.709, canonical 0.511.
# The speaker rules of 2026-12-08: quote span F1 0.727, mention 0.696, canonical 0.556.
FRESH6_FLOORS = {"speaker_mention_accuracy": 0.64, "canonical_speaker_accuracy": 0.45,
                 "quote_f1": 0.68, "entity_f1": 0.65}


# Fresh7 figures (tests/gold/real/fresh7, 25 articles: 22 wcxb-dev, 3 aed, written blind on
# 2026-12-07; only aggregates read): on the rules of that morning entity F1 0.494, quote span
# F1 0.800 (21 quotes only), mention 0.778, canonical 0.600; once more on that day's final code
# (the learned mention model): entity F1 0.514 (precision 0.517, recall 0.511), quotes the
# same; once more with the fine-tuned entity recogniser (its recipe chosen on fresh3 and
# fresh6): entity F1 0.532 (precision 0.517, recall 0.548), quotes the same. With 21 quotes
# the quote floors are loose.
FRESH7_FLOORS = {"speaker_mention_accuracy": 0.66, "canonical_speaker_accuracy": 0.45,
                 "quote_f1": 0.70, "entity_f1": 0.51}
# Its errors were read on 2026-12-08 (a validation set since); that day's speaker rules:
# mention 0.889, canonical 0.800 (18 matched quotes).


# Fresh8 figures (tests/gold/real/fresh8, 25 wcxb-dev articles written blind on 2026-12-08:
# 1,365 entity mentions, 2 quotes, so an entity set only). Scored first on the code of
# 2026-12-07 (the fine-tuned recogniser, the mention model trained on the stock one's
# candidates): entity F1 0.733 (precision 0.732, recall 0.735); the stock recogniser 0.729.
FRESH8_FLOORS = {"entity_f1": 0.70}


@pytest.mark.parametrize(("split", "floors"), [("fresh", FRESH_FLOORS),
                                              ("fresh3", FRESH3_FLOORS),
                                              ("fresh6", FRESH6_FLOORS),
                                              ("fresh7", FRESH7_FLOORS),
                                              ("fresh8", FRESH8_FLOORS)])
def test_blind_floors(bench: ModuleType, split: str, floors: dict[str, float]) -> None:
    if not list((ROOT / "tests" / "gold" / "real" / split).glob("*.json")):
        pytest.skip(f"the {split} gold set is not in this checkout")
    result = bench.evaluate(split)
    assert result["articles"] >= 25
    for key, floor in floors.items():
        assert result[key] >= floor, (key, result)


def test_heldout_floors(bench: ModuleType) -> None:
    result = bench.evaluate("heldout")
    assert result["articles"] >= 30
    for key, floor in HELDOUT_FLOORS.items():
        assert result[key] >= floor, (key, result)
