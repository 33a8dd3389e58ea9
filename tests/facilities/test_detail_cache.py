"""An item's public page is rendered once per state of the item, and "My requests" reads each list
through its own index.

The page of an item with 100 bookings took 10 ms, most of it the booked times; shown again, its
public part (details, photos, description, booked times) comes from the cache until something it
shows changes, while the permission check and the personal parts (the provider's buttons, the
request form with its token and the person's own organisations) run on every request.
"""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from synergy.actors.models import Membership
from synergy.facilities import services
from synergy.facilities.models import AccessRequest, Photo

from ..factories import ItemFactory, MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture
def item(organisation, org_admin):
    return ItemFactory(provider=organisation, name="Metal powder-bed printer", description="Prints **titanium**.")


def ask(item, taker, start_in_days=3):
    start = timezone.now() + timedelta(days=start_in_days)
    return services.request_access(
        item, taker, purpose="Print a bracket", needs="", starts_at=start, ends_at=start + timedelta(hours=4)
    )


def book(item, org_admin, start_in_days=3):
    return services.accept_terms(ask(item, UserFactory(display_name="Bea Booker"), start_in_days), org_admin)


def visit(client, url, status=200):
    """The page's HTML and the SQL its request ran."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == status
    return response.content.decode(), " ".join(q["sql"] for q in captured.captured_queries)


def from_cache(client, url) -> str:
    """The page, whose public part must come from the cache: no booking or photo is read."""
    html, sql = visit(client, url)
    read = [query for query in sql.split("SELECT") if "facilities_booking" in query or "facilities_photo" in query]
    assert not read, read
    return html


def public(html: str) -> str:
    """The item's public part: details, photos, description and booked times."""
    start = html.index('<dl class="details">')
    return html[start : html.index("</section>", start)]


def shown(booking) -> str:
    return f'datetime="{timezone.localtime(booking.starts_at).isoformat()}"'


def test_a_second_visit_reads_no_booking_or_photo_and_shows_the_same(client, item, org_admin):
    booking = book(item, org_admin)
    Photo.objects.create(item=item, image=ContentFile(PNG, name="printer.png"), description="The printer, front")
    url = item.get_absolute_url()
    first, sql = visit(client, url)
    assert "facilities_booking" in sql
    again = from_cache(client, url)
    assert public(again) == public(first)
    assert shown(booking) in again and "The printer, front" in again and "<strong>titanium</strong>" in again


def test_a_new_booking_photo_description_or_provider_name_shows_at_once(client, item, org_admin, organisation):
    url = item.get_absolute_url()
    visit(client, url)
    assert "No upcoming bookings." in from_cache(client, url)

    booking = book(item, org_admin)
    assert shown(booking) in visit(client, url)[0] and shown(booking) in from_cache(client, url)

    photo = Photo.objects.create(item=item, image=ContentFile(PNG, name="p.png"), description="The printer, side")
    assert "The printer, side" in visit(client, url)[0]

    item.description = "Prints **steel**."
    item.save()
    assert "<strong>steel</strong>" in visit(client, url)[0]

    organisation.name = "Renamed Foundry"
    organisation.save()
    assert "Renamed Foundry" in visit(client, url)[0]

    client.force_login(org_admin)  # the photo removed the way the provider removes it
    client.post(reverse("facilities:photos", args=[item.slug]), {"delete": photo.pk})
    assert "The printer, side" not in visit(client, url)[0]

    services.cancel_booking(booking, org_admin)
    assert shown(booking) not in visit(client, url)[0]


def test_personal_parts_never_pass_from_one_person_to_another(client, item, org_admin, outsider):
    book(item, org_admin)
    ask(item, outsider)  # Oscar's own request: never on the item's page, for anyone
    MembershipFactory(user=outsider, organisation=OrganisationFactory(name="Taker Works"))
    url, edit = item.get_absolute_url(), reverse("facilities:edit", args=[item.slug])

    client.force_login(org_admin)
    providers, _sql = visit(client, url)
    assert edit in providers and "Ask for access" not in providers

    client.logout()
    visitors = from_cache(client, url)
    assert edit not in visitors and "Log in to ask for access" in visitors and "Ask for access" not in visitors

    client.force_login(outsider)
    takers = from_cache(client, url)
    assert "Ask for access" in takers and "Taker Works" in takers and edit not in takers

    client.force_login(UserFactory())
    others = from_cache(client, url)
    assert "Ask for access" in others and "Taker Works" not in others and edit not in others

    client.force_login(org_admin)
    again = from_cache(client, url)
    assert edit in again and "Taker Works" not in again and "Ask for access" not in again

    for html in (providers, visitors, takers, others, again):
        assert public(html) == public(providers) and "Bea Booker" not in public(html)
    assert not [html for html in (providers, visitors, others, again) if escape(outsider.display_name) in html]


