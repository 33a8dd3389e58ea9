"""Drafts on their way to publication: an organisation's admin submits, the region's coordinators
(or the platform admins, for an entry of no region) are told once and find it on their list, and
the author learns when it is published or sent back, and why."""

import pytest
from django.utils.html import escape

from synergy.library import services
from synergy.library.models import Entry
from synergy.notifications.models import Notification

from ..factories import EntryFactory, RegionFactory, RegionRoleFactory, UserFactory
from ..hostile import LONG, NUL, SCRIPT, STORABLE

pytestmark = pytest.mark.django_db


@pytest.fixture
def written(draft, org_admin):
    """Otto's draft for his organisation in Cora's region."""
    draft.author = org_admin
    draft.save()
    return draft


@pytest.fixture
def elsewhere():
    """Elena coordinates another region."""
    user = UserFactory(email="elena@example.org", display_name="Elena")
    RegionRoleFactory(user=user, region=RegionFactory(slug="elsewhere"))
    return user


def _told(kind: str) -> list:
    return list(Notification.objects.filter(kind=kind).order_by("id").values_list("recipient__email", flat=True))


def test_submitting_a_draft_tells_the_regions_coordinators_once(client, written, org_admin, coordinator, elsewhere):
    second = UserFactory(email="colin@example.org")
    RegionRoleFactory(user=second, region=written.region)
    client.force_login(org_admin)
    assert client.post(f"/library/{written.slug}/submit/").status_code == 302
    written.refresh_from_db()
    assert (written.status, bool(written.submitted_at)) == ("pending", True)
    assert sorted(_told("library.publication_requested")) == ["colin@example.org", "cora@example.org"]
    notification = Notification.objects.get(recipient=coordinator)
    assert written.title in notification.title and notification.url == written.get_absolute_url()
    # The same form sent again: refused (no longer a draft), nobody told twice.
    assert client.post(f"/library/{written.slug}/submit/").status_code == 403
    assert len(_told("library.publication_requested")) == 2


def test_a_second_submission_from_a_stale_copy_is_refused_and_tells_nobody(written, coordinator):
    first, stale = Entry.objects.get(pk=written.pk), Entry.objects.get(pk=written.pk)
    services.submit_for_publication(first)
    with pytest.raises(services.Refused, match="Only a draft"):
        services.submit_for_publication(stale)
    assert _told("library.publication_requested") == ["cora@example.org"]


def test_each_submission_tells_the_coordinators_again_after_the_entry_was_sent_back(written, coordinator):
    services.submit_for_publication(written)
    services.return_to_draft(written, "Add the figures.", by=coordinator)
    services.submit_for_publication(written)
    assert _told("library.publication_requested") == ["cora@example.org", "cora@example.org"]


def test_an_entry_of_no_region_goes_to_the_platform_admins(organisation, org_admin, admin_user, coordinator):
    UserFactory(email="retired@example.org", is_superuser=True, is_active=False)
    entry = EntryFactory(organisation=organisation, region=None, status="draft", published_at=None, author=org_admin)
    assert org_admin.has_perm("library.submit_entry", entry)
    services.submit_for_publication(entry)
    assert _told("library.publication_requested") == ["ada@example.org"]


def test_who_may_submit_editors_who_cannot_publish_and_only_a_draft(written, org_admin, coordinator, member):
    assert org_admin.has_perm("library.submit_entry", written)
    assert not coordinator.has_perm("library.submit_entry", written)  # they publish it
    assert not member.has_perm("library.submit_entry", written)
    services.submit_for_publication(written)
    assert not org_admin.has_perm("library.submit_entry", written)


def test_the_entry_page_offers_submit_to_its_writer_and_publish_to_the_coordinator(
    client, written, org_admin, coordinator
):
    client.force_login(org_admin)
    page = client.get(written.get_absolute_url()).content.decode()
    assert "Submit for publication</button>" in page and "Publish</button>" not in page
    services.submit_for_publication(written)
    page = client.get(written.get_absolute_url()).content.decode()
    assert "Waiting for publication since" in page and "Submit for publication</button>" not in page
    client.force_login(coordinator)
    page = client.get(written.get_absolute_url()).content.decode()
    assert "Publish</button>" in page and "Submit for publication</button>" not in page
    assert 'name="reason"' in page and "Send it back" in page


def test_publishing_tells_the_author_but_not_one_who_publishes_their_own(client, written, coordinator, region):
    services.submit_for_publication(written)
    client.force_login(coordinator)
    client.post(f"/library/{written.slug}/publish/", {"action": "publish"})
    written.refresh_from_db()
    assert written.status == "published"
    assert _told("library.published") == ["otto@example.org"]
    own = EntryFactory(region=region, organisation=None, status="draft", published_at=None, author=coordinator)
    services.publish(own, by=coordinator)
    assert _told("library.published") == ["otto@example.org"]


