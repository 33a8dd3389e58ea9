"""The permission matrix for shared infrastructure: provider admin, taker, outsider, coordinator…"""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from synergy.facilities import services

from ..factories import ItemFactory, RegionFactory, RegionRoleFactory, UserFactory

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "outsider", "taker", "provider_admin", "coordinator", "other_coordinator", "admin"]
# perm → item published? → who may. Platform admins pass every check, as Django's superusers do.
ITEM_MATRIX = {
    "view_item": {True: set(PERSONAS), False: {"provider_admin", "admin"}},
    "change_item": {True: {"provider_admin", "admin"}, False: {"provider_admin", "admin"}},
    "request_access": {True: {"outsider", "taker", "coordinator", "other_coordinator", "admin"}, False: {"admin"}},
}
REQUEST_MATRIX = {
    "view_request": {"taker", "provider_admin", "admin"},
    "negotiate": {"taker", "provider_admin", "admin"},
}


@pytest.fixture
def people(organisation, org_admin, coordinator, admin_user, outsider):
    return {
        "anonymous": None, "outsider": outsider, "taker": UserFactory(display_name="Tara"),
        "provider_admin": org_admin, "coordinator": coordinator,
        "other_coordinator": RegionRoleFactory(region=RegionFactory()).user, "admin": admin_user,
    }  # fmt: skip


def allowed(user, perm, obj) -> bool:
    return (user or AnonymousUser()).has_perm(f"facilities.{perm}", obj)


@pytest.mark.parametrize("published", [True, False])
def test_item_permissions(organisation, people, published):
    item = ItemFactory(provider=organisation, published=published)
    for perm, table in ITEM_MATRIX.items():
        for persona in PERSONAS:
            assert allowed(people[persona], perm, item) == (persona in table[published]), (perm, published, persona)


def test_request_permissions(organisation, people):
    item = ItemFactory(provider=organisation)
    start = timezone.now() + timedelta(days=2)
    access_request = services.request_access(
        item, people["taker"], purpose="p", needs="", starts_at=start, ends_at=start + timedelta(hours=2)
    )
    for perm, may in REQUEST_MATRIX.items():
        for persona in PERSONAS:
            assert allowed(people[persona], perm, access_request) == (persona in may), (perm, persona)


def test_who_shares_and_who_reads_reports(region, people):
    sharers = {persona for persona in PERSONAS if allowed(people[persona], "add_item", None)}
    assert sharers == {"provider_admin", "admin"}
    readers = {persona for persona in PERSONAS if allowed(people[persona], "view_region_report", region)}
    assert readers == {"coordinator", "admin"}


def test_a_platform_admin_without_a_side_cannot_negotiate(organisation, people):
    item = ItemFactory(provider=organisation)
    start = timezone.now() + timedelta(days=2)
    access_request = services.request_access(
        item, people["taker"], purpose="p", needs="", starts_at=start, ends_at=start + timedelta(hours=2)
    )
    with pytest.raises(services.Refused, match="Only the provider and the taker"):
        services.accept_terms(access_request, people["admin"])
