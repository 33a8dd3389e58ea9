"""Drawings: shapes computed once, drawn alike as SVG, PNG and PDF; text measured, fitted and escaped."""

import io

import defusedxml.ElementTree as ET
import pytest
from PIL import Image

from synergy.core import charts, drawings
from synergy.core.drawings import Circle, Drawing, Group, Polyline, Rect, Segment, Text
from tests.hostile import RTL, SCRIPT

EVERY_SHAPE = (
    Rect(0, 0, 100, 20, "#1d4ed8", radius=4, css="bar"),
    Rect(0, 0, 0, 20, "#1d4ed8"),  # nothing to fill: drawn by nobody
    Text(10, 40, "Łódź, Đakovo, Straße", size=12, bold=True),
    Text(190, 60, SCRIPT, anchor="end"),
    Segment(0, 70, 200, 70, "#9ca3af", width=1.5, dash=(6, 4)),
    Polyline(((0, 100), (50, 80), (100, 90)), "#1d4ed8"),
    Circle(50, 80, 3, "#0f766e"),
    Group(100, 100, (Rect(0, 0, 10, 10, "#000000"), Text(0, 20, "grouped", size=10)), scale=2),
)


def test_a_group_places_and_scales_its_shapes():
    rect, text = drawings.flatten([Group(100, 50, (Rect(1, 2, 10, 10, "#000"), Text(0, 20, "x", size=10)), scale=2)])
    assert (rect.x, rect.y, rect.width) == (102, 54, 20)
    assert (text.y, text.size) == (90, 20)


def test_the_three_renderers_draw_every_shape():
    picture = Drawing(200, 150, "Every shape <test>", EVERY_SHAPE, description="All & more", background="#ffffff")
    svg = drawings.to_svg(picture, element_id="every", standalone=True, language="pl")
    root = ET.fromstring(svg.encode())
    assert root.find("{http://www.w3.org/2000/svg}title").text == "Every shape <test>"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "pl"
    assert svg.count("<rect") == 3  # the background, the bar and the group's square; not the empty one
    assert 'stroke-dasharray="6 4"' in svg and "&lt;script&gt;" in svg and "<script" not in svg
    png = Image.open(io.BytesIO(drawings.to_png(picture, scale=1.5)))
    assert png.size == (300, 225)
    pdf = drawings.to_pdf(picture, language="pl")
    assert pdf.startswith(b"%PDF-") and b"DejaVuSans-Bold" in pdf


def test_text_loses_what_would_reorder_it_or_break_the_xml():
    text = Text(0, 0, f"a\x00b\x0bc {RTL}\ud800 d\n e")
    assert "\u202e" not in text.text and "\x00" not in text.text and "\ud800" not in text.text
    assert text.text.startswith("ab c evil") and text.text.endswith("d e")


def test_long_text_wraps_and_ends_with_an_ellipsis_within_its_width():
    lines = drawings.fit_lines("Regionalna strategija množičnih inovacij " * 10, 20, 300, max_lines=2)
    assert len(lines) == 2 and lines[-1].endswith("…")
    assert all(drawings.text_width(line, 20) <= 300 for line in lines)
    word = drawings.fit_lines("x" * 10_000, 12, 100, max_lines=3)
    assert len(word) == 3 and word[-1].endswith("…")
    assert all(drawings.text_width(line, 12) <= 100 for line in word)
    assert drawings.fit_lines("Short", 12, 100, max_lines=2) == ["Short"]
    assert drawings.ellipsized("Fits", 12, 100) == "Fits"


@pytest.mark.parametrize("bold", [False, True])
def test_text_is_measured_as_the_pdf_measures_it(bold):
    from reportlab.pdfbase.pdfmetrics import stringWidth

    for text in ["Actions by status", "AVAVA To", "Zażółć gęślą jaźń", "Ünïcödé", "😀 x", RTL, ""]:
        assert drawings.text_width(text, 13, bold) == pytest.approx(stringWidth(text, drawings._font_name(bold), 13))


def test_a_figure_is_shrunk_to_fit_rather_than_cut():
    size = drawings.fitting_size("1.234.567,50", 40, 150, bold=True)
    assert size < 40 and drawings.text_width("1.234.567,50", size, bold=True) <= 150


def test_the_dashboards_charts_are_svg_drawn_from_their_geometry():
    geometry = charts.bar_geometry("Actions by status", [("Planned", 2), ("Done", 4)])
    assert [bar.width for bar in geometry.bars] == [150, 300]
    svg = charts.bar_chart("Actions by status", [("Planned", 2), ("Done", 4)])
    assert svg.count('class="bar"') == 2 and "Actions by status: Planned 2; Done 4" in svg
    ET.fromstring(str(svg))


def test_chart_numbers_are_written_in_the_active_language():
    from django.utils import translation

    with translation.override("en"):
        assert charts.number(12345.5) == "12,345.5" and charts.number(4) == "4" and charts.number(None) == "—"
    with translation.override("sl"):
        assert charts.number(12345.5) == "12.345,5"
