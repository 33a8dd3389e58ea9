"""Simultaneous requests on one challenge, on PostgreSQL: nothing counted twice, no limit exceeded.

Likes and team invitations go through the real HTTP stack (two "tabs" per person); scores
and submissions through the services from parallel threads, each with its own connection.
"""

import pytest
from django.conf import settings

from synergy.challenges import services
from synergy.challenges.models import Like, Proposal, Score, ScoreChange, TeamMember
from synergy.notifications.models import Notification
from tests.factories import ChallengeFactory, UserFactory
from tests.parallel import csrf_token, in_parallel, logged_in_tab

from .conftest import make_round, move_to, seat_juror

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not settings.DATABASE_URL, reason="concurrency is tested on PostgreSQL (DATABASE_URL)"),
]


def test_a_double_click_on_like_and_many_members_at_once_count_each_member_once(live_server):
    challenge = ChallengeFactory(campaign_type="community")
    lead = UserFactory()
    proposal = services.create_proposal(challenge, lead, title="Clip-on visor", summary="…")
    services.submit_proposal(proposal)
    voters = [UserFactory() for _ in range(6)]
    tabs = [logged_in_tab(live_server, voter) for voter in voters for _ in range(2)]  # two tabs each
    path = f"/challenges/{challenge.slug}/proposals/{proposal.pk}/like/"
    tokens = [csrf_token(tab, f"/challenges/{challenge.slug}/proposals/{proposal.pk}/") for tab in tabs]
    statuses = in_parallel(
        *[
            lambda tab=tab, token=token: tab.post(path, {"csrfmiddlewaretoken": token, "like": "1"})
            for tab, token in zip(tabs, tokens, strict=True)
        ]
    )
    assert all(status == 200 for status in statuses), statuses
    assert Like.objects.filter(proposal=proposal).count() == len(voters)
    proposal.refresh_from_db()
    assert proposal.like_count == len(voters)  # the stored count matches, under the race too


def test_simultaneous_invitations_never_exceed_the_team_limit():
    challenge = ChallengeFactory(team_max=3)
    lead = UserFactory()
    proposal = services.create_proposal(challenge, lead, title="Team", summary="…")
    people = [UserFactory() for _ in range(6)]
    results = in_parallel(*[lambda p=p: services.invite_team_member(proposal, lead, p.email) for p in people])
    invited = [result for result in results if isinstance(result, TeamMember)]
    refused = [result for result in results if isinstance(result, services.Refused)]
    assert len(invited) == 2 and len(refused) == 4, results
    assert proposal.team.exclude(status="declined").count() == 3


def test_the_same_proposal_submitted_twice_at_once_is_submitted_once(org_admin, challenge):
    lead = UserFactory()
    proposal = services.create_proposal(challenge, lead, title="Twice", summary="…")
    results = in_parallel(lambda: services.submit_proposal(proposal), lambda: services.submit_proposal(proposal))
    assert sorted(type(result).__name__ for result in results) == ["AlreadySubmitted", "NoneType"], results
    assert Proposal.objects.get(pk=proposal.pk).status == "submitted"
    assert Notification.objects.filter(recipient=org_admin, kind="challenge.proposal_submitted").count() == 1


def test_a_juror_saving_scores_in_two_tabs_keeps_one_score_and_a_true_history(challenge):
    lead = UserFactory()
    proposal = services.create_proposal(challenge, lead, title="Scored", summary="…")
    services.submit_proposal(proposal)
    move_to(challenge, "evaluation")
    juror = seat_juror(challenge)
    round_ = make_round(challenge, [proposal], weights=(100,))
    criterion = round_.criteria.get()
    results = in_parallel(
        lambda: services.record_scores(juror, proposal, round_, {criterion.pk: (4, "first tab")}),
        lambda: services.record_scores(juror, proposal, round_, {criterion.pk: (8, "second tab")}),
    )
    assert all(isinstance(result, int) for result in results), results
    score = Score.objects.get(juror=juror, proposal=proposal, criterion=criterion)
    history = list(ScoreChange.objects.filter(juror=juror).order_by("id").values_list("old_value", "new_value"))
    assert history[0][0] is None and history[-1][1] == score.value  # the history ends where the score is
    assert len(history) == 2 and history[1][0] == history[0][1]  # the second change saw the first
