from datetime import date
from decimal import Decimal

import pytest

from synergy.core import indicators
from tests.factories import ChapterFactory, StrategyActionFactory, StrategyFactory, StrategySectionFactory


@pytest.fixture
def strategy(db):
    """A published strategy with two chapters, sections and three actions."""
    strategy = StrategyFactory(slug="crowd", title="Crowd innovation", summary="For everyone.")
    first = ChapterFactory(strategy=strategy, number=1, title="Industry", introduction="Companies first.")
    second = ChapterFactory(strategy=strategy, number=2, title="Academia", introduction="Then universities.")
    StrategySectionFactory(chapter=first, position=1, title="Why", body="Because **open** works.")
    StrategySectionFactory(chapter=second, position=1, title="How", body="Together.")
    StrategyActionFactory(chapter=first, code="A1.1", title="Open challenges", target_groups=["industry"])
    StrategyActionFactory(
        chapter=first, code="A1.2", title="Shared labs", target_groups=["industry", "academia"],
        counter_keys=["test.challenges"],
    )  # fmt: skip
    StrategyActionFactory(chapter=second, code="A2.1", title="Citizen science", target_groups=["public"])
    return strategy


@pytest.fixture
def counted():
    """A counter registered for the test: the number of days in the period in the region, so each
    period's value is known; records each call."""
    calls = []

    def count(region, start: date, end: date):
        calls.append((region.pk if region else None, start, end))
        return (end - start).days + 1

    indicators.register(
        "test.challenges", label="Challenges launched", unit="challenges", count=count, description="Days, in truth."
    )
    yield calls
    indicators.unregister("test.challenges")


@pytest.fixture
def average():
    def count(region, start, end):
        return Decimal("4.5")

    indicators.register(
        "test.feedback", label="Average feedback", unit="points", count=count, description="Fixed.", additive=False
    )
    yield
    indicators.unregister("test.feedback")


@pytest.fixture
def grouped():
    """Two counters that query the database as the platform's do, each with a grouped form that
    counts every region in one query: the plans' actions and indicators added in the period."""
    from django.db.models import Count

    from synergy.strategy.models import Indicator as IndicatorModel
    from synergy.strategy.models import PlanAction

    def counter(model):
        def rows(start, end):
            since, until = indicators.period(start, end)
            return model.objects.filter(created_at__gte=since, created_at__lt=until)

        def count(region, start, end):
            return indicators.total(rows(start, end), "plan__region", Count("pk"), region)

        def count_by_region(start, end):
            return indicators.total_by_region(rows(start, end), "plan__region", Count("pk"))

        return count, count_by_region

    keys = {"test.actions": PlanAction, "test.indicators": IndicatorModel}
    for key, model in keys.items():
        count, count_by_region = counter(model)
        indicators.register(
            key, label=key, unit="rows", count=count, count_by_region=count_by_region, description="Rows."
        )
    yield list(keys)
    for key in keys:
        indicators.unregister(key)
