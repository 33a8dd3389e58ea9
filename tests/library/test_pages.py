"""The library's pages: search and filters, writing with clear messages, publishing, hostile text,
and lists whose queries do not grow with the entries."""

import re

import pytest
from django.utils.html import escape

from synergy.library import services
from synergy.library.models import Entry

from ..factories import EntryFactory, RegionFactory, TrainingFactory
from ..hostile import NUL, STORABLE

pytestmark = pytest.mark.django_db


def _listed(client, query: str) -> str:
    return client.get(f"/library/{query}").content.decode()


def test_the_list_searches_the_index_and_filters_by_every_facet(client, organisation, region, indexed):
    with indexed():
        strategy = EntryFactory(
            organisation=organisation, title_en="Open innovation in Emilia-Romagna", kind="success_story",
            topics=["strategy", "networks"], stakeholder_types=["public_authority"],
        )  # fmt: skip
        tool = EntryFactory(
            organisation=organisation, region=RegionFactory(slug="other"), title_en="Canvas for challenge givers",
            kind="tool", topics=["crowdsourcing"], stakeholder_types=["sme"], body_en="Plan a challenge.",
        )  # fmt: skip
        EntryFactory(organisation=organisation, title_en="Emilia-Romagna draft", status="draft", published_at=None)
    tool.title_de, tool.body_de = "Leinwand", "Eine Herausforderung planen."
    tool.save()

    def shows(query, *entries):
        page = _listed(client, query)
        return all(e.get_absolute_url() in page for e in entries) and page.count('class="card"') == len(entries)

    assert shows("", strategy, tool)
    assert shows("?q=emilia", strategy)  # the draft is not listed
    assert shows("?q=challenge+giv", tool)
    assert shows("?kind=tool", tool)
    assert shows(f"?region={region.pk}", strategy)
    assert shows("?topic=networks", strategy)
    assert shows("?stakeholder_type=sme", tool)
    assert shows("?language=de", tool)
    assert shows("?q=emilia&kind=tool")
    assert shows("?q=zebra%27%22%3E%3C")  # quotes and brackets are no FTS5 syntax


def test_the_list_with_htmx_answers_with_the_results_only(client, entry):
    partial = client.get("/library/?kind=best_practice", headers={"hx-request": "true"}).content.decode()
    assert "<html" not in partial and entry.get_absolute_url() in partial


def test_list_queries_do_not_grow_with_the_entries(
    client, organisation, django_assert_max_num_queries, uncached, indexed
):
    with indexed():
        EntryFactory.create_batch(2, organisation=organisation)
    with django_assert_max_num_queries(12) as few:
        assert "2 entries" in client.get("/library/?q=practice&topic=strategy").content.decode()
    with indexed():
        EntryFactory.create_batch(25, organisation=organisation)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert "27 entries" in client.get("/library/?q=practice&topic=strategy").content.decode()
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/library/?page=2")


def test_detail_queries_do_not_grow_with_files_links_and_trainings(
    client, entry, region, django_assert_max_num_queries, uncached
):
    from synergy.library import services

    services.add_link(entry, label="First", url="https://example.org/1")
    with django_assert_max_num_queries(20) as few:
        assert client.get(entry.get_absolute_url()).status_code == 200
    for number in range(5):
        services.add_link(entry, label=f"Link {number}", url=f"https://example.org/{number}")
        entry.related_trainings.add(TrainingFactory(region=region, status="published"))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(entry.get_absolute_url())


def test_a_shown_list_is_served_from_the_cache_and_shows_a_new_entry_at_once(client, organisation):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get("/library/")
    with CaptureQueriesContext(connection) as again:
        client.get("/library/")
    assert not [q for q in again.captured_queries if "library_entry" in q["sql"]]
    EntryFactory(organisation=organisation, title_en="Fresh practice")
    assert "Fresh practice" in client.get("/library/").content.decode()


def _form(**changes) -> dict:
    data = {
        "kind": "best_practice", "title_en": "Living lab", "summary_en": "A short summary.", "body_en": "The **text**.",
        "topics": ["strategy", "additive_manufacturing"], "keywords": "living lab, co-design",
        "stakeholder_types": ["public_authority", "sme"],
    }  # fmt: skip
    return {**data, **changes}


