import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def member_with_2fa(member):
    secret = generate_totp_secret()
    TOTP.activate(member, secret)
    RecoveryCodes.activate(member)
    return member, secret


def _password_step(client, user, password):
    response = client.post(reverse("account_login"), {"login": user.email, "password": password})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")


def test_password_alone_does_not_sign_in_when_two_factor_is_on(client, member_with_2fa, password):
    member, _secret = member_with_2fa
    _password_step(client, member, password)
    assert "_auth_user_id" not in client.session


def test_a_wrong_code_is_refused(client, member_with_2fa, password):
    member, _secret = member_with_2fa
    _password_step(client, member, password)
    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_a_totp_code_completes_sign_in(client, member_with_2fa, password):
    member, secret = member_with_2fa
    _password_step(client, member, password)
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(member.pk)


def test_a_recovery_code_signs_in_once_only(client, member_with_2fa, password):
    member, _secret = member_with_2fa
    codes = RecoveryCodes(Authenticator.objects.get(user=member, type=Authenticator.Type.RECOVERY_CODES))
    code = codes.get_unused_codes()[0]
    _password_step(client, member, password)
    assert client.post(reverse("mfa_authenticate"), {"code": code}).status_code == 302
    client.logout()
    _password_step(client, member, password)
    client.post(reverse("mfa_authenticate"), {"code": code})
    assert "_auth_user_id" not in client.session


def test_the_back_office_also_asks_for_the_second_factor(client, admin_user, password):
    TOTP.activate(admin_user, generate_totp_secret())
    response = client.post(
        reverse("account_login") + "?next=/admin/", {"login": admin_user.email, "password": password}
    )
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get("/admin/").status_code == 302
