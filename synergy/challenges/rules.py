"""Who may do what in a challenge. Challenge-level permissions take the challenge;
proposal-level ones take the proposal. The phase (by the server's clock) is part of
every rule that changes something."""

import rules

from synergy.accounts.rules import coordinated_region_ids, is_member, is_platform_admin
from synergy.actors.rules import administered_organisation_ids, administers_organisation_id

from .models import Challenge, Juror, Phase, Proposal, TeamMember


@rules.predicate
def coordinates_challenge(user, challenge) -> bool:
    if challenge is None:
        return False
    coordinated = coordinated_region_ids(user)  # most people coordinate nothing: no query below
    return bool(coordinated) and challenge.regions.filter(pk__in=coordinated).exists()


@rules.predicate
def gives_challenge(user, challenge) -> bool:
    return challenge is not None and administers_organisation_id(user, challenge.giver_id)


@rules.predicate
def is_organisation_admin_anywhere(user) -> bool:
    return bool(administered_organisation_ids(user))


@rules.predicate
def is_published(user, challenge) -> bool:
    return challenge is not None and challenge.status == Challenge.Status.PUBLISHED


@rules.predicate
def is_draft(user, challenge) -> bool:
    return challenge is not None and challenge.status == Challenge.Status.DRAFT


@rules.predicate
def is_pending(user, challenge) -> bool:
    return challenge is not None and challenge.status == Challenge.Status.PENDING


@rules.predicate
def before_evaluation(user, challenge) -> bool:
    return challenge is not None and challenge.phase in (Phase.DRAFT, Phase.UPCOMING, Phase.OPEN, Phase.REFINEMENT)


def phase_allows(ability: str):
    @rules.predicate(name=f"phase_allows_{ability}")
    def check(user, challenge) -> bool:
        return challenge is not None and challenge.allows(ability)

    return check


@rules.predicate
def is_seated_juror(user, challenge) -> bool:
    if challenge is None or not user.is_authenticated:
        return False
    return challenge.jurors.filter(
        user=user,
        status=Juror.Status.ACCEPTED,
        confidentiality_accepted_at__isnull=False,
        no_conflict_declared_at__isnull=False,
    ).exists()


@rules.predicate
def is_accepted_juror(user, challenge) -> bool:
    if challenge is None or not user.is_authenticated:
        return False
    return challenge.jurors.filter(user=user, status=Juror.Status.ACCEPTED).exists()


@rules.predicate
def results_published(user, challenge) -> bool:
    return challenge is not None and challenge.results_published_at is not None


@rules.predicate
def proposals_public(user, challenge) -> bool:
    return challenge is not None and challenge.proposal_visibility == Challenge.Visibility.PUBLIC


manages_challenge = is_platform_admin | coordinates_challenge

rules.add_perm("challenges.add_challenge", is_platform_admin | is_organisation_admin_anywhere)
rules.add_perm("challenges.view_challenge", is_published | manages_challenge | gives_challenge)
rules.add_perm("challenges.change_challenge", manages_challenge | (gives_challenge & before_evaluation))
rules.add_perm("challenges.submit_for_approval", gives_challenge & is_draft)
rules.add_perm("challenges.approve_challenge", manages_challenge & is_pending)
rules.add_perm("challenges.follow", is_member & is_published)
rules.add_perm("challenges.ask_question", is_member & is_published & phase_allows("ask"))
rules.add_perm("challenges.answer_question", is_published & (gives_challenge | manages_challenge))
rules.add_perm("challenges.create_proposal", is_member & is_published & phase_allows("submit"))
rules.add_perm(
    "challenges.list_proposals",
    manages_challenge | gives_challenge | is_seated_juror | (is_published & proposals_public),
)
rules.add_perm("challenges.manage_jury", manages_challenge & is_published)
rules.add_perm("challenges.view_ranking", manages_challenge & is_published)
rules.add_perm("challenges.confirm_winners", manages_challenge & is_published)
rules.add_perm("challenges.view_results", is_published & results_published)
rules.add_perm("challenges.view_report", manages_challenge | gives_challenge)
rules.add_perm("challenges.jury_home", is_accepted_juror & is_published)


# --- Proposal-level (the object is a Proposal) --------------------------------------------------


@rules.predicate
def on_team(user, proposal) -> bool:
    if proposal is None or not user.is_authenticated:
        return False
    return proposal.team.filter(user=user, status=TeamMember.Status.ACCEPTED).exists()


@rules.predicate
def leads_team(user, proposal) -> bool:
    if proposal is None or not user.is_authenticated:
        return False
    return proposal.team.filter(user=user, is_lead=True).exists()


@rules.predicate
def is_submitted(user, proposal) -> bool:
    return proposal is not None and proposal.status == Proposal.Status.SUBMITTED


@rules.predicate
def is_proposal_draft(user, proposal) -> bool:
    return proposal is not None and proposal.status == Proposal.Status.DRAFT


@rules.predicate
def oversees_proposal(user, proposal) -> bool:
    """The giver's admins and the challenge's coordinators see every submitted proposal."""
    if proposal is None:
        return False
    return manages_challenge(user, proposal.challenge) or gives_challenge(user, proposal.challenge)


@rules.predicate
def judges_proposal(user, proposal) -> bool:
    """A seated juror without a declared conflict with this proposal."""
    if proposal is None or not user.is_authenticated:
        return False
    if not is_seated_juror(user, proposal.challenge):
        return False
    return not proposal.conflicts.filter(juror__user=user).exists()


@rules.predicate
def publicly_visible(user, proposal) -> bool:
    challenge = proposal.challenge
    public = challenge.proposal_visibility == Challenge.Visibility.PUBLIC
    return challenge.status == Challenge.Status.PUBLISHED and public


def proposal_phase_allows(ability: str):
    @rules.predicate(name=f"proposal_phase_allows_{ability}")
    def check(user, proposal) -> bool:
        return proposal is not None and proposal.challenge.allows(ability)

    return check


@rules.predicate
def community_vote(user, proposal) -> bool:
    return proposal is not None and proposal.challenge.is_community_vote


@rules.predicate
def not_withdrawn(user, proposal) -> bool:
    return proposal is not None and proposal.status != Proposal.Status.WITHDRAWN


can_view_proposal = on_team | (is_submitted & (oversees_proposal | judges_proposal | publicly_visible))
can_edit_proposal = (
    on_team
    & not_withdrawn
    & ((is_proposal_draft & proposal_phase_allows("submit")) | (is_submitted & proposal_phase_allows("edit")))
)

rules.add_perm("challenges.view_proposal", can_view_proposal)
rules.add_perm("challenges.change_proposal", can_edit_proposal)
rules.add_perm("challenges.manage_team", leads_team & can_edit_proposal)
rules.add_perm("challenges.submit_proposal", leads_team & is_proposal_draft & proposal_phase_allows("submit"))
rules.add_perm("challenges.withdraw_proposal", leads_team & is_submitted & proposal_phase_allows("withdraw"))
rules.add_perm(
    "challenges.like_proposal",
    is_member & community_vote & is_submitted & proposal_phase_allows("like") & can_view_proposal & ~on_team,
)
rules.add_perm(
    "challenges.comment_proposal", is_member & is_submitted & proposal_phase_allows("comment") & can_view_proposal
)
rules.add_perm("challenges.score_proposal", judges_proposal & is_submitted & proposal_phase_allows("score"))
rules.add_perm("challenges.declare_conflict", is_submitted & judges_proposal)
