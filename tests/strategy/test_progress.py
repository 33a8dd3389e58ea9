"""The dashboard and the comparison: indicators against their targets, counted values per period,
and a fixed number of queries however large the plans grow."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from synergy.core import charts
from synergy.strategy import progress
from synergy.strategy.models import Indicator, IndicatorValue, PlanAction
from tests.factories import IndicatorFactory, PlanActionFactory, RegionalPlanFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("baseline", "target", "current", "percent"),
    [(0, 100, 45, 45), (10, 110, 60, 50), (10, 110, 130, 120), (50, 10, 30, 50), (5, 5, 5, 100), (0, None, 3, None),
     (0, 10, None, None)],
)  # fmt: skip
def test_progress_runs_from_the_baseline_to_the_target(baseline, target, current, percent):
    assert progress.percent_of_target(baseline, target, current) == percent


def test_quarters_run_from_the_plans_start_to_today_cut_at_both_ends():
    spans = progress.periods(date(2025, 2, 10), date(2025, 11, 3), "quarter")
    assert [(s.label, s.start, s.end) for s in spans] == [
        ("2025 Q1", date(2025, 2, 10), date(2025, 3, 31)),
        ("2025 Q2", date(2025, 4, 1), date(2025, 6, 30)),
        ("2025 Q3", date(2025, 7, 1), date(2025, 9, 30)),
        ("2025 Q4", date(2025, 10, 1), date(2025, 11, 3)),
    ]
    years = progress.periods(date(2024, 6, 1), date(2026, 1, 5), "year")
    assert [(s.label, s.start, s.end) for s in years] == [
        ("2024", date(2024, 6, 1), date(2024, 12, 31)),
        ("2025", date(2025, 1, 1), date(2025, 12, 31)),
        ("2026", date(2026, 1, 1), date(2026, 1, 5)),
    ]
    assert len(progress.periods(date(2010, 1, 1), date(2026, 1, 1), "quarter")) == progress.MAX_PERIODS


def test_a_manual_indicator_is_measured_by_its_latest_value(db):
    indicator = IndicatorFactory(baseline=10, target=110)
    for day, value in [(date(2026, 1, 1), 20), (date(2026, 3, 1), 60)]:
        IndicatorValue.objects.create(indicator=indicator, measured_on=day, value=value)
    board = progress.dashboard(indicator.plan)
    (measured,) = board.plan_indicators
    assert measured.current == Decimal(60) and measured.percent == 50
    assert [value for _label, value in measured.series] == [20.0, 60.0]


def test_a_counted_indicator_counts_each_period_in_the_region_and_adds_them_up(counted):
    today = timezone.localdate()
    start = today - timedelta(days=100)
    plan = RegionalPlanFactory(starts_on=start)
    Indicator.objects.create(plan=plan, name="Challenges", counter_key="test.challenges", baseline=0, target=202)
    (measured,) = progress.dashboard(plan).plan_indicators
    assert measured.current == 101  # counted over the whole plan: every day from the start to today
    assert measured.percent == 50
    assert {call[0] for call in counted} == {plan.region.pk}
    assert counted[0][1] == start and counted[-1][2] == today


def test_two_indicators_on_one_counter_ask_it_once_per_period(counted):
    plan = RegionalPlanFactory(starts_on=timezone.localdate() - timedelta(days=100))
    for name in ("First", "Second"):
        Indicator.objects.create(plan=plan, name=name, counter_key="test.challenges")
    progress.dashboard(plan)
    assert len(counted) == len(set(counted))


def test_an_average_is_measured_over_the_whole_plan_not_summed(average):
    plan = RegionalPlanFactory(starts_on=timezone.localdate() - timedelta(days=200))
    Indicator.objects.create(plan=plan, name="Feedback", counter_key="test.feedback", baseline=3, target=5)
    (measured,) = progress.dashboard(plan).plan_indicators
    assert measured.current == Decimal("4.5") and measured.percent == 75


def test_an_indicator_whose_counter_is_gone_is_shown_as_unavailable(client, db):
    indicator = Indicator.objects.create(plan=RegionalPlanFactory(), name="Pledged", counter_key="funding.pledged")
    (measured,) = progress.dashboard(indicator.plan).plan_indicators
    assert not measured.available and measured.current is None
    assert "not installed" in client.get(indicator.plan.get_absolute_url()).content.decode()


def test_the_dashboard_shows_actions_indicators_and_charts(client, counted):
    plan = RegionalPlanFactory(starts_on=timezone.localdate() - timedelta(days=30))
    action = PlanActionFactory(plan=plan, code="A1.1", title="Open challenges", status="in_progress")
    IndicatorFactory(plan=plan, action=action, name="Companies reached", baseline=10, target=110)
    IndicatorValue.objects.create(indicator=action.indicators.get(), measured_on=timezone.localdate(), value=60)
    Indicator.objects.create(plan=plan, name="Challenges", counter_key="test.challenges", target=62)
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "A1.1 Open challenges" in page and "In progress" in page
    assert "Companies reached: 50 %" in page  # the progress bar's title
    assert "Challenges: 50 %" in page
    assert page.count('role="img"') >= 5  # status chart, two progress bars, two series


def test_the_comparison_sets_regions_side_by_side(client, strategy):
    first = RegionalPlanFactory(strategy=strategy, region__name="Alpha")
    second = RegionalPlanFactory(strategy=strategy, region__name="Beta")
    PlanActionFactory(plan=first, status="done")
    PlanActionFactory(plan=first, status="planned")
    PlanActionFactory(plan=second, status="done")
    IndicatorValue.objects.create(
        indicator=IndicatorFactory(plan=first, baseline=0, target=10), measured_on=date(2026, 1, 1), value=20
    )
    IndicatorValue.objects.create(
        indicator=IndicatorFactory(plan=second, baseline=0, target=10), measured_on=date(2026, 1, 1), value=5
    )
    columns = progress.comparison(strategy)
    assert [(c.plan.region.name, c.actions, c.by_status["done"], c.average_percent, c.on_target) for c in columns] == [
        ("Alpha", 2, 1, 100, 1),
        ("Beta", 1, 1, 50, 0),
    ]
    page = client.get(reverse("strategy:compare", args=[strategy.slug])).content.decode()
    assert "Alpha" in page and "Beta" in page and "Actions done, by region" in page


def _grow(plan, actions: int, values: int):
    for n in range(actions):
        action = PlanActionFactory(plan=plan, owner=None)
        indicator = IndicatorFactory(plan=plan, action=action)
        for day in range(values):
            IndicatorValue.objects.create(
                indicator=indicator, measured_on=date(2025, 1, 1) + timedelta(days=day), value=n + day
            )
        Indicator.objects.create(plan=plan, action=action, name=f"Counted {n}", counter_key="test.challenges")


def _queries(client, url, django_assert_max_num_queries, limit):
    with django_assert_max_num_queries(limit) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_dashboards_queries_do_not_grow_with_actions_indicators_or_values(
    client, uncached, counted, django_assert_max_num_queries
):
    plan = RegionalPlanFactory(starts_on=timezone.localdate() - timedelta(days=60))
    _grow(plan, 1, 1)
    small = _queries(client, plan.get_absolute_url(), django_assert_max_num_queries, 12)
    _grow(plan, 15, 6)
    assert _queries(client, plan.get_absolute_url(), django_assert_max_num_queries, 12) == small


def test_the_comparisons_queries_do_not_grow_with_regions_actions_or_values(
    client, uncached, strategy, counted, django_assert_max_num_queries
):
    url = reverse("strategy:compare", args=[strategy.slug])
    _grow(RegionalPlanFactory(strategy=strategy), 1, 1)
    small = _queries(client, url, django_assert_max_num_queries, 10)
    for _ in range(4):
        _grow(RegionalPlanFactory(strategy=strategy), 5, 4)
    assert _queries(client, url, django_assert_max_num_queries, 10) == small


def _counted_everywhere(plan, keys, *, period="quarter"):
    for key in keys:
        Indicator.objects.create(plan=plan, name=key, counter_key=key, target=10, period=period)


def test_the_comparison_asks_each_counter_once_for_every_region_at_once(
    client, uncached, strategy, grouped, django_assert_max_num_queries
):
    url = reverse("strategy:compare", args=[strategy.slug])
    start = timezone.localdate() - timedelta(days=400)
    _grow(RegionalPlanFactory(strategy=strategy, starts_on=start), 1, 1)
    without_counters = _queries(client, url, django_assert_max_num_queries, 10)
    _counted_everywhere(RegionalPlanFactory(strategy=strategy, starts_on=start), grouped)
    one_region = _queries(client, url, django_assert_max_num_queries, 12)
    assert one_region == without_counters + len(grouped)  # the values over the whole plan; no series
    for _ in range(5):
        plan = RegionalPlanFactory(strategy=strategy, starts_on=start)
        _counted_everywhere(plan, grouped)
        _grow(plan, 3, 2)
    assert _queries(client, url, django_assert_max_num_queries, 12) == one_region
    # A plan that starts on another day is counted over another span: one more query per counter.
    _counted_everywhere(RegionalPlanFactory(strategy=strategy, starts_on=start + timedelta(days=1)), grouped)
    assert _queries(client, url, django_assert_max_num_queries, 14) == one_region + len(grouped)


def test_the_dashboard_asks_each_counter_once_per_period_and_once_for_the_whole_plan(
    client, uncached, grouped, django_assert_max_num_queries
):
    plan = RegionalPlanFactory(starts_on=timezone.localdate() - timedelta(days=400))
    url = plan.get_absolute_url()
    _grow(plan, 1, 1)
    without_counters = _queries(client, url, django_assert_max_num_queries, 12)
    _counted_everywhere(plan, grouped)
    _counted_everywhere(plan, grouped)  # a second indicator on each counter shares its answers
    spans = len(progress.periods(plan.starts_on, timezone.localdate(), "quarter")) + 1
    counting = _queries(client, url, django_assert_max_num_queries, 12 + len(grouped) * spans)
    assert counting == without_counters + len(grouped) * spans
    _grow(plan, 10, 3)
    assert _queries(client, url, django_assert_max_num_queries, counting) == counting


def test_counting_every_region_at_once_gives_what_counting_each_region_gives(strategy):
    """On a seeded example with every counter of the platform: the comparison's grouped answers
    are the answers each region's dashboard gets from its own counter calls."""
    from synergy.core import indicators
    from tests.reports.conftest import populate

    today = timezone.localdate()
    plans = []
    for number, (people, days) in enumerate([(1, 30), (3, 30), (2, 90), (0, 30)]):
        plan = RegionalPlanFactory(strategy=strategy, region__name=f"Region {number}",
                                   starts_on=today - timedelta(days=days))  # fmt: skip
        if people:
            populate(plan.region, people=people)
        for metric in indicators.all_metrics():
            Indicator.objects.create(plan=plan, name=str(metric.label), counter_key=metric.key, baseline=0, target=2)
        plans.append(plan)
    assert len(indicators.all_metrics()) >= 8  # the platform's own counters are installed

    grouped = progress.Measurer([plan.region for plan in plans])
    for plan in plans:
        for metric in indicators.all_metrics():
            one_by_one = indicators.measure(metric.key, plan.region, plan.starts_on, today)
            assert grouped(metric.key, plan.region, plan.starts_on, today) == one_by_one, (metric.key, plan)
    columns = progress.comparison(strategy)
    for column, plan in zip(columns, sorted(plans, key=lambda p: p.region.name), strict=True):
        measured = [p for p in progress.dashboard(plan).all_indicators if p.percent is not None]
        assert column.with_target == len(measured)
        assert column.on_target == sum(1 for p in measured if p.percent >= 100)
        expected = round(sum(min(p.percent, 100) for p in measured) / len(measured)) if measured else None
        assert column.average_percent == expected
    assert [column.on_target for column in columns][:2] != [0, 0]  # the example counts something


