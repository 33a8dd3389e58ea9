import pytest

from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_openapi_schema_and_docs_are_published(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "Synergy API"
    assert "/api/v1/organisations/" in schema["paths"]
    assert "/api/v1/regions/" in schema["paths"]
    docs = client.get("/api/v1/docs").content.decode()
    assert "GET /api/v1/organisations/" in docs
    assert "<code>website</code>" in docs  # the fields of each organisation are listed


def test_organisations_are_listed_paginated_and_filtered(client, region):
    OrganisationFactory.create_batch(3, region=region, type="university")
    OrganisationFactory(region=region, type="sme")
    data = client.get("/api/v1/organisations/", {"type": "university"}).json()
    assert data["count"] == 3
    assert {item["region"] for item in data["items"]} == {region.slug}
    assert client.get("/api/v1/organisations/", {"region": region.slug}).json()["count"] == 4


def test_api_returns_404_json_for_unknown_objects(client, db):
    response = client.get("/api/v1/organisations/nope")
    assert response.status_code == 404


def test_api_list_queries_do_not_grow_with_the_data(client, region, django_assert_max_num_queries, uncached):
    OrganisationFactory.create_batch(40, region=region)
    with django_assert_max_num_queries(3):
        client.get("/api/v1/organisations/")


def _data_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return response, [q["sql"] for q in captured.captured_queries if "synergy_cache" not in q["sql"]]


def test_a_visitors_answer_is_kept_for_the_next_visitor_until_something_changes(client, region, monkeypatch):
    from synergy.core import caching

    monkeypatch.setattr(caching, "minute", lambda: "202611281200")  # the minute does not turn meanwhile
    OrganisationFactory(region=region, name="First")
    client.get("/api/v1/organisations/")
    response, asked = _data_queries(client, "/api/v1/organisations/")
    assert not asked and response.json()["count"] == 1
    assert response["Content-Type"] == "application/json; charset=utf-8" and "Accept-Language" in response["Vary"]
    OrganisationFactory(region=region, name="Second")
    assert client.get("/api/v1/organisations/").json()["count"] == 2


def test_what_is_not_a_public_json_answer_is_never_kept(client, region, member):
    assert client.get("/api/v1/organisations/later").status_code == 404
    OrganisationFactory(region=region, slug="later")
    assert client.get("/api/v1/organisations/later").status_code == 200
    client.force_login(member)
    client.get("/api/v1/organisations/")
    _response, asked = _data_queries(client, "/api/v1/organisations/")
    assert any("actors_organisation" in sql for sql in asked)  # signed in: always asked afresh
