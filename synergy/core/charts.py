"""Server-drawn SVG charts: no script, readable by screen readers, allowed by the CSP.

The same functions will draw dashboards and the regions' infographics.
"""

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import SafeString


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    y: int
    width: float


def bar_chart(title: str, data: list[tuple[str, float]], *, unit: str = "") -> SafeString:
    """A horizontal bar chart with its numbers printed, titled for assistive technology."""
    row_height, label_width, chart_width = 28, 180, 300
    largest = max((value for _label, value in data), default=0) or 1
    bars = [
        Bar(label=str(label), value=value, y=index * row_height, width=round(chart_width * value / largest, 1))
        for index, (label, value) in enumerate(data)
    ]
    return render_to_string(
        "core/chart_bar.svg",
        {
            "title": title,
            "bars": bars,
            "unit": unit,
            "height": max(len(bars), 1) * row_height,
            "label_width": label_width,
            "chart_width": chart_width,
            "width": label_width + chart_width + 80,
        },
    )


# --- Progress towards a target, and values over time ------------------------------------------------
#
# Each chart is computed in two steps: a *geometry* (plain numbers and labels, in SVG user units)
# and its SVG drawing. A PDF or PNG renderer draws the same geometry with its own primitives.

PRIMARY, ACCENT, TRACK, GRID, TEXT = "#1d4ed8", "#0f766e", "#e5e7eb", "#9ca3af", "#111827"


def _chart_id(*parts) -> str:
    """A stable id for the title element: one page may show many charts."""
    import hashlib

    return "chart-" + hashlib.sha256(repr(parts).encode()).hexdigest()[:12]


def _number(value: float) -> str:
    """A value as people read it: no trailing ".0", at most two decimals."""
    rounded = round(float(value), 2)
    return f"{rounded:g}" if abs(rounded) < 1e15 else str(rounded)


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
        label="—" if percent is None else f"{percent} %",
        label_x=track + 8,
    )


def progress_chart(title: str, percent: int | None, *, description: str = "") -> SafeString:
    geometry = progress_geometry(title, percent, description=description)
    return render_to_string(
        "core/chart_progress.svg",
        {"g": geometry, "id": _chart_id("progress", title, percent, description), "colours": _colours()},
    )


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
        values = "; ".join(f"{p.label}: {'—' if p.value is None else _number(p.value)}" for p in self.points)
        target = f" ({self.target.label})" if self.target else ""
        return f"{self.title}{target}: {values}" if values else self.title


def _nice_top(largest: float) -> float:
    """The smallest of 1, 2, 2.5, 5 × a power of ten at or above ``largest``."""
    import math

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
    gridlines = [
        Line(label=_number(scale_bottom + (scale_top - scale_bottom) * step / 4), value=0, y=0) for step in range(5)
    ]
    gridlines = [Line(label=line.label, value=float(line.label), y=y_of(float(line.label))) for line in gridlines]
    target_line = (
        Line(label=target_label or f"{_number(target)}", value=float(target), y=y_of(float(target)))
        if target is not None
        else None
    )
    polyline = " ".join(f"{p.x},{p.y}" for p in points if p.value is not None) if kind == "line" else ""
    return SeriesGeometry(
        title=str(title), unit=str(unit), kind=kind, width=width, height=height, plot_left=left, plot_top=top,
        plot_bottom=bottom, plot_right=right, points=points, gridlines=gridlines, target=target_line,
        polyline=polyline,
    )  # fmt: skip


def series_chart(title: str, data: list[tuple[str, float | None]], **options) -> SafeString:
    """``series_geometry`` drawn as SVG: titled and described for assistive technology."""
    geometry = series_geometry(title, data, **options)
    return render_to_string(
        "core/chart_series.svg",
        {"g": geometry, "id": _chart_id("series", title, data, sorted(options.items())), "colours": _colours()},
    )


def _colours() -> dict:
    return {"primary": PRIMARY, "accent": ACCENT, "track": TRACK, "grid": GRID, "text": TEXT}
