"""The strategy as public, multilingual content: overview, chapters, actions, search."""

import pytest
from django.urls import reverse
from django.utils import translation

from synergy.core.search import rebuild_index, search
from tests.factories import StrategyFactory
from tests.hostile import SCRIPT

pytestmark = pytest.mark.django_db


def test_the_overview_shows_a_table_of_contents_with_chapters_sections_and_actions(client, strategy):
    page = client.get(reverse("strategy:detail", args=["crowd"])).content.decode()
    for text in ["Crowd innovation", "Industry", "Academia", "Why", "How", "A1.1 Open challenges", "A2.1"]:
        assert text in page
    assert reverse("strategy:chapter", args=["crowd", 2]) in page
    assert reverse("strategy:pdf", args=["crowd", "pl"]) in page


def test_a_chapter_page_shows_its_sections_rendered_from_markdown_and_its_actions(client, strategy):
    page = client.get(reverse("strategy:chapter", args=["crowd", 1])).content.decode()
    assert "Because <strong>open</strong> works." in page
    assert "Open challenges" in page and "Citizen science" not in page
    assert reverse("strategy:chapter", args=["crowd", 2]) in page  # the next chapter


def test_the_action_list_filters_by_target_group(client, strategy):
    url = reverse("strategy:actions", args=["crowd"])
    everything = client.get(url).content.decode()
    assert "Open challenges" in everything and "Citizen science" in everything
    academia = client.get(url, {"group": "academia"}).content.decode()
    assert "Shared labs" in academia and "Open challenges" not in academia and "Citizen science" not in academia
    unknown = client.get(url, {"group": "<script>"}).content.decode()
    assert "Citizen science" in unknown


def test_the_action_page_shows_target_groups_responsible_types_and_time_frame(client, strategy):
    page = client.get(reverse("strategy:action", args=["crowd", "A1.2"])).content.decode()
    assert "Industry, Academia" in page
    assert "SME, University" in page
    assert "2026–2027" in page


def test_an_untranslated_section_shows_english_marked_as_english_on_a_slovenian_page(client, strategy):
    section = strategy.chapters.get(number=1).sections.get()
    chapter = section.chapter
    chapter.title_sl = "Industrija"
    chapter.save()
    page = client.get(reverse("strategy:chapter", args=["crowd", 1]), HTTP_ACCEPT_LANGUAGE="sl").content.decode()
    assert '<html lang="sl"' in page
    assert "Industrija" in page
    assert f'<h2 id="section-{section.pk}" lang="en">Why</h2>' in page
    assert 'lang="en">\n' in page or 'lang="en"><p>Because <strong>open</strong> works.' in page
    assert '<span lang="en">Industrija' not in page


def test_a_translated_section_is_shown_in_the_language_without_a_language_mark(client, strategy):
    section = strategy.chapters.get(number=1).sections.get()
    section.title_pl, section.body_pl = "Dlaczego", "Bo **otwartość** działa."
    section.save()
    page = client.get(reverse("strategy:chapter", args=["crowd", 1]), HTTP_ACCEPT_LANGUAGE="pl").content.decode()
    assert f'<h2 id="section-{section.pk}">Dlaczego</h2>' in page
    assert "Bo <strong>otwartość</strong> działa." in page


def test_hostile_strategy_text_is_shown_as_text(client):
    strategy = StrategyFactory(slug="hostile")
    page = client.get(reverse("strategy:detail", args=["hostile"])).content.decode()
    assert SCRIPT not in page
    assert "&lt;script&gt;" in page
    assert strategy.title.replace("<", "&lt;").replace(">", "&gt;") in page


def test_an_unpublished_strategy_is_not_shown_to_visitors(client, admin_user):
    StrategyFactory(slug="draft", published=False)
    assert client.get(reverse("strategy:detail", args=["draft"])).status_code == 403
    client.force_login(admin_user)
    assert client.get(reverse("strategy:detail", args=["draft"])).status_code == 200


