"""The back office: every model is there, searchable and filterable, for the platform admin only."""

import pytest
from django.contrib import admin
from django.urls import reverse

from synergy.notifications.services import notify
from tests.hostile import SCRIPT

pytestmark = pytest.mark.django_db

OUR_APPS = {"accounts", "core", "actors", "notifications"}


def test_every_model_of_ours_is_in_the_back_office():
    from django.apps import apps

    ours = {m for m in apps.get_models() if m._meta.app_label in OUR_APPS}
    assert ours <= set(admin.site._registry)


@pytest.mark.parametrize("model_admin", list(admin.site._registry.values()), ids=lambda a: a.model._meta.label)
def test_every_changelist_search_and_add_page_opens(client, admin_user, organisation, model_admin):
    notify(admin_user, kind="k", title=SCRIPT)
    client.force_login(admin_user)
    meta = model_admin.model._meta
    changelist = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
    assert client.get(changelist).status_code == 200
    if model_admin.search_fields:
        assert client.get(changelist, {"q": SCRIPT}).status_code == 200
    if model_admin.has_add_permission(_request(admin_user)):
        assert client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_add")).status_code == 200


def _request(user):
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = user
    return request


@pytest.mark.parametrize("persona", ["coordinator", "org_admin", "member", "outsider"])
def test_people_without_staff_status_cannot_enter_the_back_office(as_persona, persona):
    _user, client = as_persona(persona)
    response = client.get(reverse("admin:accounts_user_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_granting_a_regional_role_in_the_back_office_records_who_granted_it(client, admin_user, member, region):
    from synergy.accounts.models import RegionRole

    client.force_login(admin_user)
    response = client.post(
        reverse("admin:accounts_regionrole_add"), {"user": member.pk, "region": region.pk, "role": "coordinator"}
    )
    assert response.status_code == 302
    role = RegionRole.objects.get(user=member)
    assert role.granted_by == admin_user
    assert member.has_perm("core.coordinate_region", region)
