"""Simultaneous pledges on PostgreSQL: a limited reward is never over-claimed, nobody spends
more points than the budget, and totals always equal the sum of pledges."""

import pytest
from django.conf import settings

from synergy.funding import services
from synergy.funding.models import Pledge, Reward
from tests.factories import ProjectFactory, SimulatedCampaignFactory, UserFactory
from tests.parallel import csrf_token, in_parallel, logged_in_tab

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not settings.DATABASE_URL, reason="concurrency is tested on PostgreSQL (DATABASE_URL)"),
]


def test_a_limited_reward_is_never_over_claimed_under_simultaneous_pledges(live_server):
    project = ProjectFactory(goal=100_000)
    reward = Reward.objects.create(project=project, title="Only three", minimum=10, quantity=3)
    people = [UserFactory() for _ in range(10)]
    tabs = [logged_in_tab(live_server, person) for person in people]
    tokens = [csrf_token(tab, project.get_absolute_url()) for tab in tabs]
    path = f"/funding/{project.slug}/pledge/"
    in_parallel(
        *[
            lambda tab=tab, token=token: tab.post(
                path, {"csrfmiddlewaretoken": token, "amount": "50", "reward": reward.pk}
            )
            for tab, token in zip(tabs, tokens, strict=True)
        ]
    )
    reward.refresh_from_db()
    project.refresh_from_db()
    assert reward.claimed == 3 == Pledge.objects.filter(reward=reward).count()
    assert project.raised == 150 and services.totals_match(project)


def test_a_participant_never_spends_more_points_than_the_budget():
    game = SimulatedCampaignFactory(points_per_participant=100)
    projects = [ProjectFactory(campaign=game, region=game.region, currency="PTS", goal=500) for _ in range(6)]
    player = UserFactory()
    results = in_parallel(*[lambda p=p: services.pledge(p, player, "30") for p in projects])
    made = [result for result in results if isinstance(result, Pledge)]
    assert len(made) == 3, results  # 3 × 30 = 90 ≤ 100; a fourth would exceed the budget
    assert services.points_left(game, player) == 10


def test_totals_equal_the_sum_of_pledges_after_a_storm_of_pledges_and_cancellations():
    project = ProjectFactory(goal=1000)
    people = [UserFactory() for _ in range(8)]
    first = [services.pledge(project, person, "10") for person in people[:4]]
    actions = [lambda person=person: services.pledge(project, person, "25") for person in people[4:]]
    actions += [lambda pledge=pledge: services.cancel_pledge(pledge) for pledge in first]
    results = in_parallel(*actions)
    assert not [result for result in results if isinstance(result, Exception)], results
    project.refresh_from_db()
    assert project.raised == 100 and services.totals_match(project)
