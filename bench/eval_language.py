"""Language of article bodies: newsgraph's guess beside lingua and the pages' ``<html lang>``.

Truth: ``wcxb-dev/meta.json``'s ``lang`` (764 of 790 pages carry one, all English) and, for
``article-extraction-dev``, ``tests/fixtures/eval_languages.json`` (the ``<html lang>``
attribute, checked by hand: it is missing on 16 pages and wrong on 4). Each method reads the
page's true article body (``ground-truth.json``), whole and cut to its first 100 and 40
characters (short articles, captions). Rows:

- ``newsgraph``: ``newsgraph.enrich.language.guess_language`` (py3langid, answers only when sure);
- ``py3langid``: the library's best guess, always answering;
- ``lingua``: lingua-language-detector's best guess (all languages, high accuracy), when installed;
- ``html lang``: the page's declared language (whole pages only).

``wrong`` counts answers naming another language; ``none`` the pages left unanswered.

    .venv/bin/python bench/eval_language.py
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

from newsgraph.enrich.language import guess_language, language_scores
from newsgraph.read.html import html_language

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"
TRUTH = ROOT / "tests" / "fixtures" / "eval_languages.json"
LENGTHS = (None, 100, 40)


def load_pages(eval_root: Path) -> list[dict[str, str]]:
    """``{set, id, truth, body, html_lang}`` for every eval page whose language is known."""
    pages: list[dict[str, str]] = []
    known = json.loads(TRUTH.read_text("utf-8"))["languages"]
    meta = json.loads((eval_root / "wcxb-dev" / "meta.json").read_text("utf-8"))
    for name in ("article-extraction-dev", "wcxb-dev"):
        gt = json.loads((eval_root / name / "ground-truth.json").read_text("utf-8"))
        for pid, entry in sorted(gt.items()):
            truth = known.get(pid) if name == "article-extraction-dev" else (meta[pid].get("lang") or "")[:2]
            if not truth:
                continue
            html = gzip.decompress((eval_root / name / "html" / f"{pid}.html.gz").read_bytes()).decode()
            pages.append({"set": name, "id": pid, "truth": truth, "body": entry["articleBody"],
                          "html_lang": html_language(html) or ""})
    return pages


def _lingua() -> Callable[[str], str | None] | None:
    try:
        from lingua import LanguageDetectorBuilder
    except ImportError:
        return None
    detector = LanguageDetectorBuilder.from_all_languages().build()

    def detect(text: str) -> str | None:
        found = detector.detect_language_of(text)
        return found.iso_code_639_1.name.lower() if found else None

    return detect


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--eval", type=Path, default=EVAL, help="the shared eval folder")
    args = parser.parse_args()
    if not (args.eval / "wcxb-dev" / "meta.json").exists():
        sys.exit(f"eval data not found at {args.eval}")
    pages = load_pages(args.eval)
    methods: dict[str, Callable[[str], str | None]] = {
        "newsgraph": guess_language, "py3langid": lambda text: language_scores(text)[0]}
    lingua = _lingua()
    if lingua is not None:
        methods["lingua"] = lingua
    guess_language("warm up the model outside the timings")
    print(f"{'set':<23} {'chars':>5} {'method':<10} {'correct':>9} {'accuracy':>8} {'wrong':>5} "
          f"{'none':>5} {'ms/text':>7}")
    for name in ("article-extraction-dev", "wcxb-dev"):
        subset = [p for p in pages if p["set"] == name]
        for length in LENGTHS:
            rows: dict[str, Callable[[str], str | None]] = dict(methods)
            for method, func in rows.items():
                started = time.process_time()
                answers = [func(p["body"][:length] if length else p["body"]) for p in subset]
                ms = (time.process_time() - started) / len(subset) * 1000
                _print(name, length, method, subset, answers, ms)
            if length is None:
                _print(name, None, "html lang", subset, [p["html_lang"] or None for p in subset], 0.0)


def _print(name: str, length: int | None, method: str, subset: list[dict[str, str]],
           answers: list[str | None], ms: float) -> None:
    right = sum(a == p["truth"] for a, p in zip(answers, subset, strict=True))
    none = sum(a is None for a in answers)
    print(f"{name:<23} {length or 'all':>5} {method:<10} {right:>4}/{len(subset):<4} "
          f"{right / len(subset):8.3f} {len(subset) - right - none:5d} {none:5d} {ms:7.2f}")


if __name__ == "__main__":
    main()
