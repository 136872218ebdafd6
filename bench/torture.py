"""The whole torture suite over every command: cases per kind and command, and what went wrong.

Writes every case of ``tests/torture.py`` (the issue 12 reproductions and seeded
mutations of real pages) into a temporary folder and runs ``extract``,
``ingest --no-enrich`` and ``analyze`` on each in a child process under the
case's time limit, measuring the child's peak RSS. A run counts as
- a traceback when stderr holds one,
- a hang when it passes its time limit (it is killed),
- lost pages when fewer good pages come out than the case holds,
- unnamed when an error line does not name the case's file,
- a wrong exit code when it is 0 on a bad input or 1 on a good one.

    python bench/torture.py [--mutations N] [--seed S] [--commands extract,ingest,analyze]

The reference is the issue's own count (before this work: tracebacks, hangs on
FIFOs, 16/16 WARC pages lost...); the table is what this run measures.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
import torture  # noqa: E402

MAIN = (
    "import atexit, resource, sys\n"
    "def _rss():\n"
    "    own = 0\n"
    "    with open('/proc/self/status') as f:\n"
    "        for line in f:\n"
    "            if line.startswith('VmHWM:'):\n"
    "                own = int(line.split()[1])\n"
    "    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
    "    sys.stderr.write(f'\\n@@rss {max(own, kids)}\\n')\n"
    "atexit.register(_rss)\n"
    "from newsgraph.cli import main\n"
    "sys.argv[0] = 'newsgraph'\n"
    "main()\n"
)
"""The CLI, reporting its peak RSS (KB) on stderr at exit: its own high-water mark (VmHWM,
which starts afresh at exec, unlike ``ru_maxrss`` that keeps the forking parent's), or its
largest child's."""


def run(args: list[str], seconds: float) -> tuple[int | None, str, str, float, int]:
    """(exit code or None on a hang, stdout, stderr, seconds, peak RSS in MB) of one CLI run."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", MAIN, *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env)
    try:
        out, err = proc.communicate(timeout=seconds)
        code: int | None = proc.returncode
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        code = None
    text = err.decode("utf-8", "replace")
    peak = 0
    kept = []
    for line in text.splitlines():
        if line.startswith("@@rss "):
            peak = int(line.split()[1]) // 1024
        elif line.strip():
            kept.append(line)
    return code, out.decode("utf-8", "replace"), "\n".join(kept), time.perf_counter() - started, peak


def good_out(command: str, code: int | None, out: str) -> int:
    """Good pages (documents) that came out of one run."""
    if code is None:
        return 0
    if command == "ingest":
        try:
            return int(json.loads(out)["pages_read"])
        except (ValueError, KeyError):
            return 0
    return len([line for line in out.splitlines() if line.strip()])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mutations", type=int, default=None, help="at most this many mutation cases")
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--commands", default="extract,ingest,analyze")
    parser.add_argument("--no-slow", action="store_true", help="leave out the bombs (slow to write)")
    args = parser.parse_args()
    commands = args.commands.split(",")
    cases = torture.all_cases(args.seed, args.mutations)
    if args.no_slow:
        cases = [c for c in cases if not c.slow]
    rows: dict[tuple[str, str], dict[str, float]] = defaultdict(lambda: defaultdict(float))
    failures: list[str] = []
    largest_rss = 0
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for case in cases:
            target = str(case.write(folder / "in"))
            for command in commands:
                if command not in case.commands:
                    continue
                db = folder / f"{case.name}.db"
                argv = {"extract": ["extract", target, "--jsonl"],
                        "ingest": ["ingest", target, "--db", str(db), "--no-enrich", "--json"],
                        "analyze": ["analyze", target]}[command]
                limit = case.seconds + (60 if command == "analyze" else 0)  # + model load
                code, out, err, _seconds, peak = run(argv, limit)
                row = rows[(case.kind, command)]
                row["cases"] += 1
                largest_rss = max(largest_rss, peak)
                row["peak_mb"] = max(row["peak_mb"], peak)
                problems = []
                if "Traceback (most recent call last)" in err:
                    row["tracebacks"] += 1
                    problems.append("traceback")
                if code is None:
                    row["hangs"] += 1
                    problems.append(f"hang (> {limit:g} s)")
                got = good_out(command, code, out)
                if got < case.good:
                    row["lost"] += case.good - got
                    problems.append(f"{case.good - got} good page(s) lost")
                errors = [line for line in err.splitlines() if line.startswith(("error ", "Error:"))]
                unnamed = [e for e in errors if not any(n in e for n in case.file_names())
                           and "/dev/" not in e]
                if unnamed:
                    row["unnamed"] += len(unnamed)
                    problems.append(f"unnamed error: {unnamed[0][:120]}")
                if code is not None and code != (1 if case.bad else 0):
                    row["exit"] += 1
                    problems.append(f"exit code {code}")
                if case.bad and code is not None and not errors:
                    problems.append("bad input without an error line")
                    row["silent"] += 1
                if problems:
                    failures.append(f"{case.name} / {command}: {'; '.join(problems)}")
                print(f"{case.name} / {command}: {'; '.join(problems) or 'ok'} ({_seconds:.1f} s, "
                      f"{peak} MB)", file=sys.stderr, flush=True)
    header = ["kind", "command", "cases", "tracebacks", "hangs", "good pages lost", "unnamed errors",
              "wrong exit", "silent", "peak RSS MB"]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    totals: dict[str, float] = defaultdict(float)
    for (kind, command), row in sorted(rows.items()):
        for key in ("cases", "tracebacks", "hangs", "lost", "unnamed", "exit", "silent"):
            totals[key] += row[key]
        print(f"| {kind} | {command} | {int(row['cases'])} | {int(row['tracebacks'])} | "
              f"{int(row['hangs'])} | {int(row['lost'])} | {int(row['unnamed'])} | {int(row['exit'])} | "
              f"{int(row['silent'])} | {int(row['peak_mb'])} |")
    print(f"| all | all | {int(totals['cases'])} | {int(totals['tracebacks'])} | {int(totals['hangs'])} | "
          f"{int(totals['lost'])} | {int(totals['unnamed'])} | {int(totals['exit'])} | "
          f"{int(totals['silent'])} | {largest_rss} |")
    print(f"\npeak RSS of any run: {largest_rss} MB (limit 1024)")
    if failures:
        print(f"\n{len(failures)} run(s) with problems:")
        for line in failures:
            print(f"- {line}")


if __name__ == "__main__":
    main()
