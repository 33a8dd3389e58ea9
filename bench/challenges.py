"""Benchmark: the challenge pages at the size the challenges issue names.

Seeds 2,000 challenges, 100,000 proposals and 500,000 likes (5,000 people, 100 likes each)
into a database of its own. One community-vote challenge with public proposals has exactly
500 submitted proposals and an evaluation round over them, scored by 3 jurors on 3
criteria. Requests the challenge list, that challenge's page and the round's ranking
repeatedly through Django's test client as a platform admin, and writes the median and
95th-percentile time and the queries per page to docs/benchmarks.md.

The same pages are first requested on a small seed (the demo data and 5 challenges, one with 5
proposals and a round over them), so the table shows whether the number of queries grows with
the data.

    .venv/bin/python bench/challenges.py            # SQLite file in a temporary folder
    DATABASE_URL=postgres://…/synergy_bench_challenges .venv/bin/python bench/challenges.py
"""

import itertools
import os
import time
from datetime import timedelta

CHALLENGES, PROPOSALS, LIKES, PEOPLE, LIKES_EACH, REPEAT = 2_000, 100_000, 500_000, 5_000, 100, 30
BIG, SMALL, JURORS, CRITERIA = 500, 5, 3, 3  # the measured challenge's proposals; the small seed's
SMALL_CHALLENGES, BIG_LIKES_EACH = 5, 20  # each person likes 20 proposals of the measured challenge

from harness import analyze, insert, measure, pages_table, prepare_database, run, scaled, seed_people, write_section  # noqa: E402  # isort: skip  (first: sets Django up)
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from synergy.accounts.models import User  # noqa: E402
from synergy.actors.models import Organisation  # noqa: E402
from synergy.challenges.models import (  # noqa: E402
    Challenge,
    Criterion,
    Juror,
    Like,
    Proposal,
    Round,
    Score,
    TeamMember,
)
from synergy.challenges.services import recount_likes  # noqa: E402
from synergy.challenges.views import PROPOSALS_PER_PAGE  # noqa: E402
from synergy.core.models import Region  # noqa: E402

NOW = timezone.now()
DAY = timedelta(days=1)
# The measured challenges are being evaluated; the others are open, in evaluation or closed.
EVALUATION = {"opens_at": NOW - 10 * DAY, "evaluation_starts_at": NOW - DAY, "results_at": NOW + 5 * DAY,
              "closes_at": NOW + 10 * DAY}  # fmt: skip
PHASES = [
    {"opens_at": NOW - 20 * DAY, "evaluation_starts_at": NOW + 20 * DAY, "results_at": NOW + 30 * DAY,
     "closes_at": NOW + 40 * DAY},
    {"opens_at": NOW - 5 * DAY, "evaluation_starts_at": NOW + 40 * DAY, "results_at": NOW + 50 * DAY,
     "closes_at": NOW + 60 * DAY},
    EVALUATION,
    {"opens_at": NOW - 90 * DAY, "evaluation_starts_at": NOW - 60 * DAY, "results_at": NOW - 40 * DAY,
     "closes_at": NOW - 30 * DAY},
]  # fmt: skip


def make_challenges(slugs: list[str], givers, regions, *, measured: set[str]) -> list[Challenge]:
    challenges = insert(
        Challenge,
        (
            Challenge(
                title=f"Bench challenge {slug}",
                slug=slug,
                summary="A light, recyclable housing for an outdoor sensor.",
                description="The housing must survive ten winters outdoors.",
                giver=givers[n % len(givers)],
                campaign_type="community" if slug in measured or n % 2 == 0 else "expert",
                proposal_visibility="public" if slug in measured or n % 5 else "jury",
                status="published",
                published_at=NOW - 30 * DAY,
                **(EVALUATION if slug in measured else PHASES[n % len(PHASES)]),
            )
            for n, slug in enumerate(slugs)
        ),
        batch_size=500,
    )
    Through = Challenge.regions.through
    insert(
        Through,
        (
            Through(challenge_id=challenge.pk, region_id=regions[(n + k) % len(regions)].pk)
            for n, challenge in enumerate(challenges)
            for k in range(1 + n % 2)
        ),
    )
    return challenges


