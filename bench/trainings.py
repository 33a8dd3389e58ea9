"""Benchmark: the trainings pages at the size issue #3 names.

Seeds 1,000 trainings and 100,000 registrations (20,000 people, 100 per training, half of
them checked in) into a database of its own, then requests the training list, a training
page and a region report repeatedly through Django's test client, and writes the median
and 95th-percentile time and the queries per page to docs/benchmarks.md.

    .venv/bin/python bench/trainings.py            # SQLite file under var/
    DATABASE_URL=postgres://…/synergy_bench .venv/bin/python bench/trainings.py
"""

import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TRAININGS, PEOPLE, PER_TRAINING, REPEAT = 1_000, 20_000, 100, 30

if not os.environ.get("DATABASE_URL"):
    os.environ["SQLITE_PATH"] = str(Path(tempfile.mkdtemp(prefix="synergy-bench-")) / "bench.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "synergy.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402


def seed():
    from synergy.accounts.models import User
    from synergy.core.models import Region
    from synergy.demo.services import seed_demo
    from synergy.trainings.models import LearningObjective, Registration, Training

    seed_demo()
    regions = list(Region.objects.all())
    now = timezone.now()
    users = User.objects.bulk_create(
        [
            User(email=f"bench{n}@example.org", display_name=f"Bench {n}", stakeholder_type="sme", password="!")  # noqa: S106 - unusable
            for n in range(PEOPLE)
        ],
        batch_size=2000,
    )
    trainings = Training.objects.bulk_create(
        [
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
            for n in range(TRAININGS)
        ],
        batch_size=500,
    )
    LearningObjective.objects.bulk_create(
        [LearningObjective(training=t, position=p, text=f"Objective {p}") for t in trainings for p in range(3)],
        batch_size=2000,
    )
    batch = []
    for index, training in enumerate(trainings):
        for offset in range(PER_TRAINING):
            user = users[(index * PER_TRAINING + offset * 7) % PEOPLE]
            attended = now if offset % 2 == 0 else None
            batch.append(Registration(training=training, user=user, status="confirmed", attended_at=attended))
        if len(batch) >= 10_000:
            Registration.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    Registration.objects.bulk_create(batch, ignore_conflicts=True)
    return Registration.objects.count()


def measure(client: Client, path: str) -> dict:
    timings, queries = [], 0
    for _ in range(REPEAT):
        reset_queries()
        started = time.perf_counter()
        response = client.get(path)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (path, response.status_code)
        queries = len(connection.queries)
    timings.sort()
    return {
        "median": statistics.median(timings),
        "p95": timings[int(len(timings) * 0.95) - 1],
        "queries": queries,
    }


def main():
    settings.DEBUG = True  # records the queries each request makes
    setup_test_environment()
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    started = time.perf_counter()
    registrations = seed()
    seeded_in = time.perf_counter() - started
    from synergy.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(email="coordinator@synergy.test"))
    pages = {
        "Training list (upcoming)": "/trainings/",
        "Training list, filtered": "/trainings/?format=online&region=1",
        "Training page": "/trainings/bench-training-500/",
        "Region report (Lower Silesia)": "/trainings/region/lower-silesia/report/",
    }
    results = {name: measure(client, path) for name, path in pages.items()}
    write(results, registrations, seeded_in)


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
    path = ROOT / "docs" / "benchmarks.md"
    header = "# Benchmarks\n\nFigures written by the scripts under `bench/`.\n\n"
    existing = path.read_text() if path.exists() else header
    marker = f"## Trainings ({database},"
    kept = [block for block in existing.split("\n## ") if not ("## " + block).startswith(marker)]
    text = "\n## ".join(kept).rstrip() + "\n\n" + "\n".join(lines)
    path.write_text(text)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
