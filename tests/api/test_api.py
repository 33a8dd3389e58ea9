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