def make_proposals(assignments, users, *, start: int) -> list[Proposal]:
    """``assignments``: (challenge, submitted?) per proposal. Each proposal has an accepted lead."""
    proposals = insert(
        Proposal,
        (
            Proposal(
                challenge=challenge,
                title=f"Proposal {start + n}",
                summary="A moulded shell of recycled polypropylene with a breathable membrane. " * 3,
                status="submitted" if submitted else "draft",
                submitted_at=NOW - 12 * DAY + timedelta(seconds=start + n) if submitted else None,
                created_by=users[(start + n) % len(users)],
            )
            for n, (challenge, submitted) in enumerate(assignments)
        ),
    )
    insert(
        TeamMember,
        (
            TeamMember(proposal=proposal, user=proposal.created_by, is_lead=True, status="accepted")
            for proposal in proposals
        ),
    )
    return proposals


def make_round(challenge: Challenge, proposals: list[Proposal], jurors: list[User]) -> Round:
    round_ = Round.objects.create(challenge=challenge, name="Round 1", status="open", opened_at=NOW - DAY)
    Through = Round.proposals.through
    insert(Through, (Through(round_id=round_.pk, proposal_id=proposal.pk) for proposal in proposals))
    weights = [40, 35, 25][:CRITERIA]
    criteria = Criterion.objects.bulk_create(
        [Criterion(round=round_, name=f"Criterion {p + 1}", weight=w, position=p + 1) for p, w in enumerate(weights)]
    )
    seats = Juror.objects.bulk_create(
        [
            Juror(
                challenge=challenge,
                user=user,
                status="accepted",
                confidentiality_accepted_at=NOW,
                no_conflict_declared_at=NOW,
            )
            for user in jurors
        ]
    )
    insert(
        Score,
        (
            Score(criterion=criterion, proposal=proposal, juror=juror, value=(proposal.pk * 7 + juror.pk + c) % 11)
            for proposal in proposals
            for juror in seats
            for c, criterion in enumerate(criteria)
        ),
    )
    return round_


def seed_small(users):
    """5 challenges; the measured one has 5 proposals from ``users``, liked by the first 5 of them."""
    regions, givers = list(Region.objects.all()), list(Organisation.objects.all())
    slugs = ["bench-small"] + [f"bench-small-{n}" for n in range(1, SMALL_CHALLENGES)]
    challenge = make_challenges(slugs, givers, regions, measured={"bench-small"})[0]
    proposals = make_proposals([(challenge, True)] * SMALL, users[JURORS:], start=0)
    # The first five people like every small proposal: they like 5 fewer elsewhere later.
    insert(Like, (Like(proposal=proposal, user=user) for user in users[:SMALL] for proposal in proposals))
    recount_likes(Proposal.objects.filter(challenge=challenge))
    round_ = make_round(challenge, proposals, users[:JURORS])
    return challenge, round_


def seed_large(users, scale: float = 1.0):
    """Up to 2,000 challenges, 100,000 proposals and 500,000 likes (times ``scale``); the measured
    one has 500 proposals (times ``scale``, at least 20)."""
    regions, givers = list(Region.objects.all()), list(Organisation.objects.all())
    count = max(2, scaled(CHALLENGES, scale) - Challenge.objects.count())
    slugs = ["bench-big"] + [f"bench-challenge-{n}" for n in range(1, count)]
    challenges = make_challenges(slugs, givers, regions, measured={"bench-big"})
    big, others = challenges[0], challenges[1:]
    big_size = scaled(BIG, scale, minimum=BIG_LIKES_EACH)
    rest = scaled(PROPOSALS, scale) - Proposal.objects.count() - big_size
    big_proposals = make_proposals([(big, True)] * big_size, users[JURORS:], start=SMALL)
    # The other challenges share the rest; one in ten is a draft, which the counts leave out.
    other_proposals = make_proposals(
        ((others[n % len(others)], n % 10 != 0) for n in range(rest)), users[JURORS:], start=SMALL + big_size
    )
    # Each person likes 100 proposals: 20 of the measured challenge, the others spread evenly,
    # until the likes (the demo's and the small seed's included) number 500,000. The pairs are
    # distinct by construction, so no conflict needs ignoring.
    liked = {user.pk: Like.objects.filter(user=user).count() for user in users[:SMALL]}
    remaining = scaled(LIKES, scale) - Like.objects.count()

    elsewhere = LIKES_EACH - BIG_LIKES_EACH

    def likes():
        for u, user in enumerate(users):
            for k in range(BIG_LIKES_EACH):
                yield Like(proposal=big_proposals[(u * BIG_LIKES_EACH + k) % big_size], user=user)
            for k in range(elsewhere - liked.get(user.pk, 0)):
                yield Like(proposal=other_proposals[(u * elsewhere + k) % len(other_proposals)], user=user)

    insert(Like, itertools.islice(likes(), remaining), keep=False)
    recount_likes(Proposal.objects.all())
    round_ = make_round(big, big_proposals, users[:JURORS])
    analyze()
    return big, round_


