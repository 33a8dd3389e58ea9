"""Only the region's coordinators and the platform's admins adopt and change a region's plan."""

from datetime import date

import pytest
from django.urls import reverse

from synergy.core.exceptions import Refused
from synergy.strategy import services
from synergy.strategy.models import Indicator, IndicatorValue, PlanAction, RegionalPlan
from tests.factories import IndicatorFactory, RegionFactory, RegionRoleFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(strategy, region, coordinator):
    return services.adopt_strategy(region, strategy, strategy.actions.filter(code="A1.1"), coordinator)


@pytest.fixture
def other_coordinator(db):
    person = UserFactory(email="olga@example.org")
    RegionRoleFactory(user=person, region=RegionFactory(slug="away"))
    return person


def _writes(plan) -> list[tuple[str, dict]]:
    """Every write URL of the plan with valid data."""
    action, indicator = plan.actions.get(), plan.indicators.get()
    base = [plan.strategy.slug, plan.region.slug]
    return [
        (reverse("strategy:adopt", args=base), {"actions": [plan.strategy.actions.get(code="A2.1").pk]}),
        (reverse("strategy:action_add", args=base), {"title": "Mine now", "status": "planned"}),
        (reverse("strategy:action_edit", args=[*base, action.pk]), {"title": "Mine now", "status": "done"}),
        (reverse("strategy:indicator_add", args=base),
         {"name": "Mine", "baseline": "0", "target": "1", "counter_key": "", "period": "year"}),
        (reverse("strategy:indicator_edit", args=[*base, indicator.pk]),
         {"name": "Mine", "baseline": "0", "target": "999", "counter_key": "", "period": "year"}),
        (reverse("strategy:value_add", args=[*base, indicator.pk]), {"measured_on": "2026-01-01", "value": "999"}),
    ]  # fmt: skip


def _state():
    return (
        list(RegionalPlan.objects.values_list()),
        list(PlanAction.objects.order_by("pk").values_list()),
        list(Indicator.objects.order_by("pk").values_list()),
        list(IndicatorValue.objects.order_by("pk").values_list()),
    )


@pytest.mark.parametrize("persona", ["other_coordinator", "member", "org_admin", "outsider"])
def test_nobody_but_the_regions_coordinators_changes_the_plan_through_any_write_url(client, plan, persona, request):
    IndicatorFactory(plan=plan)
    client.force_login(request.getfixturevalue(persona))
    before = _state()
    for url, data in _writes(plan):
        for response in (client.get(url), client.post(url, data)):
            assert response.status_code == 403, url
    assert _state() == before


def test_a_visitor_is_sent_to_sign_in_by_every_write_url(client, plan):
    IndicatorFactory(plan=plan)
    before = _state()
    for url, data in _writes(plan):
        response = client.post(url, data)
        assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    assert _state() == before


@pytest.mark.parametrize("persona", ["coordinator", "admin_user"])
def test_the_regions_coordinator_and_the_platform_admin_write_through_every_url(client, plan, persona, request):
    IndicatorFactory(plan=plan)
    client.force_login(request.getfixturevalue(persona))
    for url, data in _writes(plan):
        response = client.post(url, data)
        assert response.status_code == 302, (url, response.content.decode()[:3000])
    assert plan.actions.count() == 3
    assert sorted(plan.indicators.values_list("name", "target")) == [("Mine", 1), ("Mine", 999)]
    assert IndicatorValue.objects.get().value == 999


def test_the_services_refuse_a_coordinator_of_another_region(plan, strategy, other_coordinator):
    action = plan.actions.get()
    indicator = IndicatorFactory(plan=plan)
    attempts = [
        lambda: services.adopt_strategy(plan.region, strategy, [], other_coordinator),
        lambda: services.add_own_action(plan, other_coordinator, title="Mine"),
        lambda: services.update_action(action, other_coordinator, title="Mine"),
        lambda: services.update_action_status(action, "dropped", other_coordinator),
        lambda: services.add_indicator(plan, other_coordinator, name="Mine"),
        lambda: services.set_target(indicator, 5, other_coordinator),
        lambda: services.record_value(indicator, other_coordinator, measured_on=date(2026, 1, 1), value=1),
    ]
    for attempt in attempts:
        with pytest.raises(Refused):
            attempt()


def test_a_coordinator_of_another_region_can_adopt_for_their_own_region(plan, strategy, other_coordinator):
    from synergy.core.models import Region

    own = Region.objects.get(slug="away")
    away = services.adopt_strategy(own, strategy, strategy.actions.filter(code="A1.1"), other_coordinator)
    assert away.region == own and RegionalPlan.objects.count() == 2


def test_the_dashboard_and_the_comparison_are_public(client, plan):
    assert client.get(plan.get_absolute_url()).status_code == 200
    assert client.get(reverse("strategy:compare", args=[plan.strategy.slug])).status_code == 200


def test_only_coordinators_see_the_buttons_to_manage_the_plan(client, plan, coordinator, other_coordinator):
    edit = reverse("strategy:plan_edit", args=[plan.strategy.slug, plan.region.slug])
    assert edit not in client.get(plan.get_absolute_url()).content.decode()
    client.force_login(other_coordinator)
    assert edit not in client.get(plan.get_absolute_url()).content.decode()
    client.force_login(coordinator)
    assert edit in client.get(plan.get_absolute_url()).content.decode()
