"""Rate limits: sign-in, sign-up, password reset and every write open to anonymous visitors.

Each limit is read from the settings the site runs with, exhausted from one client address,
and the next attempt is checked to be refused with the translated 429 page and no effect.
Rate limits live in the cache; conftest gives every test a fresh cache key prefix, which
empties it between tests.
"""

import re
import time

import pytest
from allauth.account import app_settings as allauth_settings
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.core.internal.ratelimit import parse_rates
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.apps import apps
from django.conf import settings
from django.core.signing import TimestampSigner
from django.urls import resolve, reverse
from django.utils import translation
from django.utils.html import escape

from synergy.accounts.models import EmailFrequency, User
from synergy.challenges.models import ThematicCall
from synergy.notifications import services as notification_services
from synergy.trainings.models import MaterialVersion, TrainingMaterial, TranslationRequest
from tests.factories import (
    PASSWORD,
    ChallengeFactory,
    ItemFactory,
    OrganisationFactory,
    ProjectFactory,
    RegionFactory,
    SimulatedCampaignFactory,
    TrainingFactory,
    UserFactory,
)

from .test_csrf import Route, routes

pytestmark = pytest.mark.django_db

REFUSAL = (
    "Too many requests came from your network in a short time, so this one was not carried out. "
    "Please wait a few minutes and try again."
)


def _limit(action: str) -> int:
    """How many attempts per client address ``action`` allows, as configured."""
    (rate,) = [rate for rate in parse_rates(allauth_settings.RATE_LIMITS[action]) if rate.per == "ip"]
    return rate.amount


def _assert_refused(response) -> None:
    """A 429 that says why, in the language the page is in."""
    assert response.status_code == 429
    with translation.override(response["Content-Language"]):
        assert escape(translation.gettext(REFUSAL)) in response.content.decode()


# --- sign-in, sign-up and password reset: allauth ---------------------------------------------


def test_sign_in_is_refused_past_its_limit_per_address(client, member):
    for _attempt in range(_limit("login")):
        response = client.post(reverse("account_login"), {"login": member.email, "password": PASSWORD})
        assert response.status_code == 302
        client.logout()
    response = client.post(reverse("account_login"), {"login": member.email, "password": PASSWORD})
    _assert_refused(response)
    assert "_auth_user_id" not in client.session


