"""Benchmark: the shared-infrastructure pages at the size the infrastructure-sharing issue names.

Seeds 10,000 shared items and 100,000 bookings (2,000 people) into a database of its own. Every
booking comes from an agreed access request. The bookings of one item never overlap: an ordinary
item has 10 three-hour slots on consecutive days, 5 past and 5 upcoming; one item in two starts a
day later, so that tomorrow half of the items are booked. The provider's record of the use is kept
for one past booking in four, the taker's too for one in eight. One item has exactly 100 bookings
(50 upcoming), and one taker exactly 100. Requests the item list, the list of items free tomorrow,
that item's page and calendar feed, the taker's personal calendar feed and the report of the
region with the most items (as a platform admin) repeatedly through Django's test client, and
writes the median and 95th-percentile time and the queries per page to docs/benchmarks.md.

The same pages are first requested on a small seed (the demo data and 5 items of 4 bookings; the
measured taker has 4 bookings), so the table shows whether the number of queries grows with the
data.

    .venv/bin/python bench/facilities.py            # SQLite file in a temporary folder
    DATABASE_URL=postgres://…/synergy_bench_facilities .venv/bin/python bench/facilities.py
"""

import os
import time
from datetime import datetime, timedelta
from datetime import time as clock
from decimal import Decimal

ITEMS, BOOKINGS, PEOPLE, REPEAT = 10_000, 100_000, 2_000, 30
PER_ITEM = 10  # bookings of an ordinary item: half past, half upcoming, on consecutive days
BIG, SMALL = 100, 4  # bookings of the measured item (half upcoming) and of the measured taker
SMALL_ITEMS = 5  # items on the small seed, each with SMALL bookings
SLOT_START, SLOT_HOURS = 9, 3  # 9:00–12:00 local time

from harness import analyze, insert, measure, pages_table, prepare_database, run, scaled, seed_people, write_section  # noqa: E402  # isort: skip  (first: sets Django up)
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from synergy.accounts.models import User  # noqa: E402
from synergy.actors.models import Organisation  # noqa: E402
from synergy.core.models import Region  # noqa: E402
from synergy.core.taxonomy import KeyArea  # noqa: E402
from synergy.facilities.models import AccessRequest, Booking, Item, UsageReport  # noqa: E402
from synergy.facilities.services import feed_token  # noqa: E402

NOW = timezone.now()
TODAY = timezone.localdate()
DAY, HOUR = timedelta(days=1), timedelta(hours=1)
KINDS, ACCESS, AREAS = Item.Kind.values, Item.Access.values, KeyArea.values


def slot(days: int):
    """The 3-hour slot ``days`` from today (negative: in the past; never today, so never under way)."""
    starts_at = timezone.make_aware(datetime.combine(TODAY + timedelta(days=days), clock(SLOT_START)))
    return starts_at, starts_at + SLOT_HOURS * HOUR


def offsets(count: int, shift: int = 0) -> list[int]:
    """Days of ``count`` consecutive slots, half before today and half after, ``shift`` days further out."""
    half = count // 2
    return [-(half + shift) + k for k in range(half)] + [1 + shift + k for k in range(count - half)]


def make_items(slugs: list[str], regions, providers, *, start: int) -> list[Item]:
    """One item in three is in the first region, the others spread over all regions."""
    by_region = {}
    for organisation in providers:
        by_region.setdefault(organisation.region_id, []).append(organisation)

    def item(n: int, slug: str) -> Item:
        i = start + n
        region = regions[0] if i % 3 == 0 else regions[i % len(regions)]
        local = by_region.get(region.pk) or providers
        kind = KINDS[i % len(KINDS)]
        return Item(
            provider=local[i % len(local)],
            name=f"{Item.Kind(kind).label} {slug}",
            slug=slug,
            kind=kind,
            description="Our operator runs the machine with you; **bring your design** and the material list.\n\n"
            "Results are handed over as a short report, with the raw data on request.",
            key_areas=[AREAS[i % len(AREAS)]] + ([AREAS[(i + 1) % len(AREAS)]] if i % 2 else []),
            region=region,
            location=f"Hall {1 + i % 9}, {region.name}",
            access=ACCESS[i % len(ACCESS)],
            price=f"{40 + i % 100} EUR per hour",
            availability="Weekdays 7:00–17:00",
            created_at=NOW - 200 * DAY + timedelta(minutes=i),
        )

    return insert(Item, (item(n, slug) for n, slug in enumerate(slugs)), batch_size=1_000)


