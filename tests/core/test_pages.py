import json

import pytest
from django.db import InterfaceError, OperationalError
from django.urls import reverse

from tests.conftest import PERSONAS
from tests.factories import OrganisationFactory
from tests.hostile import SCRIPT

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = ["/", "/regions/", "/actors/", "/search/?q=region", "/style/", "/terms/", "/privacy/"]


@pytest.mark.parametrize("persona", PERSONAS)
def test_public_pages_open_for_every_persona_and_escape_user_text(as_persona, organisation, persona):
    _user, client = as_persona(persona)
    for url in [*PUBLIC_PAGES, organisation.get_absolute_url(), organisation.region.get_absolute_url()]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert SCRIPT not in response.content.decode(), url


def test_pages_carry_a_strict_content_security_policy(client, db):
    policy = client.get("/")["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


def test_layout_has_landmarks_and_a_skip_link(client, db):
    body = client.get("/").content.decode()
    assert 'href="#main"' in body
    assert '<main id="main"' in body
    assert "<header" in body and "<footer" in body and "<nav" in body
    assert '<html lang="en"' in body


@pytest.mark.parametrize(
    ("language", "text"), [("pl", "Nie znaleziono strony"), ("de", "Seite nicht gefunden"), ("hr", "Stranica nije")]
)
def test_not_found_page_speaks_the_visitors_language(client, db, language, text):
    response = client.get("/no-such-page/", headers={"accept-language": language})
    assert response.status_code == 404
    assert text in response.content.decode()


def test_forbidden_page_speaks_the_visitors_language(rf, db):
    from django.contrib.auth.models import AnonymousUser
    from django.utils import translation

    from synergy.core.views import error_403

    request = rf.get("/")
    request.user = AnonymousUser()
    with translation.override("pl"):
        response = error_403(request)
    assert response.status_code == 403
    assert "Odmowa dostępu" in response.content.decode()


def test_server_error_page_renders_without_request_context():
    from django.template.loader import render_to_string
    from django.utils import translation

    with translation.override("en"):
        html = render_to_string("500.html")
    assert "Something went wrong" in html


def test_healthz_reports_database_cache_and_task_queue(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    report = json.loads(response.content)
    assert report["ok"] is True
    assert set(report["checks"]) == {"database", "cache", "task_queue"}
    assert all(check["ok"] for check in report["checks"].values())


def test_healthz_answers_503_when_a_part_is_down(client, db, monkeypatch):
    from synergy.core import health

    def cache_down():
        raise ConnectionError("cache unreachable")

    monkeypatch.setattr(health, "check_cache", cache_down)
    response = client.get("/healthz")
    assert response.status_code == 503
    cache_check = json.loads(response.content)["checks"]["cache"]
    assert cache_check["ok"] is False
    assert cache_check["error"] == "ConnectionError"


@pytest.mark.parametrize("url_name", ["actors:list", "core:regions", "core:home"])
def test_list_pages_use_a_fixed_number_of_queries(client, region, url_name, django_assert_max_num_queries, uncached):
    OrganisationFactory.create_batch(3, region=region)
    with django_assert_max_num_queries(8) as few:
        client.get(reverse(url_name))
    OrganisationFactory.create_batch(25, region=region)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse(url_name))
    assert response.status_code == 200


def test_pagination_survives_malformed_page_numbers(client, region):
    OrganisationFactory.create_batch(25, region=region)
    for page in ["2", "999", "-1", "abc", SCRIPT]:
        response = client.get(reverse("actors:list"), {"page": page})
        assert response.status_code == 200


@pytest.mark.parametrize(("error", "status"), [(OperationalError, 503), (InterfaceError, 503), (KeyError, 500)])
def test_a_database_out_of_reach_answers_503_with_retry_after(db, monkeypatch, error, status):
    """A restart or failover of the database is brief: say so, and when to try again."""
    from django.test import Client

    from synergy.core.models import Region

    def unreachable(*args, **kwargs):
        raise error("connection to server failed")

    monkeypatch.setattr(Region.objects, "annotate", unreachable)
    response = Client(raise_request_exception=False).get("/")
    assert response.status_code == status
    if status == 503:
        assert response["Retry-After"] == "5"
        assert "Please try again in a few seconds" in response.content.decode()
    else:
        assert "Retry-After" not in response and "Something went wrong" in response.content.decode()
