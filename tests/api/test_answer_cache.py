"""Visitors' API answers are kept until anything public changes; signed-in answers never are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ChallengeFactory, TrainingFactory

pytestmark = pytest.mark.django_db


def _queries(client, path, **kwargs):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, **kwargs)
    return response, [q["sql"] for q in captured.captured_queries]


def test_a_visitors_list_is_answered_once_then_kept_until_a_change(client, region):
    TrainingFactory(region=region, title="Kept")
    first, _ = _queries(client, "/api/v1/trainings/")
    again, queries = _queries(client, "/api/v1/trainings/")
    assert again.json() == first.json()
    assert not [q for q in queries if "trainings_training" in q]
    assert again["X-Frame-Options"] == "DENY" and "Accept-Language" in again["Vary"]
    TrainingFactory(region=region, title="Added")
    assert "Added" in [t["title"] for t in client.get("/api/v1/trainings/").json()["items"]]


def test_each_language_and_address_has_its_own_answer(client, region):
    TrainingFactory(region=region)
    english = client.get("/api/v1/trainings/nope")
    polish = client.get("/api/v1/trainings/nope", headers={"accept-language": "pl"})
    assert english.json() != polish.json()
    assert client.get("/api/v1/trainings/?limit=1").json()["count"] == 1


def test_signed_in_answers_are_never_kept(client, member, region):
    ChallengeFactory(regions=[region])
    client.force_login(member)
    client.get("/api/v1/challenges/")
    _, queries = _queries(client, "/api/v1/challenges/")
    assert [q for q in queries if "challenges_challenge" in q]


def test_the_api_docs_page_is_never_kept_for_it_holds_a_csrf_token(client):
    first = client.get("/api/v1/docs").content
    assert first != client.get("/api/v1/docs").content  # the token is masked anew each time