def test_strategy_chapters_and_actions_are_found_by_the_search_box_in_each_language(strategy):
    section = strategy.chapters.get(number=2).sections.get()
    section.body_pl = "Nauka obywatelska w Wrocławiu"
    section.save()
    rebuild_index()
    assert [d.url for d in search("Wroclaw", "pl")[:10]] == [reverse("strategy:chapter", args=["crowd", 2])]
    assert reverse("strategy:action", args=["crowd", "A2.1"]) in [d.url for d in search("citizen science", "en")[:10]]
    with translation.override("en"):
        assert search("Wroclaw", "en").count() == 0


def test_a_section_saved_after_indexing_updates_its_chapters_search_entry(strategy, django_capture_on_commit_callbacks):
    rebuild_index()
    section = strategy.chapters.get(number=2).sections.get()
    with django_capture_on_commit_callbacks(execute=True):
        section.body = "Quadruple helix"
        section.save()
    assert [d.url for d in search("quadruple", "en")[:10]] == [reverse("strategy:chapter", args=["crowd", 2])]


def test_a_withdrawn_strategys_chapters_and_actions_leave_the_search(strategy, django_capture_on_commit_callbacks):
    rebuild_index()
    assert search("citizen science", "en").count() > 0
    with django_capture_on_commit_callbacks(execute=True):
        strategy.published = False
        strategy.save()
    assert search("citizen science", "en").count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        strategy.published = True
        strategy.save()
    assert search("citizen science", "en").count() > 0


def test_the_region_page_links_to_the_regions_plan(client, strategy):
    from tests.factories import RegionalPlanFactory

    plan = RegionalPlanFactory(strategy=strategy)
    page = client.get(plan.region.get_absolute_url()).content.decode()
    link = reverse("strategy:region", args=[plan.region.slug])
    assert link in page
    assert client.get(link)["Location"] == plan.get_absolute_url()


@pytest.mark.parametrize("page", ["strategy:detail", "strategy:chapter"])
def test_the_overview_and_a_chapter_cost_the_same_queries_however_many_actions(client, strategy, page, uncached):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import StrategyActionFactory

    url = reverse(page, args=["crowd"] + ([1] if page == "strategy:chapter" else []))
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    chapter = strategy.chapters.get(number=1)
    for number in range(8):
        StrategyActionFactory(chapter=chapter, code=f"A1.{number + 10}", title=f"More {number}")
    with CaptureQueriesContext(connection) as many:
        assert "More 7" in client.get(url).content.decode()
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_overview_is_served_from_the_cache_and_shows_a_change_at_once(
    client, strategy, django_user_model, monkeypatch
):
    from synergy.core import caching

    monkeypatch.setattr(caching, "minute", lambda: "202611281200")  # the minute does not turn meanwhile
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import RegionalPlanFactory, StrategyActionFactory

    def data_queries(captured):  # the database cache's own queries left out: without Redis
        return [q["sql"] for q in captured.captured_queries if "synergy_cache" not in q["sql"]]

    url = reverse("strategy:detail", args=["crowd"])
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    with CaptureQueriesContext(connection) as again:
        assert "Open challenges" in client.get(url).content.decode()
    assert len(data_queries(again)) == 1 < len(data_queries(first))  # the strategy itself
    StrategyActionFactory(chapter=strategy.chapters.get(number=1), code="A1.9", title="Living labs")
    RegionalPlanFactory(strategy=strategy, region__name="Carinthia")
    strategy.language_versions.create(language="de", status="complete")
    page = client.get(url).content.decode()
    assert "A1.9 Living labs" in page and "Carinthia" in page
    assert "Not translated" in page and page.count("Complete") == 2  # English and German
    # What depends on the person is never cached: the visitor saw no form, this person does.
    client.force_login(django_user_model.objects.create_user("reader@example.org", password="x" * 12))
    form = f'action="{reverse("strategy:request_translation", args=["crowd"])}"'
    assert form in client.get(url).content.decode()
