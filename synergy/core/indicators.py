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
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .models import Region

Count = Callable[[Region | None, date, date], int | Decimal | None]


@dataclass(frozen=True)
class Metric:
    key: str
    label: object  # a lazy translation
    unit: object  # a lazy translation: "people", "EUR", "points out of 5"
    count: Count
    description: object  # what exactly is counted, shown next to the figure
    additive: bool = True  # whether regions' values add up to the platform's (averages do not)
    order: int = 100


_metrics: dict[str, Metric] = {}


def register(key: str, *, label, unit, count: Count, description, additive: bool = True, order: int = 100) -> None:
    """Register a counter under a stable key (stored in indicators, used in URLs and open data)."""
    if key in _metrics and _metrics[key].count is not count:
        raise ValueError(f"Two counters registered under {key!r}")
    _metrics[key] = Metric(key, label, unit, count, description, additive, order)


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
