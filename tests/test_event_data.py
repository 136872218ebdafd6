"""The converted PETRARCH2 / PLOVER data files and the incident-merge rule."""

from __future__ import annotations

import hashlib
import importlib.util
import json
from importlib import resources
from pathlib import Path

import pytest

from newsgraph.enrich.actors import lookup_actor, lookup_agent, split_code
from newsgraph.enrich.cameo import dictionary, to_plover
from newsgraph.incidents import REPORTED, same_incident

ROOT = Path(__file__).resolve().parent.parent
RESOURCES = ROOT.parent / "shared" / "resources"
DATA = resources.files("newsgraph") / "data"


def _converter():
    spec = importlib.util.spec_from_file_location("convert_petrarch",
                                                  ROOT / "scripts" / "convert_petrarch.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_shipped_files_match_their_manifest() -> None:
    manifest = json.loads((DATA / "petrarch_manifest.json").read_text())
    for name, info in manifest.items():
        assert hashlib.sha256((DATA / name).read_bytes()).hexdigest() == info["sha256"], name
    assert manifest["cameo_verbs.json.gz"]["patterns"] > 4500
    assert manifest["cameo_verbs.json.gz"]["verbs"] > 1500
    assert manifest["cameo_plover.tsv"]["rows"] > 250
    for notice in ("PETRARCH2-LICENSE.txt", "CAMEO2PLOVER-LICENSE.txt"):
        assert (DATA / notice).read_text().strip()
    assert "CC BY-SA 4.0" in (DATA / "CAMEO2PLOVER-LICENSE.txt").read_text()


def test_shipped_files_are_what_the_script_produces() -> None:
    if not (RESOURCES / "petrarch2" / "CAMEO.2.0.txt").exists():
        pytest.skip(f"PETRARCH2 resources not found at {RESOURCES}: needs ../shared (present in CI)")
    built = _converter().build(RESOURCES)
    for name, data in built.items():
        assert (DATA / name).read_bytes() == data, f"{name} is stale: run scripts/convert_petrarch.py"


def test_plover_table_and_dropped_codes() -> None:
    assert to_plover("190").type == "ASSAULT"
    assert to_plover("0234") is None  # appeals: PLOVER drops CAMEO 02
    assert to_plover("010") is None  # statements: PLOVER drops CAMEO 01
    assert to_plover("042").mode == "visit"
    assert "impose" in dictionary().verbs


def test_actor_dictionary_dates_office_holders() -> None:
    assert lookup_actor("President Bush", "2003-05-01").code == "USAGOV"
    assert lookup_actor("President Bush", "1991-05-01").code == "USAGOV"
    assert lookup_actor("President Bush", "1999-05-01").code.endswith("ELI")
    assert split_code("IGOUNO") == (None, "IGO")
    assert split_code("TURMIL") == ("TUR", "MIL")
    assert lookup_agent("fighter jet") == "MIL" and lookup_agent("policemen") in ("COP", None)


def _report(**kw):
    base = {"type": "ASSAULT", "actor": 1, "target": 2, "date": "2015-11-24",
            "precision": "day", "place": None, "mode": None,
            "negated": False, "hypothetical": False, "future": False}
    return {**base, **kw}


def test_same_incident() -> None:
    assert same_incident(_report(), _report(date="2015-11", precision="month"))
    assert not same_incident(_report(), _report(date="2016-01-02"))
    assert not same_incident(_report(), _report(date="2015-11-24", precision=REPORTED))
    assert same_incident(_report(date="2024-03-02", precision=REPORTED),
                         _report(date="2024-03-02", precision=REPORTED))
    assert not same_incident(_report(), _report(negated=True))
    assert not same_incident(_report(), _report(target=3))
    assert not same_incident(_report(place=5), _report(place=6))
    assert not same_incident(_report(actor=None, target=None), _report(actor=None, target=None))
