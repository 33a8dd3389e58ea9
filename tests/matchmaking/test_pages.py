"""The need page, a challenge's matches and the API: who may use them, what they show, hostile input."""

import pytest
from django.urls import reverse

from synergy.matchmaking import index
from tests.factories import ChallengeFactory
from tests.hostile import EMOJI, NUL, RTL, SCRIPT

from .factories import listed_person, organisation_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def printers(db):
    return organisation_with(
        "Proto3D", specialisation="Metal 3D printing", keywords="titanium, lattice", declared=["additive_manufacturing"]
    )


def test_need_page_lists_fitting_organisations_with_why(client, member, printers):
    client.force_login(member)
    response = client.get(reverse("matchmaking:need"), {"need": "titanium lattice parts"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Proto3D" in page and "titanium" in page
    assert reverse("matchmaking:ask_organisation", args=[printers.slug]) in page


def test_need_page_asks_visitors_to_sign_in(client):
    response = client.get(reverse("matchmaking:need"), {"need": "titanium"})
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize("text", [SCRIPT, RTL, EMOJI, "x" * 2000, "' OR 1=1 --", "%_\\"])
def test_hostile_needs_are_answered_not_crashed(client, member, printers, text):
    client.force_login(member)
    response = client.get(reverse("matchmaking:need"), {"need": text})
    assert response.status_code == 200
    assert SCRIPT not in response.content.decode()


def test_a_need_with_a_nul_byte_gets_a_clear_message(client, member):
    client.force_login(member)
    response = client.get(reverse("matchmaking:need"), {"need": NUL})
    assert response.status_code == 200
    assert "Null characters are not allowed" in response.content.decode()


def test_a_need_too_long_gets_a_clear_message(client, member):
    client.force_login(member)
    response = client.get(reverse("matchmaking:need"), {"need": "y" * 2001})
    assert "at most 2000 characters" in response.content.decode()


def test_listed_people_show_with_their_public_expertise_only(client, member):
    listed_person(expertise="Ultrasonic testing of welds", display_name="Ula", public=("expertise",))
    client.force_login(member)
    page = client.get(reverse("matchmaking:need"), {"need": "ultrasonic welds"}).content.decode()
    assert "Ula" in page and "Ultrasonic testing of welds" in page


def test_need_page_queries_do_not_grow_with_matches(client, member, uncached, django_assert_max_num_queries):
    client.force_login(member)
    organisation_with("One", specialisation="laser welding")
    listed_person(expertise="laser welding")
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("matchmaking:need"), {"need": "laser welding"})
    for n in range(15):
        organisation_with(f"Org {n}", specialisation="laser welding robots")
        listed_person(expertise="laser welding")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("matchmaking:need"), {"need": "laser welding"})


@pytest.mark.parametrize(
    ("persona", "status"),
    [("org_admin", 200), ("coordinator", 200), ("admin_user", 200), ("member", 403), ("outsider", 403)],
)
def test_challenge_matches_for_its_giver_and_coordinators(as_persona, organisation, printers, persona, status):
    challenge = ChallengeFactory(giver=organisation, summary="titanium lattice", competences=["additive_manufacturing"])
    index.reindex_organisations([organisation.pk])
    _user, client = as_persona(persona)
    response = client.get(reverse("matchmaking:challenge", args=[challenge.slug]))
    assert response.status_code == status
    if status == 200:
        assert "Proto3D" in response.content.decode()


@pytest.mark.parametrize(("persona", "status"), [("org_admin", 200), ("admin_user", 200), ("member", 403)])
def test_opportunities_for_the_organisations_admins(as_persona, organisation, persona, status):
    _user, client = as_persona(persona)
    assert client.get(reverse("matchmaking:opportunities", args=[organisation.slug])).status_code == status


def test_api_match_returns_public_organisation_data_with_terms(client, printers):
    listed_person(expertise="titanium lattice design")
    response = client.get("/api/v1/matchmaking/match", {"need": "titanium lattice", "limit": 5})
    assert response.status_code == 200
    body = response.json()
    assert [row["slug"] for row in body] == [printers.slug]
    assert set(body[0]) == {"slug", "name", "type", "country", "score", "terms", "url"}
    assert "titanium" in body[0]["terms"]


@pytest.mark.parametrize("need", [SCRIPT, RTL, EMOJI, NUL, "x" * 2000])
def test_api_match_takes_hostile_needs(client, printers, need):
    response = client.get("/api/v1/matchmaking/match", {"need": need})
    assert response.status_code in (200, 400)


def test_api_match_refuses_a_missing_or_too_long_need(client):
    assert client.get("/api/v1/matchmaking/match").status_code == 422
    assert client.get("/api/v1/matchmaking/match", {"need": "y" * 2001}).status_code == 422


def test_the_open_match_api_is_limited_per_address(client):
    from allauth.account import app_settings as allauth_settings
    from allauth.core.internal.ratelimit import parse_rates

    (rate,) = [rate for rate in parse_rates(allauth_settings.RATE_LIMITS["match_need"]) if rate.per == "ip"]
    for number in range(rate.amount):
        assert client.get("/api/v1/matchmaking/match", {"need": f"titanium {number}"}).status_code == 200
    response = client.get("/api/v1/matchmaking/match", {"need": "titanium"}, HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 429
    assert response.json()["detail"]


def test_a_need_asked_again_is_answered_from_the_cache_and_a_change_shows_at_once(
    client, member, printers, monkeypatch
):
    from synergy.core import caching

    monkeypatch.setattr(caching, "minute", lambda: "202611281200")  # the minute does not turn meanwhile
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(member)
    need = {"need": "titanium lattice parts"}
    client.get(reverse("matchmaking:need"), need)
    with CaptureQueriesContext(connection) as again:
        assert "Proto3D" in client.get(reverse("matchmaking:need"), need).content.decode()
    asked = [q["sql"] for q in again.captured_queries if "synergy_cache" not in q["sql"]]
    assert not [sql for sql in asked if "matchmaking_actorterm" in sql or "actors_organisation" in sql]
    organisation_with("Lattice Lab", specialisation="titanium lattice parts")
    listed_person(expertise="Titanium lattice design", display_name="Tia", public=("expertise",))
    page = client.get(reverse("matchmaking:need"), need).content.decode()
    assert "Lattice Lab" in page and "Tia" in page
    printers.name = "Proto3D Renamed"
    printers.save()
    assert "Proto3D Renamed" in client.get(reverse("matchmaking:need"), need).content.decode()
