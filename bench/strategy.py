"""Benchmark: the strategy's region dashboard and its comparison page, at the data sizes of the
other benchmarks, whose rows the dashboards' counted indicators count.

Seeds what bench/trainings.py, challenges.py, funding.py, facilities.py and actors.py seed (as
``make bench`` does), then has every region adopt the demo strategy with all its actions, an
indicator for every counter the platform registers, and ``MANUAL`` indicators with a value a month
for two years. Requests a region's dashboard and the comparison page ``REPEAT`` times through
Django's test client, with the cache warm and with no cache at all, and writes the median and
95th percentile and the queries per page to docs/benchmarks.md.

The same pages are first requested right after the demo data (the regions' plans already
adopted the same way), so the table shows whether the number of queries grows with the data.

    .venv/bin/python bench/strategy.py                # SQLite file in a temporary folder
    .venv/bin/python bench/strategy.py --scale 0.02   # a fiftieth of the sizes, to try the script
    DATABASE_URL=postgres://…/synergy_bench_strategy .venv/bin/python bench/strategy.py
"""

import os
import sys
import time
from datetime import timedelta
from decimal import Decimal

REPEAT, MANUAL, MONTHS = 30, 6, 24

from harness import analyze, measure, prepare_database, run, scaled, seed_people, write_section  # noqa: E402  # isort: skip  (first: sets Django up)
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.utils import timezone  # noqa: E402

from synergy.core import indicators  # noqa: E402
from synergy.core.models import Region  # noqa: E402
from synergy.demo.strategy import SLUG  # noqa: E402
from synergy.strategy import services  # noqa: E402
from synergy.strategy.models import Indicator, IndicatorValue, PlanAction, RegionalPlan, Strategy  # noqa: E402

REGION = "lower-silesia"


def adopt_everywhere(admin) -> Strategy:
    """Every region adopts every action; an indicator per counter and ``MANUAL`` entered by hand, with values."""
    strategy = Strategy.objects.get(slug=SLUG)
    today = timezone.localdate()
    starts_on = today - timedelta(days=30 * MONTHS)
    for region in Region.objects.all():
        plan = services.adopt_strategy(region, strategy, strategy.actions.all(), admin, starts_on=starts_on)
        statuses = PlanAction.Status.values
        for number, action in enumerate(plan.actions.all()):
            services.update_action(action, admin, status=statuses[number % len(statuses)])
        counted = set(plan.indicators.exclude(counter_key="").values_list("counter_key", flat=True))
        for metric in indicators.all_metrics():
            if metric.key not in counted:
                services.add_indicator(plan, admin, name=str(metric.label), counter_key=metric.key, target=Decimal(100))
        for number in range(MANUAL):
            indicator, _created = Indicator.objects.get_or_create(
                plan=plan, name=f"Hand-counted indicator {number}", defaults={"unit": "events", "target": Decimal(50)}
            )
            values = [
                IndicatorValue(indicator=indicator, measured_on=starts_on + timedelta(days=30 * month),
                               value=Decimal(month * 2), entered_by=admin)
                for month in range(MONTHS)
            ]  # fmt: skip
            IndicatorValue.objects.bulk_create(values)
    return strategy


def pages(strategy: Strategy) -> dict:
    return {
        "Region dashboard (anonymous)": f"/strategy/{strategy.slug}/regions/{REGION}/",
        "Comparison of the regions (anonymous)": f"/strategy/{strategy.slug}/regions/",
    }


def measure_both(client: Client, pages_: dict) -> tuple[dict, dict]:
    """Each page with the cache (warm: the first request fills it) and without any cache."""
    cached = {}
    for name, path in pages_.items():
        client.get(path)
        cached[name] = measure(client, path, REPEAT)
    with override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}):
        uncached = {name: measure(client, path, REPEAT) for name, path in pages_.items()}
    return cached, uncached


def seed_the_other_benchmarks(users, admin, scale: float) -> None:
    import actors
    import challenges
    import facilities
    import funding
    import trainings

    for app in (trainings, challenges, funding, facilities):
        app.seed(users, admin, scale)
    actors.seed_large(users, scale)


def main():
    import trainings

    scale = float(sys.argv[sys.argv.index("--scale") + 1]) if "--scale" in sys.argv else 1.0
    prepare_database()
    admin, users = seed_people(scaled(trainings.PEOPLE, scale))
    strategy = adopt_everywhere(admin)
    client = Client()
    cache.clear()
    _small_cached, small_uncached = measure_both(client, pages(strategy))
    started = time.perf_counter()
    seed_the_other_benchmarks(users, admin, scale)
    analyze()
    seeded_in = time.perf_counter() - started
    load = os.getloadavg()[0]
    cache.clear()
    cached, uncached = measure_both(client, pages(strategy))
    sizes = {
        "plans": RegionalPlan.objects.count(),
        "actions": PlanAction.objects.count(),
        "indicators": Indicator.objects.count(),
        "values": IndicatorValue.objects.count(),
    }
    write(cached, uncached, list(small_uncached.values()), sizes, seeded_in, load)


def write(cached, uncached, small_uncached, sizes, seeded_in, load):
    database = connection.vendor
    grows = [
        name for (name, r), s in zip(uncached.items(), small_uncached, strict=True) if r["queries"] != s["queries"]
    ]
    verdict = (
        "the number of queries does not grow with the data."
        if not grows
        else "the number of queries grows with the data on: " + ", ".join(grows) + "."
    )
    lines = [
        f"## Strategy dashboards ({database}, {time.strftime('%Y-%m-%d')})",
        "",
        f"`bench/strategy.py`: the data of the trainings, challenges, funding, facilities and actors benchmarks "
        f"(seeded in {seeded_in:.0f} s), which the counted indicators count, and {sizes['plans']} regional plans "
        f"with {sizes['actions']} actions, {sizes['indicators']} indicators (one per counter the platform "
        f"registers, and {MANUAL} entered by hand per plan) and {sizes['values']:,} values entered by hand. "
        f"Each page requested {REPEAT} times through Django's test client on this 2-core machine (1-minute load "
        f"average {load:.1f} before the pages), first with the cache warm, then with no cache at all. Against the "
        "demo data with the same plans: " + verdict,
        "",
        "| page | median (ms), cached | 95th percentile (ms), cached | median (ms), uncached "
        "| 95th percentile (ms), uncached | queries, uncached | queries, demo data |",
        "|---|---:|---:|---:|---:|---:|---:|",
        *[
            f"| {name} | {cached[name]['median']:.1f} | {cached[name]['p95']:.1f} | {u['median']:.1f} "
            f"| {u['p95']:.1f} | {u['queries']} | {s['queries']} |"
            for (name, u), s in zip(uncached.items(), small_uncached, strict=True)
        ],
        "",
    ]
    write_section(f"## Strategy dashboards ({database}", lines)


if __name__ == "__main__":
    run(main)
