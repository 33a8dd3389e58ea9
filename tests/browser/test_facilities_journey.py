"""A request for shared equipment negotiated into a booking and its use recorded, in a real
browser, every page checked by axe-core."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from synergy.facilities.models import AccessRequest, Booking
from tests.browser.test_challenge_journey import _person, _submit

pytestmark = pytest.mark.django_db(transaction=True)


def _act(page, action):
    page.locator(f"button[name=action][value={action}]").click()
    page.check()


def test_a_request_negotiated_into_a_booking_and_its_use_recorded(browser, live_server):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    taker = _person(browser, live_server, "member@synergy.test")
    taker.goto("/facilities/?kind=testing")
    taker.locator("a", has_text="Tensile testing machine").click()
    taker.check()
    start = timezone.localtime() + timedelta(days=20)
    taker.locator("input[name=starts_at]").fill(start.strftime("%Y-%m-%dT09:00"))
    taker.locator("input[name=ends_at]").fill(start.strftime("%Y-%m-%dT12:00"))
    taker.locator("textarea[name=purpose]").fill("Tensile tests of five printed brackets")
    _submit(taker, "form[aria-labelledby=request-title]")
    access_request = AccessRequest.objects.get(purpose="Tensile tests of five printed brackets")

    provider = _person(browser, live_server, "orgadmin@synergy.test")
    provider.goto("/facilities/mine/?view=received")
    provider.locator(f"a[href='{access_request.get_absolute_url()}']").click()
    provider.check()
    provider.locator("textarea[name=body]").fill("We can test them, but in the afternoon.")
    _act(provider, "message")
    provider.locator("input[name=starts_at]").fill(start.strftime("%Y-%m-%dT13:00"))
    provider.locator("input[name=ends_at]").fill(start.strftime("%Y-%m-%dT16:00"))
    provider.locator("textarea[name=terms]").fill("Free within our joint project; report to ISO 6892.")
    _act(provider, "propose")

    taker.goto(access_request.get_absolute_url())
    assert "We can test them, but in the afternoon." in taker.content()
    _act(taker, "accept")
    booking = Booking.objects.get(request=access_request)
    assert timezone.localtime(booking.starts_at).hour == 13

    # The day has come and gone: both record the actual use.
    past = timezone.now() - timedelta(days=1)
    Booking.objects.filter(pk=booking.pk).update(starts_at=past, ends_at=past + timedelta(hours=3))
    for page, hours in [(taker, "3"), (provider, "2.5")]:
        page.goto(access_request.get_absolute_url())
        page.locator("input[name=hours_used]").fill(hours)
        page.locator("select[name=outcome]").select_option("as_planned")
        _act(page, "usage")
    assert sorted(booking.usage_reports.values_list("side", flat=True)) == ["provider", "taker"]
    provider.goto("/facilities/mine/?view=received")
