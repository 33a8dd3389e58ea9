"""Infrastructure sharing: a request negotiated into a booking, no overlaps, use recorded,
reminders, feeds, reports, and who may see what."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from synergy.facilities import services
from synergy.facilities.models import AccessRequest, Booking, Item
from synergy.notifications.models import Notification

from ..factories import ItemFactory, RegionFactory, RegionRoleFactory, UserFactory
from ..hostile import SCRIPT, STORABLE

pytestmark = pytest.mark.django_db

DAY = timedelta(days=1)


@pytest.fixture
def item(organisation, org_admin):
    return ItemFactory(provider=organisation)


def ask(item, taker, start_in_days=3, hours=4):
    start = timezone.now() + start_in_days * DAY
    return services.request_access(
        item, taker, purpose="Print a bracket", needs="", starts_at=start, ends_at=start + timedelta(hours=hours)
    )


def kinds(user):
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_a_request_negotiated_into_a_booking_and_its_use_recorded(item, org_admin, outsider):
    access_request = ask(item, outsider)
    assert "facilities.requested" in kinds(org_admin)
    with pytest.raises(services.Refused, match="waits for the other side"):
        services.accept_terms(access_request, outsider)  # one's own proposal
    services.post_message(access_request, org_admin, "Can you come a day later?")
    access_request.refresh_from_db()
    assert access_request.status == "negotiating" and access_request.first_answer_at is not None
    later = access_request.starts_at + DAY
    services.propose_terms(
        access_request, org_admin, starts_at=later, ends_at=later + timedelta(hours=4), terms="80 EUR/h"
    )
    booking = services.accept_terms(access_request, outsider)
    assert (booking.starts_at, booking.item) == (later, item)
    assert "facilities.booked" in kinds(org_admin)
    with pytest.raises(services.Refused, match="once the booking has started"):
        services.record_usage(booking, outsider, hours_used=4, outcome="as_planned", notes="")
    Booking.objects.filter(pk=booking.pk).update(starts_at=timezone.now() - DAY, ends_at=timezone.now() - DAY / 2)
    booking.refresh_from_db()
    services.record_usage(booking, outsider, hours_used=3, outcome="partly", notes="Printer jammed once")
    services.record_usage(booking, org_admin, hours_used=3.5, outcome="partly", notes="")
    assert booking.usage_reports.count() == 2


def test_two_bookings_of_one_item_never_overlap(item, org_admin):
    first, second = ask(item, UserFactory()), ask(item, UserFactory(), hours=6)
    services.accept_terms(first, org_admin)
    with pytest.raises(services.Refused, match="already booked"):
        services.accept_terms(second, org_admin)
    touching = ask(item, UserFactory(), start_in_days=3, hours=4)
    AccessRequest.objects.filter(pk=touching.pk).update(
        starts_at=first.ends_at, ends_at=first.ends_at + timedelta(hours=2)
    )
    services.accept_terms(touching, org_admin)  # back to back is fine
    assert item.bookings.filter(status="confirmed").count() == 2


def test_refusal_and_withdrawal(item, org_admin, outsider):
    refused = ask(item, outsider)
    services.close_request(refused, org_admin, reason="Under maintenance")
    refused.refresh_from_db()
    assert refused.status == "refused" and refused.messages.get().body == "Under maintenance"
    withdrawn = ask(item, outsider, start_in_days=10)
    services.close_request(withdrawn, outsider)
    withdrawn.refresh_from_db()
    assert withdrawn.status == "withdrawn"
    with pytest.raises(services.Refused, match="closed"):
        services.accept_terms(withdrawn, org_admin)


def test_bad_requests_are_refused_with_a_message(item, org_admin, outsider):
    start = timezone.now() + DAY
    with pytest.raises(services.Refused, match="after the start"):
        services.request_access(item, outsider, purpose="x", needs="", starts_at=start, ends_at=start)
    with pytest.raises(services.Refused, match="future"):
        services.request_access(item, outsider, purpose="x", needs="", starts_at=start - 2 * DAY, ends_at=start)
    with pytest.raises(services.Refused, match="administer"):
        services.request_access(item, org_admin, purpose="x", needs="", starts_at=start, ends_at=start + DAY)


def test_reminders_go_once_to_both_sides_a_day_before(item, org_admin, outsider):
    booking = services.accept_terms(ask(item, outsider, start_in_days=0.5), org_admin)
    assert services.send_booking_reminders() == 1
    assert services.send_booking_reminders() == 0
    assert "facilities.reminder" in kinds(outsider) and "facilities.reminder" in kinds(org_admin)
    assert Booking.objects.get(pk=booking.pk).reminded_at is not None


def test_only_the_two_sides_see_a_request(client, item, org_admin, outsider, member, coordinator):
    access_request = ask(item, outsider)
    url = access_request.get_absolute_url()
    for person, status in [(outsider, 200), (org_admin, 200), (member, 403), (coordinator, 403)]:
        client.force_login(person)
        assert client.get(url).status_code == status, person
    client.force_login(member)
    response = client.post(reverse("facilities:request_action", args=[access_request.pk]), {"action": "accept"})
    assert response.status_code == 403 and not Booking.objects.exists()


def test_the_pages_walk_through_a_booking(client, item, org_admin, outsider):
    client.force_login(outsider)
    start = timezone.localtime() + 5 * DAY
    response = client.post(
        reverse("facilities:request_access", args=[item.slug]),
        {"starts_at": start.strftime("%Y-%m-%dT%H:00"), "ends_at": (start + DAY).strftime("%Y-%m-%dT%H:00"),
         "purpose": "Print ten brackets"},
    )  # fmt: skip
    access_request = AccessRequest.objects.get()
    assert response.status_code == 302
    client.post(reverse("facilities:request_action", args=[access_request.pk]), {"action": "message", "body": "Hello"})
    client.force_login(org_admin)
    client.post(reverse("facilities:request_action", args=[access_request.pk]), {"action": "accept"})
    assert Booking.objects.filter(request=access_request).exists()
    calendar = client.get(reverse("facilities:calendar", args=[item.slug])).content.decode()
    assert "BEGIN:VEVENT" in calendar and outsider.display_name not in calendar
    client.force_login(outsider)
    feed = client.get(reverse("facilities:mine")).context["feed_url"]
    client.logout()
    assert "BEGIN:VEVENT" in client.get(feed).content.decode()
    assert client.get(reverse("facilities:personal_calendar", args=["forged"])).status_code == 404


def test_an_invalid_request_keeps_what_was_typed(client, item, outsider):
    client.force_login(outsider)
    response = client.post(
        reverse("facilities:request_access", args=[item.slug]),
        {"starts_at": "2031-01-02T10:00", "ends_at": "2031-01-01T10:00", "purpose": "Keep me"},
    )
    assert response.status_code == 200 and not AccessRequest.objects.exists()
    content = response.content.decode()
    assert "The end must come after the start." in content and "Keep me" in content


def test_a_refused_message_or_proposal_is_shown_back_on_the_request_page(client, item, outsider):
    access_request = ask(item, outsider)
    client.force_login(outsider)
    act = reverse("facilities:request_action", args=[access_request.pk])
    too_long = "Kept " + "x" * 4_000
    response = client.post(act, {"action": "message", "body": too_long}, follow=True)
    assert not access_request.messages.exists()
    assert too_long in response.content.decode() and "at most 4000 characters" in response.content.decode()
    response = client.post(
        act, {"action": "propose", "starts_at": "", "ends_at": "", "terms": "Kept terms"}, follow=True
    )
    assert "Kept terms" in response.content.decode() and "This field is required." in response.content.decode()


def test_a_refused_closing_reason_or_use_is_shown_back_on_the_request_page(client, item, org_admin, outsider):
    access_request = ask(item, outsider)
    client.force_login(org_admin)
    act = reverse("facilities:request_action", args=[access_request.pk])
    reason = "Kept " + "x" * 4_000
    page = client.post(act, {"action": "close", "reason": reason}, follow=True).content.decode()
    assert AccessRequest.objects.get(pk=access_request.pk).is_open
    assert "The request is not closed; please correct the reason below." in page
    assert reason in page and "at most 4000 characters" in page
    booking = services.accept_terms(access_request, org_admin)
    Booking.objects.filter(pk=booking.pk).update(starts_at=timezone.now() - DAY, ends_at=timezone.now() - DAY / 2)
    response = client.post(act, {"action": "usage", "hours_used": "", "outcome": "partly", "notes": "Kept notes"})
    page = client.get(response["Location"]).content.decode()
    assert not booking.usage_reports.exists()
    assert "The use is not recorded; please correct it below." in page
    assert "Kept notes" in page and "This field is required." in page


def test_terms_the_rules_refuse_are_kept_for_the_request_page(client, item, org_admin, outsider):
    access_request = ask(item, outsider)
    client.force_login(org_admin)
    start = timezone.localtime() + 5 * DAY
    backwards = {"starts_at": start.strftime("%Y-%m-%dT%H:00"), "ends_at": (start - DAY).strftime("%Y-%m-%dT%H:00")}
    response = client.post(
        reverse("facilities:request_action", args=[access_request.pk]),
        {"action": "propose", "terms": "Kept terms", **backwards},
        follow=True,
    )
    page = response.content.decode()
    assert AccessRequest.objects.get(pk=access_request.pk).terms != "Kept terms"
    assert "The end must come after the start." in page and "Kept terms" in page


def test_search_by_kind_region_key_area_and_free_date(client, organisation, item, org_admin):
    Item.objects.filter(pk=item.pk).update(key_areas=["additive_manufacturing"])
    lab = ItemFactory(provider=organisation, kind="laboratory", name="Clean room")
    booking = services.accept_terms(ask(item, UserFactory(), start_in_days=3, hours=4), org_admin)
    busy_day = timezone.localtime(booking.starts_at).date().isoformat()

    def names(query):
        return [i.name for i in client.get(reverse("facilities:list") + query).context["page"].object_list]

    assert names("?kind=laboratory") == [lab.name]
    assert names("?key_area=additive_manufacturing") == [item.name]
    assert item.name not in names(f"?date={busy_day}") and lab.name in names(f"?date={busy_day}")
    assert set(names(f"?region={organisation.region.slug}")) == {item.name, lab.name}


def test_reports_measure_requests_answers_and_use(client, item, org_admin, coordinator, region, outsider):
    first = ask(item, outsider)
    services.post_message(first, org_admin, "Yes")
    booking = services.accept_terms(first, org_admin)
    Booking.objects.filter(pk=booking.pk).update(
        starts_at=timezone.now() - 2 * DAY, ends_at=timezone.now() - 2 * DAY + timedelta(hours=4)
    )
    booking.refresh_from_db()
    services.record_usage(booking, org_admin, hours_used=2, outcome="partly", notes="")
    services.close_request(ask(item, outsider, start_in_days=9), org_admin)
    figures = services.figures(Item.objects.filter(region=region))
    assert figures["requests"] == 2 and figures["agreed"] == 1 and figures["fulfilled_share"] == 50
    assert figures["booked_hours"] == 4 and figures["used_hours"] == 2 and figures["use_rate"] == 50
    client.force_login(coordinator)
    assert client.get(reverse("facilities:region_report", args=[region.slug])).status_code == 200
    other = RegionRoleFactory(region=RegionFactory()).user
    client.force_login(other)
    assert client.get(reverse("facilities:region_report", args=[region.slug])).status_code == 403


@pytest.mark.parametrize("text", STORABLE)
def test_hostile_messages_are_kept_and_escaped(client, item, outsider, text):
    access_request = ask(item, outsider)
    client.force_login(outsider)
    client.post(reverse("facilities:request_action", args=[access_request.pk]), {"action": "message", "body": text})
    assert access_request.messages.get().body == text
    assert SCRIPT not in client.get(access_request.get_absolute_url()).content.decode()


def test_the_api_lists_items_busy_times_and_takes_requests(client, item, org_admin, outsider):
    booking = services.accept_terms(ask(item, UserFactory()), org_admin)
    assert [i["slug"] for i in client.get("/api/v1/facilities/").json()["items"]] == [item.slug]
    busy = client.get(f"/api/v1/facilities/{item.slug}/busy").json()
    assert len(busy) == 1 and set(busy[0]) == {"starts_at", "ends_at"}
    start = (booking.ends_at + DAY).isoformat()
    payload = {"starts_at": start, "ends_at": (booking.ends_at + 2 * DAY).isoformat(), "purpose": "Tests"}
    assert (
        client.post(f"/api/v1/facilities/{item.slug}/requests", payload, content_type="application/json").status_code
        == 401
    )
    client.force_login(outsider)
    response = client.post(f"/api/v1/facilities/{item.slug}/requests", payload, content_type="application/json")
    assert response.status_code == 201


def test_the_median_wait_is_the_middle_answer(item, org_admin):
    waits = [1, 2, 10, 30]  # hours until the provider's first answer
    for hours in waits:
        access_request = ask(item, UserFactory(), start_in_days=hours + 5)
        AccessRequest.objects.filter(pk=access_request.pk).update(
            first_answer_at=access_request.created_at + timedelta(hours=hours)
        )
    assert services.figures(Item.objects.all())["median_first_answer_hours"] == 6.0
    AccessRequest.objects.filter(first_answer_at__isnull=False).order_by("-first_answer_at").first().delete()
    assert services.figures(Item.objects.all())["median_first_answer_hours"] == 2.0


def test_query_counts_do_not_grow_with_items_or_bookings(
    client, organisation, item, org_admin, region, admin_user, uncached
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(url) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    def grow(count, offset):
        for n in range(count):
            ItemFactory(provider=organisation)
            services.accept_terms(ask(item, UserFactory(), start_in_days=offset + n * 2, hours=2), org_admin)

    urls = [
        reverse("facilities:list"),
        reverse("facilities:list") + "?date=" + (timezone.localdate() + 3 * DAY).isoformat(),
        item.get_absolute_url(),
        reverse("facilities:calendar", args=[item.slug]),
        reverse("facilities:region_report", args=[region.slug]),
    ]
    client.force_login(admin_user)
    grow(1, 3)
    before = [queries(url) for url in urls]
    grow(6, 10)
    assert [queries(url) for url in urls] == before


def test_my_requests_show_one_list_at_a_time_a_page_at_a_time(client, item, org_admin, outsider, settings):
    settings.PAGE_SIZE = 2
    for _ in range(3):
        ask(item, outsider)
    client.force_login(org_admin)  # asked nothing: what was asked of the organisation comes first
    page = client.get(reverse("facilities:mine")).content.decode()
    assert 'href="?view=received" aria-current="page"' in page
    assert page.count(f"· {outsider.display_name} ·") == 2 and 'rel="next"' in page
    second = client.get(reverse("facilities:mine"), {"view": "received", "page": 2}).content.decode()
    assert second.count(f"· {outsider.display_name} ·") == 1
    client.force_login(outsider)
    mine = client.get(reverse("facilities:mine")).content.decode()
    assert 'href="?view=asked" aria-current="page"' in mine and mine.count(escape(item.name)) >= 2
    assert "No requests yet." in client.get(reverse("facilities:mine"), {"view": "received"}).content.decode()