def test_an_organisation_admin_writes_a_draft_for_their_organisation(client, org_admin, organisation, region):
    client.force_login(org_admin)
    response = client.post("/library/new/", _form(organisation=organisation.pk, region=region.pk))
    entry = Entry.objects.get(title_en="Living lab")
    assert response.status_code == 302 and response["Location"] == entry.get_absolute_url()
    assert (entry.status, entry.author, entry.slug) == ("draft", org_admin, "living-lab")
    assert entry.keywords == ["living lab", "co-design"]
    assert entry.topics == ["strategy", "additive_manufacturing"]
    page = client.get(entry.get_absolute_url()).content.decode()
    assert "Draft: only its editors see it" in page and "Publish</button>" not in page


def test_the_form_says_what_is_missing_and_keeps_what_was_typed(client, org_admin, organisation):
    client.force_login(org_admin)
    page = client.post("/library/new/", _form(title_en="", body_en="Kept text", organisation="")).content.decode()
    assert "Please correct the fields marked below." in page
    assert "This field is required." in page
    assert "Choose the organisation you write this entry for, or a region you coordinate." in page
    assert "Kept text" in page
    assert not Entry.objects.exists()


def test_a_coordinator_writes_for_their_region_without_an_organisation_and_publishes(client, coordinator, region):
    client.force_login(coordinator)
    client.post("/library/new/", _form(region=region.pk))
    entry = Entry.objects.get()
    assert client.get("/library/").content.decode().count('class="card"') == 0
    assert client.post(f"/library/{entry.slug}/publish/").status_code == 302
    entry.refresh_from_db()
    assert entry.status == "published" and entry.published_at
    assert entry.get_absolute_url() in client.get("/library/").content.decode()
    client.post(f"/library/{entry.slug}/publish/", {"action": "return", "reason": "Out of date."})
    entry.refresh_from_db()
    assert entry.status == "draft"


def test_an_organisation_admin_cannot_publish(client, org_admin, draft):
    client.force_login(org_admin)
    assert client.post(f"/library/{draft.slug}/publish/").status_code == 403
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_related_trainings_are_chosen_among_public_trainings(client, coordinator, region):
    public = TrainingFactory(region=region, status="published", title="Public session")
    hidden = TrainingFactory(region=region, status="draft", title="Hidden session")
    client.force_login(coordinator)
    page = client.get("/library/new/").content.decode()
    assert "Public session" in page and "Hidden session" not in page
    client.post("/library/new/", _form(region=region.pk, related_trainings=[public.pk]))
    assert list(Entry.objects.get().related_trainings.all()) == [public]
    response = client.post("/library/new/", _form(title_en="Other", region=region.pk, related_trainings=[hidden.pk]))
    assert "Select a valid choice" in response.content.decode()


def test_a_language_version_is_written_on_its_own_page(client, org_admin, entry):
    client.force_login(org_admin)
    response = client.post(f"/library/{entry.slug}/languages/sl/", {"title": "Odprta strategija", "summary": "",
                                                                   "body": "Besedilo."})  # fmt: skip
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.title_sl, entry.body_sl) == ("Odprta strategija", "Besedilo.")
    page = client.post(f"/library/{entry.slug}/languages/sl/", {"title": "Samo naslov", "body": ""}).content.decode()
    assert "A language version needs its text" in page
    assert client.get(f"/library/{entry.slug}/languages/en/").status_code == 404
    assert client.get(f"/library/{entry.slug}/languages/xx/").status_code == 404


@pytest.mark.parametrize("hostile", STORABLE)
def test_hostile_text_is_stored_exactly_and_shown_escaped(client, org_admin, organisation, hostile):
    client.force_login(org_admin)
    client.post("/library/new/", _form(title_en=hostile, summary_en=hostile, body_en=hostile, keywords=hostile,
                                       organisation=organisation.pk))  # fmt: skip
    entry = Entry.objects.get()
    assert (entry.title_en, entry.summary_en, entry.body_en) == (hostile, hostile, hostile)
    page = client.get(entry.get_absolute_url()).content.decode()
    assert escape(hostile) in page
    assert "<script>alert(1)</script>" not in page


