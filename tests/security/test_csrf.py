"""CSRF on every form: no view opts out unless declared here, and a forged POST changes nothing.

A cross-site form on another website can make a signed-in member's browser POST to Synergy
with the member's cookies; only the CSRF token, which that website cannot read, tells the two
apart. These tests walk the whole URL tree, so a view added later cannot skip the check
unnoticed, and post without the token to a form of every app as a signed-in member.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from synergy.challenges.models import Question
from synergy.facilities.models import AccessRequest
from synergy.funding.models import Pledge
from synergy.notifications.models import Notification
from synergy.trainings.models import Registration
from tests.factories import PASSWORD, ChallengeFactory, ItemFactory, ProjectFactory, TrainingFactory


@dataclass(frozen=True)
class Route:
    pattern: str  # the full route, prefixes included, as Django prints it
    name: str | None  # namespaced, e.g. "trainings:register"
    callback: Callable
    kwargs: tuple[str, ...]  # the names of the URL's arguments


def routes() -> Iterator[Route]:
    """Every URL pattern of the project, walking included and namespaced resolvers."""

    def walk(patterns, prefix: str, namespace: str | None, kwargs: tuple) -> Iterator[Route]:
        for entry in patterns:
            names = kwargs + tuple(entry.pattern.regex.groupindex)
            if isinstance(entry, URLResolver):
                inner = ":".join(filter(None, [namespace, entry.namespace])) or None
                yield from walk(entry.url_patterns, prefix + str(entry.pattern), inner, names)
            elif isinstance(entry, URLPattern):
                name = ":".join(filter(None, [namespace, entry.name])) if entry.name else None
                yield Route(prefix + str(entry.pattern), name, entry.callback, names)

    return walk(get_resolver().url_patterns, "", None, ())


# Views that may skip Django's CSRF middleware, each with the reason it is safe.
CSRF_EXEMPT_ALLOWED = {
    # django-ninja marks every API operation exempt and runs the CSRF check itself when the
    # caller is authenticated by the session cookie (django_auth); anonymous operations only
    # read. test_api_write_without_a_csrf_token_is_refused proves the check happens.
    "api-1.0.0:*": "django-ninja enforces CSRF itself for cookie authentication",
    # The one-click unsubscribe link of every mail (RFC 8058): mail clients POST it without
    # cookies, so no token can exist. The signed token in the URL authorises the change,
    # which can only turn that token's owner's mail off.
    "notifications:unsubscribe": "authorised by the signed token in the URL, RFC 8058 one-click",
    # An API address no operation answers: it changes nothing and says so in JSON, where the
    # CSRF check would answer a program with an HTML page.
    "api_unknown": "changes nothing: a JSON 404 (or the trailing-slash redirect) for any method",
}


def _allowed_exempt(route: Route) -> bool:
    namespace = (route.name or "").split(":")[0]
    return route.name in CSRF_EXEMPT_ALLOWED or f"{namespace}:*" in CSRF_EXEMPT_ALLOWED


def test_the_walk_finds_the_routes_of_every_app():
    names = {route.name for route in routes()}
    for expected in (
        "core:home", "accounts:set_language", "notifications:unsubscribe", "actors:detail", "trainings:register",
        "challenges:like", "funding:pledge", "facilities:request_access", "account_login",
        "admin:index", "api-1.0.0:create_pledge",
    ):  # fmt: skip
        assert expected in names


def test_no_view_skips_the_csrf_check_unless_declared():
    exempt = [route for route in routes() if getattr(route.callback, "csrf_exempt", False)]
    undeclared = [f"{route.pattern} ({route.name})" for route in exempt if not _allowed_exempt(route)]
    assert not undeclared, f"csrf_exempt views missing from CSRF_EXEMPT_ALLOWED: {undeclared}"
    # The allow-list holds no stale entries: each one still matches an exempt view.
    for declared in CSRF_EXEMPT_ALLOWED:
        assert any(route.name == declared or (route.name or "").startswith(declared[:-1]) for route in exempt)


@pytest.fixture
def strict_client(member) -> Client:
    """A browser signed in as Mia whose requests are checked for CSRF as in production."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    return client


def _token(client: Client) -> str:
    client.get(reverse("accounts:profile"))  # any page with a form sets the CSRF cookie
    return client.cookies[settings.CSRF_COOKIE_NAME].value


@pytest.mark.django_db
def test_api_write_without_a_csrf_token_is_refused(strict_client, member):
    training = TrainingFactory()
    url = f"/api/v1/trainings/{training.slug}/registration"
    response = strict_client.post(url)
    assert response.status_code == 403
    assert "CSRF" in response.content.decode()
    assert not Registration.objects.exists()
    # The same call with the token goes through: the refusal above was the CSRF check.
    response = strict_client.post(url, headers={"X-CSRFToken": _token(strict_client)})
    assert response.status_code == 200
    assert Registration.objects.filter(user=member, training=training).exists()


def _in_a_week(hour: int) -> str:
    return (timezone.localtime() + timedelta(days=7)).replace(hour=hour).strftime("%Y-%m-%dT%H:00")


# One or more forms of every app that has forms: (name, make the objects and return
# (url, data), read the state the POST would change).
FORMS = {
    "accounts:profile": (
        lambda member: (
            reverse("accounts:profile"),
            {"display_name": "Forged", "stakeholder_type": "sme", "email_frequency": "daily"},
        ),
        lambda member: type(member).objects.get(pk=member.pk).display_name,
    ),
    "accounts:set_language": (
        lambda member: (reverse("accounts:set_language"), {"language": "de"}),
        lambda member: type(member).objects.get(pk=member.pk).preferred_language,
    ),
    "account_change_password (allauth)": (
        lambda member: (
            reverse("account_change_password"),
            {"oldpassword": PASSWORD, "password1": "forged password 123", "password2": "forged password 123"},
        ),
        lambda member: type(member).objects.get(pk=member.pk).password,
    ),
    "notifications:mark_all_read": (
        lambda member: (
            Notification.objects.create(recipient=member, kind="test", title="Hello"),
            (reverse("notifications:mark_all_read"), {}),
        )[1],
        lambda member: Notification.objects.filter(read_at__isnull=True).count(),
    ),
    "trainings:register": (
        lambda member: (reverse("trainings:register", args=[TrainingFactory().slug]), {"stakeholder_type": "sme"}),
        lambda member: Registration.objects.count(),
    ),
    "challenges:ask": (
        lambda member: (reverse("challenges:ask", args=[ChallengeFactory().slug]), {"text": "Forged question?"}),
        lambda member: Question.objects.count(),
    ),
    "funding:pledge": (
        lambda member: (reverse("funding:pledge", args=[ProjectFactory().slug]), {"amount": "150"}),
        lambda member: Pledge.objects.count(),
    ),
    "facilities:request_access": (
        lambda member: (
            reverse("facilities:request_access", args=[ItemFactory().slug]),
            {"starts_at": _in_a_week(9), "ends_at": _in_a_week(17), "purpose": "Print brackets"},
        ),
        lambda member: AccessRequest.objects.count(),
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("form", FORMS)
def test_a_forged_post_without_a_csrf_token_is_refused_and_changes_nothing(strict_client, member, form):
    prepare, state = FORMS[form]
    url, data = prepare(member)
    before = state(member)
    response = strict_client.post(url, data)
    assert response.status_code == 403
    assert "CSRF" in response.content.decode()
    assert state(member) == before
    # Control: with the token the very same POST takes effect, so the 403 above was CSRF.
    strict_client.post(url, {**data, "csrfmiddlewaretoken": _token(strict_client)})
    assert state(member) != before
