"""The Synergic Networks' counter counts exactly what its description says (synergy.core.indicators)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from synergy.core import indicators
from synergy.networks.models import Member

from ..factories import OrganisationFactory, RegionFactory
from .factories import MemberFactory, NetworkFactory

pytestmark = pytest.mark.django_db

BRUSSELS = ZoneInfo("Europe/Brussels")
YEAR = (date(2024, 1, 1), date(2024, 12, 31))
IN_2024 = datetime(2024, 2, 2, 9, tzinfo=BRUSSELS)


def joined(organisation, network=None, status=Member.Status.ACTIVE, decided_at=IN_2024):
    return MemberFactory(
        organisation=organisation,
        network=network or NetworkFactory(),
        status=status,
        created_at=datetime(2020, 1, 1, tzinfo=BRUSSELS),
        decided_at=decided_at,
    )


def members(region):
    return indicators.measure("network_members", region, *YEAR)


def test_an_organisation_in_two_networks_is_one_member(region):
    organisation = OrganisationFactory(region=region)
    joined(organisation)
    joined(organisation)
    joined(OrganisationFactory(region=region))
    assert members(region) == 2


def test_only_active_members_who_joined_in_the_period_count(region):
    for status in (Member.Status.INVITED, Member.Status.APPLIED, Member.Status.DECLINED, Member.Status.LEFT):
        joined(OrganisationFactory(region=region), status=status)
    joined(OrganisationFactory(region=region), decided_at=datetime(2023, 7, 7, tzinfo=BRUSSELS))
    assert members(region) == 0


def test_a_member_counts_in_its_organisations_region_not_the_networks(region):
    elsewhere = RegionFactory()
    joined(OrganisationFactory(region=elsewhere), network=NetworkFactory(region=region))
    assert members(region) == 0
    assert indicators.measure_by_region("network_members", [region, elsewhere], *YEAR) == {
        region.pk: 0,
        elsewhere.pk: 1,
    }
    assert members(None) == 1


def test_a_founding_member_without_an_answer_joined_when_added(region):
    MemberFactory(organisation=OrganisationFactory(region=region), created_at=IN_2024, decided_at=None)
    assert members(region) == 1


def test_network_members_is_one_query(region, django_assert_num_queries):
    for _ in range(3):
        joined(OrganisationFactory(region=region))
    with django_assert_num_queries(1):
        members(region)
    with django_assert_num_queries(1):
        indicators.measure_by_region("network_members", [region], *YEAR)
