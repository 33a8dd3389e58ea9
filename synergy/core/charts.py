"""Charts drawn on the server: no script, readable by screen readers, allowed by the CSP.

Each chart is computed once as a *geometry* (plain numbers and labels, in SVG user units) that
turns into shapes (``synergy.core.drawings``); the dashboards show it as inline SVG, and the same
shapes make a region's infographic as SVG, PNG and PDF. Numbers are written for the active language.
"""

import hashlib
import math
from dataclasses import dataclass
from decimal import Decimal

from django.utils import formats
from django.utils.safestring import SafeString, mark_safe

from . import drawings
from .drawings import Circle, Drawing, Polyline, Rect, Segment, Text

PRIMARY, ACCENT, TRACK, GRID, TEXT = "#1d4ed8", "#0f766e", "#e5e7eb", "#9ca3af", "#111827"


def number(value) -> str:
    """A value as people read it in the active language: at most two decimals, none if whole,
    thousands grouped."""
    if value is None:
        return "—"
    rounded = round(Decimal(str(value)), 2)
    if rounded == rounded.to_integral_value():
        rounded = rounded.quantize(Decimal(1))
    return formats.number_format(rounded.normalize() if rounded % 1 else rounded, use_l10n=True, force_grouping=True)


def _chart_id(*parts) -> str:
    """A stable id for the title element: one page may show many charts."""
    return "chart-" + hashlib.sha256(repr(parts).encode()).hexdigest()[:12]


def _svg(drawing: Drawing, *id_parts) -> SafeString:
    svg = drawings.to_svg(drawing, element_id=_chart_id(*id_parts))
    return mark_safe(svg)  # noqa: S308  # nosec B308 B703 - to_svg escapes every text and attribute it writes


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    y: int
    width: float


@dataclass(frozen=True)
class BarGeometry:
    title: str
    unit: str
    bars: list[Bar]
    width: float
    height: float
    label_width: float
    row_height: float

    @property
    def description(self) -> str:
        values = "; ".join(f"{bar.label} {number(bar.value)}{self.unit}" for bar in self.bars)
        return f"{self.title}: {values}"

    def shapes(self) -> tuple:
        found = []
        for bar in self.bars:
            label = drawings.ellipsized(bar.label, 13, self.label_width - 12)
            found += [
                Text(self.label_width - 8, bar.y + 18, label, anchor="end"),
                Rect(self.label_width, bar.y + 4, bar.width, 20, PRIMARY, css="bar"),
                Text(self.label_width + bar.width + 4, bar.y + 18, f"{number(bar.value)}{self.unit}"),
            ]
        return tuple(found)

    def drawing(self) -> Drawing:
        return Drawing(self.width, self.height, self.description, self.shapes(), css="chart-bar")


def bar_geometry(title: str, data: list[tuple[str, float]], *, unit: str = "") -> BarGeometry:
    """Horizontal bars, the largest filling the chart, each with its label and number."""
    row_height, label_width, chart_width = 28, 180, 300
    largest = max((value for _label, value in data), default=0) or 1
    bars = [
        Bar(label=str(label), value=value, y=index * row_height, width=round(chart_width * max(value, 0) / largest, 1))
        for index, (label, value) in enumerate(data)
    ]
    return BarGeometry(
        title=str(title), unit=str(unit), bars=bars, width=label_width + chart_width + 80,
        height=max(len(bars), 1) * row_height, label_width=label_width, row_height=row_height,
    )  # fmt: skip


def bar_chart(title: str, data: list[tuple[str, float]], *, unit: str = "") -> SafeString:
    """A horizontal bar chart with its numbers printed, titled for assistive technology."""
    return _svg(bar_geometry(title, data, unit=unit).drawing(), "bar", title, data, unit)


# --- Progress towards a target, and values over time ------------------------------------------------


@dataclass(frozen=True)
class ProgressGeometry:
    title: str
    description: str  # the figures in words, for assistive technology
    percent: int | None  # None: no target to measure against
    width: float
    height: float
    track_width: float
    filled_width: float
    label: str  # printed next to the bar: "45 %" or "—"
    label_x: float

    def shapes(self) -> tuple:
        return (
            Rect(0, 4, self.track_width, 16, TRACK, radius=4),
            Rect(0, 4, self.filled_width, 16, PRIMARY, radius=4, css="bar"),
            Text(self.label_x, 17, self.label, size=13),
        )

    def drawing(self) -> Drawing:
        title = f"{self.title}: {self.label}" + (f" ({self.description})" if self.description else "")
        return Drawing(self.width, self.height, title, self.shapes(), css="chart-progress")


def progress_geometry(
    title: str, percent: int | None, *, description: str = "", width: float = 320
) -> ProgressGeometry:
    """A horizontal bar filled to ``percent`` (kept within 0–100 for drawing; the label tells the real figure)."""
    label_room = 64
    track = width - label_room
    shown = 0 if percent is None else max(0, min(100, percent))
    return ProgressGeometry(
        title=str(title),
        description=str(description),
        percent=percent,
        width=width,
        height=24,
        track_width=track,
        filled_width=round(track * shown / 100, 1),
        label="—" if percent is None else f"{number(percent)} %",
        label_x=track + 8,
    )


def progress_chart(title: str, percent: int | None, *, description: str = "", key=None) -> SafeString:
    """``key`` tells apart charts that show the same figures on one page (two indicators alike)."""
    geometry = progress_geometry(title, percent, description=description)
    return _svg(geometry.drawing(), "progress", title, percent, description, key)


