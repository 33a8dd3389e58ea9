"""Open data: every figure per region, counter and year as CSV and JSON, with nothing personal."""

import csv
import io
import json

import pytest
from django.utils import timezone

from synergy.core import indicators

from .conftest import PERSONAL

pytestmark = pytest.mark.django_db


def csv_rows(response) -> list[dict]:
    text = response.content.decode("utf-8").lstrip("\ufeff")
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_has_one_row_per_region_counter_and_year_and_the_platforms(client, world, settings):
    region, other = world
    this_year = timezone.now().year
    settings.FIGURES_FIRST_YEAR = this_year - 1
    response = client.get("/figures/open-data.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="synergy-figures.csv"' in response["Content-Disposition"]
    rows = csv_rows(response)
    counters = len(indicators.all_metrics())
    assert len(rows) == 2 * counters * 3  # two years × counters × (two regions + the platform)
    people = {(r["year"], r["region"]): r["value"] for r in rows if r["counter"] == "people_trained"}
    assert people[(str(this_year), region.slug)] == "3"
    assert people[(str(this_year), other.slug)] == "2"
    assert people[(str(this_year), "")] == "5"
    assert people[(str(this_year - 1), region.slug)] == "0"
    money = next(
        r for r in rows if r["counter"] == "money_pledged" and r["region"] == "" and r["year"] == str(this_year)
    )
    assert money["value"] == "51.00" and money["unit"] == "EUR"
    assert money["region_name"] == "All regions (platform)"


def test_csv_neutralises_region_names_that_look_like_formulas(client, world):
    region, _other = world
    region.name = '=HYPERLINK("http://evil.example")'
    region.save()
    rows = csv_rows(client.get("/figures/open-data.csv"))
    assert {r["region_name"] for r in rows if r["region"] == region.slug} == {"'" + region.name}


def test_json_lists_the_counters_and_the_statistics(client, world):
    region, _other = world
    this_year = timezone.now().year
    response = client.get("/figures/open-data.json", {"year": this_year})
    assert response.status_code == 200
    assert 'filename="synergy-figures-' in response["Content-Disposition"]
    document = json.loads(response.content)
    assert [c["key"] for c in document["counters"]] == [m.key for m in indicators.all_metrics()]
    assert all(c["description"] and c["unit"] for c in document["counters"])
    statistics = document["statistics"]
    assert {s["year"] for s in statistics} == {this_year}
    mine = {s["counter"]: s["value"] for s in statistics if s["region"] == region.slug}
    assert mine["people_trained"] == 3 and mine["money_pledged"] == 25.5
    assert mine["average_feedback"] is None  # two ratings: too few to publish
    platform = [s for s in statistics if s["region"] is None]
    assert len(platform) == len(indicators.all_metrics()) and platform[0]["region_name"] is None


def test_open_data_is_in_the_language_asked_for(client, world):
    response = client.get("/figures/open-data.json", headers={"accept-language": "pl"})
    counters = json.loads(response.content)["counters"]
    assert response["Content-Language"] == "pl"
    assert [c["key"] for c in counters] == [m.key for m in indicators.all_metrics()]


@pytest.mark.parametrize("year", ["1999", "next", "3000"])
def test_open_data_refuses_a_year_it_does_not_cover(client, world, year):
    response = client.get("/figures/open-data.csv", {"year": year})
    assert response.status_code == 400
    assert "Choose a year from" in response.content.decode()


def test_only_csv_and_json_are_offered(client, db):
    assert client.get("/figures/open-data.xml").status_code == 404


@pytest.mark.parametrize(
    "url",
    ["/figures/", "/figures/home-region/", "/figures/open-data.csv", "/figures/open-data.json",
     "/api/v1/figures/statistics", "/api/v1/figures/counters"],
)  # fmt: skip
def test_no_personal_data_in_figures_or_open_data(client, world, url):
    text = client.get(url).content.decode()
    for personal in PERSONAL:
        assert personal not in text, f"{personal!r} in {url}"
    assert "@example.org" not in text  # no address of anyone, not even an organisation's contact


def test_open_data_files_are_served_from_the_cache(client, world, django_assert_max_num_queries):
    client.get("/figures/open-data.csv")
    with django_assert_max_num_queries(4):
        client.get("/figures/open-data.csv")
