"""The API's error answers speak the language the request asks for, English without one.

Mia asks in Polish (Accept-Language: pl) or sends no language at all. Where a message is not in
the Polish catalog yet, the test compares with what gettext gives in Polish, so it holds once
the message is translated; the messages checked as literal Polish are translated already.
"""

import json
from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

from synergy.api.errors import validation_message
from synergy.challenges.models import Proposal
from synergy.facilities.models import AccessRequest
from synergy.trainings import services as training_services
from tests.factories import ChallengeFactory, ItemFactory, TrainingFactory

pytestmark = pytest.mark.django_db

POLISH = {"accept-language": "pl"}


def polish(message: str) -> str:
    with translation.override("pl"):
        return gettext(message)


def _post_json(client, url, body, **kwargs):
    return client.post(url, json.dumps(body), content_type="application/json", **kwargs)


def test_a_refusal_from_a_service_is_answered_409_in_the_language_asked_for(client, member):
    item = ItemFactory()
    client.force_login(member)
    starts = timezone.now() + timedelta(days=30)
    ends = starts - timedelta(hours=1)
    backwards = {"starts_at": starts.isoformat(), "ends_at": ends.isoformat(), "purpose": "Test"}
    url = f"/api/v1/facilities/{item.slug}/requests"
    in_polish = _post_json(client, url, backwards, headers=POLISH)
    assert in_polish.status_code == 409
    assert in_polish.json() == {"detail": "Data zakończenia musi być późniejsza niż data rozpoczęcia."}
    assert in_polish["Content-Language"] == "pl"
    assert "Accept-Language" in in_polish["Vary"]  # a cache keeps one answer per language
    in_english = _post_json(client, url, backwards)
    assert in_english.status_code == 409
    assert in_english.json() == {"detail": "The end must come after the start."}
    assert not AccessRequest.objects.exists()


def test_a_registration_refusal_is_answered_in_the_language_asked_for(client, member):
    training = TrainingFactory()
    training_services.register_participant(training, member, share_contact=False)
    client.force_login(member)
    url = f"/api/v1/trainings/{training.slug}/registration"
    assert client.post(url, headers=POLISH).json() == {"detail": "Są już Państwo zarejestrowani na to szkolenie."}
    assert client.post(url).json() == {"detail": "You are already registered for this training."}


def test_a_refused_submission_leaves_no_draft_and_says_why_in_the_language_asked_for(client, member):
    challenge = ChallengeFactory(team_min=2)
    client.force_login(member)
    url = f"/api/v1/challenges/{challenge.slug}/proposals"
    response = _post_json(client, url, {"title": "t", "summary": "s", "submit": True}, headers=POLISH)
    assert response.status_code == 409
    with translation.override("pl"):
        why = ngettext(
            "Your team has %(size)s member; this challenge needs at least %(minimum)s.",
            "Your team has %(size)s members; this challenge needs at least %(minimum)s.",
            1,
        ) % {"size": 1, "minimum": 2}
    assert response.json() == {"detail": why}
    assert not Proposal.objects.exists()


def test_not_found_is_answered_in_the_language_asked_for(client, member):
    in_polish = client.get("/api/v1/organisations/nope", headers=POLISH)
    assert in_polish.status_code == 404
    assert in_polish.json() == {"detail": polish("No such object, or it is not public.")}
    in_english = client.get("/api/v1/organisations/nope")
    assert in_english.json() == {"detail": "No such object, or it is not public."}
    # An operation's own 404 message, already in the Polish catalog.
    client.force_login(member)
    not_registered = client.delete(f"/api/v1/trainings/{TrainingFactory().slug}/registration", headers=POLISH)
    assert not_registered.status_code == 404
    assert not_registered.json() == {"detail": "Nie są Państwo zarejestrowani na to szkolenie."}


@pytest.mark.parametrize("path", ["/api/v1/no-such-operation", "/api/v1/trainings/a/b/c", "/api/v2/trainings/"])
def test_an_address_no_operation_answers_gets_the_apis_json_not_the_html_page(client, path):
    response = client.get(path, headers=POLISH)
    assert response.status_code == 404 and response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": polish("No such object, or it is not public.")}


def test_an_operations_address_without_its_final_slash_is_sent_on(client):
    response = client.get("/api/v1/trainings?limit=2")
    assert response.status_code == 301 and response["Location"] == "/api/v1/trainings/?limit=2"


