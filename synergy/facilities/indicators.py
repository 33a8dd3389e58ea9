"""The equipment registry's counters for strategy indicators and public figures
(synergy.core.indicators). An item and the requests for it belong to the item's region."""

from django.db.models import Count, Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from synergy.core import indicators

from .models import AccessRequest, Booking, Item, UsageReport


def _shared(start, end):
    since, until = indicators.period(start, end)
    return Item.objects.published().filter(created_at__gte=since, created_at__lt=until)


def _fulfilled(start, end):
    since, until = indicators.period(start, end)
    not_used = UsageReport.objects.filter(booking=OuterRef("booking"), outcome=UsageReport.Outcome.NOT_USED)
    return AccessRequest.objects.filter(
        status=AccessRequest.Status.AGREED,
        booking__status=Booking.Status.CONFIRMED,
        booking__ends_at__gte=since,
        booking__ends_at__lt=min(until, timezone.now()),
    ).exclude(Exists(not_used))


def equipment_shared(region, start, end) -> int:
    return indicators.total(_shared(start, end), "region", Count("pk"), region)


def equipment_shared_by_region(start, end) -> dict:
    return indicators.total_by_region(_shared(start, end), "region", Count("pk"))


def access_requests_fulfilled(region, start, end) -> int:
    return indicators.total(_fulfilled(start, end), "item__region", Count("pk"), region)


def access_requests_fulfilled_by_region(start, end) -> dict:
    return indicators.total_by_region(_fulfilled(start, end), "item__region", Count("pk"))


def register() -> None:
    indicators.register(
        "equipment_shared",
        label=_("Equipment shared"),
        unit=_("items"),
        count=equipment_shared,
        count_by_region=equipment_shared_by_region,
        description=_(
            "Equipment and facilities added to the registry in the region in the period and published "
            "today (an item its provider took off the registry does not count)."
        ),
        order=80,
    )
    indicators.register(
        "access_requests_fulfilled",
        label=_("Access requests fulfilled"),
        unit=_("requests"),
        count=access_requests_fulfilled,
        count_by_region=access_requests_fulfilled_by_region,
        description=_(
            "Requests for the region's equipment that were agreed into a booking whose time ended in "
            "the period and has passed. Cancelled bookings, and bookings that the provider or the taker "
            "recorded as not used, do not count."
        ),
        order=90,
    )
