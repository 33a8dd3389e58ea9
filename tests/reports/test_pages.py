"""The public figures: the landing dashboard and a region's page."""

import re

import pytest
from django.utils import timezone

from .conftest import populate

pytestmark = pytest.mark.django_db


def test_figures_page_shows_every_counter_for_the_platform_and_each_region(client, world):
    region, other = world
    response = client.get("/figures/")
    assert response.status_code == 200
    page = response.content.decode()
    for label in ("People trained", "Trainings held", "Average feedback", "Challenges launched",
                  "Proposals received", "Organisations profiled", "Network members", "Equipment shared",
                  "Access requests fulfilled", "Money pledged"):  # fmt: skip
        assert label in page
    assert f"/figures/{region.slug}/" in page and f"/figures/{other.slug}/" in page
    headline = {m.key: (a, y) for m, a, y in response.context["figures"]["headline"]}
    assert headline["people_trained"] == (5, 5)  # two and a guest, one and a guest
    columns = {c.key: c for c in response.context["figures"]["columns"]}
    assert columns["people_trained"].by_region == {region.pk: 3, other.pk: 2}
    assert str(columns["money_pledged"].platform) == "51.00"
    assert page.count("<svg") == len(columns)
    assert "&lt;script&gt;" in page and "<script>alert" not in page  # region names are escaped


def test_figures_for_one_year_leave_out_other_years(client, world):
    last_year = timezone.now().year - 1
    response = client.get("/figures/", {"year": last_year})
    assert response.status_code == 200
    columns = {c.key: c for c in response.context["figures"]["columns"]}
    assert columns["people_trained"].platform == 0
    assert str(last_year) in response.context["period"].label


@pytest.mark.parametrize("year", ["1999", "3000", "last", "2024.5", "<script>"])
def test_a_year_outside_the_figures_is_refused_with_a_message(client, world, year):
    response = client.get("/figures/", {"year": year})
    assert response.status_code == 400
    assert "Choose a year from" in response.content.decode()
    assert "<script>" not in response.content.decode().split("<main", 1)[1].split("</main>")[0]


def test_region_page_shows_each_counter_for_all_time_and_each_year(client, world, settings):
    region, _other = world
    this_year = timezone.now().year
    settings.FIGURES_FIRST_YEAR = this_year - 2
    response = client.get(f"/figures/{region.slug}/")
    assert response.status_code == 200
    assert [p.year for p in response.context["figures"]["periods"]] == [None, this_year, this_year - 1, this_year - 2]
    rows = {metric.key: values for metric, values in response.context["figures"]["rows"]}
    assert rows["people_trained"] == [3, 3, 0, 0]
    assert rows["average_feedback"][0] == rows["average_feedback"][1] and rows["average_feedback"][2] is None
    assert response.content.decode().count("<svg") == len(rows)


def test_unknown_region_has_no_figures_page(client, db):
    assert client.get("/figures/nowhere/").status_code == 404


def test_figures_pages_answer_reading_only(client, world):
    region, _other = world
    assert client.post("/figures/").status_code == 405
    assert client.post(f"/figures/{region.slug}/").status_code == 405


def test_a_region_page_links_to_its_figures(client, region):
    assert f"/figures/{region.slug}/" in client.get(region.get_absolute_url()).content.decode()


def test_the_footer_links_to_the_figures(client, db):
    assert 'href="/figures/"' in client.get("/").content.decode()


def _people_trained_cell(page: str, region) -> str:
    """The region's "people trained" cell of the regions' table, as the page shows it."""
    labels = re.findall(r'<th scope="col">([^<]+) <span class="muted">', page)
    row = re.search(rf'<a href="/figures/{region.slug}/">[^<]*</a></th>(.*?)</tr>', page).group(1)
    return re.findall(r"<td>([^<]*)</td>", row)[labels.index("People trained")]


def test_a_saved_change_shows_in_the_cached_figures_at_once(client, world):
    region, _other = world
    before = _people_trained_cell(client.get("/figures/").content.decode(), region)
    populate(region)
    after = _people_trained_cell(client.get("/figures/").content.decode(), region)
    assert int(after) == int(before) + 2


def test_figures_are_counted_once_then_served_from_the_cache(client, world, django_assert_max_num_queries):
    client.get("/figures/")
    with django_assert_max_num_queries(4):  # the session's and the cache's generations, no counting
        client.get("/figures/")


@pytest.mark.parametrize("url", ["/figures/", "/figures/home-region/"])
def test_figures_pages_queries_do_not_grow_with_the_data(client, region, url, uncached, django_assert_max_num_queries):
    from ..factories import RegionFactory

    populate(region)
    with django_assert_max_num_queries(200) as few:
        client.get(url)
    for _ in range(3):
        populate(RegionFactory(), people=3)
    populate(region, people=4)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_a_visit_served_from_the_cache_draws_no_chart(client, world, monkeypatch):
    from synergy.core import caching
    from synergy.reports import views

    monkeypatch.setattr(caching, "minute", lambda: "202611281200")  # the minute does not turn meanwhile
    client.get("/figures/")
    client.get("/figures/home-region/")

    def drawn(*args, **kwargs):
        raise AssertionError("a chart was drawn for a page in the cache")

    monkeypatch.setattr(views, "bar_chart", drawn)
    monkeypatch.setattr(views, "series_chart", drawn)
    assert client.get("/figures/").status_code == 200
    assert client.get("/figures/home-region/").status_code == 200