def test_a_post_to_an_unknown_address_learns_so_in_json(client):
    response = client.post("/api/v1/no-such-operation", {})
    assert response.status_code == 404 and response.json() == {"detail": "No such object, or it is not public."}


def test_a_method_an_address_does_not_take_is_answered_in_json_in_the_language_asked_for(client):
    response = client.delete("/api/v1/regions/", headers=POLISH)
    assert response.status_code == 405 and response["Content-Type"].startswith("application/json")
    assert response.json() == {
        "detail": polish("This address does not take %(method)s requests.") % {"method": "DELETE"}
    }
    assert "GET" in response["Allow"]  # which methods it does take, as before


def test_validation_errors_keep_type_and_field_and_translate_only_the_message(client, member):
    client.force_login(member)
    url = f"/api/v1/challenges/{ChallengeFactory().slug}/proposals"
    in_polish = _post_json(client, url, {"summary": "s", "title": "a\x00"}, headers=POLISH)
    assert in_polish.status_code == 422
    [error] = in_polish.json()["detail"]
    assert error["type"] == "value_error"
    assert error["loc"] == ["body", "payload", "title"]
    assert error["msg"] == "Znaki NUL i niesparowane surogaty nie są dozwolone."
    [missing] = _post_json(client, url, {"summary": "s"}, headers=POLISH).json()["detail"]
    assert missing == {"type": "missing", "loc": ["body", "payload", "title"], "msg": "To pole jest wymagane."}
    [in_english] = _post_json(client, url, {"summary": "s"}).json()["detail"]
    assert in_english["msg"] == "This field is required."


@pytest.mark.parametrize(
    ("query", "msgid", "values"),
    [
        ({"limit": "x"}, "Enter a whole number.", {}),
        ({"limit": "0"}, "Ensure this value is greater than or equal to %(limit_value)s.", {"limit_value": 1}),
    ],
)
def test_query_errors_are_answered_in_the_language_asked_for(client, query, msgid, values):
    [error] = client.get("/api/v1/organisations/", query, headers=POLISH).json()["detail"]
    assert error["msg"] == polish(msgid) % values != msgid % values  # Django's catalog has the Polish


@pytest.mark.parametrize(
    ("body", "field", "expected"),
    [
        ({"title": 5}, "title", "Enter text."),
        ({"title": ""}, "title", "Ensure this value has at least 1 character."),
        ({"summary": "x" * 2001}, "summary", "Ensure this value has at most 2000 characters."),
        ({"budget_total": "abc"}, "budget_total", "Enter a number."),
        ({"budget_total": "Infinity"}, "budget_total", "Enter a number."),
        ({"budget_total": "-1"}, "budget_total", "Ensure this value is greater than or equal to 0."),
        ({"budget_total": "1.234"}, "budget_total", "Ensure that there are no more than 2 decimal places."),
        ({"budget_total": "1234567890123"}, "budget_total", "Ensure that there are no more than 12 digits in total."),
        (
            {"budget_total": "12345678901.5"},
            "budget_total",
            "Ensure that there are no more than 10 digits before the decimal point.",
        ),
        ({"submit": "maybe"}, "submit", "Enter true or false."),
        ({"submit": None}, "submit", "Enter true or false."),
    ],
)
def test_each_body_error_reads_as_a_sentence(client, member, body, field, expected):
    client.force_login(member)
    url = f"/api/v1/challenges/{ChallengeFactory().slug}/proposals"
    response = _post_json(client, url, {"title": "t", "summary": "s", **body})
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert (error["loc"][-1], error["msg"]) == (field, expected)


@pytest.mark.parametrize(
    ("url", "body", "field", "expected"),
    [
        ("/api/v1/funding/{slug}/pledges", {"amount": 0}, "amount", "Ensure this value is greater than 0."),
        ("/api/v1/funding/{slug}/pledges", {"amount": 1, "reward": 1.5}, "reward", "Enter a whole number."),
        ("/api/v1/facilities/{slug}/requests", {"starts_at": "x"}, "starts_at", "Enter a valid date/time."),
        ("/api/v1/trainings/?past=maybe", None, "past", "Enter true or false."),
        ("/api/v1/organisations/?limit=100000", None, "limit", "Ensure this value is less than or equal to 500."),
    ],
)
def test_errors_of_other_operations_read_as_sentences(client, member, url, body, field, expected):
    client.force_login(member)
    url = url.format(slug="any")
    if body is None:
        response = client.get(url)
    else:
        valid = {"starts_at": "2030-01-01T10:00", "ends_at": "2030-01-01T12:00", "purpose": "p"}
        response = _post_json(client, url, {**(valid if "facilities" in url else {}), **body})
    [error] = response.json()["detail"]
    assert (error["loc"][-1], error["msg"]) == (field, expected)


