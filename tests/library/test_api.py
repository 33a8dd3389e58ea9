"""The library in the open API: published entries only, filters, language, schema."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from synergy.library import services

from ..factories import EntryFactory, RegionFactory
from ..hostile import NUL

pytestmark = pytest.mark.django_db


def test_the_api_lists_published_entries_only_with_filters(client, organisation, entry, draft, indexed):
    with indexed():
        tool = EntryFactory(
            organisation=organisation, region=RegionFactory(slug="far"), kind="tool", title_en="Challenge canvas",
            stakeholder_types=["sme"], topics=["crowdsourcing"],
        )  # fmt: skip
    services.save_language_version(tool, "hr", title="Platno", summary="", body="Tekst.")

    def slugs(query=""):
        return sorted(item["slug"] for item in client.get(f"/api/v1/library/{query}").json()["items"])

    assert slugs() == sorted([entry.slug, tool.slug])
    assert slugs("?kind=tool") == slugs("?region=far") == slugs("?topic=crowdsourcing") == [tool.slug]
    assert slugs("?stakeholder_type=sme") == slugs("?language=hr") == slugs("?q=canvas") == [tool.slug]
    assert slugs("?language=zz") == []
    assert client.get("/api/v1/library/?kind=poem").status_code == 422


def test_an_entry_answers_in_the_language_asked_for_with_its_links_and_files(client, entry):
    services.add_link(entry, label="Site", url="https://example.org")
    services.add_attachment(entry, title="Leaflet", file=SimpleUploadedFile("l.pdf", b"%PDF-1.4\n"), language="en")
    services.save_language_version(entry, "it", title="Strategia aperta", summary="In breve.", body="Testo.")
    italian = client.get(f"/api/v1/library/{entry.slug}", headers={"accept-language": "it"}).json()
    assert (italian["title"], italian["body"], italian["language"]) == ("Strategia aperta", "Testo.", "it")
    assert italian["languages"] == ["en", "it"]
    assert italian["links"] == [{"label": "Site", "url": "https://example.org"}]
    assert italian["attachments"][0]["url"].startswith(f"/library/{entry.slug}/files/")
    polish = client.get(f"/api/v1/library/{entry.slug}", headers={"accept-language": "pl"}).json()
    assert (polish["title"], polish["language"]) == (entry.title_en, "en")


def test_a_draft_is_not_found_in_the_api(client, draft):
    assert client.get(f"/api/v1/library/{draft.slug}").status_code == 404


def test_the_api_refuses_a_nul_in_the_search_words_or_matches_nothing(client, entry):
    response = client.get("/api/v1/library/", {"q": NUL})
    assert response.status_code in (200, 400, 422)
    if response.status_code == 200:
        assert response.json()["items"] == []


def test_the_library_is_documented_in_the_openapi_schema(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert {"/api/v1/library/", "/api/v1/library/{slug}"} <= set(schema["paths"])
    assert {"EntryOut", "EntryDetailOut", "LinkOut", "AttachmentOut"} <= set(schema["components"]["schemas"])


def test_the_list_api_queries_do_not_grow(client, organisation, django_assert_max_num_queries, uncached):
    EntryFactory.create_batch(2, organisation=organisation)
    with django_assert_max_num_queries(6) as few:
        client.get("/api/v1/library/")
    EntryFactory.create_batch(20, organisation=organisation)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/api/v1/library/")
