"""A region's infographic: its headline figures, its action plan's status and its indicators'
progress on one 1200 × 1500 picture (4:5, the portrait size social networks show whole), as SVG
and PNG for the web and social media and as an A4 PDF for print.

It is drawn from the dashboard's own figures (``progress.dashboard``) and charts (the status bars
and progress bars of ``core.charts``, placed larger), as one ``core.drawings.Drawing`` that the
three renderers draw alike. Every text is set in the language asked for (content falls back to
English where it is not translated) and wrapped or cut to its room; numbers and dates are
written as that language writes them.
"""

from dataclasses import dataclass

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from synergy.core import caching, charts, drawings, indicators
from synergy.core.drawings import MUTED, WHITE, Drawing, Group, Rect, Text, fit_lines, text_lines

from . import progress
from .models import RegionalPlan

WIDTH, HEIGHT, MARGIN = 1200, 1500, 60
INNER = WIDTH - 2 * MARGIN
FORMATS = {"svg": "image/svg+xml", "png": "image/png", "pdf": "application/pdf"}
PALE, FOOTER = "#eff6ff", "#f3f4f6"
HEADER_HEIGHT, FOOTER_HEIGHT = 250, 64
COLUMNS, MAX_FIGURE_ROWS = 5, 3
TILE_HEIGHT, GAP = 124, 16
STATUS_SCALE, BAR_SCALE = 1.5, 1.5
INDICATOR_HEIGHT, MORE_HEIGHT = 100, 36


@dataclass(frozen=True)
class Figure:
    label: str
    value: str


def headline_figures(plan: RegionalPlan, measurer: progress.Measurer) -> list[Figure]:
    """Every counter of the platform for the plan's region, from the plan's start to today."""
    today = timezone.localdate()
    figures = []
    for metric in indicators.all_metrics():
        value = measurer(metric.key, plan.region, plan.starts_on, today)
        label = str(metric.label)
        if value is not None and not isinstance(value, int):  # money, an average: say in what
            label = f"{label} ({metric.unit})"
            value = formats.number_format(value, 0 if value == int(value) else 2, use_l10n=True, force_grouping=True)
        else:
            value = charts.number(value)
        figures.append(Figure(label, value))
    return figures


def _heading(y: float, text: str) -> Text:
    return Text(MARGIN, y, drawings.ellipsized(text, 30, INNER, bold=True), size=30, bold=True)


def _header(plan: RegionalPlan) -> list:
    today = formats.date_format(timezone.localdate(), "DATE_FORMAT")
    since = formats.date_format(plan.starts_on, "DATE_FORMAT")
    title = fit_lines(plan.strategy.title, 26, INNER, max_lines=2)
    region = drawings.ellipsized(str(plan.region), 56, INNER, bold=True)
    period = _("The plan runs from %(start)s; figures as of %(today)s.") % {"start": since, "today": today}
    return [
        Rect(0, 0, WIDTH, HEADER_HEIGHT, charts.PRIMARY),
        *text_lines(title, MARGIN, 58, leading=34, size=26, fill=WHITE),
        Text(MARGIN, 172, region, size=56, fill=WHITE, bold=True),
        Text(MARGIN, 222, drawings.ellipsized(period, 22, INNER), size=22, fill="#dbeafe"),
    ]


