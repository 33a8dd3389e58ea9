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
