"""Torture suite, fast slice: every reproduction of issue 12 and seeded mutations of real pages.

Inputs are written at run time by ``tests/torture.py`` (nothing large is
committed). The full run over every command is ``python bench/torture.py``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from newsgraph.model import ReadError
from newsgraph.read import read_pages
from newsgraph.read.documents import read_documents

sys.path.insert(0, str(Path(__file__).resolve().parent))
import torture

SRC = Path(__file__).resolve().parent.parent / "src"
# The child writes its own peak RSS (VmHWM, KB) to $RSS_FILE on exit. Neither RUSAGE_CHILDREN in
# the parent (the largest child ever waited for) nor the child's ru_maxrss (which keeps the forked
# copy of this test process from before exec) measures the command itself.
_MAIN = ("import os, sys\nfrom newsgraph.cli import main\nsys.argv[0] = 'newsgraph'\n"
         "try:\n    main()\nfinally:\n"
         "    hwm = [l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')]\n"
         "    with open(os.environ['RSS_FILE'], 'w') as f:\n        f.write(hwm[0] if hwm else '0')\n")
REPRO = [c for c in torture.reproduction_cases() if not c.slow]
MUTATIONS = torture.mutation_cases(limit=40)
_NAMES = ("RecursionError", "ValueError", "UnicodeEncodeError", "UnicodeDecodeError", "KeyError",
          "TypeError", "AttributeError", "OverflowError", "MemoryError", "Traceback")


def _check(case: torture.Case, items: list[object], seconds: float) -> None:
    pages = [i for i in items if not isinstance(i, ReadError)]
    errors = [i for i in items if isinstance(i, ReadError)]
    assert seconds < case.seconds, f"{case.name}: {seconds:.1f} s"
    assert len(pages) == case.good, f"{case.name}: {len(pages)} pages, {[str(e) for e in errors]}"
    assert bool(errors) == case.bad, f"{case.name}: {[str(e) for e in errors]}"
    for error in errors:
        assert any(name in error.source for name in case.file_names()) or error.source.startswith(
            "/dev/"), f"{case.name}: {error} does not name its file"
        assert not any(name in error.reason for name in _NAMES), f"{case.name}: {error}"
        json.dumps(str(error), ensure_ascii=False).encode("utf-8")  # printable, storable


@pytest.mark.parametrize("case", [c for c in REPRO if "read" in c.commands], ids=lambda c: c.name)
def test_reproduction_read(case: torture.Case, tmp_path: Path) -> None:
    target = case.write(tmp_path)
    started = time.perf_counter()
    items = list(read_pages([str(target)]))
    _check(case, items, time.perf_counter() - started)
    for page in items:
        if not isinstance(page, ReadError):
            page.text.encode("utf-8")  # no lone surrogate reaches the store
            assert "\x00" not in page.text


@pytest.mark.parametrize("case", [c for c in REPRO if "analyze" in c.commands and c.good],
                         ids=lambda c: c.name)
def test_reproduction_analyze_input(case: torture.Case, tmp_path: Path) -> None:
    """analyze reads what extract reads (no model needed to check its input side)."""
    target = case.write(tmp_path)
    started = time.perf_counter()
    items = list(read_documents([str(target)]))
    _check(case, items, time.perf_counter() - started)


@pytest.mark.parametrize("case", MUTATIONS, ids=lambda c: c.name)
def test_mutation_read(case: torture.Case, tmp_path: Path) -> None:
    target = case.write(tmp_path)
    started = time.perf_counter()
    _check(case, list(read_pages([str(target)])), time.perf_counter() - started)


def _run(args: list[str], timeout: float = 90) -> tuple[subprocess.CompletedProcess[str], int]:
    """Run the CLI in a child; returns the result and the child's peak RSS in MB."""
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as rss:
        env = {**os.environ, "PYTHONPATH": str(SRC), "RSS_FILE": rss.name}
        done = subprocess.run([sys.executable, "-c", _MAIN, *args], capture_output=True,
                              text=True, timeout=timeout, env=env, errors="strict")
        peak_kb = int(rss.read() or 0)
    return done, peak_kb // 1024


CLI_SLICE = ["jsonl-first-line-truncated", "non-utf8-file-name", "fifo-in-folder",
             "warc-gzip-member-cut", "html-100k-attributes"]


@pytest.mark.parametrize("case", [c for c in REPRO if any(c.name.startswith(n) for n in CLI_SLICE)],
                         ids=lambda c: c.name)
def test_cli_slice_extract_and_ingest(case: torture.Case, tmp_path: Path) -> None:
    target = str(case.write(tmp_path / "in"))
    extract, peak = _run(["extract", target, "--jsonl"])
    assert "Traceback" not in extract.stderr
    assert extract.returncode == (1 if case.bad else 0), extract.stderr
    assert len(extract.stdout.splitlines()) == case.good
    assert peak < 1024
    ingest, peak = _run(["ingest", target, "--db", str(tmp_path / "s.db"), "--no-enrich", "--json"])
    assert "Traceback" not in ingest.stderr
    assert ingest.returncode == (1 if case.bad else 0), ingest.stderr
    summary = json.loads(ingest.stdout)  # valid UTF-8 JSON, whatever the file names
    assert summary["pages_read"] == case.good
    for line in ingest.stderr.splitlines():
        assert any(name in line for name in case.file_names()) or "/dev/" in line, line
    assert peak < 1024


def test_analyze_refuses_dev_zero_and_empty_files(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    for target in ("/dev/zero", str(tmp_path / "empty.txt")):
        done, peak = _run(["analyze", target], timeout=60)
        assert done.returncode == 1 and done.stdout == ""
        assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
        assert peak < 1024
