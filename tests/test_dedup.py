"""Dedup stage: exact, near-duplicate and containment matches on real article bodies."""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgraph.dedup import (
    Deduplicator,
    Fingerprinter,
    MemoryIndex,
    body_hash,
    cluster_articles,
    containment_estimate,
    jaccard,
    normalized_body,
    shingle_hashes,
    tokens,
)
from newsgraph.model import Article
from newsgraph.settings import Settings


@pytest.fixture(scope="module")
def bodies(eval_dir: Path) -> list[list[str]]:
    """Real article bodies (as paragraphs) of at least 150 words, from the eval ground truth."""
    gt = json.loads((eval_dir / "ground-truth.json").read_text("utf-8"))
    out = []
    for item in gt.values():
        paras = [p.strip() for p in item["articleBody"].split("\n") if p.strip()]
        if len(" ".join(paras).split()) >= 150 and len(paras) >= 4:
            out.append(paras)
    assert len(out) >= 30
    return out


@pytest.fixture(scope="module")
def fingerprinter() -> Fingerprinter:
    return Fingerprinter(Settings())


def _dedup(stored: list[list[str]]) -> Deduplicator:
    dedup = Deduplicator(MemoryIndex(), Settings())
    for i, paras in enumerate(stored):
        dedup.index.add(i, dedup.fingerprint(paras), "\n\n".join(paras))
    return dedup


def _truncate(paras: list[str], share: float) -> list[str]:
    budget = int(len(" ".join(paras).split()) * share)
    out = []
    for p in paras:
        if budget <= 0:
            break
        words = p.split()
        out.append(" ".join(words[:budget]))
        budget -= len(words)
    return out


def test_tokens_fold_case_punctuation_and_split_cjk() -> None:
    assert tokens("Türkiye's  LEADER, Erdoğan—said: “no”.") == ["türkiye", "s", "leader", "erdoğan", "said", "no"]
    assert tokens("東京都 is big") == ["東", "京", "都", "is", "big"]
    assert normalized_body("A  b\n\nC!") == "a b c"


def test_exact_duplicate_ignores_case_spacing_and_punctuation(bodies: list[list[str]]) -> None:
    dedup = _dedup(bodies[:10])
    copy = [p.upper().replace(" ", "  ").replace(",", " ,") for p in bodies[3]]
    # Re-wrapped: paragraphs merged two by two.
    rewrapped = [" ".join(bodies[4][i:i + 2]) for i in range(0, len(bodies[4]), 2)]
    for paras, target in ((copy, 3), (rewrapped, 4)):
        m = dedup.match(dedup.fingerprint(paras))
        assert m is not None and (m.article_id, m.kind, m.similarity) == (target, "exact", 1.0)


def test_near_duplicate_with_small_edits_and_furniture(bodies: list[list[str]]) -> None:
    dedup = _dedup(bodies[:20])
    rng = random.Random(3)
    edited = []
    for p in bodies[7]:
        words = p.split()
        for i in range(len(words)):
            if rng.random() < 0.02:
                words[i] = "edited"
        edited.append(" ".join(words))
    edited.insert(2, "Advertisement")
    edited.append("Share this article")
    m = dedup.match(dedup.fingerprint(edited))
    assert m is not None and m.article_id == 7
    assert m.kind in ("near", "contained", "contains") and m.similarity >= 0.7


@pytest.mark.parametrize("share", [0.3, 0.5, 0.8])
def test_truncated_copy_is_contained(bodies: list[list[str]], share: float) -> None:
    dedup = _dedup(bodies[:20])
    m = dedup.match(dedup.fingerprint(_truncate(bodies[11], share)))
    assert m is not None and (m.article_id, m.kind) == (11, "contained")
    assert m.similarity >= 0.99


def test_teaser_is_contained_and_full_version_contains_teaser(bodies: list[list[str]]) -> None:
    teaser: list[str] = []  # the opening paragraphs, at least 50 words
    for para in bodies[5]:
        teaser.append(para)
        if len(" ".join(teaser).split()) >= 50:
            break
    assert len(teaser) < len(bodies[5])
    dedup = _dedup(bodies[:20])
    m = dedup.match(dedup.fingerprint(teaser))
    assert m is not None and (m.article_id, m.kind) == (5, "contained")
    # The other way round: the teaser stored first, the full article arrives later.
    later = _dedup([teaser])
    m = later.match(later.fingerprint(bodies[5]))
    assert m is not None and (m.article_id, m.kind) == (0, "contains")


