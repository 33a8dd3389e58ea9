import pytest
from django.urls import reverse

from tests.factories import OrganisationFactory, RegionFactory

pytestmark = pytest.mark.django_db


def test_directory_filters_by_type_and_region(client, region):
    OrganisationFactory(name="Alpha University", type="university", region=region)
    OrganisationFactory(name="Beta SME", type="sme", region=region)
    OrganisationFactory(name="Gamma University", type="university", region=RegionFactory())
    body = client.get(reverse("actors:list"), {"type": "university", "region": region.pk}).content.decode()
    assert "Alpha University" in body
    assert "Beta SME" not in body
    assert "Gamma University" not in body


def test_htmx_filter_request_gets_only_the_results_fragment(client, region):
    OrganisationFactory(name="Alpha University", type="university", region=region)
    response = client.get(reverse("actors:list"), {"type": "university"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "Alpha University" in body
    assert "<html" not in body
    assert 'role="status"' in body


def test_invalid_filter_values_are_ignored_not_an_error(client, region):
    OrganisationFactory(region=region)
    response = client.get(reverse("actors:list"), {"type": "<script>", "region": "'; DROP TABLE x;--"})
    assert response.status_code == 200


def test_organisation_page_renders_description_markdown_safely(client, organisation):
    body = client.get(organisation.get_absolute_url()).content.decode()
    assert "<strong>3D printers</strong>" in body
    assert "<script>alert(1)</script>" not in body
