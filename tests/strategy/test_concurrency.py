"""Two adoptions of one strategy for one region at the same moment, on PostgreSQL: one plan."""

import pytest
from django.conf import settings

from synergy.strategy import services
from synergy.strategy.models import PlanAction, RegionalPlan
from tests.factories import ChapterFactory, RegionFactory, RegionRoleFactory, StrategyActionFactory, UserFactory
from tests.parallel import in_parallel

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not settings.DATABASE_URL, reason="concurrency is tested on PostgreSQL (DATABASE_URL)"),
]


def test_adopting_twice_at_once_makes_one_plan_with_each_action_once():
    region = RegionFactory()
    chapter = ChapterFactory()
    actions = [StrategyActionFactory(chapter=chapter) for _ in range(3)]
    coordinators = [UserFactory() for _ in range(2)]
    for person in coordinators:
        RegionRoleFactory(user=person, region=region)
    results = in_parallel(
        *[
            lambda person=person: services.adopt_strategy(region, chapter.strategy, actions, person)
            for person in coordinators
        ]
    )
    assert all(isinstance(result, RegionalPlan) for result in results), results
    assert RegionalPlan.objects.count() == 1
    assert PlanAction.objects.count() == 3
