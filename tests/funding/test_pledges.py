"""Pledges, rewards, budgets of points, closing by the rule, and the simulated-campaign ranking."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from synergy.funding import services
from synergy.funding.models import Pledge, Project, Reward
from synergy.notifications.models import Notification

from ..factories import ProjectFactory, SimulatedCampaignFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(region):
    return ProjectFactory(region=region)


def test_a_pledge_counts_towards_the_goal_and_tells_the_designer(project, member):
    services.pledge(project, member, "250")
    project.refresh_from_db()
    assert project.raised == Decimal("250") and project.percent == 25
    assert Notification.objects.filter(recipient=project.designer, kind="funding.pledge").exists()
    assert services.totals_match(project)


def test_a_reward_needs_its_minimum_and_runs_out(project):
    reward = Reward.objects.create(project=project, title="Visit the lab", minimum=100, quantity=1)
    first, second = UserFactory(), UserFactory()
    with pytest.raises(services.Refused, match="at least 100"):
        services.pledge(project, first, "50", reward=reward)
    services.pledge(project, first, "100", reward=reward)
    with pytest.raises(services.Refused, match="no longer available"):
        services.pledge(project, second, "500", reward=reward)
    reward.refresh_from_db()
    assert reward.claimed == 1


def test_the_designer_cannot_back_their_own_project(project):
    with pytest.raises(services.Refused, match="your own project"):
        services.pledge(project, project.designer, "10")


def test_no_pledge_outside_the_campaign_dates(project, member):
    Project.objects.filter(pk=project.pk).update(ends_at=timezone.now() - timedelta(minutes=1))
    project.refresh_from_db()
    with pytest.raises(services.Refused, match="not raising funds"):
        services.pledge(project, member, "10")


def test_cancelling_gives_back_the_reward_and_the_total(project, member):
    reward = Reward.objects.create(project=project, title="Sticker", minimum=10, quantity=5)
    pledge = services.pledge(project, member, "1000", reward=reward)
    project.refresh_from_db()
    assert project.goal_reached_at is not None
    services.cancel_pledge(pledge)
    project.refresh_from_db()
    reward.refresh_from_db()
    assert project.raised == 0 and project.goal_reached_at is None and reward.claimed == 0
    assert services.totals_match(project)


@pytest.mark.parametrize(
    ("rule", "pledged", "status", "pledge_status"),
    [
        ("all_or_nothing", "1000", "funded", "collected"),
        ("all_or_nothing", "999", "not_funded", "released"),
        ("keep", "300", "funded", "collected"),
        ("keep", None, "not_funded", None),
    ],
)
def test_a_campaign_closes_by_itself_and_applies_its_rule(region, member, rule, pledged, status, pledge_status):
    project = ProjectFactory(region=region, rule=rule)
    if pledged:
        services.pledge(project, member, pledged)
    Project.objects.filter(pk=project.pk).update(ends_at=timezone.now() - timedelta(minutes=1))
    assert services.close_due() == 1
    assert services.close_due() == 0  # closing twice does nothing
    project.refresh_from_db()
    assert project.status == status
    if pledge_status:
        assert Pledge.objects.get(project=project).status == pledge_status
        assert Notification.objects.filter(recipient=member, kind="funding.closed").count() == 1
    assert Notification.objects.filter(recipient=project.designer, kind="funding.closed").count() == 1


def test_points_are_whole_and_never_exceed_the_budget(region, member):
    game = SimulatedCampaignFactory(region=region, points_per_participant=100)
    first = ProjectFactory(region=region, campaign=game, currency="PTS", goal=150)
    second = ProjectFactory(region=region, campaign=game, currency="PTS", goal=150)
    with pytest.raises(services.Refused, match="whole numbers"):
        services.pledge(first, member, "10.5")
    services.pledge(first, member, "70")
    with pytest.raises(services.Refused, match="30 of your 100 points left"):
        services.pledge(second, member, "31")
    services.pledge(second, member, "30")
    assert services.points_left(game, member) == 0


def test_the_simulated_campaign_ranks_first_to_goal_then_closest_in_percent(region):
    game = SimulatedCampaignFactory(region=region, points_per_participant=100, winners=2)
    late_full, early_full, close, far = (
        ProjectFactory(region=region, campaign=game, currency="PTS", goal=goal) for goal in (100, 100, 200, 400)
    )
    people = [UserFactory() for _ in range(6)]
    services.pledge(early_full, people[0], "100")
    services.pledge(late_full, people[1], "100")
    services.pledge(close, people[2], "100")  # 50 %
    services.pledge(far, people[3], "100")  # 25 %
    ranked = services.close_campaign(game)
    assert ranked == [early_full, late_full, close, far]
    assert [p.wins_voucher for p in ranked] == [True, True, False, False]
    assert Notification.objects.filter(recipient=early_full.designer, kind="funding.ranked").exists()


def test_updates_reach_supporters(project, member):
    services.pledge(project, member, "10")
    services.post_update(project, title="First prototype printed", body="It holds.")
    assert Notification.objects.filter(recipient=member, kind="funding.update").exists()