def _figures(figures: list[Figure], top: float) -> tuple[list, float]:
    shown = figures[: COLUMNS * MAX_FIGURE_ROWS]
    width = (INNER - (COLUMNS - 1) * GAP) / COLUMNS
    shapes = [_heading(top, _("Headline figures"))]
    if not shown:
        shapes.append(Text(MARGIN, top + 44, _("The platform counts nothing in this region yet."), size=20))
        return shapes, top + 70
    for index, figure in enumerate(shown):
        x = MARGIN + (index % COLUMNS) * (width + GAP)
        y = top + 24 + (index // COLUMNS) * (TILE_HEIGHT + GAP)
        size = drawings.fitting_size(figure.value, 38, width - 32, bold=True)
        shapes += [
            Rect(x, y, width, TILE_HEIGHT, PALE, radius=12),
            Text(x + 16, y + 54, figure.value, size=size, fill=charts.PRIMARY, bold=True),
            *text_lines(fit_lines(figure.label, 17, width - 32, max_lines=2), x + 16, y + 84, leading=22, size=17),
        ]
    rows = (len(shown) + COLUMNS - 1) // COLUMNS
    return shapes, top + 24 + rows * TILE_HEIGHT + (rows - 1) * GAP


def _status_geometry(board: progress.Dashboard) -> charts.BarGeometry:
    return charts.bar_geometry(_("Actions by status"), [(label, count) for _s, label, count in board.by_status])


def _action_plan(board: progress.Dashboard, top: float) -> tuple[list, float]:
    status = _status_geometry(board)
    chart_top = top + 24
    total = sum(count for _s, _label, count in board.by_status)
    right = MARGIN + status.width * STATUS_SCALE + 40
    room = WIDTH - MARGIN - right
    count_label = fit_lines(_("actions in the plan"), 20, room, max_lines=2)
    total = charts.number(total)
    size = drawings.fitting_size(total, 64, room, bold=True)
    shapes = [
        _heading(top, _("The action plan")),
        Group(MARGIN, chart_top, status.shapes(), scale=STATUS_SCALE),
        Text(right, chart_top + 70, total, size=size, fill=charts.PRIMARY, bold=True),
        *text_lines(count_label, right, chart_top + 100, leading=26, size=20, fill=MUTED),
    ]
    return shapes, chart_top + status.height * STATUS_SCALE


@dataclass(frozen=True)
class _Row:
    progress: progress.IndicatorProgress
    action_label: str  # "A1.2 The action's title", or "" for an indicator of the whole plan


def _indicator_text(row: _Row) -> str:
    item, indicator = row.progress, row.progress.indicator
    unit = f" {indicator.unit}" if indicator.unit else ""
    if indicator.target is None:
        figures = _("now %(current)s%(unit)s, no target yet") % {"current": charts.number(item.current), "unit": unit}
    else:
        figures = _("%(current)s of %(target)s%(unit)s (baseline %(baseline)s)") % {
            "current": charts.number(item.current), "target": charts.number(indicator.target), "unit": unit,
            "baseline": charts.number(indicator.baseline),
        }  # fmt: skip
    return f"{row.action_label} · {figures}" if row.action_label else figures


def _indicator_rows(board: progress.Dashboard) -> list[_Row]:
    """The plan's indicators, then each action's; those with a target first."""
    rows = [_Row(item, "") for item in board.plan_indicators]
    rows += [_Row(item, str(row.action)) for row in board.actions for item in row.indicators]
    return sorted(rows, key=lambda row: row.progress.indicator.target is None)


def _indicators(board: progress.Dashboard, top: float, bottom: float) -> list:
    shapes = [_heading(top, _("Indicators against their targets"))]
    rows = _indicator_rows(board)
    if not rows:
        return [*shapes, Text(MARGIN, top + 44, _("No indicator measures the plan yet."), size=20)]
    room = bottom - top - 24
    if len(rows) * INDICATOR_HEIGHT > room:  # as many as fit above the line that tells how many more
        rows_shown = max(int((room - MORE_HEIGHT) // INDICATOR_HEIGHT), 0)
    else:
        rows_shown = len(rows)
    shown = rows[:rows_shown]
    y = top + 24
    for row in shown:
        name = row.progress.indicator.name
        bar = charts.progress_geometry(name, row.progress.percent, width=INNER / BAR_SCALE)
        shapes += [
            Text(MARGIN, y + 24, drawings.ellipsized(name, 21, INNER, bold=True), size=21, bold=True),
            Text(MARGIN, y + 50, drawings.ellipsized(_indicator_text(row), 17, INNER), size=17, fill=MUTED),
            Group(MARGIN, y + 56, bar.shapes(), scale=BAR_SCALE),
        ]
        y += INDICATOR_HEIGHT
    if len(shown) < len(rows):
        more = _("and %(count)s more indicators on the region's dashboard") % {"count": len(rows) - len(shown)}
        shapes.append(Text(MARGIN, y + 26, drawings.ellipsized(more, 19, INNER), size=19, fill=MUTED))
    return shapes


def _footer(address: str) -> list:
    top = HEIGHT - FOOTER_HEIGHT
    return [
        Rect(0, top, WIDTH, FOOTER_HEIGHT, FOOTER),
        Text(MARGIN, top + 40, drawings.ellipsized(f"Synergy · {address}", 18, INNER), size=18, fill=MUTED),
    ]


def _description(figures: list[Figure], board: progress.Dashboard) -> str:
    parts = [f"{figure.label}: {figure.value}" for figure in figures]
    parts.append(_status_geometry(board).description)
    for row in _indicator_rows(board):
        percent = row.progress.percent
        shown = "—" if percent is None else f"{charts.number(percent)} %"
        parts.append(f"{row.progress.indicator.name}: {shown} ({_indicator_text(row)})")
    return ". ".join(parts)


def drawing(plan: RegionalPlan, address: str) -> Drawing:
    """The infographic of ``plan`` in the active language; ``address`` is the dashboard's, printed at the foot."""
    measurer = progress.Measurer()
    board = progress.dashboard(plan, measurer)
    figures = headline_figures(plan, measurer)
    shapes = _header(plan)
    figure_shapes, bottom = _figures(figures, HEADER_HEIGHT + 60)
    plan_shapes, bottom = _action_plan(board, bottom + 66)
    shapes += figure_shapes + plan_shapes + _indicators(board, bottom + 66, HEIGHT - FOOTER_HEIGHT - 8)
    shapes += _footer(address)
    title = _("%(region)s: %(strategy)s, the plan's progress") % {"region": plan.region, "strategy": plan.strategy}
    description = _description(figures, board)
    return Drawing(WIDTH, HEIGHT, title, tuple(shapes), description=description, background=WHITE)


def render(plan: RegionalPlan, language: str, kind: str, address: str) -> bytes:
    """The infographic in ``language`` as ``kind`` ("svg", "png" or "pdf") bytes."""
    with translation.override(language):
        picture = drawing(plan, address)
        if kind == "svg":
            return drawings.to_svg(picture, element_id="infographic", standalone=True, language=language).encode()
        if kind == "png":
            return drawings.to_png(picture)
        if kind == "pdf":
            subject = _("Regional crowd-innovation strategy")
            return drawings.to_pdf(picture, language=language, subject=subject)
    raise ValueError(kind)


def remembered(plan: RegionalPlan, language: str, kind: str, address: str) -> bytes:
    """``render`` kept in the cache until the strategy or anything a counter counts changes (the
    counters do not say which parts they read: every part, as the public figures), and a minute."""
    with translation.override(language):
        return caching.remembered(
            "strategy:infographic", caching.every_part(), lambda: render(plan, language, kind, address), plan.pk,
            language, kind, address,
        )  # fmt: skip