@dataclass(frozen=True)
class Point:
    label: str
    value: float | None  # None: nothing measured in that period
    x: float  # the centre of the point's slot
    y: float  # top of the column, or the line's point
    column_x: float
    column_y: float
    column_width: float
    column_height: float


@dataclass(frozen=True)
class Line:
    label: str
    value: float
    y: float


@dataclass(frozen=True)
class SeriesGeometry:
    title: str
    unit: str
    kind: str  # "column" or "line"
    width: float
    height: float
    plot_left: float
    plot_top: float
    plot_bottom: float
    plot_right: float
    points: list[Point]
    gridlines: list[Line]  # the scale, from zero to the top
    target: Line | None
    polyline: str  # the line's points as SVG wants them ("x,y x,y …"), empty for columns

    @property
    def scale_x(self) -> float:
        """Where the scale's numbers end, left of the plot."""
        return self.plot_left - 6

    @property
    def period_y(self) -> float:
        """The baseline of the periods' labels, under the plot."""
        return self.plot_bottom + 16

    @property
    def description(self) -> str:
        values = "; ".join(f"{p.label}: {number(p.value)}" for p in self.points)
        target = f" ({self.target.label})" if self.target else ""
        return f"{self.title}{target}: {values}" if values else self.title

    def shapes(self) -> tuple:
        found = []
        for line in self.gridlines:
            found += [
                Segment(self.plot_left, line.y, self.plot_right, line.y, GRID, width=0.5),
                Text(self.scale_x, line.y + 4, line.label, size=11, anchor="end"),
            ]
        measured = [p for p in self.points if p.value is not None]
        if self.kind == "column":
            found += [
                Rect(p.column_x, p.column_y, p.column_width, p.column_height, PRIMARY, css="bar") for p in measured
            ]
        else:
            found.append(Polyline(tuple((p.x, p.y) for p in measured), PRIMARY, width=2))
            found += [Circle(p.x, p.y, 3.5, PRIMARY) for p in measured]
        if self.target:
            found += [
                Segment(self.plot_left, self.target.y, self.plot_right, self.target.y, ACCENT, width=1.5, dash=(6, 4)),
                Text(self.plot_right, self.target.y - 4, self.target.label, size=11, fill=ACCENT, anchor="end"),
            ]
        slot = (self.plot_right - self.plot_left) / max(len(self.points), 1)
        found += [
            Text(p.x, self.period_y, drawings.ellipsized(p.label, 11, slot - 2), size=11, anchor="middle")
            for p in self.points
        ]
        return tuple(found)

    def drawing(self) -> Drawing:
        title = self.description + (f" ({self.unit})" if self.unit else "")
        return Drawing(self.width, self.height, title, self.shapes(), css="chart-series")


def _nice_top(largest: float) -> float:
    """The smallest of 1, 2, 2.5, 5 × a power of ten at or above ``largest``."""
    if largest <= 0:
        return 1
    power = 10 ** math.floor(math.log10(largest))
    for step in (1, 2, 2.5, 5, 10):
        if step * power >= largest:
            return step * power
    return 10 * power


def series_geometry(
    title: str,
    data: list[tuple[str, float | None]],
    *,
    kind: str = "column",
    unit: str = "",
    target: float | None = None,
    target_label: str = "",
) -> SeriesGeometry:
    """Values over time (periods or dates, in order) as columns or a line, with an optional target line."""
    if kind not in ("column", "line"):
        raise ValueError(kind)
    width, height = 480.0, 220.0
    left, right, top, bottom = 48.0, width - 12, 12.0, height - 40
    values = [float(v) for _label, v in data if v is not None]
    largest = max([*values, float(target) if target is not None else 0, 0])
    scale_top = _nice_top(largest)
    smallest = min([*values, 0])
    scale_bottom = -_nice_top(-smallest) if smallest < 0 else 0.0

    def y_of(value: float) -> float:
        return round(bottom - (bottom - top) * (value - scale_bottom) / (scale_top - scale_bottom), 1)

    slot = (right - left) / max(len(data), 1)
    column = min(slot * 0.6, 48)
    zero = y_of(0)
    points = []
    for index, (label, value) in enumerate(data):
        centre = round(left + slot * (index + 0.5), 1)
        y = y_of(float(value)) if value is not None else zero
        points.append(
            Point(
                label=str(label),
                value=None if value is None else float(value),
                x=centre,
                y=y,
                column_x=round(centre - column / 2, 1),
                column_y=min(y, zero),
                column_width=round(column, 1),
                column_height=round(abs(zero - y), 1),
            )
        )
    steps = [scale_bottom + (scale_top - scale_bottom) * step / 4 for step in range(5)]
    gridlines = [Line(label=number(value), value=value, y=y_of(value)) for value in steps]
    target_line = (
        Line(label=target_label or number(target), value=float(target), y=y_of(float(target)))
        if target is not None
        else None
    )
    polyline = " ".join(f"{p.x},{p.y}" for p in points if p.value is not None) if kind == "line" else ""
    return SeriesGeometry(
        title=str(title), unit=str(unit), kind=kind, width=width, height=height, plot_left=left, plot_top=top,
        plot_bottom=bottom, plot_right=right, points=points, gridlines=gridlines, target=target_line,
        polyline=polyline,
    )  # fmt: skip


def series_chart(title: str, data: list[tuple[str, float | None]], *, key=None, **options) -> SafeString:
    """``series_geometry`` drawn as SVG: titled and described for assistive technology; ``key`` as
    for ``progress_chart``."""
    geometry = series_geometry(title, data, **options)
    return _svg(geometry.drawing(), "series", title, data, sorted(options.items()), key)