def test_different_articles_are_not_duplicates(bodies: list[list[str]]) -> None:
    half = len(bodies) // 2
    dedup = _dedup(bodies[:half])
    for paras in bodies[half:]:
        assert dedup.match(dedup.fingerprint(paras)) is None


def test_same_topic_story_sharing_a_background_paragraph_is_not_a_duplicate(
        bodies: list[list[str]]) -> None:
    dedup = _dedup(bodies[:10])
    # A new story that reuses one background paragraph of article 2.
    story = [*bodies[15], bodies[2][1]]
    assert dedup.match(dedup.fingerprint(story)) is None


def test_short_snippet_is_not_matched_by_containment(bodies: list[list[str]]) -> None:
    dedup = _dedup(bodies[:10])
    snippet = " ".join(bodies[2][1].split()[:12])
    assert dedup.match(dedup.fingerprint([snippet])) is None


def test_signature_is_datasketch_minhash_update_batch(bodies: list[list[str]],
                                                       fingerprinter: Fingerprinter) -> None:
    fp = fingerprinter.fingerprint(bodies[0])
    mh = fingerprinter.minhash(fp.shingles)
    assert np.array_equal(mh.hashvalues, fp.signature)
    other = fingerprinter.fingerprint(bodies[1])
    assert jaccard(fp.signature, other.signature) == pytest.approx(
        mh.jaccard(fingerprinter.minhash(other.shingles)))
    assert len(fp.band_keys) == Settings().lsh_bands
    assert fp.shingle_count == len(set(fp.shingles.tolist()))
    assert np.all(np.diff(fp.shingles.astype(np.int64)) > 0)  # sorted, distinct
    assert np.array_equal(fingerprinter.shingles("\n\n".join(bodies[0])), fp.shingles)


def test_containment_estimate() -> None:
    # A set of 100 inside one of 400: Jaccard 0.25, containment 1.
    assert containment_estimate(0.25, 100, 400) == pytest.approx(1.0)
    assert containment_estimate(0.0, 100, 400) == 0.0
    assert containment_estimate(0.5, 0, 10) == 0.0


def test_shingles_of_short_text() -> None:
    assert len(shingle_hashes(["one", "two"], 5)) == 1
    assert len(shingle_hashes([], 5)) == 0


def test_cluster_articles_groups_copies(bodies: list[list[str]]) -> None:
    def art(paras: list[str]) -> Article:
        return Article(title=None, paragraphs=paras, spans=[(0, 0)] * len(paras), start=0, end=0)

    arts = [art(bodies[0]), art(bodies[1]), art(_truncate(bodies[0], 0.6)), art(bodies[1])]
    assert cluster_articles(arts) == [0, 1, 0, 1]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(categories=["L", "N", "P", "Zs"]), min_size=1),
                min_size=1, max_size=6))
def test_body_hash_ignores_case_and_spacing(paras: list[str]) -> None:
    text = "\n\n".join(paras)
    variant = "\n\n".join("  " + p.casefold().replace(" ", " \n ") + " ." for p in paras)
    assert body_hash(text) == body_hash(variant)
    assert body_hash(text) == Fingerprinter().fingerprint(paras).body_hash


def test_ties_go_to_the_older_article_whatever_the_index_order() -> None:
    from newsgraph.dedup import Deduplicator, Match, MemoryIndex, better_match

    older, newer = Match(3, "near", 0.9), Match(7, "near", 0.9)
    assert better_match(older, newer) and not better_match(newer, older)
    assert better_match(Match(9, "exact", 1.0), older)
    body = ("The river pilots agreed a new schedule with the port on Monday, so that barges "
            "can pass the old bridge before the morning traffic builds up on the quay road.")
    dedup = Deduplicator(MemoryIndex())
    fp = dedup.fingerprint([body])
    for article_id in (7, 3):  # the newer one indexed first
        dedup.index.add(article_id, fp, body)
    edited = dedup.fingerprint([body.replace("Monday", "Tuesday")])
    match = dedup.match(edited)
    assert match is not None and match.article_id == 3
