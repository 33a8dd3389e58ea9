"""The public figures and the open data: read-only pages anyone may see, served from the cache."""

import json

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from synergy.core import spreadsheets
from synergy.core.charts import bar_chart, series_chart
from synergy.core.indicators import get as get_metric
from synergy.core.models import Region

from . import services
from .forms import PeriodForm


def _chart_title(metric, period: services.Period) -> str:
    return _("%(figure)s by region, %(period)s (%(unit)s)") % {
        "figure": metric.label,
        "period": period.in_sentence,
        "unit": metric.unit,
    }


def _region_charts(data: dict, period: services.Period) -> list:
    """One bar chart per counter, the regions side by side (regions with nothing to measure left out)."""
    charts = []
    for column in data["columns"]:
        bars = [(r.name, float(v)) for r in data["regions"] if (v := column.by_region.get(r.pk)) is not None]
        charts.append(bar_chart(_chart_title(column.metric, period), bars))
    return charts


@require_safe
def figures(request):
    form = PeriodForm(request.GET)
    if not form.is_valid():
        return render(request, "reports/figures.html", {"form": form}, status=400)
    period = form.period()

    def shown() -> dict:  # only when the page's fragment is not in the cache
        data = services.dashboard(period)
        headline = [
            (get_metric(key), value, data["headline"]["this_year"][key])
            for key, value in data["headline"]["all_time"].items()
        ]
        charts = _region_charts(data, period)
        return {"headline": headline, "regions": data["regions"], "columns": data["columns"], "charts": charts}

    context = {"form": form, "period": period, "this_year": services.current_year(), "figures": SimpleLazyObject(shown)}
    return render(request, "reports/figures.html", context)


@require_safe
def region_figures(request, slug: str):
    region = get_object_or_404(Region, slug=slug)

    def shown() -> dict:  # only when the page's fragment is not in the cache
        data = services.region_figures(region)
        rows = [(get_metric(key), values) for key, values in data["rows"]]
        years = list(reversed(data["periods"][1:]))  # oldest first, as time runs
        charts = [
            series_chart(
                _("%(figure)s in %(region)s per year") % {"figure": metric.label, "region": region.name},
                [(str(p.year), v) for p, v in zip(years, reversed(values[1:]), strict=True)],
                kind="column",
                unit=str(metric.unit),
            )
            for metric, values in rows
        ]
        return {"periods": data["periods"], "rows": rows, "charts": charts}

    return render(request, "reports/region.html", {"region": region, "figures": SimpleLazyObject(shown)})


@require_safe
def open_data(request, extension: str):
    """Every statistic per region, counter and year as CSV or JSON; ``?year=`` for one year."""
    form = PeriodForm(request.GET)
    if not form.is_valid():
        return HttpResponse(" ".join(form.errors["year"]), status=400, content_type="text/plain; charset=utf-8")
    statistics = services.statistics(year=form.cleaned_data["year"])
    name = "synergy-figures" + (f"-{form.cleaned_data['year']}" if form.cleaned_data["year"] else "")
    if extension == "csv":
        rows = [services.statistic_row(statistic) for statistic in statistics]
        response = HttpResponse(
            spreadsheets.to_csv([("figures", services.HEADER, rows)]), content_type="text/csv; charset=utf-8"
        )
    else:
        document = {
            "generated_at": timezone.now().isoformat(timespec="seconds"),
            "counters": services.counters(),
            "statistics": [services.statistic_json(statistic) for statistic in statistics],
        }
        response = HttpResponse(json.dumps(document, ensure_ascii=False, indent=1), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{name}.{extension}"'
    return response
