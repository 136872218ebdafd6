"""Quality gate: text-only article extraction on the eval pages must not fall below its floor.

The figures are computed exactly as ``bench/extract_text.py`` prints them; the floors live in
``tests/eval_baseline.json`` so that raising them is an explicit, reviewed step.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("extract_text_bench", ROOT / "bench" / "extract_text.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def figures(eval_dir: Path) -> dict:
    return _bench().evaluate(eval_dir, repeat=1)


def test_text_extraction_meets_floor(figures: dict) -> None:
    floor = json.loads((ROOT / "tests" / "eval_baseline.json").read_text("utf-8"))["text_extraction"]
    got = figures["all"]
    assert got["n"] == 91
    assert got["f1"] >= floor["f1"], f"F1 {got['f1']:.3f} < floor {floor['f1']}"
    assert got["precision"] >= floor["precision"], f"precision {got['precision']:.3f} < {floor['precision']}"
    assert got["recall"] >= floor["recall"], f"recall {got['recall']:.3f} < {floor['recall']}"
    assert figures["holdout"]["f1"] >= floor["holdout_f1"]


def test_every_page_gives_an_article(figures: dict) -> None:
    assert figures["empty"] == 0


def test_metric_matches_the_benchmark_definition() -> None:
    bench = _bench()
    assert bench.page_counts("a b c d e", "a b c d e") == (1.0, 0.0, 0.0)
    tp, fp, fn = bench.page_counts("one two three four five", "two three four five six")
    assert (tp, fp, fn) == (1 / 3, 1 / 3, 1 / 3)
    agg = bench.aggregate([(1.0, 0.0, 0.0), (0.0, 0.0, 1.0)])  # the empty prediction is skipped for P
    assert agg["precision"] == 1.0 and agg["recall"] == 0.5