def test_failed_sign_ins_from_one_address_lock_it_out_even_with_the_right_password(client, member):
    for attempt in range(_limit("login_failed")):
        email = f"guess{attempt}@example.org"  # other accounts each time: the per-address limit
        assert client.post(reverse("account_login"), {"login": email, "password": "wrong"}).status_code == 200
    response = client.post(reverse("account_login"), {"login": member.email, "password": PASSWORD})
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_guessing_the_second_factor_is_refused_past_the_failed_sign_in_limit(client, member):
    """allauth counts wrong TOTP codes as failed sign-ins of that account (login_failed, per key)."""
    secret = generate_totp_secret()
    TOTP.activate(member, secret)
    response = client.post(reverse("account_login"), {"login": member.email, "password": PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")
    (per_account,) = [rate for rate in parse_rates(allauth_settings.RATE_LIMITS["login_failed"]) if rate.per == "key"]
    for _attempt in range(per_account.amount):
        client.post(reverse("mfa_authenticate"), {"code": "000000"})
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def _signup(client, email: str):
    data = {
        "email": email, "password1": PASSWORD, "password2": PASSWORD,
        "display_name": "New person", "stakeholder_type": "sme", "accept_terms": "on",
    }  # fmt: skip
    return client.post(reverse("account_signup"), data)


def test_sign_up_is_refused_past_its_limit_per_address(client):
    for n in range(_limit("signup")):
        assert _signup(client, f"new{n}@example.org").status_code == 302
        client.logout()
    _assert_refused(_signup(client, "one-too-many@example.org"))
    assert not User.objects.filter(email="one-too-many@example.org").exists()


def test_password_reset_is_refused_past_its_limit_per_address(client, deliver_mail):
    people = UserFactory.create_batch(_limit("reset_password") + 1)
    for person in people[:-1]:
        assert client.post(reverse("account_reset_password"), {"email": person.email}).status_code == 302
    sent = deliver_mail()
    _assert_refused(client.post(reverse("account_reset_password"), {"email": people[-1].email}))
    assert deliver_mail() == 0  # no mail for the refused one
    assert sent == len(people) - 1


def test_password_reset_links_are_refused_past_their_limit_per_address(client, member):
    url = reverse("account_reset_password_from_key", kwargs={"uidb36": "1", "key": "guessed-key"})
    form = {"password1": "a new long password", "password2": "a new long password"}
    for _attempt in range(_limit("reset_password_from_key")):
        assert client.post(url, form).status_code != 429
    _assert_refused(client.post(url, form))
    member.refresh_from_db()
    assert member.check_password(PASSWORD)


def test_e_mail_confirmation_links_are_refused_past_their_limit_per_address(client):
    person = UserFactory(verified=False)
    address = EmailAddress.objects.create(user=person, email=person.email, verified=False, primary=True)
    for attempt in range(_limit("confirm_email_key")):
        client.post(reverse("account_confirm_email", args=[f"guessed-{attempt}"]))
    key = EmailConfirmationHMAC(address).key
    _assert_refused(client.post(reverse("account_confirm_email", args=[key])))
    address.refresh_from_db()
    assert not address.verified
    # The limit is what stopped it: from another address the same link confirms.
    client.post(reverse("account_confirm_email", args=[key]), REMOTE_ADDR="203.0.113.9")
    address.refresh_from_db()
    assert address.verified


# --- every write an anonymous visitor can make ------------------------------------------------

# Routes an anonymous POST reaches without being sent to sign in (or refused with 401, 403,
# 405), each with the rate limit that guards it or the reason it needs none. A new route
# that anonymous visitors can POST to fails test_every_anonymous_post_is_declared until it
# is added here.
ANONYMOUS_WRITES = {
    "account_login": "login",
    "account_signup": "signup",
    "account_reset_password": "reset_password",
    "account_reset_password_from_key": "reset_password_from_key",
    "account_confirm_email": "confirm_email_key",
    "accounts:set_language": "set_language",
    "notifications:unsubscribe": "unsubscribe",
    "trainings:material_request_translation": "request_translation",
}
NO_ANONYMOUS_EFFECT = {
    # Signing out when not signed in.
    "account_logout", "admin:logout",
    # Public pages, files and feeds: they answer a POST as a GET and ignore its body.
    "core:home", "core:regions", "core:region", "core:search", "core:style", "core:terms", "core:privacy",
    "actors:list", "actors:detail", "api_docs", "api-1.0.0:openapi-json", "api_unknown", "healthz",
    "trainings:list", "trainings:detail", "trainings:materials", "trainings:calendar", "trainings:region_calendar",
    "trainings:personal_calendar", "trainings:certificate_check",
    "challenges:list", "challenges:detail", "challenges:call", "challenges:proposal", "challenges:attachment",
    "challenges:proposal_attachment", "challenges:certificate_check",
    "funding:list", "funding:project", "funding:campaign",
    "facilities:list", "facilities:item", "facilities:calendar", "facilities:personal_calendar",
    "library:list", "library:detail", "library:attachment",
}  # fmt: skip

# Values for URL arguments: every object of the probe world below has the slug "probe".
ARGUMENTS = {"slug": "probe", "region_slug": "probe", "extension": "csv", "path": "probe.txt"}


@pytest.fixture
def probe_world(db, member):
    """One public object of each kind, all under the slug "probe", so slug routes resolve."""
    region = RegionFactory(slug="probe")
    organisation = OrganisationFactory(slug="probe", region=region)
    TrainingFactory(slug="probe", region=region)
    ChallengeFactory(slug="probe", giver=organisation)
    ThematicCall.objects.create(title="Probe call", slug="probe")
    ProjectFactory(slug="probe", region=region)
    SimulatedCampaignFactory(slug="probe", region=region)
    ItemFactory(slug="probe", provider=organisation)
    material = TrainingMaterial.objects.create(title="Probe slides", kind="slides")
    MaterialVersion.objects.create(material=material, language="en", url="https://example.org/probe.pdf")
    return {"pk": material.pk, "token": notification_services.unsubscribe_token(member)}


def _url(route: Route, values: dict) -> str:
    """The path of ``route`` with each argument filled in (route and regex syntax both)."""
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(values.get(m[1], 1)), route.pattern)
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values.get(m[1], 1)), path)
    return "/" + path.replace("^", "").replace("$", "").replace("\\", "")


def _row_counts() -> dict[str, int]:
    stored = [model for model in apps.get_models() if model._meta.managed and not model._meta.proxy]
    return {model._meta.label: model._default_manager.count() for model in stored}


def _sent_to_sign_in_or_refused(response) -> bool:
    if response.status_code in (401, 403, 405):
        return True
    location = response.get("Location", "")
    return response.status_code == 302 and location.startswith((reverse("account_login"), "/admin/login/"))


