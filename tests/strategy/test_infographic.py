"""A region's infographic as SVG, PNG and PDF: valid files, in the language asked for, with its
diacritics, hostile text kept harmless, public where a plan is, cached, and a fixed number of
queries however large the plan grows."""

import io
from datetime import date, timedelta
from decimal import Decimal

import defusedxml.ElementTree as ET
import pytest
from django.urls import reverse
from django.utils import timezone, translation
from PIL import Image

from synergy.core import indicators
from synergy.strategy import infographic
from synergy.strategy.models import Indicator, IndicatorValue, PlanAction, Strategy
from tests.factories import IndicatorFactory, PlanActionFactory, RegionalPlanFactory, RegionFactory, StrategyFactory
from tests.hostile import EMOJI, LONG, RTL, SCRIPT

from .test_pdf import pdf_text

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def plan(strategy, counted):
    """Lower Silesia's plan, written in Polish: two actions, a target reached half-way, a counted indicator."""
    region = RegionFactory(slug="dolnoslaskie", name="Dolny Śląsk")
    plan = RegionalPlanFactory(strategy=strategy, region=region, starts_on=timezone.localdate() - timedelta(days=100))
    first = PlanActionFactory(plan=plan, code="A1.1", title="Wyzwania dla przedsiębiorstw", status="in_progress")
    PlanActionFactory(plan=plan, code="A1.2", title="Wspólne laboratoria", status="done")
    indicator = IndicatorFactory(plan=plan, action=first, name="Firmy zaangażowane", baseline=10, target=110,
                                 unit="firm")  # fmt: skip
    IndicatorValue.objects.create(indicator=indicator, measured_on=timezone.localdate(), value=60)
    Indicator.objects.create(plan=plan, name="Challenges", counter_key="test.challenges", target=202)
    return plan


def _url(plan, language: str, kind: str) -> str:
    return reverse("strategy:infographic", args=[plan.strategy.slug, plan.region.slug, language, kind])


def _svg_text(content: bytes) -> str:
    root = ET.fromstring(content)
    return "\n".join("".join(element.itertext()) for element in root.iter(f"{SVG}text"))


def test_the_svg_is_an_xml_document_titled_and_described_for_assistive_technology(client, plan):
    response = client.get(_url(plan, "pl", "svg"))
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    assert 'filename="crowd-dolnoslaskie-pl.svg"' in response["Content-Disposition"]
    root = ET.fromstring(response.content)
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    assert (root.get("width"), root.get("height")) == ("1200", "1500")
    title = root.find(f"{SVG}title")
    assert "Dolny Śląsk" in title.text and root.get("aria-labelledby") == title.get("id")
    assert "Firmy zaangażowane: 50 %" in root.find(f"{SVG}desc").text
    text = _svg_text(response.content)
    assert "Dolny Śląsk" in text and "Firmy zaangażowane" in text and "A1.1 Wyzwania dla przedsiębiorstw" in text
    assert "50 %" in text  # the indicator's progress bar


def test_the_png_is_1200_by_1500_pixels(client, plan):
    response = client.get(_url(plan, "sl", "png"))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(response.content))
    image.verify()
    assert image.format == "PNG" and image.size == (infographic.WIDTH, infographic.HEIGHT) == (1200, 1500)
    pixels = Image.open(io.BytesIO(response.content)).convert("RGB")
    assert pixels.getpixel((5, 5)) == (0x1D, 0x4E, 0xD8)  # the header, drawn
    assert len(set(pixels.crop((60, 30, 600, 200)).get_flattened_data())) > 10  # text, smoothed


