"""A region adopts the strategy: picks and adapts actions, adds its own, sets targets, enters values."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from synergy.core.exceptions import Refused
from synergy.strategy import services
from synergy.strategy.models import Indicator, IndicatorValue, PlanAction, RegionalPlan
from tests.factories import IndicatorFactory, OrganisationFactory, PlanActionFactory, StrategyFactory
from tests.hostile import BLNS_SAMPLE, EMOJI, INJECTIONS, RTL, SCRIPT

pytestmark = pytest.mark.django_db


def _actions(strategy, *codes):
    return list(strategy.actions.filter(code__in=codes))


def test_a_coordinator_adopts_the_strategy_with_chosen_actions(client, strategy, region, coordinator):
    client.force_login(coordinator)
    chosen = _actions(strategy, "A1.1", "A2.1")
    response = client.post(
        reverse("strategy:adopt", args=["crowd", region.slug]),
        {"actions": [a.pk for a in chosen], "starts_on": "2026-01-15"},
    )
    assert response.status_code == 302
    plan = RegionalPlan.objects.get(region=region, strategy=strategy)
    assert plan.adopted_by == coordinator and plan.starts_on == date(2026, 1, 15)
    assert sorted(plan.actions.values_list("code", "title")) == [
        ("A1.1", "Open challenges"),
        ("A2.1", "Citizen science"),
    ]
    assert response["Location"] == reverse("strategy:plan_edit", args=["crowd", region.slug])


def test_adopted_text_is_a_copy_that_later_strategy_edits_leave_alone(strategy, region, coordinator):
    plan = services.adopt_strategy(region, strategy, _actions(strategy, "A1.1"), coordinator)
    action = strategy.actions.get(code="A1.1")
    action.title = "Open challenges, renamed"
    action.save()
    assert plan.actions.get().title == "Open challenges"


def test_text_is_copied_in_the_language_the_coordinator_works_in(strategy, region, coordinator):
    from django.utils import translation

    action = strategy.actions.get(code="A1.1")
    action.title_sl = "Odprti izzivi"
    action.save()
    with translation.override("sl"):
        plan = services.adopt_strategy(region, strategy, _actions(strategy, "A1.1", "A2.1"), coordinator)
    titles = dict(plan.actions.values_list("code", "title"))
    assert titles == {"A1.1": "Odprti izzivi", "A2.1": "Citizen science"}  # English where not translated


def test_adopting_again_adds_actions_to_the_one_plan(strategy, region, coordinator):
    first = services.adopt_strategy(region, strategy, _actions(strategy, "A1.1"), coordinator)
    again = services.adopt_strategy(region, strategy, _actions(strategy, "A1.1", "A2.1"), coordinator)
    assert first == again and RegionalPlan.objects.count() == 1
    assert first.actions.count() == 2


def test_one_plan_per_region_and_strategy_by_constraint(strategy, region):
    RegionalPlan.objects.create(region=region, strategy=strategy)
    with pytest.raises(IntegrityError):
        RegionalPlan.objects.create(region=region, strategy=strategy)


def test_an_action_of_another_strategy_cannot_be_adopted(strategy, region, coordinator):
    other = StrategyFactory()
    from tests.factories import StrategyActionFactory

    foreign = StrategyActionFactory(chapter__strategy=other)
    with pytest.raises(Refused):
        services.adopt_strategy(region, strategy, [foreign], coordinator)
    assert not RegionalPlan.objects.exists()


def test_an_action_with_counted_indicators_brings_them_into_the_plan(strategy, region, coordinator, counted):
    plan = services.adopt_strategy(region, strategy, _actions(strategy, "A1.2"), coordinator)
    indicator = plan.indicators.get()
    assert (indicator.counter_key, indicator.name, indicator.unit) == (
        "test.challenges",
        "Challenges launched",
        "challenges",
    )
    assert indicator.action == plan.actions.get()


def test_a_counted_indicator_whose_counter_is_not_installed_is_left_out(strategy, region, coordinator):
    plan = services.adopt_strategy(region, strategy, _actions(strategy, "A1.2"), coordinator)
    assert not plan.indicators.exists()


@pytest.fixture
def plan(strategy, region, coordinator):
    return services.adopt_strategy(region, strategy, _actions(strategy, "A1.1"), coordinator)


def _url(name, plan, *args):
    return reverse(f"strategy:{name}", args=[plan.strategy.slug, plan.region.slug, *args])


def test_a_coordinator_adds_an_action_of_the_regions_own_with_owner_dates_and_status(client, plan, coordinator):
    owner = OrganisationFactory(region=plan.region)
    client.force_login(coordinator)
    response = client.post(
        _url("action_add", plan),
        {"code": "R1", "title": "Regional hackathon", "description": "Two days.", "owner": owner.pk,
         "starts_on": "2026-03-01", "ends_on": "2026-03-02", "status": "in_progress", "notes": "Booked the hall."},
    )  # fmt: skip
    assert response.status_code == 302
    own = plan.actions.get(code="R1")
    assert own.source is None and own.owner == owner and own.status == "in_progress"
    assert (own.starts_on, own.ends_on) == (date(2026, 3, 1), date(2026, 3, 2))


def test_an_end_before_the_start_is_refused_with_a_message_next_to_the_end(client, plan, coordinator):
    client.force_login(coordinator)
    backwards = {"title": "Backwards", "starts_on": "2026-03-02", "ends_on": "2026-03-01", "status": "planned"}
    response = client.post(_url("action_add", plan), backwards)
    assert response.status_code == 200
    assert "The end must not come before the start." in response.content.decode()
    assert not plan.actions.filter(title="Backwards").exists()
    with pytest.raises(Refused):
        services.add_own_action(
            plan, plan.adopted_by, title="Backwards", starts_on=date(2026, 3, 2), ends_on=date(2026, 3, 1)
        )


@pytest.mark.parametrize("text", [*INJECTIONS, RTL, EMOJI, *BLNS_SAMPLE[:10]])
def test_hostile_text_in_an_adapted_action_is_kept_exactly_and_shown_as_text(client, plan, coordinator, text):
    action = plan.actions.get()
    client.force_login(coordinator)
    response = client.post(
        _url("action_edit", plan, action.pk),
        {"code": "A1.1", "title": text[:300] or "x", "description": text, "notes": text, "status": "planned"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    action.refresh_from_db()
    assert action.notes == text and action.description == text
    page = client.get(plan.get_absolute_url()).content.decode()
    if "<" in text:
        assert text not in page  # escaped wherever it is shown (quotes in text are harmless)


def test_a_coordinator_adapts_an_adopted_action_and_changes_its_status(plan, coordinator):
    action = plan.actions.get()
    services.update_action(action, coordinator, title="Open challenges for the coast", status="in_progress")
    services.update_action_status(action, "done", coordinator)
    action.refresh_from_db()
    assert (action.title, action.status, action.source.code) == ("Open challenges for the coast", "done", "A1.1")
    with pytest.raises(Refused):
        services.update_action_status(action, "finished", coordinator)


def test_a_coordinator_adds_an_indicator_and_sets_its_target(client, plan, coordinator):
    client.force_login(coordinator)
    action = plan.actions.get()
    response = client.post(
        _url("indicator_add", plan),
        {"name": "Companies reached", "action": action.pk, "unit": "companies", "baseline": "5", "target": "",
         "counter_key": "", "period": "quarter"},
    )  # fmt: skip
    assert response.status_code == 302
    indicator = plan.indicators.get()
    assert indicator.target is None and indicator.action == action
    response = client.post(
        _url("indicator_edit", plan, indicator.pk),
        {"name": "Companies reached", "action": action.pk, "unit": "companies", "baseline": "5", "target": "120",
         "counter_key": "", "period": "year"},
    )  # fmt: skip
    indicator.refresh_from_db()
    assert indicator.target == Decimal("120") and indicator.period == "year"


@pytest.mark.parametrize(("language", "typed"), [("it", "2,5"), ("de", "2,5"), ("en", "2.5"), ("it", "2.5")])
def test_a_target_is_read_as_people_write_numbers_in_their_language(client, plan, coordinator, language, typed):
    client.force_login(coordinator)
    client.post(
        _url("indicator_add", plan),
        {"name": "Share", "unit": "%", "baseline": "0", "target": typed, "counter_key": "", "period": "year"},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert plan.indicators.get().target == Decimal("2.5")


def test_a_target_that_is_not_a_number_is_refused_with_a_message(client, plan, coordinator):
    client.force_login(coordinator)
    response = client.post(
        _url("indicator_add", plan),
        {
            "name": "Companies",
            "unit": "",
            "baseline": "0",
            "target": "a hundred",
            "counter_key": "",
            "period": "quarter",
        },
    )
    assert response.status_code == 200
    assert "Enter a number." in response.content.decode()
    assert not plan.indicators.exists()


def test_a_counter_the_platform_does_not_keep_is_refused(client, plan, coordinator):
    with pytest.raises(Refused):
        services.add_indicator(plan, coordinator, name="Ghosts", counter_key="ghosts.seen")
    client.force_login(coordinator)
    response = client.post(
        _url("indicator_add", plan),
        {
            "name": "Ghosts",
            "unit": "",
            "baseline": "0",
            "target": "1",
            "counter_key": "ghosts.seen",
            "period": "quarter",
        },
    )
    assert response.status_code == 200 and not plan.indicators.exists()


def test_an_indicator_cannot_be_tied_to_another_plans_action(plan, coordinator):
    elsewhere = PlanActionFactory()
    with pytest.raises(Refused):
        services.add_indicator(plan, coordinator, name="Stolen", action=elsewhere)


def test_a_value_is_recorded_once_per_date_and_corrected_by_entering_it_again(client, plan, coordinator):
    indicator = IndicatorFactory(plan=plan)
    client.force_login(coordinator)
    today = timezone.localdate()
    for value in ("12", "14.5"):
        response = client.post(
            _url("value_add", plan, indicator.pk), {"measured_on": today.isoformat(), "value": value}
        )
        assert response.status_code == 302
    recorded = IndicatorValue.objects.get(indicator=indicator)
    assert recorded.value == Decimal("14.5") and recorded.entered_by == coordinator


def test_a_value_in_the_future_or_not_a_number_is_refused(client, plan, coordinator):
    indicator = IndicatorFactory(plan=plan)
    client.force_login(coordinator)
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client.post(_url("value_add", plan, indicator.pk), {"measured_on": tomorrow.isoformat(), "value": "3"})
    assert "not in the future" in response.content.decode()
    response = client.post(_url("value_add", plan, indicator.pk), {"measured_on": "2026-01-01", "value": "many"})
    assert "Enter a number." in response.content.decode()
    assert not IndicatorValue.objects.exists()


def test_values_of_a_counted_indicator_cannot_be_entered_by_hand(plan, coordinator, counted):
    indicator = Indicator.objects.create(plan=plan, name="Counted", counter_key="test.challenges")
    with pytest.raises(Refused):
        services.record_value(indicator, coordinator, measured_on=timezone.localdate(), value=Decimal(1))


def test_removing_a_strategy_action_keeps_the_regions_adapted_action(plan):
    source = plan.actions.get().source
    source.delete()
    assert PlanAction.objects.get(plan=plan).title == "Open challenges"


def test_the_plans_action_title_is_never_rendered_raw(client, plan):
    action = plan.actions.get()
    action.title = SCRIPT
    action.save()
    assert SCRIPT not in client.get(plan.get_absolute_url()).content.decode()