def seed(users, admin=None, scale: float = 1.0) -> dict:
    """The small and the large seed, from the first ``PEOPLE`` (times ``scale``) of ``users``:
    what bench/load.py serves. Returns the measured challenge and its round."""
    people = users[: scaled(PEOPLE, scale, minimum=BIG_LIKES_EACH + SMALL)]
    seed_small(people)
    challenge, round_ = seed_large(people, scale)
    return {"challenge": challenge, "round": round_}


def pages(challenge: Challenge, round_: Round, proposals: int) -> dict[str, str]:
    return {
        "Challenge list": "/challenges/",
        f"Challenge page ({proposals:,} proposals, by likes)": f"/challenges/{challenge.slug}/",
        f"Ranking ({proposals:,} proposals, {JURORS} jurors × {CRITERIA} criteria)": (
            f"/challenges/{challenge.slug}/jury/rounds/{round_.pk}/ranking/"
        ),
    }


def main():
    prepare_database()
    admin, users = seed_people(PEOPLE)
    small_challenge, small_round = seed_small(users)
    client = Client()
    client.force_login(admin)
    small_challenges = Challenge.objects.published().count()
    small = [measure(client, path, REPEAT) for path in pages(small_challenge, small_round, SMALL).values()]
    for name, result in zip(pages(small_challenge, small_round, SMALL), small, strict=True):
        print(f"small seed, {name}: median {result['median']:.1f} ms, {result['queries']} queries")
    started = time.perf_counter()
    big, big_round = seed_large(users)
    seeded_in = time.perf_counter() - started
    load = os.getloadavg()[0]
    large = {name: measure(client, path, REPEAT) for name, path in pages(big, big_round, BIG).items()}
    sizes = {
        "challenges": Challenge.objects.count(),
        "proposals": Proposal.objects.count(),
        "likes": Like.objects.count(),
        "people": User.objects.count(),
        "scores": Score.objects.filter(criterion__round=big_round).count(),
    }
    write(large, small, small_challenges, sizes, seeded_in, load)
    for name, result in large.items():
        print(f"\n{name}: {result['sql_ms']:.1f} ms in SQL; slowest query {result['slowest_ms']:.1f} ms:")
        print(result["slowest"])


def write(results: dict, small: list[dict], small_challenges: int, sizes: dict, seeded_in: float, load: float):
    database = connection.vendor
    grows = [name for (name, r), s in zip(results.items(), small, strict=True) if r["queries"] != s["queries"]]
    verdict = (
        "the number of queries does not grow with the data."
        if not grows
        else "the number of queries grows with the data on: " + ", ".join(grows) + "."
    )
    analyzed = " Table statistics refreshed with `ANALYZE` after the load." if database == "postgresql" else ""
    lines = [
        f"## Challenges ({database}, {time.strftime('%Y-%m-%d')})",
        "",
        f"`bench/challenges.py`: {sizes['challenges']:,} challenges, {sizes['proposals']:,} proposals, "
        f"{sizes['likes']:,} likes, {sizes['people']:,} people; seeded in {seeded_in:.0f} s.{analyzed} "
        f"The measured challenge is a community vote with public proposals: {BIG} submitted proposals, "
        f"listed {PROPOSALS_PER_PAGE} a page by their like count, and an evaluation round over them with "
        f"{sizes['scores']:,} scores ({JURORS} jurors × {CRITERIA} criteria). Each page requested {REPEAT} "
        "times by a signed-in platform admin through Django's test client (no network, no gunicorn), "
        f"on this 2-core machine (1-minute load average {load:.1f} when timing began).",
        "",
        "The last column is the same page on a small seed, before the bulk data: the demo data and "
        f"{SMALL_CHALLENGES} benchmark challenges ({small_challenges} published in all), the measured one with "
        f"{SMALL} proposals and a round over them; {verdict}",
        "",
        *pages_table(results, small),
    ]
    write_section(f"## Challenges ({database},", lines)


if __name__ == "__main__":
    run(main)