def make_bookings(specs, *, start: int) -> int:
    """``specs``: (item, day offset, taker) per booking; each comes from an agreed request, and
    one past booking in four has the provider's record of the use (one in eight the taker's too)."""
    specs = list(specs)
    requests = []
    for n, (item, days, taker) in enumerate(specs):
        i = start + n
        starts_at, ends_at = slot(days)
        created_at = min(starts_at - (7 + i % 14) * DAY, NOW - 3 * DAY)
        first_answer_at = created_at + (1 + i % 47) * HOUR
        requests.append(
            AccessRequest(
                item=item,
                taker=taker,
                purpose="Print and test five brackets for the rail challenge.",
                starts_at=starts_at,
                ends_at=ends_at,
                status=AccessRequest.Status.AGREED,
                proposed_by="taker",
                created_at=created_at,
                first_answer_at=first_answer_at,
                decided_at=first_answer_at + (i % 24) * HOUR,
            )
        )
    requests = insert(AccessRequest, requests)
    bookings = insert(
        Booking,
        (
            Booking(item=r.item, request=r, starts_at=r.starts_at, ends_at=r.ends_at, status=Booking.Status.CONFIRMED)
            for r in requests
        ),
    )
    past = [booking for booking in bookings if booking.starts_at < NOW]
    insert(
        UsageReport,
        (
            UsageReport(
                booking=booking,
                side=side,
                hours_used=Decimal(SLOT_HOURS) - Decimal("0.5") * (n % 8 == 4),
                outcome=UsageReport.Outcome.AS_PLANNED if n % 8 != 4 else UsageReport.Outcome.PARTLY,
                notes="Two parts printed; both passed inspection.",
                recorded_at=booking.ends_at + DAY,
            )
            for n, booking in enumerate(past)
            if n % 4 == 0
            for side in (["provider", "taker"] if n % 8 == 0 else ["provider"])
        ),
        keep=False,
    )
    return len(bookings)


def busiest_region() -> Region:
    """The region with the most items; ties go to the first by name."""
    counts = Item.objects.values("region").annotate(n=Count("id")).order_by("-n", "region__name")
    return Region.objects.get(pk=counts[0]["region"])


def seed_small(users):
    """5 items of 4 bookings (2 past, 2 upcoming) taken by ``users``; the measured taker (the first)
    has one booking on each of 4 of them."""
    regions, providers = list(Region.objects.all()), list(Organisation.objects.all())
    slugs = ["bench-small"] + [f"bench-small-{n}" for n in range(1, SMALL_ITEMS)]
    items = make_items(slugs, regions, providers, start=0)
    taker, others = users[0], users[2:]
    specs = [
        (item, days, taker if k == i else others[(SMALL * i + k) % len(others)])
        for i, item in enumerate(items)
        for k, days in enumerate(offsets(SMALL, shift=i % 2))
    ]
    make_bookings(specs, start=0)
    return items[0], taker


