"""The precision audit's held-out half (issue 9, Must show 2), pinned.

Half B of the eval articles (``tests/gold/events/split.json``, by site) was judged once after
the code of session 19 was final: at the default listing floor 12 events, 7 right in type
and actor (0.583; ``python bench/audit_events.py``). The floor below is that figure minus a
margin of about one standard error (12 events), so a change that makes the listed events
worse fails here. Events listed now that were not judged are not scored (judge them into
``tests/gold/events/audit.jsonl`` on half A only; half B is judged once per session, after
its code is final). Needs ``../shared`` (the eval set).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from newsgraph.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
HELD_OUT_PRECISION = 0.583
MARGIN = 0.13
MIN_JUDGED = 6
"""Session 22 dropped a listed event that was judged wrong (8 judged, 4 right, then 7 and 4);
session 24 another (6 judged, 4 right)."""


def _audit_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("audit_events",
                                                  ROOT / "bench" / "audit_events.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def held_out(eval_dir: Path) -> dict[str, object]:
    audit = _audit_module()
    if not audit.EVAL.exists():
        pytest.skip(f"eval set not found at {audit.EVAL}: needs ../shared beside the repo")
    return audit.audit(Settings().event_min_confidence, halves="B")["listed"]["B"]


def test_held_out_precision_of_the_listed_events(held_out: dict[str, object]) -> None:
    assert held_out["events_judged"] >= MIN_JUDGED, held_out
    assert held_out["precision_type_actor"] >= HELD_OUT_PRECISION - MARGIN, held_out


def test_no_listed_event_is_out_of_scope_or_a_dateline(held_out: dict[str, object]) -> None:
    assert held_out["out_of_scope_events"] == 0, held_out
    assert held_out["dateline_actors"] == 0, held_out