def test_text_with_nul_characters_is_refused_with_a_message(client, org_admin, organisation):
    client.force_login(org_admin)
    page = client.post("/library/new/", _form(title_en=NUL, organisation=organisation.pk)).content.decode()
    assert "Null characters are not allowed." in page
    assert not Entry.objects.exists()


def test_a_draft_is_hidden_from_visitors_and_other_organisations(client, draft, member):
    assert client.get(draft.get_absolute_url()).status_code == 403
    client.force_login(member)
    assert client.get(draft.get_absolute_url()).status_code == 403


def test_the_language_version_boxes_say_their_language_and_the_labels_stay_in_the_readers(client, org_admin, entry):
    client.force_login(org_admin)
    page = client.get(f"/library/{entry.slug}/languages/hr/").content.decode()
    title_box = re.search(r'<input[^>]*name="title"[^>]*>', page).group(0)
    text_box = re.search(r'<textarea[^>]*name="body"[^>]*>', page).group(0)
    assert 'lang="hr"' in title_box and 'lang="hr"' in text_box
    assert '<form method="post" class="form-card" novalidate>' in page


def test_a_search_lists_the_best_match_first_and_keeps_the_other_filters(client, organisation, indexed):
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    with indexed():
        passing = EntryFactory(
            organisation=organisation, title_en="Regional report", summary_en="What the region did.",
            body_en="Workshops, calls, and among other things a living lab.", published_at=now,
        )  # fmt: skip
        focused = EntryFactory(
            organisation=organisation, title_en="Living lab", summary_en="A living lab.",
            body_en="The living lab of the region.", published_at=now - timedelta(days=30),
        )  # fmt: skip
        tool = EntryFactory(organisation=organisation, title_en="Living lab canvas", kind="tool", published_at=now)
    newest_first = _listed(client, "?kind=best_practice")
    assert newest_first.index(passing.get_absolute_url()) < newest_first.index(focused.get_absolute_url())
    best_first = _listed(client, "?q=living+lab&kind=best_practice")
    assert best_first.index(focused.get_absolute_url()) < best_first.index(passing.get_absolute_url())
    assert tool.get_absolute_url() not in best_first and "2 entries" in best_first


def test_ranked_search_pages_stay_within_a_few_queries(
    client, organisation, settings, django_assert_max_num_queries, uncached, indexed
):
    settings.PAGE_SIZE = 5
    with indexed():
        EntryFactory.create_batch(3, organisation=organisation, body_en="A living lab.")
    with django_assert_max_num_queries(12) as few:
        assert "3 entries" in client.get("/library/?q=living+lab&kind=best_practice").content.decode()
    with indexed():
        EntryFactory.create_batch(20, organisation=organisation, body_en="A living lab.")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert "23 entries" in client.get("/library/?q=living+lab&kind=best_practice&page=3").content.decode()


def test_an_editor_who_moves_a_published_entry_to_another_region_sends_it_back_for_review(
    client, org_admin, organisation, region, admin_user
):
    from synergy.notifications.models import Notification
    from tests.factories import RegionFactory, RegionRoleFactory, UserFactory

    client.force_login(org_admin)
    client.post("/library/new/", _form(organisation=organisation.pk, region=region.pk))
    entry = Entry.objects.get(title_en="Living lab")
    services.publish(entry)
    other = RegionFactory(slug="elsewhere")
    elena = RegionRoleFactory(user=UserFactory(email="elena@example.org"), region=other).user
    client.post(f"/library/{entry.slug}/edit/", _form(organisation=organisation.pk, region=other.pk))
    entry.refresh_from_db()
    assert (entry.status, entry.region) == ("pending", other)
    assert Notification.objects.filter(recipient=elena, kind="library.publication_requested").count() == 1
    assert "Living lab" not in client.get("/library/").content.decode()
    # Out of every region: the platform admins review it.
    services.publish(entry)
    client.post(f"/library/{entry.slug}/edit/", _form(organisation=organisation.pk, region=""))
    entry.refresh_from_db()
    assert entry.status == "pending"
    assert Notification.objects.filter(recipient=admin_user, kind="library.publication_requested").count() == 1
    # An edit that keeps the region keeps the entry published.
    services.publish(entry)
    client.post(f"/library/{entry.slug}/edit/", _form(organisation=organisation.pk, region="", title_en="Living lab 2"))
    entry.refresh_from_db()
    assert entry.status == "published"
