"""Benchmark: matchmaking quality on a hand-judged corpus.

Loads the evaluation corpus (synergy/matchmaking/evaluation: 150+ organisations, 50+ needs with the
organisations judged relevant to each) into a database of its own, indexes it, runs every matcher on
every need and writes the mean precision@5 and recall@10 of each to the "Matchmaking quality" section
of docs/benchmarks.md. Matchers: the default (the term index), two full-text baselines (the site's
search box as typed, and once per word), and sentence embeddings when the optional
``sentence-transformers`` is installed (skipped otherwise).

    .venv/bin/python bench/matching.py
"""

import time

from harness import prepare_database, run, write_section  # isort: skip  (first: sets Django up)
from django.db import connection
from django.utils import timezone

from synergy.matchmaking.evaluation import NEEDS, ORGANISATIONS, evaluate, load_corpus, matchers

OTHER_LANGUAGES = ("de-", "it-", "pl-")  # keys of the needs written in German, Italian and Polish


def main():
    prepare_database()
    key_of = load_corpus()
    chosen = matchers()
    started = time.perf_counter()
    results = evaluate(chosen, key_of)
    took = time.perf_counter() - started
    by_language = {
        language: evaluate(chosen, key_of, [n for n in NEEDS if n["key"].startswith(OTHER_LANGUAGES) == language])
        for language in (False, True)
    }
    relevant = sum(len(n["relevant"]) for n in NEEDS) / len(NEEDS)
    ceiling = sum(min(len(n["relevant"]), 5) / 5 for n in NEEDS) / len(NEEDS)
    lines = [
        f"## Matchmaking quality ({connection.vendor}, {timezone.localdate():%Y-%m-%d})",
        "",
        f"{len(ORGANISATIONS)} organisations and {len(NEEDS)} needs written by hand "
        "(synergy/matchmaking/evaluation/), each need with the organisations judged able to help "
        f"({relevant:.1f} on average, so a perfect ranking would score precision@5 {ceiling:.3f}). "
        "Needs use other words than the profiles (synonyms, a problem instead of a technology), "
        f"{sum(n['key'].startswith(OTHER_LANGUAGES) for n in NEEDS)} are in German, Italian or Polish. "
        "Mean over the needs; higher is better.",
        "",
        "| matcher | precision@5 | recall@10 | precision@5, English needs | precision@5, de/it/pl needs |",
        "|---|---:|---:|---:|---:|",
        *[
            f"| {r.matcher} | {r.precision_at_5:.3f} | {r.recall_at_10:.3f} | "
            f"{english.precision_at_5:.3f} | {other.precision_at_5:.3f} |"
            for r, english, other in zip(results, by_language[False], by_language[True], strict=True)
        ],
        "",
    ]
    if not any(r.matcher.startswith("semantic") for r in results):
        lines += ["Semantic matcher: not run, `sentence-transformers` is not installed (an optional extra).", ""]
    lines += [
        f"All matchers on all needs took {took:.1f} s. The same person wrote the corpus, the judgements and "
        "the default matcher's synonym table (synergy/matchmaking/text.py), so the default's figures are "
        "an upper estimate: a corpus written by others is the fair test. After the first run, generic words "
        "(before, next, fast…) were added to the stop-word lists; no need, judgement or profile was changed.",
        "",
    ]
    write_section("## Matchmaking quality", lines)


if __name__ == "__main__":
    run(main)
