"""The platform's public figures and open data, read from the counters the apps register
(synergy.core.indicators); this app counts nothing itself and stores nothing.

Every figure is an aggregate per region, or for the whole platform, and period: nothing here
names a person. The figures are worked out once per minute and generation of what they count
(``caching.remembered``), whatever the number of visitors.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy

from synergy.core import caching, indicators
from synergy.core.models import Region

# "All time" starts before any data the platform can hold.
BEGINNING = date(2000, 1, 1)


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    year: int | None  # None: all time

    @property
    def label(self) -> str:
        if self.year is None:
            return gettext("All time")
        if self.end.year == self.year and self.end < date(self.year, 12, 31):
            return gettext("%(year)s (to date)") % {"year": self.year}
        return str(self.year)

    @property
    def in_sentence(self) -> str:
        """The label as it reads inside a sentence or a title ("… by region, all time")."""
        return gettext("all time") if self.year is None else self.label


def today() -> date:
    """Today in the platform's time zone, which the counters read periods in."""
    return datetime.now(ZoneInfo(settings.TIME_ZONE)).date()


def years() -> list[int]:
    """The years the figures offer, newest first."""
    return list(range(today().year, settings.FIGURES_FIRST_YEAR - 1, -1))


def all_time() -> Period:
    return Period(BEGINNING, today(), None)


def year_period(year: int) -> Period:
    """A calendar year; the current one up to today, since the rest has not happened."""
    return Period(date(year, 1, 1), min(date(year, 12, 31), today()), year)


def current_year() -> Period:
    return year_period(today().year)


@dataclass
class Column:
    """One counter's values for a period: the platform's and each region's, by region id. Holds
    the counter's key, not the counter, so that it can be kept in the cache."""

    key: str
    platform: int | Decimal | None
    by_region: dict[int, int | Decimal | None] = field(default_factory=dict)

    @property
    def metric(self) -> indicators.Metric:
        return indicators.get(self.key)


def _platform(period: Period) -> dict[str, int | Decimal | None]:
    return {m.key: indicators.measure(m.key, None, period.start, period.end) for m in indicators.all_metrics()}


def _columns(period: Period, regions: list[Region], platform: dict | None = None) -> list[Column]:
    """One query per counter for all regions, and one per counter for the platform unless given."""
    platform = platform if platform is not None else _platform(period)
    return [
        Column(m.key, platform[m.key], indicators.measure_by_region(m.key, regions, period.start, period.end))
        for m in indicators.all_metrics()
    ]


def _regions() -> list[Region]:
    return list(Region.objects.order_by("name"))


def dashboard(period: Period) -> dict:
    """The landing dashboard: the platform's figures for all time and this year, and every region's
    for ``period`` (all time or one year), side by side. Queries: one for the regions, then one
    per counter for each of the platform's periods and one per counter for the regions."""

    def compute() -> dict:
        regions, whole, this_year = _regions(), all_time(), current_year()
        headline = {"all_time": _platform(whole), "this_year": _platform(this_year)}
        known = {whole: headline["all_time"], this_year: headline["this_year"]}
        return {
            "regions": regions,
            "headline": headline,
            "columns": _columns(period, regions, known.get(period)),
        }

    return caching.remembered("reports:dashboard", caching.every_part(), compute, period.start, period.end)


def region_figures(region: Region) -> dict:
    """One region's figures for all time and for each year: one query per counter and period."""

    def compute() -> dict:
        periods = [all_time(), *(year_period(year) for year in years())]
        rows = [
            (metric.key, [indicators.measure(metric.key, region, p.start, p.end) for p in periods])
            for metric in indicators.all_metrics()
        ]
        return {"periods": periods, "rows": rows}

    return caching.remembered("reports:region", caching.every_part(), compute, region.pk)


# --- Open data ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Statistic:
    """One figure of the open data: a counter's value for a region (or the platform) and a year."""

    year: int
    region: Region | None  # None: the whole platform
    counter: str
    value: int | Decimal | None


def statistics(year: int | None = None, region: Region | None = None, counter: str | None = None) -> list[Statistic]:
    """Every counter's value per region and year, and the platform's, from ``FIGURES_FIRST_YEAR``
    to this year (to date); narrowed to one year, region or counter if given. Queries: two per
    counter and year (all regions at once, then the platform)."""

    def compute() -> list[Statistic]:
        regions = [region] if region is not None else _regions()
        metrics = [m for m in indicators.all_metrics() if counter in (None, m.key)]
        found = []
        for each_year in sorted([year] if year is not None else years()):
            period = year_period(each_year)
            for metric in metrics:
                values = indicators.measure_by_region(metric.key, regions, period.start, period.end)
                found += [Statistic(each_year, r, metric.key, values[r.pk]) for r in regions]
                if region is None:
                    value = indicators.measure(metric.key, None, period.start, period.end)
                    found.append(Statistic(each_year, None, metric.key, value))
        return found

    scope = (year, region and region.pk, counter)
    return caching.remembered("reports:statistics", caching.every_part(), compute, *scope)


PLATFORM = gettext_lazy("All regions (platform)")
HEADER = ["year", "region", "region_name", "nuts_code", "counter", "label", "unit", "value"]


def statistic_row(statistic: Statistic) -> list:
    """A statistic as a row of the open-data file (``HEADER``): names in the request's language."""
    metric = indicators.get(statistic.counter)
    region = statistic.region
    return [
        statistic.year,
        region.slug if region else "",
        str(region.name if region else PLATFORM),
        region.nuts_code if region else "",
        statistic.counter,
        str(metric.label),
        str(metric.unit),
        "" if statistic.value is None else str(statistic.value),
    ]


def statistic_json(statistic: Statistic) -> dict:
    """A statistic as an entry of the open data's JSON; ``region`` is null for the platform's."""
    region = statistic.region
    return {
        "year": statistic.year,
        "region": region.slug if region else None,
        "region_name": region.name if region else None,
        "nuts_code": region.nuts_code if region else None,
        "counter": statistic.counter,
        "value": number(statistic.value),
    }


def counters() -> list[dict]:
    """What each counter counts, in the request's language: the open data's dictionary."""
    return [
        {
            "key": m.key,
            "label": str(m.label),
            "unit": str(m.unit),
            "description": str(m.description),
            "additive": m.additive,
        }
        for m in indicators.all_metrics()
    ]


def number(value: int | Decimal | None) -> int | float | None:
    """A value for JSON: counts as integers, sums and averages as numbers with their decimals."""
    return float(value) if isinstance(value, Decimal) else value


def figures_url_for_region(region: Region) -> str:
    return reverse("reports:region", args=[region.slug])
