"""Shared fixtures: the named personas every app's tests use, and real-part helpers.

Personas: Ada the platform admin, Cora the regional coordinator of the region, Otto the
admin of the organisation, Jules the juror, Mia a member, Oscar an outsider with an
account but no role, and the anonymous visitor (the test client without a login).
"""

import os
import uuid

import pytest
from django.utils import translation

from synergy.actors.models import Membership
from synergy.notifications import services as notification_services

from .factories import PASSWORD, MembershipFactory, OrganisationFactory, RegionFactory, RegionRoleFactory, UserFactory

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests
# make around it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"  # uploads land in the test's own folder
    # Django's test set-up swaps in the locmem mail backend; mail must still go through the
    # outbox, with locmem only as the delivery end (mail.outbox holds what was delivered).
    settings.EMAIL_BACKEND = "synergy.notifications.backends.OutboxBackend"
    settings.OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # A fresh key prefix per test: rate limits and cached values never leak between tests,
    # and clearing needs no database access.
    settings.CACHES = {"default": {**settings.CACHES["default"], "KEY_PREFIX": f"test-{uuid.uuid4().hex}"}}
    # A request leaves its language active in the thread (LocaleMiddleware); each test starts in English.
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture
def uncached(settings):
    """No cache at all: every page takes its slowest path, the one whose queries a test counts."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def region(db):
    return RegionFactory(slug="home-region")


@pytest.fixture
def organisation(db, region):
    return OrganisationFactory(region=region)


@pytest.fixture
def admin_user(db):
    return UserFactory(email="ada@example.org", display_name="Ada", is_staff=True, is_superuser=True)


@pytest.fixture
def coordinator(db, region):
    user = UserFactory(email="cora@example.org", display_name="Cora")
    RegionRoleFactory(user=user, region=region)
    return user


@pytest.fixture
def org_admin(db, organisation):
    user = UserFactory(email="otto@example.org", display_name="Otto")
    MembershipFactory(user=user, organisation=organisation, role=Membership.Role.ADMIN)
    return user


@pytest.fixture
def juror(db):
    return UserFactory(email="jules@example.org", display_name="Jules")


@pytest.fixture
def member(db, organisation):
    user = UserFactory(email="mia@example.org", display_name="Mia")
    MembershipFactory(user=user, organisation=organisation)
    return user


@pytest.fixture
def outsider(db):
    return UserFactory(email="oscar@example.org", display_name="Oscar")


PERSONAS = ["admin_user", "coordinator", "org_admin", "juror", "member", "outsider", "anonymous"]


@pytest.fixture
def as_persona(client, request):
    """``as_persona("member")`` returns (user, client logged in as that persona)."""

    def login(name: str):
        if name == "anonymous":
            return None, client
        user = request.getfixturevalue(name)
        client.force_login(user)
        return user, client

    return login


@pytest.fixture
def deliver_mail():
    """Deliver every e-mail waiting in the outbox, as the worker would; returns the count sent."""
    return notification_services.flush_outbox
