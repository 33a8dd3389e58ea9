"""How far a region's plan has come: actions by status, and each indicator against its target.

Read only. A dashboard reads the plan's actions, indicators and manual values in a fixed number
of queries, whatever their number; an automatic indicator asks its counter
(``synergy.core.indicators.measure``) once per period and once for the whole plan, and two
indicators on one counter share the answers (``Measurer``), so counting costs at most
(counters used × (periods + 1)). The comparison needs only each plan's value over the whole
plan, and asks every region at once (``indicators.measure_by_region``, one grouped query): it
costs (counters used × distinct start dates of the plans), however many regions there are.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, Prefetch
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from synergy.core import charts, indicators
from synergy.core.models import Region

from .models import Indicator, IndicatorValue, PlanAction, RegionalPlan

MAX_PERIODS = 12  # the chart shows the latest twelve quarters (or years) of a long plan


@dataclass(frozen=True)
class Period:
    label: str
    start: date
    end: date


def periods(start: date, today: date, kind: str) -> list[Period]:
    """Calendar quarters (or years) from the one holding ``start`` to the one holding ``today``,
    each cut to ``start`` and ``today``; the latest ``MAX_PERIODS``."""
    found = []
    if kind == Indicator.Period.YEAR:
        for year in range(start.year, today.year + 1):
            found.append(Period(str(year), max(start, date(year, 1, 1)), min(today, date(year, 12, 31))))
    else:
        year, quarter = start.year, (start.month - 1) // 3
        while (year, quarter) <= (today.year, (today.month - 1) // 3):
            first = date(year, quarter * 3 + 1, 1)
            last = (date(year + (quarter == 3), (quarter + 1) % 4 * 3 + 1, 1)) - timedelta(days=1)
            found.append(Period(f"{year} Q{quarter + 1}", max(start, first), min(today, last)))
            year, quarter = (year + 1, 0) if quarter == 3 else (year, quarter + 1)
    return found[-MAX_PERIODS:]


class Measurer:
    """Counter values asked once per (counter, start, end) within one page.

    Given the ``regions`` a page sets side by side, the first question about one of them asks
    the counter for all of them at once (one grouped query when the counter can); otherwise it
    asks for the one region, which reads fewer rows."""

    def __init__(self, regions=()):
        self._regions = {region.pk: region for region in regions}
        self._known: dict[tuple, dict[int, int | Decimal | None]] = {}

    def __call__(self, key: str, region: Region, start: date, end: date):
        found = self._known.setdefault((key, start, end), {})
        if region.pk not in found:
            if len(self._regions) > 1 and region.pk in self._regions:
                found.update(indicators.measure_by_region(key, self._regions.values(), start, end))
            if region.pk not in found:
                found[region.pk] = indicators.measure(key, region, start, end)
        return found[region.pk]


def percent_of_target(baseline, target, current) -> int | None:
    """Progress from the baseline to the target, in percent (beyond 100 when exceeded; a falling
    target works too). None without a target or a value."""
    if target is None or current is None:
        return None
    span = Decimal(target) - Decimal(baseline)
    if span == 0:
        return 100 if Decimal(current) == Decimal(target) else 0
    return round(100 * (Decimal(current) - Decimal(baseline)) / span)


@dataclass
class IndicatorProgress:
    indicator: Indicator
    current: int | Decimal | None
    percent: int | None
    series: list[tuple[str, float | None]]
    counted_by: str  # the counter's label, or "" for values entered by hand
    available: bool  # False: counted by an app that is not installed

    @property
    def progress_chart(self):
        description = _("%(current)s of the target %(target)s, from a baseline of %(baseline)s") % {
            "current": _figure(self.current), "target": _figure(self.indicator.target),
            "baseline": _figure(self.indicator.baseline),
        }  # fmt: skip
        return charts.progress_chart(self.indicator.name, self.percent, description=description, key=self.indicator.pk)

    @property
    def series_chart(self):
        indicator = self.indicator
        # Counted values are per period, the target is for the whole plan: a target line only for
        # values entered by hand, which are the level reached on a date.
        target = float(indicator.target) if indicator.target is not None and not indicator.is_automatic else None
        return charts.series_chart(
            indicator.name, self.series, key=indicator.pk, kind="column" if indicator.is_automatic else "line",
            unit=indicator.unit,
            target=target, target_label=_("target %(target)s") % {"target": _figure(indicator.target)},
        )  # fmt: skip


def _figure(value) -> str:
    if value is None:
        return "—"
    return formats.number_format(Decimal(value).normalize() if isinstance(value, Decimal) else value)


def measure_indicator(
    indicator: Indicator, region: Region, start: date, measurer: Measurer, today=None, *, series: bool = True
):
    """The indicator's current value, progress and (unless ``series`` is False) its values per
    period; manual values must be prefetched in date order."""
    today = today or timezone.localdate()
    if not indicator.is_automatic:
        values = list(indicator.values.all())
        current = values[-1].value if values else None
        points = [(formats.date_format(v.measured_on, "SHORT_DATE_FORMAT"), float(v.value)) for v in values]
        return IndicatorProgress(
            indicator, current, percent_of_target(indicator.baseline, indicator.target, current), points, "", True
        )
    metric = indicators.get(indicator.counter_key)
    if metric is None:
        return IndicatorProgress(indicator, None, None, [], indicator.counter_key, False)
    values = []
    for span in periods(start, today, indicator.period) if series else []:
        value = measurer(indicator.counter_key, region, span.start, span.end)
        values.append((span.label, None if value is None else float(value)))
    # Over the whole plan, not the sum of the periods: someone trained in two quarters, or an
    # organisation that joined two networks, counts once.
    current = measurer(indicator.counter_key, region, start, today)
    return IndicatorProgress(
        indicator, current, percent_of_target(indicator.baseline, indicator.target, current), values,
        str(metric.label), True,
    )  # fmt: skip


def _indicators(plans) -> list[Indicator]:
    return list(
        Indicator.objects.filter(plan__in=plans)
        .order_by("plan", "action", "id")
        .prefetch_related(Prefetch("values", queryset=IndicatorValue.objects.order_by("measured_on")))
    )


@dataclass
class ActionProgress:
    action: PlanAction
    indicators: list[IndicatorProgress] = field(default_factory=list)


@dataclass
class Dashboard:
    plan: RegionalPlan
    actions: list[ActionProgress]
    plan_indicators: list[IndicatorProgress]  # those of the plan as a whole
    by_status: list[tuple[str, str, int]]  # (status, label, count) in the statuses' order

    @property
    def status_chart(self):
        return charts.bar_chart(_("Actions by status"), [(label, count) for _s, label, count in self.by_status])

    @property
    def all_indicators(self) -> list[IndicatorProgress]:
        return self.plan_indicators + [i for a in self.actions for i in a.indicators]


def dashboard(plan: RegionalPlan, measurer: Measurer | None = None) -> Dashboard:
    """Everything a plan's dashboard shows, in three queries plus the counters."""
    measurer = measurer or Measurer()
    actions = list(plan.actions.select_related("owner").order_by("code", "id"))
    rows = {action.pk: ActionProgress(action) for action in actions}
    plan_level = []
    for indicator in _indicators([plan]):
        progress = measure_indicator(indicator, plan.region, plan.starts_on, measurer)
        if indicator.action_id in rows:
            rows[indicator.action_id].indicators.append(progress)
        else:
            plan_level.append(progress)
    counts = Counter(action.status for action in actions)
    by_status = [(status, label, counts.get(status, 0)) for status, label in PlanAction.Status.choices]
    return Dashboard(plan, list(rows.values()), plan_level, by_status)


