"""Cached fragments of lists: read once, shown again without queries, and never stale after a save."""

import re

import pytest
from django.db import connection, transaction
from django.template import Context, Template, TemplateSyntaxError
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from synergy.core import caching
from tests.factories import (
    ChallengeFactory,
    ItemFactory,
    OrganisationFactory,
    ProjectFactory,
    RegionFactory,
    TrainingFactory,
)

pytestmark = pytest.mark.django_db


def test_a_save_moves_the_generation_of_what_watches_the_model(region):
    before = caching.generation("actors", "regions")
    OrganisationFactory(region=region)
    after = caching.generation("actors", "regions")
    assert after.split(".")[0] != before.split(".")[0]
    assert after.split(".")[1] == before.split(".")[1]


@pytest.mark.django_db(transaction=True)
def test_a_transaction_moves_a_generation_once_however_many_rows_it_saves():
    before = int(caching.generation("regions"))
    with transaction.atomic():
        RegionFactory.create_batch(30)
        assert caching.generation("regions") != str(before)  # its own reads see the change
    assert int(caching.generation("regions")) == before + 1


class Undone(Exception):
    pass


@pytest.mark.django_db(transaction=True)
def test_a_save_after_a_rolled_back_savepoint_still_moves_the_generation():
    before = int(caching.generation("regions"))
    with transaction.atomic():
        try:
            with transaction.atomic():
                RegionFactory()
                raise Undone
        except Undone:
            pass
        RegionFactory()
    assert int(caching.generation("regions")) == before + 1


def test_a_generation_starts_where_no_earlier_fragment_can_be(region):
    """An evicted generation must not restart at a number that old fragments' keys hold."""
    first = caching.generation("nothing-watches-this")
    assert int(first) > 10**15
    assert caching.generation("nothing-watches-this") == first


def test_the_directory_is_read_once_then_served_from_the_cache(client, region):
    OrganisationFactory.create_batch(3, region=region)
    first = client.get("/actors/?type=sme")
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/actors/?type=sme")

    def results(response):  # the rest of the page holds a CSRF token masked anew each time
        return response.content.decode().split('id="organisation-results"')[1]

    assert results(again) == results(first)
    assert not [q for q in queries.captured_queries if "actors_organisation" in q["sql"]]


def test_the_directory_shows_a_change_at_once(client, region):
    organisation = OrganisationFactory(region=region, name="Before the change")
    assert "Before the change" in client.get("/actors/").content.decode()
    organisation.name = "After the change"
    organisation.save()
    page = client.get("/actors/").content.decode()
    assert "After the change" in page and "Before the change" not in page
    OrganisationFactory(region=region, name="A newcomer")
    assert "A newcomer" in client.get("/actors/").content.decode()


def test_a_renamed_region_shows_in_the_directory_at_once(client, region):
    OrganisationFactory(region=region)
    client.get("/actors/")
    region.name = "A renamed region"
    region.save()
    assert "A renamed region" in client.get("/actors/").content.decode()


def test_each_language_and_filter_has_its_own_fragment(client, region):
    OrganisationFactory(region=region, type="university")
    english = client.get("/actors/").content.decode()
    polish = client.get("/actors/", headers={"accept-language": "pl"}).content.decode()
    assert "1 organisation" in english and "1 organizacja" in polish
    assert "0 organisations" in client.get("/actors/?type=sme").content.decode()


def test_a_fragment_varies_on_what_follows_its_name():
    template = Template('{% fragment "demo" "" key %}{{ value }}{% endfragment %}')
    assert template.render(Context({"key": 1, "value": "one"})) == "one"
    assert template.render(Context({"key": 1, "value": "changed"})) == "one"
    assert template.render(Context({"key": 2, "value": "two"})) == "two"
    with translation.override("de"):
        assert template.render(Context({"key": 1, "value": "eins"})) == "eins"


def test_a_fragment_is_new_once_a_part_it_shows_changes():
    template = Template('{% fragment "demo" "actors regions" %}{{ value }}{% endfragment %}')
    assert template.render(Context({"value": "before"})) == "before"
    assert template.render(Context({"value": "changed"})) == "before"
    caching.bump("regions")
    assert template.render(Context({"value": "after"})) == "after"


@pytest.mark.parametrize("tag", ['{% fragment demo "" %}', '{% fragment "demo" %}', '{% fragment "demo" parts %}'])
def test_a_fragment_needs_a_quoted_name_and_quoted_parts(tag):
    with pytest.raises(TemplateSyntaxError):
        Template(tag + "{% endfragment %}")


LISTS = {
    "/trainings/": ("trainings_training", lambda region: TrainingFactory(region=region, title="Listed")),
    "/challenges/": ("challenges_challenge", lambda region: ChallengeFactory(regions=[region], title="Listed")),
    "/funding/": ("funding_project", lambda region: ProjectFactory(region=region, title="Listed")),
    "/facilities/": ("facilities_item", lambda region: ItemFactory(region=region, name="Listed")),
}
REPORTS = {
    "/trainings/region/{}/report/": "trainings_registration",
    "/challenges/region/{}/report/": "challenges_proposal",
    "/facilities/region/{}/report/": "facilities_accessrequest",
}


