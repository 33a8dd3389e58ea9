"""The figures in the open API: counters and statistics, documented in the OpenAPI schema."""

import pytest
from django.utils import timezone

from synergy.core import indicators

pytestmark = pytest.mark.django_db


def test_counters_say_what_each_figure_counts(client, db):
    response = client.get("/api/v1/figures/counters")
    assert response.status_code == 200
    counters = response.json()
    assert [c["key"] for c in counters] == [m.key for m in indicators.all_metrics()]
    people = counters[0]
    assert people["key"] == "people_trained" and people["unit"] == "people" and people["additive"] is False
    assert "check" in people["description"]


def test_statistics_give_each_regions_figures_and_the_platforms(client, world):
    region, other = world
    this_year = timezone.now().year
    rows = client.get("/api/v1/figures/statistics", {"year": this_year, "counter": "people_trained"}).json()
    assert {(r["region"], r["value"]) for r in rows} == {(region.slug, 3), (other.slug, 2), (None, 5)}
    money = client.get("/api/v1/figures/statistics", {"year": this_year, "counter": "money_pledged"}).json()
    assert {r["region"]: r["value"] for r in money}[None] == 51.0


def test_statistics_for_one_region_leave_out_the_platform(client, world, settings):
    region, _other = world
    settings.FIGURES_FIRST_YEAR = timezone.now().year - 1
    rows = client.get("/api/v1/figures/statistics", {"region": region.slug}).json()
    assert {r["region"] for r in rows} == {region.slug}
    assert len(rows) == 2 * len(indicators.all_metrics())


@pytest.mark.parametrize(
    ("query", "status"),
    [({"year": 1999}, 404), ({"year": 10**30}, 404), ({"year": "soon"}, 422), ({"counter": "kittens"}, 404),
     ({"region": "nowhere"}, 404), ({"region": "a\x00b"}, 404)],
)  # fmt: skip
def test_statistics_refuse_what_they_do_not_hold(client, db, query, status):
    response = client.get("/api/v1/figures/statistics", query)
    assert response.status_code == status
    assert response.json()["detail"]


def test_refusals_are_in_the_language_asked_for(client, db):
    response = client.get("/api/v1/figures/statistics", {"region": "nowhere"}, headers={"accept-language": "en"})
    assert response.json() == {"detail": "No such region."}


def test_the_schema_documents_the_figures(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/figures/statistics"]["get"]
    assert operation["summary"] and "platform" in operation["description"]
    assert "404" in operation["responses"] and "422" in operation["responses"]  # unknown scope; not a number
    properties = schema["components"]["schemas"]["StatisticOut"]["properties"]
    assert all(p.get("description") for p in properties.values())
    assert all(p.get("description") for p in schema["components"]["schemas"]["CounterOut"]["properties"].values())


def test_statistics_queries_do_not_grow_with_the_data(client, region, uncached, django_assert_max_num_queries):
    from ..factories import RegionFactory
    from .conftest import populate

    populate(region)
    with django_assert_max_num_queries(300) as few:
        client.get("/api/v1/figures/statistics")
    for _ in range(3):
        populate(RegionFactory(), people=2)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/api/v1/figures/statistics")
