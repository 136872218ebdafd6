"""Shared fixtures. Data in ../shared (seeds, eval) is read from there, never copied."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from spacy.language import Language

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("NEWSGRAPH_SHARED") or ROOT.parent / "shared")
"""../shared beside the repo ($NEWSGRAPH_SHARED elsewhere, e.g. from a git worktree)."""
SEEDS = SHARED / "seeds"
EVAL = SHARED / "eval" / "article-extraction-dev"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _need(path: Path, what: str) -> Path:
    if not path.exists():
        pytest.skip(f"{what} not found at {path}: this test needs ../shared beside the repo (present in CI)")
    return path


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The installed spaCy pipeline, loaded once for the session."""
    from newsgraph.enrich.nlp import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """../shared/seeds: the two real scraped pages."""
    return _need(SEEDS, "the seed pages")


@pytest.fixture(scope="session")
def eval_dir() -> Path:
    """../shared/eval/article-extraction-dev: 91 real pages with ground truth."""
    return _need(EVAL, "the extraction eval set")


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    """tests/fixtures: inputs written by us."""
    return FIXTURES