@pytest.mark.parametrize("url", LISTS)
def test_each_list_is_served_from_the_cache_and_shows_a_new_entry_at_once(client, region, url):
    table, make = LISTS[url]
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    assert not [q for q in queries.captured_queries if table in q["sql"]]
    make(region)
    assert "Listed" in client.get(url).content.decode()


@pytest.mark.parametrize("url", REPORTS)
def test_a_region_report_is_counted_once_and_says_when(client, coordinator, region, url, monkeypatch):
    monkeypatch.setattr(caching, "minute", lambda: "202611281200")  # the two requests may straddle a minute
    client.force_login(coordinator)
    path = url.format(region.slug)
    with CaptureQueriesContext(connection) as first:
        assert "Figures as of" in client.get(path).content.decode()
    with CaptureQueriesContext(connection) as again:
        assert "Figures as of" in client.get(path).content.decode()
    assert [q for q in first.captured_queries if REPORTS[url] in q["sql"]]
    assert not [q for q in again.captured_queries if REPORTS[url] in q["sql"]]


def test_a_calendar_feed_is_built_once_and_again_after_a_change(client, region):
    url = f"/trainings/region/{region.slug}.ics"
    TrainingFactory(region=region, title="First session")
    assert b"First session" in client.get(url).content
    with CaptureQueriesContext(connection) as again:
        client.get(url)
    assert not [q for q in again.captured_queries if "trainings_training" in q["sql"]]
    TrainingFactory(region=region, title="Second session")
    assert b"Second session" in client.get(url).content


