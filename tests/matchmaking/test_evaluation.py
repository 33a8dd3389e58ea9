"""The matchmaking evaluation, run on a few needs so that bench/matching.py cannot rot."""

import pytest

from synergy.matchmaking.evaluation import (
    NEEDS,
    ORGANISATIONS,
    default_matcher,
    evaluate,
    fulltext_all_words,
    fulltext_any_word,
    load_corpus,
    precision_at,
    recall_at,
)

pytestmark = pytest.mark.django_db

SUBSET = ["machine-breakdowns", "patient-implant", "plastic-scrap", "de-prototyp", "it-brevetto", "pl-roboty"]


def test_the_corpus_is_big_enough_and_its_judgements_name_real_organisations():
    keys = {row["key"] for row in ORGANISATIONS}
    assert len(ORGANISATIONS) >= 150 and len(NEEDS) >= 50
    assert all(need["relevant"] and set(need["relevant"]) <= keys for need in NEEDS)
    assert sum(need["key"].startswith(("de-", "it-", "pl-")) for need in NEEDS) >= 5


def test_measures():
    assert precision_at(["a", "x", "b", "y", "z"], {"a", "b"}, 5) == 0.4
    assert recall_at(["a", "x"], {"a", "b"}, 10) == 0.5


def test_default_matcher_beats_full_text_on_a_subset():
    needs = [need for need in NEEDS if need["key"] in SUBSET]
    wanted = {key for need in needs for key in need["relevant"]}
    # The relevant organisations and every third other one, as distractors.
    rows = [row for n, row in enumerate(ORGANISATIONS) if row["key"] in wanted or n % 3 == 0]
    key_of = load_corpus(rows)
    results = {
        r.matcher: r
        for r in evaluate(
            {"default": default_matcher, "all words": fulltext_all_words, "any word": fulltext_any_word},
            key_of,
            needs,
        )
    }
    assert results["default"].needs == len(SUBSET)
    assert results["default"].precision_at_5 > results["all words"].precision_at_5
    assert results["default"].precision_at_5 > results["any word"].precision_at_5
    assert results["default"].recall_at_10 >= 0.5
