"""Crowdfunding's counter for strategy indicators and public figures (synergy.core.indicators)."""

from decimal import Decimal

from django.db.models import DecimalField, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from synergy.core import indicators

from .models import Pledge

CURRENCY = "EUR"
# Pledges that still stand: made and kept, or due because the project reached its goal. Cancelled
# pledges and those released when an all-or-nothing project missed its goal are not money.
STANDING = [Pledge.Status.ACTIVE, Pledge.Status.COLLECTED]
AMOUNT = Coalesce(Sum("amount"), Value(Decimal("0.00")), output_field=DecimalField(max_digits=14, decimal_places=2))


def _pledges(start, end):
    since, until = indicators.period(start, end)
    return Pledge.objects.filter(
        status__in=STANDING,
        project__campaign__isnull=True,  # points of a simulated campaign are not money
        project__currency=CURRENCY,
        created_at__gte=since,
        created_at__lt=until,
    )


def _in_cents(value) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"))


def money_pledged(region, start, end) -> Decimal:
    return _in_cents(indicators.total(_pledges(start, end), "project__region", AMOUNT, region))


def money_pledged_by_region(start, end) -> dict:
    found = indicators.total_by_region(_pledges(start, end), "project__region", AMOUNT)
    return {region_id: _in_cents(value) for region_id, value in found.items()}


def register() -> None:
    indicators.register(
        "money_pledged",
        label=_("Money pledged"),
        unit=_("EUR"),
        count=money_pledged,
        count_by_region=money_pledged_by_region,
        description=_(
            "The sum of pledges in euros made in the period to the region's research projects. "
            "Cancelled pledges, pledges released because the project missed its goal, and the points "
            "of simulated campaigns do not count; projects in another currency are left out."
        ),
        empty=Decimal("0.00"),
        order=100,
    )