def test_a_cached_dashboard_runs_none_of_its_queries_and_shows_a_change_at_once(client, django_assert_max_num_queries):
    plan = RegionalPlanFactory()
    action = PlanActionFactory(plan=plan, title="Before")
    IndicatorFactory(plan=plan, action=action)
    client.get(plan.get_absolute_url())
    with django_assert_max_num_queries(10) as captured:
        assert "Before" in client.get(plan.get_absolute_url()).content.decode()
    read = " ".join(query["sql"] for query in captured.captured_queries)
    assert "strategy_planaction" not in read and "strategy_indicator" not in read
    action.title = "After"
    action.save()
    assert "After" in client.get(plan.get_absolute_url()).content.decode()


def test_charts_compute_their_geometry_in_python_for_other_renderers():
    bar = charts.progress_geometry("Trained", 150)
    assert bar.filled_width == bar.track_width and bar.label == "150 %"
    assert charts.progress_geometry("Nothing yet", None).filled_width == 0
    series = charts.series_geometry(
        "People", [("Q1", 10), ("Q2", None), ("Q3", 20)], target=40, target_label="target 40"
    )
    assert series.gridlines[-1].value == 50  # the scale ends at a round number above the target
    assert series.target.y == pytest.approx(series.plot_bottom - (series.plot_bottom - series.plot_top) * 0.8)
    first, missing, last = series.points
    assert missing.value is None and missing.column_height == 0
    assert last.column_height == 2 * first.column_height
    line = charts.series_geometry("People", [("1 Jan", 1), ("1 Feb", 2)], kind="line")
    assert line.polyline.count(",") == 2


