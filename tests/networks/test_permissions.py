"""The role matrix of networks, as rules and through every page and action.

Personas (conftest.py): Otto administers the coordinator organisation, Mia is a plain member of it,
Mona, Ivan and Alma administer an active, an invited and an applicant organisation, Nora one
outside the network; Cora coordinates the network's region, Olga another; Ada is the platform
admin, who passes every check as Django's superusers do.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from synergy.accounts.models import RegionRole
from synergy.actors.models import Membership
from synergy.networks.models import Member, Network, Revision

from .conftest import MANAGERS, ORGANISATION_ADMINS, PERSONAS, SIGNED_IN

pytestmark = pytest.mark.django_db

CREATORS = ORGANISATION_ADMINS | {"coordinator", "other_coordinator", "admin"}
NETWORK_MATRIX = {
    "view_network": set(PERSONAS),
    "add_network": CREATORS,
    "use_assistant": CREATORS,
    "change_network": MANAGERS,
    "invite": MANAGERS,
    "see_pending": MANAGERS,
    "apply": {"other_org_admin", "admin"},
    "change_analysis": MANAGERS | {"member_org_admin"},
    "view_history": SIGNED_IN,
}
# (whose row, permission) -> who may
MEMBER_MATRIX = {
    ("invited_org_admin", "answer_invitation"): {"invited_org_admin", "admin"},
    ("applicant_org_admin", "answer_invitation"): {"admin"},
    ("applicant_org_admin", "answer_application"): MANAGERS,
    ("invited_org_admin", "answer_application"): {"admin"},
    ("member_org_admin", "leave"): {"member_org_admin", "admin"},
    ("coordinator_admin", "leave"): {"coordinator_admin", "admin"},  # the service then refuses the last coordinator
    ("invited_org_admin", "leave"): {"admin"},
    ("member_org_admin", "change_role"): MANAGERS,
    ("applicant_org_admin", "change_role"): {"admin"},
}


def allowed(user, perm: str, obj=None) -> bool:
    return (user or AnonymousUser()).has_perm(f"networks.{perm}", obj)


def test_network_permissions(scene):
    for perm, may in NETWORK_MATRIX.items():
        for persona in PERSONAS:
            assert allowed(scene["people"][persona], perm, scene["network"]) == (persona in may), (perm, persona)


def test_member_permissions(scene):
    for (row, perm), may in MEMBER_MATRIX.items():
        for persona in PERSONAS:
            got = allowed(scene["people"][persona], perm, scene["rows"][row])
            assert got == (persona in may), (row, perm, persona)


def test_a_coordinator_of_another_region_does_not_run_the_network(scene):
    assert not allowed(scene["people"]["other_coordinator"], "change_network", scene["network"])


def test_a_network_without_region_is_not_run_by_regional_coordinators(scene):
    network = scene["network"]
    network.region = None
    network.save()
    assert not allowed(scene["people"]["coordinator"], "change_network", network)
    assert allowed(scene["people"]["coordinator_admin"], "change_network", network)


def _expect(response, persona: str, may: set[str]) -> None:
    if persona in may:
        assert response.status_code in (200, 302), (persona, response.status_code)
        if response.status_code == 302:
            assert "login" not in response["Location"], persona
    elif persona == "anonymous":
        assert response.status_code == 302 and "login" in response["Location"]
    else:
        assert response.status_code == 403, (persona, response.status_code)


PAGES = {
    "list": (False, set(PERSONAS)),
    "create": (False, CREATORS),
    "assistant": (False, CREATORS),
    "mine": (False, SIGNED_IN),
    "detail": (True, set(PERSONAS)),
    "edit": (True, MANAGERS),
    "invite": (True, MANAGERS),
    "apply": (True, {"other_org_admin", "admin"}),
    "analysis": (True, MANAGERS | {"member_org_admin"}),
    "history": (True, SIGNED_IN),
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_opens_which_page(scene, login, persona):
    client = login(scene["people"][persona])
    for name, (takes_slug, may) in PAGES.items():
        url = reverse(f"networks:{name}", args=[scene["network"].slug] if takes_slug else [])
        _expect(client.get(url), persona, may)


def _administered(user):
    membership = Membership.objects.filter(user=user, role=Membership.Role.ADMIN).first() if user else None
    return membership.organisation_id if membership else ""


def _who_runs_it(user, network) -> dict:
    """An organisation the person administers, else a region they coordinate (any, for the platform admin)."""
    if _administered(user):
        return {"coordinator": _administered(user)}
    role = RegionRole.objects.filter(user=user).first() if user else None
    return {"region": role.region_id if role else network.region_id}


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_creates_a_network(scene, login, persona):
    user = scene["people"][persona]
    data = {"name": "Printers of the Alps", "description": "d", "key_areas": ["industry_40"]}
    data.update(_who_runs_it(user, scene["network"]))
    response = login(user).post(reverse("networks:create"), data)
    _expect(response, persona, CREATORS)
    created = Network.objects.filter(name="Printers of the Alps").first()
    assert (created is not None) == (persona in CREATORS)
    if created and "coordinator" in data:
        assert created.members.get().organisation_id == data["coordinator"]


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_edits_a_network(scene, login, persona):
    network = scene["network"]
    data = {"name": "Renamed", "description": "new", "key_areas": ["micro_nano"], "region": network.region_id}
    _expect(
        login(scene["people"][persona]).post(reverse("networks:edit", args=[network.slug]), data), persona, MANAGERS
    )
    network.refresh_from_db()
    assert (network.name == "Renamed") == (persona in MANAGERS)


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_invites(scene, login, persona):
    network, outside = scene["network"], scene["rows"]["other_org_admin"]
    response = login(scene["people"][persona]).post(
        reverse("networks:invite", args=[network.slug]), {"organisation": outside.pk}
    )
    _expect(response, persona, MANAGERS)
    assert network.members.filter(organisation=outside, status=Member.Status.INVITED).exists() == (persona in MANAGERS)


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_applies(scene, login, persona):
    network, outside = scene["network"], scene["rows"]["other_org_admin"]
    response = login(scene["people"][persona]).post(
        reverse("networks:apply", args=[network.slug]), {"organisation": outside.pk}
    )
    _expect(response, persona, {"other_org_admin", "admin"})
    # Ada passes the check but administers no organisation: the form offers her none.
    applied = network.members.filter(organisation=outside, status=Member.Status.APPLIED).exists()
    assert applied == (persona == "other_org_admin")


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_answers_an_invitation(scene, login, persona):
    row = scene["rows"]["invited_org_admin"]
    url = reverse("networks:answer", args=[scene["network"].slug, row.pk])
    may = {"invited_org_admin", "admin"}
    _expect(login(scene["people"][persona]).post(url, {"answer": "accept"}), persona, may)
    row.refresh_from_db()
    assert (row.status == Member.Status.ACTIVE) == (persona in may)


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_answers_an_application(scene, login, persona):
    row = scene["rows"]["applicant_org_admin"]
    url = reverse("networks:answer", args=[scene["network"].slug, row.pk])
    _expect(login(scene["people"][persona]).post(url, {"answer": "decline"}), persona, MANAGERS)
    row.refresh_from_db()
    assert (row.status == Member.Status.DECLINED) == (persona in MANAGERS)


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_makes_an_organisation_leave(scene, login, persona):
    row = scene["rows"]["member_org_admin"]
    url = reverse("networks:leave", args=[scene["network"].slug, row.pk])
    may = {"member_org_admin", "admin"}
    _expect(login(scene["people"][persona]).post(url), persona, may)
    row.refresh_from_db()
    assert (row.status == Member.Status.LEFT) == (persona in may)


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_changes_a_role(scene, login, persona):
    row = scene["rows"]["member_org_admin"]
    url = reverse("networks:role", args=[scene["network"].slug, row.pk])
    _expect(login(scene["people"][persona]).post(url, {"role": "coordinator"}), persona, MANAGERS)
    row.refresh_from_db()
    assert (row.role == Member.Role.COORDINATOR) == (persona in MANAGERS)


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_edits_the_analysis(scene, login, persona):
    network = scene["network"]
    may = MANAGERS | {"member_org_admin"}
    response = login(scene["people"][persona]).post(
        reverse("networks:analysis", args=[network.slug]), {"strengths": "We print fast."}
    )
    _expect(response, persona, may)
    assert Revision.objects.filter(network=network).exists() == (persona in may)


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_forms_a_network_with_the_assistant(scene, login, persona):
    data = {"key_area": "additive_manufacturing", "size": 4, "threshold": 0, "name": "Formed", "description": "d"}
    data.update(_who_runs_it(scene["people"][persona], scene["network"]))
    data["organisations"] = [scene["rows"]["other_org_admin"].pk]
    from .factories import CompetenceFactory

    CompetenceFactory(organisation=scene["rows"]["other_org_admin"])
    response = login(scene["people"][persona]).post(reverse("networks:assistant"), data)
    _expect(response, persona, CREATORS)
    assert Network.objects.filter(name="Formed").exists() == (persona in CREATORS)


def test_a_get_never_changes_anything(scene, login):
    row = scene["rows"]["invited_org_admin"]
    client = login(scene["people"]["invited_org_admin"])
    assert client.get(reverse("networks:answer", args=[scene["network"].slug, row.pk])).status_code == 405
    row.refresh_from_db()
    assert row.status == Member.Status.INVITED