def test_sending_back_needs_a_reason_and_tells_the_author_why(client, written, coordinator, org_admin):
    services.submit_for_publication(written)
    client.force_login(coordinator)
    response = client.post(f"/library/{written.slug}/publish/", {"action": "return", "reason": "  "}, follow=True)
    assert "please correct the reason below" in response.content.decode()
    written.refresh_from_db()
    assert written.status == "pending" and not _told("library.returned_to_draft")
    too_long = client.post(f"/library/{written.slug}/publish/", {"action": "return", "reason": LONG}, follow=True)
    assert LONG in too_long.content.decode()  # what was typed is kept beside the error
    client.post(f"/library/{written.slug}/publish/", {"action": "return", "reason": "Add the figures of 2024."})
    written.refresh_from_db()
    assert (written.status, written.review_note) == ("draft", "Add the figures of 2024.")
    notification = Notification.objects.get(kind="library.returned_to_draft")
    assert (notification.recipient, notification.body) == (org_admin, "Add the figures of 2024.")
    client.force_login(org_admin)
    page = client.get(written.get_absolute_url()).content.decode()
    assert "Sent back to draft: Add the figures of 2024." in page and "Submit for publication</button>" in page


def test_taking_a_published_entry_off_tells_the_author_and_a_draft_cannot_be_sent_back(entry, coordinator, org_admin):
    entry.author = org_admin
    entry.save()
    services.return_to_draft(entry, "Superseded by the 2025 strategy.", by=coordinator)
    entry.refresh_from_db()
    assert entry.status == "draft" and _told("library.returned_to_draft") == ["otto@example.org"]
    with pytest.raises(services.Refused, match="already a draft"):
        services.return_to_draft(entry, "Again.", by=coordinator)
    with pytest.raises(services.Refused, match="Say why"):
        services.return_to_draft(entry, "")


@pytest.mark.parametrize("hostile", STORABLE)
def test_a_hostile_reason_is_kept_exactly_and_shown_escaped(client, written, coordinator, org_admin, hostile):
    services.submit_for_publication(written)
    client.force_login(coordinator)
    client.post(f"/library/{written.slug}/publish/", {"action": "return", "reason": hostile})
    written.refresh_from_db()
    assert written.review_note == hostile
    assert Notification.objects.get(kind="library.returned_to_draft").body == hostile
    client.force_login(org_admin)
    page = client.get(written.get_absolute_url()).content.decode()
    assert escape(hostile) in page and SCRIPT not in page
    assert SCRIPT not in client.get("/notifications/").content.decode()  # bodies go through core.markup


def test_a_reason_with_nul_characters_is_refused_with_a_message(client, written, coordinator):
    services.submit_for_publication(written)
    client.force_login(coordinator)
    response = client.post(f"/library/{written.slug}/publish/", {"action": "return", "reason": NUL}, follow=True)
    assert "Null characters are not allowed." in response.content.decode()
    written.refresh_from_db()
    assert written.status == "pending"


def test_the_review_list_shows_coordinators_their_regions_entries_and_admins_all(
    client, written, organisation, coordinator, elsewhere, admin_user, org_admin, member
):
    services.submit_for_publication(written)
    nowhere = EntryFactory(organisation=organisation, region=None, status="draft", published_at=None)
    services.submit_for_publication(nowhere)
    EntryFactory(organisation=organisation, status="draft", published_at=None, title_en="Not submitted")

    def listed(user) -> str:
        client.force_login(user)
        return client.get("/library/review/").content.decode()

    page = listed(coordinator)
    assert written.get_absolute_url() in page and nowhere.get_absolute_url() not in page
    assert "Not submitted" not in page and "1 entry waits for publication" in page
    assert written.get_absolute_url() not in listed(elsewhere) and "No entry waits" in listed(elsewhere)
    page = listed(admin_user)
    assert written.get_absolute_url() in page and nowhere.get_absolute_url() in page
    for outsider in (org_admin, member):
        client.force_login(outsider)
        assert client.get("/library/review/").status_code == 403
    client.logout()
    assert client.get("/library/review/").status_code == 302


def test_the_library_links_reviewers_to_their_list_with_its_length(client, written, coordinator, org_admin):
    services.submit_for_publication(written)
    client.force_login(coordinator)
    assert "Entries to review (1)" in client.get("/library/").content.decode()
    client.force_login(org_admin)
    assert "Entries to review" not in client.get("/library/").content.decode()
    client.logout()
    assert "Entries to review" not in client.get("/library/").content.decode()


def test_review_list_queries_do_not_grow_with_the_entries(
    client, organisation, coordinator, admin_user, django_assert_max_num_queries, uncached
):
    def submitted(count: int) -> None:
        for entry in EntryFactory.create_batch(count, organisation=organisation, status="draft", published_at=None):
            entry.author = UserFactory()
            services.submit_for_publication(entry)

    submitted(2)
    counted = {}
    for reviewer in (coordinator, admin_user):
        client.force_login(reviewer)
        with django_assert_max_num_queries(10) as few:
            assert "2 entries wait for publication" in client.get("/library/review/").content.decode()
        counted[reviewer] = len(few.captured_queries)
    submitted(25)
    for reviewer in (coordinator, admin_user):
        client.force_login(reviewer)
        with django_assert_max_num_queries(counted[reviewer]):
            assert "27 entries wait for publication" in client.get("/library/review/").content.decode()


def test_an_entry_called_like_one_of_the_librarys_pages_gets_an_address_of_its_own(client, coordinator, region):
    client.force_login(coordinator)
    for title in ("Review", "New"):
        client.post("/library/new/", {"kind": "tool", "title_en": title, "summary_en": "S.", "body_en": "T.",
                                      "region": region.pk})  # fmt: skip
    assert sorted(Entry.objects.values_list("slug", flat=True)) == ["new-entry", "review-entry"]
    assert client.get("/library/review/").status_code == 200
