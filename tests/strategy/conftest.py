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
