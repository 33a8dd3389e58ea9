import json

import pytest
from django.urls import reverse

from synergy.accounts.models import User
from tests.hostile import LONG, NUL, SCRIPT

pytestmark = pytest.mark.django_db


def _profile_data(**overrides):
    return {
        "display_name": "Mia M.",
        "stakeholder_type": "ngo",
        "country": "HR",
        "region": "",
        "preferred_language": "hr",
        "email_frequency": "daily",
        **overrides,
    }


def test_member_edits_profile_and_sees_it_saved(client, member, region):
    client.force_login(member)
    response = client.post(reverse("accounts:profile"), _profile_data(region=region.pk))
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.stakeholder_type, member.country, member.region, member.email_frequency) == (
        "ngo", "HR", region, "daily",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("field", "value"), [("display_name", LONG), ("display_name", NUL), ("country", "XX"), ("region", SCRIPT)]
)
def test_profile_refuses_invalid_values_with_a_field_error_and_keeps_the_rest(client, member, field, value):
    client.force_login(member)
    before = User.objects.get(pk=member.pk).display_name
    response = client.post(reverse("accounts:profile"), _profile_data(**{field: value}))
    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
    assert User.objects.get(pk=member.pk).display_name == before


def test_profile_requires_login(client):
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_language_switch_is_remembered_in_cookie_and_profile(client, member):
    client.force_login(member)
    response = client.post(reverse("accounts:set_language"), {"language": "pl", "next": "/regions/"})
    assert response.status_code == 302
    assert response["Location"] == "/regions/"
    assert response.cookies["django_language"].value == "pl"
    member.refresh_from_db()
    assert member.preferred_language == "pl"
    assert 'lang="pl"' in client.get("/").content.decode()


def test_saved_language_follows_the_person_to_a_new_device(client, member):
    member.preferred_language = "sl"
    member.save()
    client.force_login(member)
    assert 'lang="sl"' in client.get("/", headers={"accept-language": "de"}).content.decode()


def test_language_switch_refuses_foreign_redirects_and_unknown_languages(client):
    response = client.post(reverse("accounts:set_language"), {"language": "xx", "next": "https://evil.example/"})
    assert response["Location"] == "/"
    assert "django_language" not in response.cookies


def test_anonymous_language_choice_is_kept_in_a_cookie(client, db):
    client.post(reverse("accounts:set_language"), {"language": "it", "next": "/"})
    assert 'lang="it"' in client.get("/").content.decode()


def test_member_downloads_all_their_data_as_json(client, member):
    client.force_login(member)
    response = client.get(reverse("accounts:export_data"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["sections"]["account"]["email"] == member.email
    assert data["sections"]["memberships"][0]["role"] == "member"
    assert "notifications" in data["sections"]


def test_deleting_the_account_anonymises_it_and_keeps_contributions(client, member, organisation, password):
    from synergy.notifications.services import notify

    notify(member, kind="test", title="Hello")
    client.force_login(member)
    response = client.post(reverse("accounts:delete"), {"password": password})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.anonymised_at is not None
    assert not member.is_active
    assert member.email.endswith("@invalid.invalid")
    assert member.display_name == ""
    assert str(member) == "Deleted user"
    assert not member.notifications.exists()
    assert not member.memberships.exists()
    assert not member.has_usable_password()
    assert client.get(reverse("accounts:profile")).status_code == 302  # logged out


def test_account_deletion_needs_the_password(client, member):
    client.force_login(member)
    response = client.post(reverse("accounts:delete"), {"password": "not it"})
    assert response.status_code == 200
    member.refresh_from_db()
    assert member.is_active
