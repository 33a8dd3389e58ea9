"""The innovation actors' counter counts exactly what its description says (synergy.core.indicators)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from synergy.core import indicators

from ..factories import OrganisationFactory, RegionFactory

pytestmark = pytest.mark.django_db

BRUSSELS = ZoneInfo("Europe/Brussels")
YEAR = (date(2024, 1, 1), date(2024, 12, 31))
IN_2024 = datetime(2024, 9, 9, 9, tzinfo=BRUSSELS)


def profiled(region, completeness=80, created_at=IN_2024):
    return OrganisationFactory(region=region, completeness=completeness, created_at=created_at)


def test_organisations_profiled_counts_complete_profiles_added_in_the_period(region, settings):
    settings.NETWORK_PROFILE_THRESHOLD = 60
    profiled(region)
    profiled(region, completeness=60)
    profiled(region, completeness=59)
    profiled(region, created_at=datetime(2023, 12, 31, 23, 30, tzinfo=BRUSSELS))
    profiled(RegionFactory())
    profiled(None)
    assert indicators.measure("organisations_profiled", region, *YEAR) == 2
    assert indicators.measure("organisations_profiled", None, *YEAR) == 4
    assert indicators.measure_by_region("organisations_profiled", [region], *YEAR) == {region.pk: 2}


def test_the_description_names_the_threshold_in_force(settings):
    settings.NETWORK_PROFILE_THRESHOLD = 75
    assert "75 %" in str(indicators.get("organisations_profiled").description)


def test_organisations_profiled_is_one_query(region, django_assert_num_queries):
    profiled(region)
    with django_assert_num_queries(1):
        indicators.measure("organisations_profiled", region, *YEAR)
    with django_assert_num_queries(1):
        indicators.measure_by_region("organisations_profiled", [region], *YEAR)
