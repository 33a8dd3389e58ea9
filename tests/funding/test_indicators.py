"""Crowdfunding's counter counts exactly what its description says (synergy.core.indicators)."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from synergy.core import indicators
from synergy.funding.models import Pledge

from ..factories import ProjectFactory, RegionFactory, SimulatedCampaignFactory, UserFactory

pytestmark = pytest.mark.django_db

BRUSSELS = ZoneInfo("Europe/Brussels")
YEAR = (date(2024, 1, 1), date(2024, 12, 31))
IN_2024 = datetime(2024, 4, 2, 12, tzinfo=BRUSSELS)


def pledge(project, amount, status="active", created_at=IN_2024):
    return Pledge.objects.create(
        project=project, supporter=UserFactory(), amount=Decimal(amount), status=status, created_at=created_at
    )


def money(region):
    return indicators.measure("money_pledged", region, *YEAR)


def test_money_pledged_sums_standing_pledges_in_euros(region):
    project = ProjectFactory(region=region)
    pledge(project, "100.50")
    pledge(project, "20", status="collected")
    pledge(project, "1000", status="cancelled")
    pledge(project, "1000", status="released")
    assert money(region) == Decimal("120.50")


def test_money_pledged_leaves_out_points_other_currencies_regions_and_periods(region):
    game = SimulatedCampaignFactory(region=region)
    pledge(ProjectFactory(region=region, campaign=game, currency="PTS"), "70")
    pledge(ProjectFactory(region=region, currency="PLN"), "400")
    pledge(ProjectFactory(region=RegionFactory()), "30")
    pledge(ProjectFactory(region=region), "9", created_at=datetime(2025, 1, 1, 0, 30, tzinfo=BRUSSELS))
    assert money(region) == Decimal("0.00")
    assert money(None) == Decimal("30.00")


def test_money_pledged_by_region_is_in_euros_with_cents(region):
    other, quiet = RegionFactory(), RegionFactory()
    pledge(ProjectFactory(region=region), "5")
    pledge(ProjectFactory(region=other), "7.25")
    by_region = indicators.measure_by_region("money_pledged", [region, other, quiet], *YEAR)
    assert by_region == {region.pk: Decimal("5.00"), other.pk: Decimal("7.25"), quiet.pk: Decimal("0.00")}
    assert str(by_region[quiet.pk]) == "0.00"


def test_money_pledged_is_one_query(region, django_assert_num_queries):
    for amount in ("1", "2", "3"):
        pledge(ProjectFactory(region=region), amount)
    with django_assert_num_queries(1):
        money(region)
    with django_assert_num_queries(1):
        indicators.measure_by_region("money_pledged", [region], *YEAR)
