import re

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import mail
from django.urls import reverse

from synergy.accounts.models import Consent, User
from tests.hostile import EMOJI, LONG, NUL, RTL, SCRIPT, SQL

pytestmark = pytest.mark.django_db


def _signup(client, **overrides):
    data = {
        "email": "new@example.org",
        "display_name": "Nadia New",
        "stakeholder_type": "sme",
        "accept_terms": "on",
        "password1": "a long enough passphrase",
        "password2": "a long enough passphrase",
        **overrides,
    }
    return client.post(reverse("account_signup"), data)


def _verification_link(message) -> str:
    return re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.body).group(0)


def test_signup_records_consent_with_version_and_time_and_sends_verification(client, deliver_mail):
    response = _signup(client)
    assert response.status_code == 302
    user = User.objects.get(email="new@example.org")
    assert user.display_name == "Nadia New"
    assert {(c.document, c.version) for c in user.consents.all()} == {
        ("terms", settings.TERMS_VERSION),
        ("privacy", settings.PRIVACY_VERSION),
    }
    assert all(c.accepted_at for c in user.consents.all())
    assert not EmailAddress.objects.get(user=user).verified
    assert deliver_mail() == 1
    assert mail.outbox[0].to == ["new@example.org"]
    assert "/accounts/confirm-email/" in mail.outbox[0].body


def test_signup_form_links_to_the_terms_and_privacy_notice(client):
    body = client.get(reverse("account_signup")).content.decode()
    assert f'href="{reverse("core:terms")}"' in body
    assert f'href="{reverse("core:privacy")}"' in body


def test_signup_without_accepting_the_terms_is_refused_with_a_message(client):
    response = _signup(client, accept_terms="")
    assert response.status_code == 200
    assert "You need to accept the terms of use" in response.content.decode()
    assert not User.objects.exists()
    assert not Consent.objects.exists()


def test_unverified_account_cannot_log_in_until_the_link_is_opened(client, deliver_mail):
    _signup(client)
    deliver_mail()
    client.logout()
    login = {"login": "new@example.org", "password": "a long enough passphrase"}
    response = client.post(reverse("account_login"), login)
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    link = _verification_link(mail.outbox[-1])
    path = link.split("://", 1)[1].split("/", 1)[1]
    response = client.post("/" + path)
    assert response.status_code == 302
    assert EmailAddress.objects.get(email="new@example.org").verified
    response = client.post(reverse("account_login"), login)
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")


@pytest.mark.parametrize("name", [SCRIPT, SQL, RTL, EMOJI])
def test_hostile_display_names_are_stored_exactly_and_shown_escaped(client, name):
    response = _signup(client, display_name=name)
    assert response.status_code == 302
    user = User.objects.get(email="new@example.org")
    assert user.display_name == name
    client.force_login(user)
    body = client.get(reverse("accounts:profile")).content.decode()
    assert SCRIPT not in body


@pytest.mark.parametrize(
    ("name", "message"), [(LONG, "at most 150 characters"), (NUL, "Null characters"), ("   ", "required")]
)
def test_invalid_display_names_get_a_clear_field_error(client, name, message):
    response = _signup(client, display_name=name)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.exists()


def test_repeated_failed_logins_lock_the_account_for_a_while(client, member, password):
    for _attempt in range(5):
        response = client.post(reverse("account_login"), {"login": member.email, "password": "wrong"})
        assert response.status_code == 200
    response = client.post(reverse("account_login"), {"login": member.email, "password": password})
    assert response.status_code == 200  # even the right password is refused now
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_password_reset_is_rate_limited(client, member):
    statuses = [client.post(reverse("account_reset_password"), {"email": member.email}).status_code for _ in range(7)]
    assert 429 in statuses


def test_signups_from_one_address_are_rate_limited(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "3/m/ip"}
    statuses = [_signup(client, email=f"n{i}@example.org").status_code for i in range(4)]
    client.logout()
    assert statuses[-1] == 429


def test_admin_login_goes_through_the_rate_limited_door(client):
    response = client.get("/admin/login/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_password_reset_mail_goes_through_the_outbox(client, member, deliver_mail):
    client.post(reverse("account_reset_password"), {"email": member.email})
    assert len(mail.outbox) == 0
    assert deliver_mail() == 1
    assert "/accounts/password/reset/key/" in mail.outbox[0].body
