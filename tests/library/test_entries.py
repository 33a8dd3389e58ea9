"""Entries: language versions with English as the fallback, publishing, the search index, and the
links from trainings, regions and a person's data export."""

import pytest
from django.utils import translation

from synergy.accounts.personal_data import sections
from synergy.core.models import SearchDocument
from synergy.core.search import search
from synergy.library import services
from synergy.library.models import Entry

from ..factories import EntryFactory, TrainingFactory

pytestmark = pytest.mark.django_db


def test_an_entry_without_a_version_in_the_readers_language_falls_back_to_english(entry):
    with translation.override("pl"):
        assert entry.title == entry.title_en
        assert entry.shown_language("body", "pl") == "en"
    services.save_language_version(entry, "pl", title="Otwarta strategia", summary="Krótko.", body="Treść.")
    entry.refresh_from_db()
    with translation.override("pl"):
        assert (entry.title, entry.body) == ("Otwarta strategia", "Treść.")
        assert entry.shown_language("body", "pl") == "pl"
    assert entry.languages == ["en", "pl"]


def test_the_detail_page_marks_english_fallback_text_and_lists_the_languages(client, entry):
    services.save_language_version(entry, "de", title="Offene Strategie", summary="Kurz.", body="Der Text.")
    polish = client.get(entry.get_absolute_url(), headers={"accept-language": "pl"}).content.decode()
    assert '<div lang="en">' in polish and '<h1 lang="en">' in polish
    assert '<span lang="de">Deutsch</span>' in polish and '<span lang="pl">' not in polish
    german = client.get(entry.get_absolute_url(), headers={"accept-language": "de"}).content.decode()
    assert "<h1>Offene Strategie</h1>" in german and 'lang="en">' not in german.split("<main", 1)[1].split("</h1>")[0]
    assert "Der Text." in german


def test_a_language_version_removed_with_empty_texts_falls_back_again(entry):
    services.save_language_version(entry, "it", title="Strategia", summary="", body="Testo.")
    services.save_language_version(entry, "it", title="", summary="", body="")
    entry.refresh_from_db()
    assert entry.languages == ["en"]
    assert list(Entry.objects.in_language("it")) == []


def test_english_is_edited_with_the_entry_not_as_a_language_version(entry):
    with pytest.raises(services.Refused):
        services.save_language_version(entry, "en", title="x", summary="", body="y")
    with pytest.raises(services.Refused):
        services.save_language_version(entry, "xx", title="x", summary="", body="y")


def test_publishing_sets_the_date_once_and_returning_to_draft_hides_the_entry(draft, client):
    assert client.get(draft.get_absolute_url()).status_code == 403
    services.publish(draft)
    first = draft.published_at
    assert client.get(draft.get_absolute_url()).status_code == 200
    with pytest.raises(services.Refused, match="already published"):
        services.publish(draft)
    services.return_to_draft(draft, "Out of date.")
    assert client.get(draft.get_absolute_url()).status_code == 403
    services.publish(draft)
    assert draft.published_at == first


def test_only_published_entries_are_in_the_search_index_in_every_language(organisation, indexed):
    with indexed():
        published = EntryFactory(organisation=organisation, title_en="Breathing strategy of the region")
        EntryFactory(organisation=organisation, title_en="Breathing draft", status="draft", published_at=None)
    assert [doc.url for doc in search("breathing")[:]] == [published.get_absolute_url()]
    assert SearchDocument.objects.filter(object_id=published.pk, title="Breathing strategy of the region").count() == 6
    with indexed():
        services.return_to_draft(published, "Out of date.")
    assert not search("breathing").count()


def test_related_entries_are_listed_on_the_trainings_page(client, region, organisation, entry):
    training = TrainingFactory(region=region, organiser=organisation, status="published")
    page = client.get(training.get_absolute_url()).content.decode()
    assert "In the knowledge library" not in page
    entry.related_trainings.add(training)
    draft = EntryFactory(organisation=organisation, title_en="Unpublished thoughts", status="draft", published_at=None)
    draft.related_trainings.add(training)
    page = client.get(training.get_absolute_url()).content.decode()
    assert "In the knowledge library" in page and entry.get_absolute_url() in page
    assert "Unpublished thoughts" not in page
    assert training.get_absolute_url() in client.get(entry.get_absolute_url()).content.decode()


def test_the_regions_page_links_to_its_library_entries(client, region, entry):
    page = client.get(region.get_absolute_url()).content.decode()
    assert f"/library/?region={region.pk}" in page
    listed = client.get(f"/library/?region={region.pk}").content.decode()
    assert entry.get_absolute_url() in listed


def test_a_persons_data_export_names_the_entries_they_wrote(draft, org_admin):
    draft.author = org_admin
    draft.save()
    section = next(s for s in sections() if s.name == "library_entries")
    assert section.export(org_admin) == [
        {"title": draft.title, "status": "draft", "created_at": draft.created_at.isoformat()}
    ]


def test_related_entries_are_listed_on_the_strategy_actions_page(client, organisation, entry):
    from ..factories import StrategyActionFactory, StrategyFactory

    action = StrategyActionFactory(chapter__strategy=StrategyFactory(published=True))
    assert "In the knowledge library" not in client.get(action.get_absolute_url()).content.decode()
    entry.related_actions.add(action)
    page = client.get(action.get_absolute_url()).content.decode()
    assert "In the knowledge library" in page and entry.get_absolute_url() in page
    assert action.get_absolute_url() in client.get(entry.get_absolute_url()).content.decode()


def test_actions_of_an_unpublished_strategy_are_not_offered_nor_shown(client, coordinator, entry):
    from ..factories import StrategyActionFactory, StrategyFactory

    hidden = StrategyActionFactory(chapter__strategy=StrategyFactory(published=False), title="Secret action")
    shown = StrategyActionFactory(chapter__strategy=StrategyFactory(published=True), title="Public action")
    entry.related_actions.add(hidden)
    assert "Secret action" not in client.get(entry.get_absolute_url()).content.decode()
    client.force_login(coordinator)
    form = client.get(f"/library/{entry.slug}/edit/").content.decode()
    assert "Public action" in form and "Secret action" not in form
    assert shown.pk


def test_related_entries_reach_a_trainings_page_as_html_with_their_titles_escaped_once(client, region, organisation):
    from django.utils.html import escape
    from django.utils.safestring import SafeString

    from synergy.core.related import render_for

    from ..hostile import SCRIPT

    training = TrainingFactory(region=region, organiser=organisation, status="published")
    assert isinstance(render_for(training), SafeString) and render_for(training) == ""
    entry = EntryFactory(organisation=organisation, title_en=f"Tom & Jerry {SCRIPT}")
    entry.related_trainings.add(training)
    assert isinstance(render_for(training), SafeString)
    page = client.get(training.get_absolute_url()).content.decode()
    assert '<h2 id="related-1">In the knowledge library</h2>' in page  # the section's HTML, not its escaped text
    assert f'<a href="{entry.get_absolute_url()}">{escape(entry.title)}</a>' in page
    assert SCRIPT not in page and "&amp;amp;" not in page
