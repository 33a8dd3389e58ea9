"""Challenge fixtures: a published challenge of Otto's organisation in Cora's region, and
helpers that move it through its phases by rewriting its dates (the clock decides phases)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from synergy.challenges import services
from synergy.challenges.models import Criterion, Juror, Round

from ..factories import ChallengeFactory, UserFactory


@pytest.fixture
def challenge(organisation, region):
    return ChallengeFactory(giver=organisation, regions=[region])


def move_to(challenge, phase: str):
    """Set the dates so that ``phase`` is the current one."""
    now = timezone.now()
    day = timedelta(days=1)
    offsets = {
        "upcoming": 1,
        "open": -1,
        "refinement": -3,
        "evaluation": -5,
        "results": -7,
        "closed": -9,
    }
    start = now + offsets[phase] * day
    challenge.opens_at = start
    challenge.refinement_starts_at = start + 2 * day if phase in ("refinement",) else None
    challenge.evaluation_starts_at = start + 4 * day if phase != "refinement" else start + 6 * day
    challenge.results_at = start + 6 * day if phase != "refinement" else start + 8 * day
    challenge.closes_at = start + 8 * day if phase != "refinement" else start + 10 * day
    challenge.save()
    assert challenge.phase == phase, (challenge.phase, phase)
    return challenge


@pytest.fixture
def phase():
    return move_to


@pytest.fixture
def proposal(challenge, member):
    proposal = services.create_proposal(challenge, member, title="Lattice bracket", summary="A gyroid lattice.")
    services.submit_proposal(proposal)
    proposal.refresh_from_db()
    return proposal


@pytest.fixture
def seated(challenge, juror):
    """Jules, accepted on the jury with both declarations signed."""
    seat = Juror.objects.create(challenge=challenge, user=juror, status=Juror.Status.ACCEPTED)
    services.sign_declarations(seat)
    return seat


def make_round(challenge, proposals, weights=(60, 40), *, name="Shortlist", scale=(0, 10), status="open"):
    round_ = Round.objects.create(challenge=challenge, name=name, scale_min=scale[0], scale_max=scale[1])
    round_.proposals.set(proposals)
    for index, weight in enumerate(weights):
        Criterion.objects.create(round=round_, name=f"Criterion {index + 1}", weight=weight, position=index)
    if status == "open":
        services.open_round(round_)
    round_.refresh_from_db()
    return round_


def seat_juror(challenge, user=None):
    seat = Juror.objects.create(challenge=challenge, user=user or UserFactory(), status=Juror.Status.ACCEPTED)
    services.sign_declarations(seat)
    return seat