def test_an_unforeseen_validation_error_still_reads_as_a_translated_sentence():
    error = {"type": "url_parsing", "loc": ["body", "payload", "website"], "msg": "Input should be a valid URL"}
    assert validation_message(error) == "Enter a valid value."
    with translation.override("pl"):
        assert validation_message(error) == polish("Enter a valid value.") != "Enter a valid value."


def test_not_signed_in_is_answered_in_the_language_asked_for(client):
    url = f"/api/v1/trainings/{TrainingFactory().slug}/registration"
    in_polish = client.post(url, headers=POLISH)
    assert in_polish.status_code == 401
    assert in_polish.json() == {"detail": polish("Log in to do this.")}
    assert client.post(url).json() == {"detail": "Log in to do this."}


def test_a_missing_csrf_token_is_answered_in_the_language_asked_for(member):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(member)
    url = f"/api/v1/trainings/{TrainingFactory().slug}/registration"
    in_polish = strict.post(url, headers=POLISH)
    assert in_polish.status_code == 403
    assert in_polish.json() == {"detail": polish("CSRF verification failed. Request aborted.")}
    assert in_polish.json()["detail"] != "CSRF verification failed. Request aborted."  # Django's catalog has it
    assert strict.post(url).json() == {"detail": "CSRF verification failed. Request aborted."}


def test_a_body_that_is_not_json_is_answered_in_the_language_asked_for(client, member):
    client.force_login(member)
    url = f"/api/v1/challenges/{ChallengeFactory().slug}/proposals"
    in_polish = client.post(url, "{not json", content_type="application/json", headers=POLISH)
    assert in_polish.status_code == 400
    assert in_polish.json() == {"detail": polish("The request body is not valid JSON.")}
    english = client.post(url, "{not json", content_type="application/json").json()
    assert english == {"detail": "The request body is not valid JSON."}


def test_an_operations_own_refusal_is_answered_in_the_language_asked_for(client):
    challenge = ChallengeFactory(proposal_visibility="jury")
    url = f"/api/v1/challenges/{challenge.slug}/proposals"
    message = "The proposals of this challenge are seen only by its giver and its jury."
    in_polish = client.get(url, headers=POLISH)
    assert in_polish.status_code == 403
    assert in_polish.json() == {"detail": polish(message)}
    assert client.get(url).json() == {"detail": message}


@pytest.mark.postgres
@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="SQLite stores NUL characters; PostgreSQL refuses them",
)
def test_unstorable_characters_in_the_path_are_answered_in_the_language_asked_for(client):
    for response in (
        client.get("/api/v1/organisations/a%00b", headers=POLISH),
        client.get("/api/v1/challenges/", {"region": "a\x00"}, headers=POLISH),
    ):
        assert response.status_code == 400
        assert response.json() == {"detail": "Żądanie zawiera znaki, których nie można zapisać."}


def test_a_signed_in_persons_saved_language_wins_over_the_browsers_as_on_pages(client, member):
    member.preferred_language = "pl"
    member.save(update_fields=["preferred_language"])
    client.force_login(member)
    response = client.get("/api/v1/organisations/nope", headers={"accept-language": "en"})
    assert response.json() == {"detail": polish("No such object, or it is not public.")}
    assert response["Content-Language"] == "pl"


def test_the_reference_marks_the_english_schema_texts_on_a_translated_page(client):
    note = (
        "Error messages come in your language. The descriptions of the operations stay in English, "
        "like the schema that clients are generated from."
    )
    in_polish = client.get("/api/v1/docs", headers=POLISH).content.decode()
    assert '<p class="lead" lang="en">' in in_polish
    assert '— <span lang="en">List Organisations</span>' in in_polish
    assert polish(note) in in_polish
    assert note not in client.get("/api/v1/docs").content.decode()  # in English, nothing to explain
