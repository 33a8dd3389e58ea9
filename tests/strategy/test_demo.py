"""The demo's strategy: written for the demo, partly translated, adopted by two regions."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from synergy.demo.services import seed_demo
from synergy.strategy.models import Action, IndicatorValue, PlanAction, RegionalPlan, Strategy

pytestmark = pytest.mark.django_db


def _rows():
    strategies = list(Strategy.objects.order_by("pk").values_list("pk", "title", "summary", "published"))
    return [strategies] + [
        list(model.objects.order_by("pk").values_list()) for model in (Action, RegionalPlan, PlanAction, IndicatorValue)
    ]


def test_the_demo_strategy_is_adopted_by_two_regions_with_targets_and_values(client):
    seed_demo()
    strategy = Strategy.objects.get(slug="crowd-innovation-strategy")
    assert strategy.chapters.count() == 4 and strategy.actions.count() == 10
    assert dict(strategy.language_versions.values_list("language", "status")) == {"sl": "partial", "pl": "partial"}
    with translation.override("sl"):
        assert strategy.actions.get(code="A2.1").title == "Izzivi množičnih inovacij s podjetji"
        assert strategy.actions.get(code="A3.3").title == "Procure innovation through open calls"  # English
    plans = RegionalPlan.objects.filter(strategy=strategy)
    assert sorted(plans.values_list("region__slug", flat=True)) == ["emilia-romagna", "slovenia"]
    slovenia = plans.get(region__slug="slovenia")
    assert slovenia.actions.count() == 4 and IndicatorValue.objects.filter(indicator__plan=slovenia).count() == 6
    page = client.get(slovenia.get_absolute_url()).content.decode()
    assert "Companies that posted a challenge" in page and "58 %" in page  # 7 of 12
    comparison = client.get(reverse("strategy:compare", args=[strategy.slug])).content.decode()
    assert "Slovenia" in comparison and "Emilia-Romagna" in comparison
    # Two indicators alike (both suggested by two actions) still give each chart an id of its own.
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})


def test_seeding_the_demo_twice_changes_nothing_in_the_strategy(db):
    seed_demo()
    before = _rows()
    seed_demo()
    assert _rows() == before
