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


@pytest.mark.django_db
def test_content_without_a_translation_falls_back_to_english(client):
    from tests.factories import RegionFactory

    region = RegionFactory(name_en="Upper Austria", name_de="Oberösterreich", name_pl="")
    with translation.override("pl"):
        region.refresh_from_db()
        assert region.name == "Upper Austria"
    with translation.override("de"):
        assert region.name == "Oberösterreich"
    body = client.get(region.get_absolute_url(), headers={"accept-language": "pl"}).content.decode()
    assert "Upper Austria" in body


def test_server_error_page_is_translated():
    from django.template.loader import render_to_string

    with translation.override("pl"):
        html = render_to_string("500.html")
    assert 'lang="pl"' in html
    assert "Something went wrong" not in html


def test_the_english_catalog_keeps_each_message_context(tmp_path, monkeypatch):
    """Two messages that differ only by their context stay two messages, or msgfmt refuses the catalog."""
    from scripts import check_translations

    folder = tmp_path / "en" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "django.po").write_text(
        '#: a.py:1\n#, fuzzy\nmsgctxt "SWOT analysis"\nmsgid "Opportunities"\nmsgstr ""\n\n'
        '#: b.html:2\nmsgctxt "fitting challenges, trainings and networks"\nmsgid "Opportunities"\nmsgstr ""\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(check_translations, "LOCALE", tmp_path)
    check_translations.write_english_catalog()
    written = (folder / "django.po").read_text(encoding="utf-8")
    assert written.count("msgctxt") == 2
    assert written.count('msgstr "Opportunities"') == 2
    assert "fuzzy" not in written and "\n#\n" not in written