def test_the_pdf_is_an_a4_page_with_the_text_and_its_diacritics(client, plan):
    response = client.get(_url(plan, "pl", "pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    content = response.content
    assert content.startswith(b"%PDF-") and content.rstrip().endswith(b"%%EOF")
    assert b"/MediaBox [ 0 0 595.2756 841.8898 ]" in content and b"DejaVuSans" in content
    text = pdf_text(content)
    for expected in ("Dolny Śląsk", "Firmy zaangażowane", "Wyzwania dla przedsiębiorstw"):
        assert expected in text


def test_croatian_and_german_diacritics_reach_every_format(client, plan):
    plan.region.name_hr = "Đakovo, čćšž"
    plan.region.save()
    plan.strategy.title_de = "Straße der Innovation"
    plan.strategy.save()
    assert "Đakovo, čćšž" in _svg_text(client.get(_url(plan, "hr", "svg")).content)
    assert "Đakovo, čćšž" in pdf_text(client.get(_url(plan, "hr", "pdf")).content)
    assert "Straße der Innovation" in _svg_text(client.get(_url(plan, "de", "svg")).content)


def test_the_language_asked_for_is_used_and_english_where_a_text_is_not_translated(client, plan):
    plan.strategy.title_sl = "Strategija množičnih inovacij"
    plan.strategy.save()
    slovenian = _svg_text(client.get(_url(plan, "sl", "svg")).content)
    assert "Strategija množičnih inovacij" in slovenian
    with translation.override("sl"):
        assert str(PlanAction.Status.DONE.label) in slovenian
    german = _svg_text(client.get(_url(plan, "de", "svg")).content)
    assert "Crowd innovation" in german  # no German title: the English one
    with translation.override("de"):
        assert str(PlanAction.Status.DONE.label) in german
    english = _svg_text(client.get(_url(plan, "en", "svg")).content)
    assert "Headline figures" in english and "Done" in english


def test_numbers_and_dates_are_written_as_the_language_writes_them(client, plan):
    def count(region, start, end):
        return 12345

    indicators.register("test.many", label="Many", unit="things", count=count, description="Many.", order=1)
    try:
        english = _svg_text(client.get(_url(plan, "en", "svg")).content)
        slovenian = _svg_text(client.get(_url(plan, "sl", "svg")).content)
        polish = _svg_text(client.get(_url(plan, "pl", "svg")).content)
    finally:
        indicators.unregister("test.many")
    assert "12,345" in english and "12.345" in slovenian and "12 345" in polish
    with translation.override("pl"):
        from django.utils import formats

        assert formats.date_format(plan.starts_on, "DATE_FORMAT") in polish


def test_a_hostile_action_title_is_escaped_in_the_svg_and_drawn_harmlessly_in_the_png_and_pdf(client, plan):
    action = plan.actions.get(code="A1.1")
    action.title = f"{SCRIPT} {RTL} {EMOJI} {LONG}"[: PlanAction._meta.get_field("title").max_length]
    action.save()
    indicator = plan.indicators.get(action=action)
    indicator.name = f'{SCRIPT}"><img src=x onerror=alert(1)> {RTL}'
    indicator.save()
    svg = client.get(_url(plan, "en", "svg")).content
    assert b"<script" not in svg and b"<img" not in svg and "\u202e".encode() not in svg
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in svg
    assert len(svg) < 40_000  # the long title is cut, not drawn ten thousand characters wide
    text = _svg_text(svg)
    assert "<script>alert(1)</script>" in text and "Zespół 🚀" in text and "…" in text
    ET.fromstring(svg)
    png = Image.open(io.BytesIO(client.get(_url(plan, "en", "png")).content))
    assert png.size == (1200, 1500)
    pdf = client.get(_url(plan, "en", "pdf")).content
    assert pdf.startswith(b"%PDF-") and "<script>alert(1)</script>" in pdf_text(pdf)


def test_long_titles_wrap_or_end_with_an_ellipsis_inside_the_picture(plan):
    from synergy.core import drawings

    plan.strategy.title = ("A very long strategy title " * 20)[: Strategy._meta.get_field("title").max_length]
    plan.strategy.save()
    plan.region.name = "Regionwithaverylongnamethatneverends" * 5
    plan.region.save()
    with translation.override("en"):
        picture = infographic.drawing(plan, "https://example.org/" + "x" * 300)
    texts = [shape for shape in drawings.flatten(picture.shapes) if isinstance(shape, drawings.Text)]
    for text in texts:
        width = drawings.text_width(text.text, text.size, text.bold)
        left = {"start": text.x, "middle": text.x - width / 2, "end": text.x - width}[text.anchor]
        assert left >= 0 and left + width <= picture.width, text.text
        assert 0 < text.y <= picture.height
    title = [text for text in texts if "A very long strategy" in text.text]
    assert len(title) == 2 and title[-1].text.endswith("…")  # wrapped on two lines, then cut
    region = next(text for text in texts if text.text.startswith("Regionwith"))
    assert region.text.endswith("…")


def test_an_unknown_language_or_format_is_not_found(client, plan):
    assert client.get(_url(plan, "xx", "svg")).status_code == 404
    assert client.get(_url(plan, "pl", "gif")).status_code == 404
    bad = reverse("strategy:infographic", args=[plan.strategy.slug, plan.region.slug, "pl", "svg"])
    assert client.get(bad.replace("pl.svg", "pl.svg.png")).status_code == 404


def test_a_region_without_a_plan_has_no_infographic(client, strategy, region):
    url = reverse("strategy:infographic", args=[strategy.slug, region.slug, "en", "png"])
    assert client.get(url).status_code == 404
    assert client.get(url.replace(region.slug, "no-such-region")).status_code == 404


def test_the_infographic_is_public_but_not_for_an_unpublished_strategy(client, plan, member, admin_user):
    assert client.get(_url(plan, "en", "svg")).status_code == 200
    client.force_login(member)
    assert client.get(_url(plan, "en", "svg")).status_code == 200
    plan.strategy.published = False
    plan.strategy.save()
    assert client.get(_url(plan, "en", "svg")).status_code in (403, 404)
    client.force_login(admin_user)
    assert client.get(_url(plan, "en", "svg")).status_code == 200


def test_the_plan_page_links_each_format_in_its_language_and_offers_the_others(client, plan):
    page = client.get(plan.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="pl").content.decode()
    for kind in ("svg", "png", "pdf"):
        assert f'href="{_url(plan, "pl", kind)}"' in page
    assert 'id="infographic-language"' in page and 'for="infographic-language"' in page
    choice = reverse("strategy:infographic_choice", args=[plan.strategy.slug, plan.region.slug])
    assert f'action="{choice}"' in page
    response = client.get(choice, {"language": "sl", "format": "pdf"})
    assert response.status_code == 302 and response["Location"] == _url(plan, "sl", "pdf")
    for wrong in ({"language": "sl", "format": "exe"}, {"language": "<script>", "format": "svg"}, {}):
        assert client.get(choice, wrong)["Location"] == plan.get_absolute_url()


def test_the_infographic_is_kept_in_the_cache_until_the_plan_changes(client, plan, django_assert_max_num_queries):
    first = client.get(_url(plan, "en", "svg")).content
    with django_assert_max_num_queries(4) as captured:  # the strategy, the plan; the generations, the bytes
        assert client.get(_url(plan, "en", "svg")).content == first
    read = " ".join(query["sql"] for query in captured.captured_queries)
    assert "strategy_planaction" not in read and "strategy_indicator" not in read
    action = plan.actions.get(code="A1.2")
    action.status = "dropped"
    action.save()
    assert client.get(_url(plan, "en", "svg")).content != first
    assert client.get(_url(plan, "pl", "svg")).content != client.get(_url(plan, "en", "svg")).content


def _grow(plan, actions: int, values: int):
    for n in range(actions):
        action = PlanActionFactory(plan=plan, owner=None)
        indicator = IndicatorFactory(plan=plan, action=action)
        for day in range(values):
            IndicatorValue.objects.create(
                indicator=indicator, measured_on=date(2025, 1, 1) + timedelta(days=day), value=n + day
            )
        Indicator.objects.create(plan=plan, action=action, name=f"Counted {n}", counter_key="test.actions")


@pytest.mark.parametrize("kind", ["svg", "png", "pdf"])
def test_the_infographics_queries_do_not_grow_with_actions_indicators_or_values(
    client, uncached, plan, grouped, kind, django_assert_max_num_queries
):
    """Three lookups, the plan's actions, indicators and values, and the counters: each counter once
    over the plan (the headline figures) and, for the counted indicators, once per period."""
    url = _url(plan, "en", kind)
    _grow(plan, 1, 1)
    spans = len(infographic.progress.periods(plan.starts_on, timezone.localdate(), "quarter")) + 1
    database_counters = len(grouped)  # the test counters that query; the platform's own count nothing here
    platform = len([m for m in indicators.all_metrics() if m.key not in grouped and not m.key.startswith("test.")])
    limit = 6 + platform + database_counters + spans
    with django_assert_max_num_queries(limit) as captured:
        assert client.get(url).status_code == 200
    small = len(captured)
    _grow(plan, 12, 5)
    with django_assert_max_num_queries(small) as captured:
        assert client.get(url).status_code == 200
    assert len(captured) == small


def test_the_decimal_figures_say_their_unit(plan, average):
    with translation.override("en"):
        figures = infographic.headline_figures(plan, infographic.progress.Measurer())
    average_figure = next(figure for figure in figures if figure.label == "Average feedback (points)")
    assert average_figure.value == "4.50"
    assert Decimal(average_figure.value) == Decimal("4.5")


def test_a_plan_with_nothing_yet_still_draws(client):
    plan = RegionalPlanFactory(strategy=StrategyFactory(slug="empty"))
    assert ET.fromstring(client.get(_url(plan, "it", "svg")).content) is not None
    assert Image.open(io.BytesIO(client.get(_url(plan, "it", "png")).content)).size == (1200, 1500)
