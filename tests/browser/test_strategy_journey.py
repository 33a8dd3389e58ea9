"""A coordinator adopts the strategy in Slovenian, picks three actions, sets a target and sees the
dashboard, in a real browser, every page checked by axe-core.

The interface strings may not be translated yet when this runs, so elements are found by their
URL, id or form field name, never by their (translated) text."""

from xml.sax.saxutils import escape

import pytest
from django.core.management import call_command
from django.utils import translation

from synergy.strategy.models import Indicator, RegionalPlan, Strategy
from tests.browser.test_challenge_journey import _person

pytestmark = pytest.mark.django_db(transaction=True)

SLUG = "crowd-innovation-strategy"


def test_a_coordinator_adopts_the_strategy_in_slovenian_and_sees_the_dashboard(browser, live_server):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    strategy = Strategy.objects.get(slug=SLUG)
    coordinator = _person(browser, live_server, "coordinator@synergy.test")

    coordinator.goto(f"/strategy/{SLUG}/")
    coordinator.locator("#language-select").select_option("sl")
    coordinator.locator("form.language-switcher button[type=submit]").click()
    coordinator.check()
    assert coordinator.locator("html").get_attribute("lang") == "sl"
    assert "Regionalna strategija množičnih inovacij" in coordinator.content()

    coordinator.locator("#adopt-lower-silesia").click()
    coordinator.check()
    for code in ("A1.1", "A2.1", "A2.3"):
        action = strategy.actions.get(code=code)
        coordinator.locator(f"input[name=actions][value='{action.pk}']").check()
    coordinator.locator("input[name=starts_on]").fill("2026-01-01")
    coordinator.locator("#adopt-form button[name=adopt]").click()
    coordinator.check()
    plan = RegionalPlan.objects.get(strategy=strategy, region__slug="lower-silesia")
    assert sorted(plan.actions.values_list("code", flat=True)) == ["A1.1", "A2.1", "A2.3"]
    # Adopted while working in Slovenian: the text is copied in Slovenian, for the region to adapt.
    assert plan.actions.get(code="A2.1").title == "Izzivi množičnih inovacij s podjetji"
    assert coordinator.url.endswith(f"/strategy/{SLUG}/regions/lower-silesia/edit/")

    indicator = plan.indicators.filter(counter_key="people_trained").first()
    if indicator is None:  # no app counts people trained in this build: the region measures it by hand
        coordinator.locator("#add-indicator").click()
        coordinator.check()
        coordinator.locator("input[name=name]").fill("Usposobljeni ljudje")
        coordinator.locator("input[name=baseline]").fill("0")
        coordinator.locator("select[name=counter_key]").select_option("")
    else:
        coordinator.locator(f"#edit-indicator-{indicator.pk}").click()
        coordinator.check()
    coordinator.locator("input[name=target]").fill("40")
    coordinator.locator("#plan-form button[name=save]").click()
    coordinator.check()
    indicator = Indicator.objects.get(plan=plan, target=40)

    coordinator.goto(f"/strategy/{SLUG}/regions/lower-silesia/")
    assert coordinator.locator("html").get_attribute("lang") == "sl"
    page = coordinator.content()
    assert "Izzivi množičnih inovacij s podjetji" in page
    assert coordinator.locator("svg[role=img]").count() >= 3  # actions by status, the indicator's progress
    assert coordinator.locator(f"section[aria-labelledby='action-{indicator.action_id}'] svg[role=img]").count() >= 1

    # The region's infographic, in the page's language (Slovenian), in each format.
    base = f"/strategy/{SLUG}/regions/lower-silesia/infographic/"
    for kind, content_type in [("svg", "image/svg+xml"), ("png", "image/png"), ("pdf", "application/pdf")]:
        href = coordinator.locator(f"#infographic-{kind}").get_attribute("href")
        assert href == f"{base}sl.{kind}"
        download = coordinator.request.get(live_server.url + href)
        assert download.ok and download.headers["content-type"] == content_type
        if kind == "svg":
            svg = download.text()
            assert svg.startswith("<?xml") and "<title" in svg and 'xml:lang="sl"' in svg
            assert "Regionalna strategija množičnih inovacij" in svg  # the strategy's Slovenian title
            with translation.override("sl"):
                assert escape(str(plan.region)) in svg
        elif kind == "png":
            assert download.body().startswith(b"\x89PNG")
        else:
            assert download.body().startswith(b"%PDF-")
    # Without JavaScript, the small form asks for another language and format.
    coordinator.locator("#infographic-language").select_option("pl")
    with coordinator.expect_navigation():
        coordinator.locator("#infographic-form button[value=svg]").click()
    assert coordinator.url.endswith(f"{base}pl.svg")

    coordinator.goto(f"/strategy/{SLUG}/regions/")
    assert f"/strategy/{SLUG}/regions/lower-silesia/" in coordinator.content()
