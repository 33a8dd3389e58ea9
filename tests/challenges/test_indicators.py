"""The challenges' counters count exactly what their descriptions say (synergy.core.indicators)."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from synergy.challenges.models import Proposal
from synergy.core import indicators

from ..factories import ChallengeFactory, OrganisationFactory, RegionFactory

pytestmark = pytest.mark.django_db

BRUSSELS = ZoneInfo("Europe/Brussels")
YEAR = (date(2024, 1, 1), date(2024, 12, 31))
IN_2024 = datetime(2024, 3, 1, 9, tzinfo=BRUSSELS)


def challenge(region, opens_at=IN_2024, status="published", regions=None):
    return ChallengeFactory(
        giver=OrganisationFactory(region=region),
        regions=regions,
        status=status,
        opens_at=opens_at,
        evaluation_starts_at=opens_at + timedelta(days=30),
        results_at=opens_at + timedelta(days=40),
        closes_at=opens_at + timedelta(days=50),
    )


def proposal(challenge_, status="submitted", submitted_at=IN_2024 + timedelta(days=3)):
    return Proposal.objects.create(
        challenge=challenge_,
        title="A lighter bracket",
        summary="Lattice infill.",
        status=status,
        submitted_at=submitted_at if status != "draft" else None,
    )


def test_challenges_launched_counts_published_challenges_opened_in_the_period(region):
    challenge(region)
    challenge(region, status="draft")
    challenge(region, status="pending")
    challenge(region, opens_at=datetime(2023, 6, 1, tzinfo=BRUSSELS))
    challenge(RegionFactory())
    assert indicators.measure("challenges_launched", region, *YEAR) == 1
    assert indicators.measure("challenges_launched", None, *YEAR) == 2


def test_a_challenge_of_two_regions_counts_in_each_and_once_on_the_platform(region):
    other = RegionFactory()
    challenge(region, regions=[region, other])
    assert indicators.measure_by_region("challenges_launched", [region, other], *YEAR) == {region.pk: 1, other.pk: 1}
    assert indicators.measure("challenges_launched", None, *YEAR) == 1


def test_proposals_received_counts_submitted_proposals_in_the_period(region):
    open_challenge = challenge(region)
    proposal(open_challenge)
    proposal(open_challenge)
    proposal(open_challenge, status="draft")
    proposal(open_challenge, status="withdrawn")
    proposal(open_challenge, submitted_at=datetime(2025, 1, 2, tzinfo=BRUSSELS))
    proposal(challenge(RegionFactory()))
    assert indicators.measure("proposals_received", region, *YEAR) == 2
    assert indicators.measure("proposals_received", None, *YEAR) == 3
    assert indicators.measure_by_region("proposals_received", [region], *YEAR) == {region.pk: 2}


def test_a_proposal_to_a_challenge_of_two_regions_counts_once_on_the_platform(region):
    proposal(challenge(region, regions=[region, RegionFactory()]))
    assert indicators.measure("proposals_received", None, *YEAR) == 1
    assert indicators.measure("proposals_received", region, *YEAR) == 1


def test_each_challenges_counter_is_one_query(region, django_assert_num_queries):
    for _ in range(3):
        proposal(challenge(region, regions=[region, RegionFactory()]))
    for key in ("challenges_launched", "proposals_received"):
        with django_assert_num_queries(1):
            indicators.measure(key, region, *YEAR)
        with django_assert_num_queries(1):
            indicators.measure_by_region(key, [region], *YEAR)
