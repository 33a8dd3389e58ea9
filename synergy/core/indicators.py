"""Figures the platform counts by itself, registered by the app that owns the data.

A strategy indicator ("people trained"), a region's public figures and the open-data
statistics all read the same counters, so a number means one thing everywhere. Each app
registers its counters from ``AppConfig.ready`` (``indicators.register(...)``); core and the
strategy never query another app's tables. An app that is not installed simply has no
counters, and indicators that would use them are absent.

A counter is called as ``count(region, start, end)``: ``region`` is a ``core.Region`` or
``None`` for the whole platform, ``start`` and ``end`` are dates, both included, and the
counter counts what happened in that period (by the date its docstring names). It returns
an ``int`` or a ``Decimal``, or ``None`` when there is nothing to measure (an average of
no feedback).

A counter may also register ``count_by_region(start, end)``: every region's value at once, as
``{region_id: value}`` (regions with nothing absent), in one query; pages that set the regions
side by side then run one query per counter however many regions there are. ``total`` and
``total_by_region`` build both from one queryset; ``period`` turns dates into the instants a
query compares with.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings

from .models import Region

Count = Callable[[Region | None, date, date], int | Decimal | None]
CountByRegion = Callable[[date, date], dict[int, int | Decimal | None]]


@dataclass(frozen=True)
class Metric:
    key: str
    label: object  # a lazy translation
    unit: object  # a lazy translation: "people", "EUR", "points out of 5"
    count: Count
    description: object  # what exactly is counted, shown next to the figure
    additive: bool = True  # whether regions' values add up to the platform's (averages do not)
    order: int = 100
    count_by_region: CountByRegion | None = None
    empty: int | Decimal | None = 0  # the value when nothing happened: 0 for a count, None for an average


_metrics: dict[str, Metric] = {}


def register(
    key: str,
    *,
    label,
    unit,
    count: Count,
    description,
    additive: bool = True,
    order: int = 100,
    count_by_region: CountByRegion | None = None,
    empty: int | Decimal | None = 0,
) -> None:
    """Register a counter under a stable key (stored in indicators, used in URLs and open data)."""
    if key in _metrics and _metrics[key].count is not count:
        raise ValueError(f"Two counters registered under {key!r}")
    _metrics[key] = Metric(key, label, unit, count, description, additive, order, count_by_region, empty)


def unregister(key: str) -> None:
    """For tests that register a counter of their own."""
    _metrics.pop(key, None)


def all_metrics() -> list[Metric]:
    return sorted(_metrics.values(), key=lambda metric: (metric.order, metric.key))


def get(key: str) -> Metric | None:
    return _metrics.get(key)


def measure(key: str, region: Region | None, start: date, end: date) -> int | Decimal | None:
    """The registered counter's value, or ``None`` when no installed app provides it."""
    metric = _metrics.get(key)
    return None if metric is None else metric.count(region, start, end)


def measure_by_region(key: str, regions, start: date, end: date) -> dict[int, int | Decimal | None]:
    """Each of ``regions``' value of the counter, by region id (one query when the counter can
    count every region at once); an empty answer when no installed app provides it."""
    metric = _metrics.get(key)
    if metric is None:
        return {}
    if metric.count_by_region is None:
        return {region.pk: metric.count(region, start, end) for region in regions}
    found = metric.count_by_region(start, end)
    return {region.pk: found.get(region.pk, metric.empty) for region in regions}


def period(start: date, end: date) -> tuple[datetime, datetime]:
    """The first instant of ``start`` and the first instant after ``end``, in the platform's time
    zone (``TIME_ZONE``): a figure does not depend on the time zone of who reads it. Compare with
    ``__gte`` and ``__lt``."""
    zone = ZoneInfo(settings.TIME_ZONE)
    return datetime.combine(start, time.min, zone), datetime.combine(end + timedelta(days=1), time.min, zone)


def total(rows, region_field: str, value, region: Region | None):
    """``value`` (an aggregate expression) over ``rows``, those of ``region`` only unless it is None."""
    if region is not None:
        rows = rows.filter(**{region_field: region})
    return rows.aggregate(value=value)["value"]


def total_by_region(rows, region_field: str, value) -> dict[int, int | Decimal | None]:
    """``value`` over ``rows`` per region, in one grouped query: ``{region_id: value}``."""
    grouped = rows.filter(**{f"{region_field}__isnull": False}).order_by().values_list(region_field)
    return dict(grouped.annotate(value=value).values_list(region_field, "value"))
