"""The public figures as open data: what each counter counts, and its values per region and year.

Texts of the schema stay in English (docs/decisions.md); labels and descriptions in the answers
are in the language the request asks for.
"""

from django.utils.translation import gettext
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from synergy.core.models import Region
from synergy.core.schemas import Message

from . import services

router = Router(tags=["figures"])


class CounterOut(Schema):
    key: str = Field(description="Stable identifier of the counter, used in `statistics` and the open-data files.")
    label: str = Field(description="The counter's name, in the language asked for.")
    unit: str = Field(description="What the value counts: people, trainings, EUR, points out of 5…")
    description: str = Field(description="Exactly what is counted, and by which date a row falls into a year.")
    additive: bool = Field(
        description="Whether the regions' values add up to the platform's. False where one person, challenge "
        "or organisation may count in several regions, and for averages."
    )


class StatisticOut(Schema):
    year: int = Field(description="The calendar year (in the platform's time zone); the current year runs to date.")
    region: str | None = Field(description="The region's slug (see /api/v1/regions/); null for the whole platform.")
    counter: str = Field(description="The counter's key (see /api/v1/figures/counters).")
    value: float | None = Field(
        description="The counter's value: a whole number for counts, two decimals for sums of money and "
        "averages; null when there is nothing to measure (an average of no feedback)."
    )


@router.get("/counters", response=list[CounterOut], summary="What each figure counts")
def list_counters(request):
    """Every counter the platform keeps, with what it counts. No personal data: only aggregates."""
    return services.counters()


@router.get("/statistics", response={200: list[StatisticOut], 404: Message}, summary="Figures per region and year")
def list_statistics(request, year: int | None = None, region: str | None = None, counter: str | None = None):
    """Every counter's value per region and year, and the platform's (``region`` null), from the
    first year the platform reports to this year (to date). Narrow it with ``year``, ``region``
    (a slug; the platform's row is then left out) or ``counter`` (a key). Counted once a minute at
    most; the same figures as the open-data files at /figures/open-data.csv and .json. A year
    outside those the platform reports, an unknown region or an unknown counter is answered with
    404 and a sentence saying what there is."""
    years = services.years()
    if year is not None and year not in years:
        raise HttpError(
            404,
            gettext("No figures for this year: choose one from %(first)s to %(last)s.")
            % {"first": years[-1], "last": years[0]},
        )
    keys = [c["key"] for c in services.counters()]
    if counter is not None and counter not in keys:
        raise HttpError(404, gettext("No such counter. Counters: %(keys)s.") % {"keys": ", ".join(keys)})
    scope = None
    if region is not None:
        scope = {r.slug: r for r in Region.objects.all()}.get(region)
        if scope is None:
            raise HttpError(404, gettext("No such region."))
    return [
        {
            "year": s.year,
            "region": s.region.slug if s.region else None,
            "counter": s.counter,
            "value": services.number(s.value),
        }
        for s in services.statistics(year=year, region=scope, counter=counter)
    ]