def seed_large(users, scale: float = 1.0):
    """Up to 10,000 items and 100,000 bookings, times ``scale``; the measured item has 100 bookings
    (half upcoming) and the measured taker (the second of ``users``) 100, one on each of 100 items,
    times ``scale``."""
    regions, providers = list(Region.objects.all()), list(Organisation.objects.all())
    count = scaled(ITEMS, scale) - Item.objects.count()
    slugs = ["bench-big"] + [f"bench-item-{n}" for n in range(1, count)]
    start = Item.objects.count()
    items = make_items(slugs, regions, providers, start=start)
    big, others = items[0], items[1:]
    taker, people = users[1], users[2:]
    big_size = scaled(BIG, scale, minimum=2)
    specs = [(big, days, people[k % len(people)]) for k, days in enumerate(offsets(big_size))]
    # The others share the rest, 10 each (the last ones fewer; a tiny run, where the demo's and
    # the small seed's rows weigh more, has fewer); the measured taker has one booking on each of
    # big_size items spread over them, the others go round the people.
    rest = min(scaled(BOOKINGS, scale) - Booking.objects.count() - big_size, len(others) * PER_ITEM)
    stride = len(others) // big_size
    for n in range(rest):
        item_index, k = divmod(n, PER_ITEM)
        item = others[item_index]
        mine = k == 0 and item_index % stride == 0 and item_index // stride < big_size
        specs.append((item, offsets(PER_ITEM, shift=item_index % 2)[k], taker if mine else people[n % len(people)]))
    make_bookings(specs, start=Booking.objects.count())
    analyze()
    return big, taker


def seed(users, admin=None, scale: float = 1.0) -> dict:
    """The small and the large seed, from the first ``PEOPLE`` (times ``scale``) of ``users``:
    what bench/load.py serves. Returns the measured item and taker."""
    people = users[: scaled(PEOPLE, scale, minimum=3)]
    seed_small(people)
    item, taker = seed_large(people, scale)
    return {"item": item, "taker": taker}


def check(item: Item, taker: User, bookings: int) -> None:
    """The measured item and taker have the bookings the table says, and no item's bookings overlap."""
    confirmed = Booking.objects.filter(status=Booking.Status.CONFIRMED)
    assert confirmed.filter(item=item).count() == bookings, item
    assert confirmed.filter(item=item, ends_at__gte=NOW).count() == bookings // 2, item
    assert confirmed.filter(request__taker=taker).count() == bookings, taker
    spans = confirmed.order_by("item", "starts_at").values_list("item", "starts_at", "ends_at")
    previous = (None, None, None)
    for span in spans.iterator(chunk_size=10_000):
        assert span[0] != previous[0] or span[1] >= previous[2], span
        previous = span


def pages(item: Item, taker: User, bookings: int, region: Region, clients: dict) -> dict:
    anonymous, member, admin = clients["anonymous"], clients["member"], clients["admin"]
    tomorrow, page = (TODAY + DAY).isoformat(), f"/facilities/{item.slug}/"
    booked = f"{bookings} bookings, {bookings // 2} upcoming"
    return {
        "Item list (anonymous)": (anonymous, "/facilities/"),
        "Item list, free tomorrow (half the items booked; anonymous)": (anonymous, f"/facilities/?date={tomorrow}"),
        f"Item page ({booked}), anonymous": (anonymous, page),
        f"Item page ({booked}), signed-in member: request form": (member, page),
        f"Item calendar feed ({bookings} bookings)": (anonymous, f"/facilities/{item.slug}/calendar.ics"),
        f"Taker's calendar feed ({bookings} bookings)": (anonymous, f"/facilities/calendar/{feed_token(taker)}.ics"),
        f"Region report ({region.name}), platform admin": (admin, f"/facilities/region/{region.slug}/report/"),
    }


