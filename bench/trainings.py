"""Benchmark: the trainings pages at the size issue #3 names.

Seeds 1,000 trainings and 100,000 registrations (20,000 people, 100 per training, half of
them checked in) into a database of its own, then requests the training list, a training
page and a region report repeatedly through Django's test client, and writes the median
and 95th-percentile time and the queries per page to docs/benchmarks.md.

    .venv/bin/python bench/trainings.py            # SQLite file in a temporary folder
    DATABASE_URL=postgres://…/synergy_bench .venv/bin/python bench/trainings.py
"""

import time
from datetime import timedelta

TRAININGS, PEOPLE, PER_TRAINING, REPEAT = 1_000, 20_000, 100, 30

from harness import analyze, insert, measure, prepare_database, run, scaled, seed_people, write_section  # noqa: E402  # isort: skip  (first: sets Django up)
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from synergy.accounts.models import User  # noqa: E402
from synergy.core.models import Region  # noqa: E402
from synergy.trainings.models import LearningObjective, Registration, Training  # noqa: E402


def seed(users, admin=None, scale: float = 1.0) -> dict:
    """``TRAININGS`` published trainings (times ``scale``) over the regions, from 100 days ago to
    100 days ahead, 3 objectives each, and ``PER_TRAINING`` confirmed registrations each from the
    first ``PEOPLE`` (times ``scale``) of ``users``, half of them checked in. Returns the training
    the pages measure, in the middle of the range."""
    people = users[: scaled(PEOPLE, scale)]
    regions = list(Region.objects.all())
    now = timezone.now()
    trainings = insert(
        Training,
        (
            Training(
                title=f"Bench training {n}",
                slug=f"bench-training-{n}",
                region=regions[n % len(regions)],
                language="en",
                starts_at=now + timedelta(days=n % 200 - 100),
                ends_at=now + timedelta(days=n % 200 - 100, hours=2),
                registration_deadline=now + timedelta(days=n % 200 - 101),
                capacity=PER_TRAINING,
                status=Training.Status.PUBLISHED,
                target_groups=["sme"],
            )
            for n in range(scaled(TRAININGS, scale))
        ),
        batch_size=500,
    )
    insert(
        LearningObjective,
        (LearningObjective(training=t, position=p, text=f"Objective {p}") for t in trainings for p in range(3)),
        keep=False,
    )
    registrations = (
        Registration(
            training=training,
            user=people[(index * PER_TRAINING + offset * 7) % len(people)],
            status="confirmed",
            attended_at=now if offset % 2 == 0 else None,
        )
        for index, training in enumerate(trainings)
        for offset in range(PER_TRAINING)
    )
    insert(Registration, registrations, keep=False)
    analyze()
    return {"training": trainings[len(trainings) // 2]}


def main():
    prepare_database()
    started = time.perf_counter()
    admin, users = seed_people(PEOPLE)
    training = seed(users, admin)["training"]
    seeded_in = time.perf_counter() - started
    client = Client()
    client.force_login(User.objects.get(email="coordinator@synergy.test"))
    pages = {
        "Training list (upcoming)": "/trainings/",
        "Training list, filtered": "/trainings/?format=online&region=1",
        "Training page": f"/trainings/{training.slug}/",
        "Region report (Lower Silesia)": "/trainings/region/lower-silesia/report/",
    }
    results = {name: measure(client, path, REPEAT) for name, path in pages.items()}
    write(results, Registration.objects.count(), seeded_in)


def write(results: dict, registrations: int, seeded_in: float):
    database = connection.vendor
    lines = [
        f"## Trainings ({database}, {time.strftime('%Y-%m-%d')})",
        "",
        f"`bench/trainings.py`: {TRAININGS:,} trainings, {registrations:,} registrations, {PEOPLE:,} people; "
        f"seeded in {seeded_in:.0f} s. Each page requested {REPEAT} times by a signed-in coordinator "
        "through Django's test client (no network, no gunicorn), on this 2-core machine.",
        "",
        "| page | median (ms) | 95th percentile (ms) | queries |",
        "|---|---:|---:|---:|",
        *[f"| {name} | {r['median']:.1f} | {r['p95']:.1f} | {r['queries']} |" for name, r in results.items()],
        "",
    ]
    write_section(f"## Trainings ({database},", lines)


if __name__ == "__main__":
    run(main)