def test_a_chart_is_titled_with_its_figures_for_screen_readers():
    svg = charts.series_chart("People <trained>", [("Q1", 3), ("Q2", 5)], unit="people")
    assert 'role="img"' in svg and "People &lt;trained&gt;: Q1: 3; Q2: 5 (people)" in svg
    assert "<script" not in svg
    progress_svg = charts.progress_chart("Reached", 45, description="45 of 100")
    assert "Reached: 45 % (45 of 100)" in progress_svg


def test_the_dashboard_of_a_region_without_a_plan_offers_adoption_to_its_coordinator(
    client, strategy, region, coordinator
):
    url = reverse("strategy:plan", args=[strategy.slug, region.slug])
    assert "has not adopted" in client.get(url).content.decode()
    client.force_login(coordinator)
    assert reverse("strategy:adopt", args=[strategy.slug, region.slug]) in client.get(url).content.decode()


def test_values_entered_by_a_person_who_later_deletes_their_account_stay(db):
    person = UserFactory()
    indicator = IndicatorFactory()
    IndicatorValue.objects.create(indicator=indicator, measured_on=date(2026, 1, 1), value=3, entered_by=person)
    person.delete()
    assert IndicatorValue.objects.get().entered_by is None


def test_statuses_are_counted_in_their_order(db):
    plan = RegionalPlanFactory()
    for status in ["done", "done", "dropped"]:
        PlanActionFactory(plan=plan, status=status)
    board = progress.dashboard(plan)
    assert [(s, c) for s, _label, c in board.by_status] == [
        ("planned", 0),
        ("in_progress", 0),
        ("done", 2),
        ("dropped", 1),
    ]
    assert str(PlanAction.Status.DONE.label) in str(board.status_chart)