def test_search_results_are_read_once_and_show_a_change_to_the_index_at_once(
    client, region, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        OrganisationFactory(name="Quantum Foundry", region=region)
    assert "1 result for" in client.get("/search/?q=quantum").content.decode()
    with CaptureQueriesContext(connection) as again:
        assert "1 result for" in client.get("/search/?q=quantum").content.decode()
    assert not [q for q in again.captured_queries if "core_searchdocument" in q["sql"]]
    with django_capture_on_commit_callbacks(execute=True):
        OrganisationFactory(name="Quantum Optics Lab", region=region)
    assert "2 results for" in client.get("/search/?q=quantum").content.decode()


@pytest.mark.parametrize(("url", "region_queries"), [("/", 0), ("/regions/", 0), ("/regions/home-region/", 1)])
def test_region_pages_are_read_once_and_show_a_change_at_once(client, region, url, region_queries):
    """Shown again, a page reads no region (its own page still reads the region, to answer 404)."""
    client.get(url)
    with CaptureQueriesContext(connection) as again:
        client.get(url)
    assert len([q for q in again.captured_queries if "core_region" in q["sql"]]) == region_queries
    region.name = "A renamed region"
    region.save()
    assert "A renamed region" in client.get(url).content.decode()


def test_an_unchanging_part_is_rendered_once_per_language_and_what_it_varies_on():
    template = Template('{% unchanging "demo-nav" section %}{{ value }}{% endunchanging %}')
    assert template.render(Context({"section": "a", "value": "first"})) == "first"
    assert template.render(Context({"section": "a", "value": "changed"})) == "first"
    assert template.render(Context({"section": "b", "value": "second"})) == "second"
    with translation.override("pl"):
        assert template.render(Context({"section": "a", "value": "pierwszy"})) == "pierwszy"


@pytest.mark.parametrize(
    ("url", "current", "other"),
    [("/trainings/", "Trainings", "Challenges"), ("/challenges/", "Challenges", "Trainings")],
)
def test_the_main_navigation_marks_the_current_section_from_memory_too(client, url, current, other):
    for _ in range(2):  # rendered, then from the worker's memory
        page = client.get(url).content.decode()
        assert f'aria-current="page">{current}</a>' in page
        assert f'aria-current="page">{other}</a>' not in page
    assert (
        'aria-current="page">Szkolenia</a>'
        in client.get("/trainings/", headers={"accept-language": "pl"}).content.decode()
    )


def test_a_request_reads_each_generation_once_however_many_fragments_show_it(client, region):
    """The training page has two fragments, both showing the trainings part (and the related
    content of other apps, which shows theirs)."""
    training = TrainingFactory(region=region)
    client.get(training.get_absolute_url())
    with CaptureQueriesContext(connection) as again:
        client.get(training.get_absolute_url())
    reads = [q["sql"] for q in again.captured_queries if "synergy_cache" in q["sql"] and "generation" in q["sql"]]
    read_keys = [key for sql in reads for key in re.findall(r"generation:[\w-]+", sql)]
    assert "generation:trainings" in read_keys
    assert len(read_keys) == len(set(read_keys)), reads


def test_a_generation_read_earlier_in_a_request_is_forgotten_once_it_moves():
    # The receivers themselves: the signals would also close the test's database connection.
    caching._request_started()
    try:
        before = caching.generation("memory-test")
        assert caching.generation("memory-test") == before  # from memory
        caching._move("memory-test")  # as a commit does
        assert int(caching.generation("memory-test")) == int(before) + 1
    finally:
        caching._request_finished()


def test_a_persons_shown_name_moves_every_part_but_signing_in_does_not(member):
    before = caching.generation(*caching.every_part().split())
    member.last_login = member.date_joined
    member.save(update_fields=["last_login"])
    assert caching.generation(*caching.every_part().split()) == before
    member.display_name = "Renamed"
    member.save()
    after = caching.generation(*caching.every_part().split()).split(".")
    assert all(new != old for new, old in zip(after, before.split("."), strict=True))


@pytest.fixture
def same_minute(monkeypatch):
    """The minute does not turn during the test: only saves move the keys."""
    monkeypatch.setattr(caching, "minute", lambda: "202611281200")


def _answers(asked: list):
    def answer(value):
        def work():
            asked.append(value)
            return value

        return work

    return answer


def _someone_renders(name: str, parts: str = "regions") -> str:
    """Take the lock of ``name``'s question as another request rendering it would; its key."""
    _current, latest = caching._keys(name, parts, ())
    assert caching.cache.add(f"{latest}:rendering", "another request")
    return f"{latest}:rendering"


@pytest.mark.django_db(transaction=True)  # as a request outside a transaction
def test_while_one_request_renders_a_fragment_anew_the_others_are_given_the_last_one(same_minute):
    asked = []
    answer = _answers(asked)
    assert caching.remembered("crowd", "regions", answer("first")) == "first"
    RegionFactory()  # a save: the key moves on
    lock = _someone_renders("crowd")
    assert caching.remembered("crowd", "regions", answer("second")) == "first"  # not worked out twice
    caching.cache.delete(lock)  # that request is done, or failed
    assert caching.remembered("crowd", "regions", answer("third")) == "third"
    assert caching.remembered("crowd", "regions", answer("fourth")) == "third"
    assert asked == ["first", "third"]


@pytest.mark.django_db(transaction=True)
def test_with_no_last_answer_a_request_renders_it_even_while_another_does(same_minute):
    _someone_renders("cold")
    assert caching.remembered("cold", "regions", lambda: "worked out") == "worked out"


@pytest.mark.django_db(transaction=True)
def test_a_failed_rendering_releases_its_lock_and_drops_the_last_answer(same_minute):
    def fail():
        raise RuntimeError("the database went away")

    assert caching.remembered("failing", "regions", lambda: "before") == "before"
    RegionFactory()
    with pytest.raises(RuntimeError):
        caching.remembered("failing", "regions", fail)
    lock = _someone_renders("failing")  # the lock was released: another request could take it
    # And while that one renders, the old answer is not handed out: it may show what was deleted.
    assert caching.remembered("failing", "regions", lambda: "recovered") == "recovered"
    caching.cache.delete(lock)


@pytest.mark.django_db(transaction=True)
def test_an_answer_not_to_keep_is_neither_kept_nor_given_out_stale(same_minute):
    def gone():
        raise caching.NotKept

    assert caching.remembered("gone", "regions", lambda: "the object") == "the object"
    RegionFactory()
    with pytest.raises(caching.NotKept):
        caching.remembered("gone", "regions", gone)
    _someone_renders("gone")
    with pytest.raises(caching.NotKept):
        caching.remembered("gone", "regions", gone)


@pytest.mark.django_db(transaction=True)
def test_an_answer_built_on_anothers_last_answer_is_not_kept_as_current(same_minute):
    asked = []

    def outer(inner_value):
        def work():
            asked.append("outer")
            return "page with " + caching.remembered("inner", "regions", lambda: inner_value)

        return work

    assert caching.remembered("outer", "actors", outer("old figures")) == "page with old figures"
    RegionFactory()  # moves the inner question's key, not the outer's
    caching._move("actors")  # and the outer's
    lock = _someone_renders("inner")
    assert caching.remembered("outer", "actors", outer("new figures")) == "page with old figures"
    caching.cache.delete(lock)
    # The page made of stale figures was not kept as the current one: it is made again.
    assert caching.remembered("outer", "actors", outer("new figures")) == "page with new figures"
    assert asked == ["outer", "outer", "outer"]


@pytest.mark.django_db(transaction=True)
def test_what_a_transaction_renders_of_its_own_changes_is_never_given_to_others(same_minute):
    assert caching.remembered("own", "regions", lambda: "committed") == "committed"
    with transaction.atomic():
        RegionFactory()
        assert caching.remembered("own", "regions", lambda: "uncommitted") == "uncommitted"
        _current, latest = caching._keys("own", "regions", ())
        assert latest is None
    # Committed, the generation moved; the last answer given meanwhile is still the committed one.
    _someone_renders("own")
    assert caching.remembered("own", "regions", lambda: "new") == "committed"