def main():
    prepare_database()
    admin, users = seed_people(PEOPLE)
    small_item, small_taker = seed_small(users)
    check(small_item, small_taker, SMALL)
    clients = {"anonymous": Client(), "member": Client(), "admin": Client()}
    clients["member"].force_login(users[-1])
    clients["admin"].force_login(admin)
    small_items, small_bookings = Item.objects.count(), Booking.objects.count()
    small_region = busiest_region()
    small_region_items = Item.objects.filter(region=small_region).count()
    small_pages = pages(small_item, small_taker, SMALL, small_region, clients)
    small = [measure(client, path, REPEAT) for client, path in small_pages.values()]
    for name, result in zip(small_pages, small, strict=True):
        print(f"small seed, {name}: median {result['median']:.1f} ms, {result['queries']} queries")
    started = time.perf_counter()
    big, taker = seed_large(users)
    seeded_in = time.perf_counter() - started
    check(big, taker, BIG)
    region = busiest_region()
    load = os.getloadavg()[0]
    large_pages = pages(big, taker, BIG, region, clients)
    large = {name: measure(client, path, REPEAT) for name, (client, path) in large_pages.items()}
    tomorrow = timezone.make_aware(datetime.combine(TODAY + DAY, clock.min))
    busy = Booking.objects.filter(
        status=Booking.Status.CONFIRMED, starts_at__lt=tomorrow + DAY, ends_at__gt=tomorrow
    ).values("item")
    sizes = {
        "items": Item.objects.count(),
        "bookings": Booking.objects.count(),
        "reports": UsageReport.objects.count(),
        "people": User.objects.count(),
        "free": Item.objects.published().exclude(pk__in=busy).count(),
        "region_items": Item.objects.filter(region=region).count(),
        "region_bookings": Booking.objects.filter(item__region=region).count(),
        "small_items": small_items,
        "small_bookings": small_bookings,
        "small_region": f"{small_region.name}, {small_region_items} items",
    }
    write(large, small, sizes, seeded_in, load)
    for name, result in large.items():
        print(f"\n{name}: {result['bytes']:,} bytes, {result['sql_ms']:.1f} ms in SQL; ", end="")
        print(f"slowest query {result['slowest_ms']:.1f} ms:")
        print(result["slowest"])


def write(results: dict, small: list[dict], sizes: dict, seeded_in: float, load: float):
    database = connection.vendor
    grows = [name for (name, r), s in zip(results.items(), small, strict=True) if r["queries"] != s["queries"]]
    verdict = (
        "the number of queries does not grow with the data."
        if not grows
        else "the number of queries grows with the data on: " + ", ".join(grows) + "."
    )
    analyzed = " Table statistics refreshed with `ANALYZE` after the load." if database == "postgresql" else ""
    lines = [
        f"## Shared infrastructure ({database}, {time.strftime('%Y-%m-%d')})",
        "",
        f"`bench/facilities.py`: {sizes['items']:,} shared items, {sizes['bookings']:,} confirmed bookings "
        f"(each from an agreed access request), {sizes['reports']:,} usage records, {sizes['people']:,} people; "
        f"seeded in {seeded_in:.0f} s.{analyzed} An ordinary item has {PER_ITEM} bookings of {SLOT_HOURS} hours "
        "on consecutive days, half past and half upcoming; one item in two starts a day later, so that "
        f"tomorrow {sizes['free']:,} items are free. The measured item has {BIG} bookings ({BIG // 2} upcoming, all "
        f"in its feed's window of 90 days back and the future); the measured taker has {BIG} bookings on "
        f"{BIG} items. The region report is the busiest region's: {sizes['region_items']:,} items, "
        f"{sizes['region_bookings']:,} bookings. Each page requested {REPEAT} times through Django's test client "
        "(no network, no gunicorn), anonymously unless said, on this 2-core machine (1-minute load average "
        f"{load:.1f} when timing began).",
        "",
        f"The last column is the same page on a small seed, before the bulk data: the demo data and {SMALL_ITEMS} "
        f"benchmark items ({sizes['small_items']} items, {sizes['small_bookings']} bookings in all), the measured "
        f"item and taker with {SMALL} bookings each, the report of {sizes['small_region']}; {verdict}",
        "",
        *pages_table(results, small),
    ]
    write_section(f"## Shared infrastructure ({database},", lines)


if __name__ == "__main__":
    run(main)
