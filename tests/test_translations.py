"""Every language's catalog is complete, and the interface really speaks it."""

import pytest
from django.conf import settings
from django.utils import translation

from scripts.check_translations import LANGUAGES, problems


def test_the_checked_languages_are_the_configured_ones():
    assert sorted(LANGUAGES) == sorted(code for code, _name in settings.LANGUAGES)


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalog_is_complete_with_matching_placeholders(language):
    assert problems(language) == []


@pytest.mark.parametrize(
    ("language", "expected"),
    [("pl", "Regiony"), ("de", "Regionen"), ("it", "Regioni"), ("sl", "Regije"), ("hr", "Regije")],
)
def test_every_language_is_compiled_and_active(language, expected):
    with translation.override(language):
        assert translation.gettext("Regions") == expected


@pytest.mark.django_db
@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_home_page_is_served_in_every_language(client, language):
    response = client.get("/", headers={"accept-language": language})
    assert f'<html lang="{language}"' in response.content.decode()
    assert response["Content-Language"] == language
