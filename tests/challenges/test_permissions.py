"""The permission matrix: every persona against every action in every phase, each cell declared.

Cells are checked on the server's rules (the same ones every view and API call goes
through); ``test_views_enforce_the_rules`` shows the views refuse what the rules refuse.
"""

import pytest

from synergy.challenges import services
from synergy.challenges.models import Challenge, Conflict

from ..factories import ChallengeFactory, UserFactory
from .conftest import move_to, seat_juror

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "member", "team_member", "giver_admin", "juror", "juror_conflicted", "coordinator", "admin"]
PHASES = ["draft", "upcoming", "open", "refinement", "evaluation", "results", "closed"]
PUBLISHED = PHASES[1:]
SIGNED_IN = set(PERSONAS) - {"anonymous"}
MANAGERS = {"coordinator", "admin"}
GIVERS = {"giver_admin", *MANAGERS}


def cells(**phases):
    """Expand ``open={"member"}`` style keyword sets to a full phase → personas table."""
    return {phase: set(phases.get(phase, set())) for phase in PHASES}


def same(personas, phases):
    return cells(**dict.fromkeys(phases, personas))


def merge(*tables):
    return {phase: set().union(*(table[phase] for table in tables)) for phase in PHASES}


# Challenge-level actions: the object is the challenge (proposals seen only by giver and jury).
CHALLENGE_MATRIX = {
    "view_challenge": merge(same(set(PERSONAS), PUBLISHED), same(GIVERS, ["draft"])),
    "change_challenge": merge(
        same(GIVERS, ["draft", "upcoming", "open", "refinement"]), same(MANAGERS, ["evaluation", "results", "closed"])
    ),
    "ask_question": same(SIGNED_IN, ["upcoming", "open", "refinement"]),
    "answer_question": same(GIVERS, PUBLISHED),
    "create_proposal": same(SIGNED_IN, ["open"]),
    "follow": same(SIGNED_IN, PUBLISHED),
    "list_proposals": same({"giver_admin", "juror", "juror_conflicted", *MANAGERS}, PHASES),
    "manage_jury": same(MANAGERS, PUBLISHED),
    "view_ranking": same(MANAGERS, PUBLISHED),
    "confirm_winners": same(MANAGERS, PUBLISHED),
    "view_report": same(GIVERS, PHASES),
    "jury_home": same({"juror", "juror_conflicted"}, PUBLISHED),
}

PROPOSAL_PHASES = ["open", "refinement", "evaluation", "results", "closed"]
SEES_PROPOSAL = {"team_member", "giver_admin", "juror", *MANAGERS}
PROPOSAL_MATRIX = {
    "view_proposal": same(SEES_PROPOSAL, PROPOSAL_PHASES),
    "change_proposal": same({"team_member"}, ["open", "refinement"]),
    "manage_team": same({"team_member"}, ["open", "refinement"]),
    "withdraw_proposal": same({"team_member"}, ["open", "refinement"]),
    "comment_proposal": same(SEES_PROPOSAL, ["open", "refinement"]),
    "like_proposal": cells(),  # an expert-judged challenge has no community vote
    "score_proposal": same({"juror"}, ["evaluation"]),
    "declare_conflict": same({"juror"}, PROPOSAL_PHASES),
}

# In a community-vote challenge with public proposals, members like what they did not write.
LIKERS = {"member", "giver_admin", "juror", "juror_conflicted", *MANAGERS}
COMMUNITY_MATRIX = {
    "view_proposal": same(set(PERSONAS), PROPOSAL_PHASES),
    "like_proposal": same(LIKERS, ["open", "refinement"]),
    "comment_proposal": same(SIGNED_IN, ["open", "refinement"]),
}


