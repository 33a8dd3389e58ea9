"""A small world with something for every counter: two regions, people, pledges, bookings."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from synergy.challenges.models import Proposal
from synergy.facilities.models import AccessRequest, Booking
from synergy.funding.models import Pledge
from synergy.networks.models import Member
from synergy.trainings.models import Feedback, Registration

from ..factories import (
    ChallengeFactory,
    ItemFactory,
    OrganisationFactory,
    ProjectFactory,
    RegionFactory,
    TrainingFactory,
    UserFactory,
)
from ..networks.factories import MemberFactory

# What must never appear in figures or open data: people's addresses and names, and their texts.
PERSONAL = ["figures-person", "Figures Person", "guest-figures", "Guest Figures", "taker-figures",
            "supporter-figures", "Supporter Figures", "figures-org@", "Private remark", "Secret idea",
            "Private purpose"]  # fmt: skip
_serial = iter(range(10**6))


def populate(region, *, people: int = 1) -> None:
    """Activity in ``region`` this year, by people whose names and addresses must never be shown."""
    batch, now = next(_serial), timezone.now()
    earlier = now - timedelta(hours=1)
    organisation = OrganisationFactory(region=region, completeness=90, contact_email="figures-org@example.org")
    training = TrainingFactory(region=region, status="held", starts_at=earlier - timedelta(hours=2))
    for n in range(people):
        person = UserFactory(email=f"{batch}-{n}-figures-person@example.org", display_name=f"Figures Person {n}")
        registration = Registration.objects.create(
            training=training, user=person, status="confirmed", attended_at=training.starts_at
        )
        Feedback.objects.create(registration=registration, usefulness=4, intention="yes", comment="Private remark")
    Registration.objects.create(
        training=training,
        guest_email=f"{batch}-guest-figures@example.org",
        guest_name="Guest Figures",
        status="confirmed",
        attended_at=earlier,
    )
    challenge = ChallengeFactory(giver=organisation, opens_at=earlier)
    Proposal.objects.create(
        challenge=challenge, title="Secret idea", summary="Secret", status="submitted", submitted_at=earlier
    )
    MemberFactory(organisation=organisation, status=Member.Status.ACTIVE, decided_at=earlier)
    item = ItemFactory(provider=organisation)
    request = AccessRequest.objects.create(
        item=item, taker=UserFactory(email=f"{batch}-taker-figures@example.org"), purpose="Private purpose",
        starts_at=earlier - timedelta(hours=3), ends_at=earlier, status="agreed",
    )  # fmt: skip
    Booking.objects.create(item=item, request=request, starts_at=request.starts_at, ends_at=request.ends_at)
    supporter = UserFactory(email=f"{batch}-supporter-figures@example.org", display_name="Supporter Figures")
    Pledge.objects.create(project=ProjectFactory(region=region), supporter=supporter, amount=Decimal("25.50"))


@pytest.fixture
def other_region(db):
    return RegionFactory(slug="other-region")


@pytest.fixture
def world(region, other_region):
    populate(region, people=2)
    populate(other_region)
    return region, other_region