def test_an_unpublished_item_stays_hidden_from_visitors_once_cached_for_its_provider(
    client, item, org_admin, outsider, member
):
    url = item.get_absolute_url()
    visit(client, url)
    from_cache(client, url)
    item.published = False
    item.save()
    visit(client, url, status=403)  # at once, though the visitor's page was cached a moment ago

    client.force_login(org_admin)
    visit(client, url)
    assert "Not published" in from_cache(client, url)
    for person in (outsider, member, None):
        if person:
            client.force_login(person)
        else:
            client.logout()
        html, sql = visit(client, url, status=403)
        assert "titanium" not in html and "facilities_booking" not in sql


def names(page) -> list[str]:
    return [r.purpose for r in page.object_list]


def test_a_person_both_taker_and_provider_sees_each_request_in_its_own_list(
    client, item, org_admin, organisation, outsider, settings
):
    """Otto administers the item's organisation and asks other organisations for their items."""
    settings.PAGE_SIZE = 2
    elsewhere = ItemFactory()
    later = ItemFactory()

    def request(item_, taker, purpose, days_ago):
        return AccessRequest.objects.create(
            item=item_, taker=taker, purpose=purpose, starts_at=timezone.now() + timedelta(days=2),
            ends_at=timezone.now() + timedelta(days=3), created_at=timezone.now() - timedelta(days=days_ago),
        )  # fmt: skip

    request(item, outsider, "Oscar to Otto's", 5)
    request(elsewhere, org_admin, "Otto elsewhere", 4)
    request(later, org_admin, "Otto before he joined", 3)
    request(later, outsider, "Oscar to the joined", 2)
    request(item, None, "A deleted taker's", 1)
    MembershipFactory(user=org_admin, organisation=later.provider, role=Membership.Role.ADMIN)
    request(elsewhere, outsider, "Oscar elsewhere", 0)  # neither Otto's nor to his organisations

    client.force_login(org_admin)
    url = reverse("facilities:mine")
    default = client.get(url).context
    assert default["view"] == "asked" and names(default["page"]) == ["Otto before he joined", "Otto elsewhere"]
    received = client.get(url, {"view": "received"}).context["page"]
    assert names(received) == ["A deleted taker's", "Oscar to the joined"] and received.paginator.count == 3
    assert names(client.get(url, {"view": "received", "page": 2}).context["page"]) == ["Oscar to Otto's"]
    beyond = client.get(url, {"view": "asked", "page": 2}).context["page"]  # the nearest page: the first
    assert beyond.number == 1 and names(beyond) == ["Otto before he joined", "Otto elsewhere"]

    client.force_login(outsider)
    assert names(client.get(url).context["page"]) == ["Oscar elsewhere", "Oscar to the joined"]
    assert names(client.get(url, {"view": "received"}).context["page"]) == []


def test_my_requests_read_each_list_through_its_index_in_as_many_queries_whatever_the_data(
    client, item, org_admin, outsider, uncached
):
    elsewhere = ItemFactory()

    def queries(view):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("facilities:mine"), {"view": view} if view else {}).status_code == 200
        requests = [q["sql"] for q in captured.captured_queries if "facilities_accessrequest" in q["sql"]]
        # One condition "taker OR provider" across the join made PostgreSQL read every request.
        assert requests and not [sql for sql in requests if " OR " in sql.upper()]
        return len(captured)

    def grow(count):
        for n in range(count):
            ask(item, UserFactory(), start_in_days=3 + n)
            ask(elsewhere, org_admin, start_in_days=3 + n)
            ItemFactory(provider=item.provider)

    client.force_login(org_admin)
    grow(1)
    before = [queries(view) for view in (None, "asked", "received")]
    grow(5)
    assert [queries(view) for view in (None, "asked", "received")] == before
