"""The whole life of a challenge through the service layer: approval, proposals, jury, results."""

from decimal import Decimal

import pytest
from django.core import mail

from synergy.challenges import services
from synergy.challenges.models import Challenge, Proposal, ScoreChange
from synergy.notifications.models import Notification

from ..factories import ChallengeFactory, UserFactory
from .conftest import make_round, move_to, seat_juror

pytestmark = pytest.mark.django_db


def test_a_challenge_needs_a_coordinator_before_it_is_published(organisation, region, org_admin, coordinator):
    challenge = ChallengeFactory(giver=organisation, regions=[region], status="draft")
    services.submit_for_approval(challenge)
    assert challenge.status == Challenge.Status.PENDING
    assert Notification.objects.filter(recipient=coordinator, kind="challenge.approval_requested").exists()
    services.approve_challenge(challenge, coordinator, "Welcome")
    assert challenge.status == Challenge.Status.PUBLISHED
    assert Notification.objects.filter(recipient=org_admin, kind="challenge.approved").exists()


def test_from_proposals_to_a_winner_with_certificate(challenge, member, org_admin, coordinator, deliver_mail):
    teams = []
    for index in range(2):
        lead = UserFactory()
        proposal = services.create_proposal(challenge, lead, title=f"Proposal {index}", summary="…")
        services.submit_proposal(proposal)
        teams.append(proposal)
    move_to(challenge, "evaluation")
    jurors = [seat_juror(challenge) for _ in range(3)]
    services.declare_conflict(jurors[2], teams[0], "my colleague")
    round_ = make_round(challenge, teams, weights=(70, 30))
    for juror, marks in zip(jurors, [(8, 6), (6, 9), (1, 1)], strict=True):
        for proposal in teams:
            if juror is jurors[2] and proposal == teams[0]:
                with pytest.raises(services.Refused):
                    services.record_scores(juror, proposal, round_, {})
                continue
            criteria = list(round_.criteria.all())
            given = {criteria[0].pk: (marks[0], ""), criteria[1].pk: (marks[1], "ok")}
            services.record_scores(juror, proposal, round_, given)
    ranking = services.ranking(round_)
    # Proposal 0: jurors 0 and 1 only (2 declared a conflict): (0.7*8+0.3*6 + 0.7*6+0.3*9)/2 = 7.15
    assert ranking[0]["proposal"] == teams[0] and ranking[0]["score"] == pytest.approx(7.15)
    assert ranking[0]["jurors"] == 2 and ranking[1]["jurors"] == 3
    services.close_round(round_)
    award = services.confirm_award(
        challenge, teams[0], coordinator, rank=1, title="First prize", value=Decimal("5000"), currency="EUR"
    )
    move_to(challenge, "results")
    services.publish_results(challenge)
    deliver_mail()
    winner_mail = [m for m in mail.outbox if teams[0].created_by.email in m.to]
    parts = [part for part in winner_mail[-1].message().walk() if part.get_filename()]
    assert [part.get_filename() for part in parts] == [f"certificate-{award.certificate_code}.pdf"]
    assert parts[0].get_payload(decode=True)[:5] == b"%PDF-"
    loser = teams[1].created_by
    assert Notification.objects.filter(recipient=loser, kind="challenge.results").exists()


def test_every_score_change_is_kept(challenge, proposal, seated):
    move_to(challenge, "evaluation")
    round_ = make_round(challenge, [proposal], weights=(100,))
    criterion = round_.criteria.get()
    services.record_scores(seated, proposal, round_, {criterion.pk: (5, "fine")})
    services.record_scores(seated, proposal, round_, {criterion.pk: (5, "fine")})  # no change, no entry
    services.record_scores(seated, proposal, round_, {criterion.pk: (7, "better on a second read")})
    history = list(ScoreChange.objects.values_list("old_value", "new_value"))
    assert history == [(None, 5), (5, 7)]


def test_submission_after_the_deadline_is_refused(challenge, member):
    proposal = services.create_proposal(challenge, member, title="Late", summary="…")
    move_to(challenge, "evaluation")
    with pytest.raises(services.Refused, match="deadline"):
        services.submit_proposal(proposal)
    assert Proposal.objects.get(pk=proposal.pk).status == Proposal.Status.DRAFT