def test_every_anonymous_post_is_declared(client, probe_world):
    values = {**ARGUMENTS, **probe_world}
    reached, writes_elsewhere = set(), []
    for route in routes():
        url = _url(route, values)
        if resolve(url).func != route.callback:
            continue  # shadowed by an earlier pattern (our sign-up in front of allauth's)
        before = _row_counts()
        response = client.post(url, {"language": "de", "email": "visitor@example.org"})
        if _sent_to_sign_in_or_refused(response):
            continue
        name = route.name or route.pattern
        reached.add(name)
        if name not in ANONYMOUS_WRITES and _row_counts() != before:
            writes_elsewhere.append(name)
    declared = set(ANONYMOUS_WRITES) | set(NO_ANONYMOUS_EFFECT)
    assert not reached - declared, f"anonymous POST reaches undeclared routes: {sorted(reached - declared)}"
    assert not declared - reached, f"declared routes no longer reached anonymously: {sorted(declared - reached)}"
    assert not writes_elsewhere, f"anonymous POST stored something through: {writes_elsewhere}"


def test_every_anonymous_write_has_a_configured_limit_per_address():
    for action in set(ANONYMOUS_WRITES.values()):
        assert _limit(action) > 0


def test_language_switch_is_refused_past_its_limit_per_address(client):
    url = reverse("accounts:set_language")
    for _attempt in range(_limit("set_language")):
        assert client.post(url, {"language": "de"}).status_code == 302
    response = client.post(url, {"language": "it"})
    _assert_refused(response)
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies  # the switch did not happen


def test_limits_count_per_client_address_not_for_everyone(client):
    url = reverse("accounts:set_language")
    for _attempt in range(_limit("set_language")):
        client.post(url, {"language": "de"}, REMOTE_ADDR="203.0.113.7")
    _assert_refused(client.post(url, {"language": "de"}, REMOTE_ADDR="203.0.113.7"))
    assert client.post(url, {"language": "de"}, REMOTE_ADDR="203.0.113.8").status_code == 302


def test_behind_the_reverse_proxy_each_forwarded_client_has_its_own_limit(client, settings):
    """Every request arrives from the proxy's address; the client is the entry it appended."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    url = reverse("accounts:set_language")
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    for _attempt in range(_limit("set_language")):
        client.post(url, {"language": "de"}, HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy)
    # A client cannot escape its limit by sending its own X-Forwarded-For: the proxy appends
    # the real address, and only the last entry is trusted.
    forged = "198.51.100.1, 203.0.113.7"
    _assert_refused(client.post(url, {"language": "de"}, HTTP_X_FORWARDED_FOR=forged, **proxy))
    response = client.post(url, {"language": "de"}, HTTP_X_FORWARDED_FOR="203.0.113.8", **proxy)
    assert response.status_code == 302


def test_unsubscribe_link_is_refused_past_its_limit_per_address(client, member):
    url = reverse("notifications:unsubscribe", args=[notification_services.unsubscribe_token(member)])
    for _attempt in range(_limit("unsubscribe")):
        assert client.post(url).status_code == 200
    User.objects.filter(pk=member.pk).update(email_frequency=EmailFrequency.IMMEDIATELY)
    _assert_refused(client.post(url))
    member.refresh_from_db()
    assert member.email_frequency == EmailFrequency.IMMEDIATELY


def test_guessing_unsubscribe_tokens_is_refused_past_the_limit(client, member):
    forged = TimestampSigner(salt="wrong").sign(str(member.pk))
    for _attempt in range(_limit("unsubscribe")):
        assert client.post(reverse("notifications:unsubscribe", args=[forged])).status_code == 404
    _assert_refused(client.post(reverse("notifications:unsubscribe", args=[forged])))


def test_visitor_translation_requests_are_refused_past_their_limit_per_address(client):
    material = TrainingMaterial.objects.create(title="Slides", kind="slides")
    url = reverse("trainings:material_request_translation", args=[material.pk])
    form = {f"m{material.pk}-language": "sl", f"m{material.pk}-email": "visitor@example.org"}
    for _attempt in range(_limit("request_translation")):
        assert client.post(url, form).status_code == 302
    _assert_refused(client.post(url, form))
    assert TranslationRequest.objects.count() == _limit("request_translation")


def test_the_refusal_page_speaks_the_visitors_language(client):
    url = reverse("accounts:set_language")
    for _attempt in range(_limit("set_language")):
        client.post(url, {"language": "de"})
    response = client.post(url, {"language": "de"}, HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 429
    assert response.headers["Content-Language"] == "de"
    assert '<html lang="de"' in response.content.decode()