@pytest.fixture
def world(organisation, region, org_admin, coordinator, admin_user, juror, member, outsider):
    """One challenge with a submitted proposal (Mia's team), Jules seated, and a conflicted juror."""

    def build(*, community=False):
        challenge = ChallengeFactory(
            giver=organisation,
            regions=[region],
            campaign_type="community" if community else "expert",
            proposal_visibility="public" if community else "jury",
        )
        proposal = services.create_proposal(challenge, member, title="Lattice", summary="…")
        services.submit_proposal(proposal)
        proposal.refresh_from_db()
        seat_juror(challenge, juror)
        conflicted = seat_juror(challenge, UserFactory(display_name="Connie"))
        Conflict.objects.create(juror=conflicted, proposal=proposal)
        people = {
            "anonymous": None, "member": outsider, "team_member": member, "giver_admin": org_admin,
            "juror": juror, "juror_conflicted": conflicted.user, "coordinator": coordinator, "admin": admin_user,
        }  # fmt: skip
        return challenge, proposal, people

    return build


def put_in_phase(challenge, phase):
    if phase == "draft":
        Challenge.objects.filter(pk=challenge.pk).update(status="draft")
        challenge.refresh_from_db()
    else:
        move_to(challenge, phase)


def expected_for(persona, table, phase) -> bool:
    # Django lets an active superuser pass every permission check; the clock rules that
    # matter (deadlines, scoring windows) are enforced again by the services, for them too.
    return persona == "admin" or persona in table[phase]


def allowed(user, perm, obj):
    from django.contrib.auth.models import AnonymousUser

    return (user or AnonymousUser()).has_perm(f"challenges.{perm}", obj)


@pytest.mark.parametrize("phase", PHASES)
def test_challenge_actions(world, phase):
    challenge, _proposal, people = world()
    put_in_phase(challenge, phase)
    for action, table in CHALLENGE_MATRIX.items():
        for persona in PERSONAS:
            expected = expected_for(persona, table, phase)
            assert allowed(people[persona], action, challenge) == expected, (action, phase, persona, expected)


@pytest.mark.parametrize("phase", PROPOSAL_PHASES)
def test_proposal_actions(world, phase):
    challenge, proposal, people = world()
    put_in_phase(challenge, phase)
    proposal.challenge = challenge
    for action, table in PROPOSAL_MATRIX.items():
        for persona in PERSONAS:
            expected = expected_for(persona, table, phase)
            assert allowed(people[persona], action, proposal) == expected, (action, phase, persona, expected)


@pytest.mark.parametrize("phase", PROPOSAL_PHASES)
def test_community_vote_actions(world, phase):
    challenge, proposal, people = world(community=True)
    put_in_phase(challenge, phase)
    proposal.challenge = challenge
    for action, table in COMMUNITY_MATRIX.items():
        for persona in PERSONAS:
            expected = expected_for(persona, table, phase)
            assert allowed(people[persona], action, proposal) == expected, (action, phase, persona, expected)


def test_a_withdrawn_proposal_is_seen_only_by_its_team(world):
    _challenge, proposal, people = world(community=True)
    services.withdraw_proposal(proposal)
    proposal.refresh_from_db()
    seen = {persona for persona in PERSONAS if allowed(people[persona], "view_proposal", proposal)}
    assert seen == {"team_member", "admin"}


def test_a_draft_proposal_is_seen_only_by_its_team(world, member):
    challenge, _proposal, people = world(community=True)
    draft = services.create_proposal(challenge, member, title="Second idea", summary="…")
    seen = {persona for persona in PERSONAS if allowed(people[persona], "view_proposal", draft)}
    assert seen == {"team_member", "admin"}


def test_the_clock_binds_platform_admins_too(world, admin_user):
    challenge, _proposal, _people = world()
    draft = services.create_proposal(challenge, admin_user, title="Admin's idea", summary="…")
    move_to(challenge, "evaluation")
    with pytest.raises(services.Refused):
        services.submit_proposal(draft)


def test_another_regions_coordinator_manages_nothing(world):
    from ..factories import RegionFactory, RegionRoleFactory

    challenge, proposal, _people = world()
    elsewhere = RegionRoleFactory(region=RegionFactory()).user
    for action in ["change_challenge", "manage_jury", "view_ranking", "confirm_winners", "view_report"]:
        assert not allowed(elsewhere, action, challenge), action
    assert not allowed(elsewhere, "view_proposal", proposal)
