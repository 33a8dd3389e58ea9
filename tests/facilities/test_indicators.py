"""The equipment registry's counters count exactly what their descriptions say (synergy.core.indicators)."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from synergy.core import indicators
from synergy.facilities.models import AccessRequest, Booking, UsageReport

from ..factories import ItemFactory, OrganisationFactory, RegionFactory, UserFactory

pytestmark = pytest.mark.django_db

BRUSSELS = ZoneInfo("Europe/Brussels")
YEAR = (date(2024, 1, 1), date(2024, 12, 31))
IN_2024 = datetime(2024, 6, 3, 9, tzinfo=BRUSSELS)


def item_in(region, **fields):
    return ItemFactory(provider=OrganisationFactory(region=region), created_at=IN_2024, **fields)


def booked(item, starts_at=IN_2024, status="agreed", booking="confirmed"):
    request = AccessRequest.objects.create(
        item=item,
        taker=UserFactory(),
        purpose="Print a bracket",
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=3),
        status=status,
    )
    if status == "agreed":
        Booking.objects.create(
            item=item, request=request, starts_at=request.starts_at, ends_at=request.ends_at, status=booking
        )
    return request


def test_equipment_shared_counts_published_items_added_in_the_period(region):
    item_in(region)
    item_in(region, published=False)
    ItemFactory(provider=OrganisationFactory(region=region), created_at=datetime(2023, 5, 1, tzinfo=BRUSSELS))
    item_in(RegionFactory())
    assert indicators.measure("equipment_shared", region, *YEAR) == 1
    assert indicators.measure("equipment_shared", None, *YEAR) == 2
    assert indicators.measure_by_region("equipment_shared", [region], *YEAR) == {region.pk: 1}


def test_access_requests_fulfilled_counts_bookings_carried_out_in_the_period(region):
    printer = item_in(region)
    booked(printer)
    booked(printer, status="refused")
    booked(printer, status="requested")
    booked(printer, booking="cancelled")
    booked(printer, starts_at=datetime(2023, 6, 1, tzinfo=BRUSSELS))
    booked(item_in(RegionFactory()))
    assert indicators.measure("access_requests_fulfilled", region, *YEAR) == 1
    assert indicators.measure("access_requests_fulfilled", None, *YEAR) == 2


def test_a_booking_recorded_as_not_used_was_not_fulfilled(region):
    printer = item_in(region)
    used, unused = booked(printer), booked(printer, starts_at=IN_2024 + timedelta(days=1))
    UsageReport.objects.create(booking=used.booking, side="taker", hours_used=Decimal("3"), outcome="as_planned")
    UsageReport.objects.create(booking=unused.booking, side="provider", hours_used=Decimal("0"), outcome="not_used")
    assert indicators.measure("access_requests_fulfilled", region, *YEAR) == 1


def test_a_booking_still_to_come_is_not_fulfilled_yet(region):
    booked(item_in(region), starts_at=timezone.now() + timedelta(days=2))
    this_year = (date(timezone.now().year, 1, 1), date(timezone.now().year + 1, 12, 31))
    assert indicators.measure("access_requests_fulfilled", region, *this_year) == 0


def test_each_facilities_counter_is_one_query(region, django_assert_num_queries):
    for _ in range(3):
        booked(item_in(region))
    for key in ("equipment_shared", "access_requests_fulfilled"):
        with django_assert_num_queries(1):
            indicators.measure(key, region, *YEAR)
        with django_assert_num_queries(1):
            indicators.measure_by_region(key, [region], *YEAR)