@dataclass
class RegionColumn:
    plan: RegionalPlan
    by_status: dict[str, int]
    actions: int
    with_target: int  # indicators with a target and a value
    on_target: int  # of those, how many reached it
    average_percent: int | None  # mean progress of indicators with a target, each counted up to 100


def comparison(strategy) -> list[RegionColumn]:
    """Every region's plan of ``strategy`` side by side, in four queries plus one grouped query per
    counter used and distinct start date of the plans (the values over each whole plan)."""
    plans = list(strategy.plans.select_related("region").order_by("region__name", "id"))
    statuses = defaultdict(dict)
    for plan_id, status, count in (
        PlanAction.objects.filter(plan__in=plans).values_list("plan", "status").annotate(n=Count("id")).order_by()
    ):
        statuses[plan_id][status] = count
    by_plan = defaultdict(list)
    measurer = Measurer(plan.region for plan in plans)
    plan_of = {plan.pk: plan for plan in plans}
    today = timezone.localdate()
    for indicator in _indicators(plans):
        plan = plan_of[indicator.plan_id]
        by_plan[plan.pk].append(
            measure_indicator(indicator, plan.region, plan.starts_on, measurer, today, series=False)
        )
    columns = []
    for plan in plans:
        measured = [p for p in by_plan[plan.pk] if p.percent is not None]
        columns.append(
            RegionColumn(
                plan=plan,
                by_status={status: statuses[plan.pk].get(status, 0) for status in PlanAction.Status.values},
                actions=sum(statuses[plan.pk].values()),
                with_target=len(measured),
                on_target=sum(1 for p in measured if p.percent >= 100),
                average_percent=(
                    round(sum(min(p.percent, 100) for p in measured) / len(measured)) if measured else None
                ),
            )
        )
    return columns


def comparison_charts(columns: list[RegionColumn]) -> dict:
    return {
        "done": charts.bar_chart(
            _("Actions done, by region"), [(str(c.plan.region), c.by_status[PlanAction.Status.DONE]) for c in columns]
        ),
        "progress": charts.bar_chart(
            _("Average progress of indicators towards their targets, by region"),
            [(str(c.plan.region), c.average_percent or 0) for c in columns],
            unit=" %",
        ),
    }
