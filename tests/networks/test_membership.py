"""Invitations, applications, answers, leaving and roles: the state they leave and who is told."""

import pytest
from django.core import mail
from django.urls import reverse

from synergy.core.exceptions import Refused
from synergy.networks import services
from synergy.networks.models import Member, Network
from synergy.notifications.models import Notification

from ..factories import OrganisationFactory, RegionFactory
from .conftest import admin_of
from .factories import MemberFactory, NetworkFactory

pytestmark = pytest.mark.django_db


def told(user, kind: str) -> int:
    return Notification.objects.filter(recipient=user, kind=kind).count()


def test_invitation_tells_the_invited_organisations_admins_and_mails_them(scene, login, deliver_mail):
    people, outside = scene["people"], scene["rows"]["other_org_admin"]
    login(people["coordinator_admin"]).post(
        reverse("networks:invite", args=[scene["network"].slug]), {"organisation": outside.pk, "message": "Join us"}
    )
    row = scene["network"].members.get(organisation=outside)
    assert row.status == Member.Status.INVITED and row.message == "Join us"
    assert told(people["other_org_admin"], "network.invitation") == 1
    assert told(people["outsider"], "network.invitation") == 0
    deliver_mail()
    assert [m.to for m in mail.outbox] == [[people["other_org_admin"].email]]


def test_inviting_twice_is_refused_with_a_message(scene, login):
    client = login(scene["people"]["coordinator_admin"])
    invited = scene["rows"]["invited_org_admin"]
    response = client.post(
        reverse("networks:invite", args=[scene["network"].slug]), {"organisation": invited.organisation_id}, follow=True
    )
    assert "already a member or invited" in response.content.decode()
    assert scene["network"].members.filter(organisation_id=invited.organisation_id).count() == 1


def test_inviting_an_applicant_accepts_the_application(scene):
    row = scene["rows"]["applicant_org_admin"]
    services.invite(scene["network"], row.organisation, by=scene["people"]["coordinator_admin"])
    row.refresh_from_db()
    assert row.status == Member.Status.ACTIVE
    assert told(scene["people"]["applicant_org_admin"], "network.answer") == 1


def test_application_tells_the_coordinator_organisations_admins_and_the_regions_coordinators(scene, login):
    people, outside = scene["people"], scene["rows"]["other_org_admin"]
    response = login(people["other_org_admin"]).post(
        reverse("networks:apply", args=[scene["network"].slug]), {"organisation": outside.pk, "message": "We print"}
    )
    assert response.status_code == 302
    assert scene["network"].members.get(organisation=outside).status == Member.Status.APPLIED
    assert told(people["coordinator_admin"], "network.application") == 1
    assert told(people["coordinator"], "network.application") == 1
    assert told(people["other_coordinator"], "network.application") == 0
    assert told(people["member"], "network.application") == 0  # a plain member of the coordinator organisation


def test_applying_when_invited_joins_at_once(scene):
    row = scene["rows"]["invited_org_admin"]
    services.apply(scene["network"], row.organisation, by=scene["people"]["invited_org_admin"])
    row.refresh_from_db()
    assert row.status == Member.Status.ACTIVE


def test_accepted_invitation_makes_a_member_and_tells_the_managers(scene, login):
    people, row = scene["people"], scene["rows"]["invited_org_admin"]
    login(people["invited_org_admin"]).post(
        reverse("networks:answer", args=[scene["network"].slug, row.pk]), {"answer": "accept"}
    )
    row.refresh_from_db()
    assert row.status == Member.Status.ACTIVE and row.decided_by == people["invited_org_admin"]
    assert told(people["coordinator_admin"], "network.answer") == 1
    assert told(people["coordinator"], "network.answer") == 1


def test_declined_application_tells_the_applicant(scene, login):
    people, row = scene["people"], scene["rows"]["applicant_org_admin"]
    login(people["coordinator"]).post(
        reverse("networks:answer", args=[scene["network"].slug, row.pk]), {"answer": "decline"}
    )
    row.refresh_from_db()
    assert row.status == Member.Status.DECLINED
    assert told(people["applicant_org_admin"], "network.answer") == 1


def test_an_answer_is_given_once(scene):
    row = scene["rows"]["invited_org_admin"]
    services.answer(row, by=scene["people"]["invited_org_admin"], accept=False)
    with pytest.raises(Refused):
        services.answer(row, by=scene["people"]["invited_org_admin"], accept=True)
    row.refresh_from_db()
    assert row.status == Member.Status.DECLINED


def test_an_organisation_that_left_may_apply_again(scene):
    row = scene["rows"]["member_org_admin"]
    services.leave(row, by=scene["people"]["member_org_admin"])
    row.refresh_from_db()
    assert row.status == Member.Status.LEFT
    again = services.apply(scene["network"], row.organisation, by=scene["people"]["member_org_admin"], message="Back")
    assert again.pk == row.pk and again.status == Member.Status.APPLIED and again.decided_at is None


def test_the_last_coordinator_organisation_cannot_leave(scene, login):
    row = scene["rows"]["coordinator_admin"]
    response = login(scene["people"]["coordinator_admin"]).post(
        reverse("networks:leave", args=[scene["network"].slug, row.pk]), follow=True
    )
    assert "needs a coordinator organisation" in response.content.decode()
    row.refresh_from_db()
    assert row.status == Member.Status.ACTIVE


def test_a_coordinator_may_leave_once_another_is_named(scene):
    people = scene["people"]
    services.change_role(scene["rows"]["member_org_admin"], Member.Role.COORDINATOR, by=people["coordinator"])
    services.leave(scene["rows"]["coordinator_admin"], by=people["coordinator_admin"])
    network = Network.objects.get(pk=scene["network"].pk)
    coordinators = network.members.filter(role=Member.Role.COORDINATOR, status=Member.Status.ACTIVE)
    assert list(coordinators) == [scene["rows"]["member_org_admin"]]
    assert people["member_org_admin"].has_perm("networks.change_network", network)
    assert not people["coordinator_admin"].has_perm("networks.change_network", Network.objects.get(pk=network.pk))


def test_the_last_coordinator_cannot_be_made_a_plain_member(scene):
    with pytest.raises(Refused):
        services.change_role(scene["rows"]["coordinator_admin"], Member.Role.MEMBER, by=scene["people"]["admin"])
    assert scene["network"].members.get(pk=scene["rows"]["coordinator_admin"].pk).role == Member.Role.COORDINATOR


def test_an_organisation_admin_creates_a_network_for_their_organisation_only(organisation, org_admin, login):
    other = OrganisationFactory()
    data = {"name": "N", "description": "d", "key_areas": ["micro_nano"], "coordinator": other.pk}
    response = login(org_admin).post(reverse("networks:create"), data)
    assert response.status_code == 200 and not Network.objects.exists()  # not theirs: the form refuses it
    data["coordinator"] = ""
    assert login(org_admin).post(reverse("networks:create"), data).status_code == 200  # one is required
    data["coordinator"] = organisation.pk
    response = login(org_admin).post(reverse("networks:create"), data)
    network = Network.objects.get()
    assert response.status_code == 302 and response["Location"] == network.get_absolute_url()
    assert network.members.get().organisation == organisation
    assert network.members.get().role == Member.Role.COORDINATOR and network.created_by == org_admin


def test_a_regional_coordinator_creates_a_network_for_their_region_only(region, coordinator, login):
    elsewhere = RegionFactory()
    data = {"name": "N", "description": "d", "key_areas": ["micro_nano"], "region": elsewhere.pk}
    assert login(coordinator).post(reverse("networks:create"), data).status_code == 200
    data["region"] = region.pk
    assert login(coordinator).post(reverse("networks:create"), data).status_code == 302
    network = Network.objects.get()
    assert network.region == region and not network.members.exists()
    assert coordinator.has_perm("networks.change_network", network)


def test_networks_for_matching_are_those_someone_runs(network):
    orphan = NetworkFactory(region=None)
    MemberFactory(network=orphan)  # a plain member, no coordinator, no region
    regional = NetworkFactory(region=RegionFactory())
    assert set(services.networks_for_matching()) == {network, regional}


def test_mine_lists_the_invitations_of_my_organisations(scene, login):
    people = scene["people"]
    response = login(people["invited_org_admin"]).get(reverse("networks:mine"))
    assert response.status_code == 200
    assert (
        reverse("networks:answer", args=[scene["network"].slug, scene["rows"]["invited_org_admin"].pk])
        in response.content.decode()
    )
    response = login(people["outsider"]).get(reverse("networks:mine"))
    assert scene["network"].slug not in response.content.decode()


def test_a_second_admin_of_the_invited_organisation_is_told_too(scene):
    second = admin_of(scene["rows"]["other_org_admin"], "Nina")
    services.invite(scene["network"], scene["rows"]["other_org_admin"], by=scene["people"]["coordinator"])
    assert told(second, "network.invitation") == 1


def test_a_manager_withdraws_an_invitation_and_the_organisation_is_told(scene, login):
    people, row = scene["people"], scene["rows"]["invited_org_admin"]
    login(people["coordinator_admin"]).post(reverse("networks:withdraw", args=[scene["network"].slug, row.pk]))
    row.refresh_from_db()
    assert row.status == Member.Status.WITHDRAWN and row.decided_by == people["coordinator_admin"]
    assert told(people["invited_org_admin"], "network.withdrawn") == 1
    # Withdrawn, it can no longer be accepted; it may be invited again later.
    with pytest.raises(Refused):
        services.answer(row, by=people["invited_org_admin"], accept=True)
    again = services.invite(scene["network"], row.organisation, by=people["coordinator_admin"])
    assert again.pk == row.pk and again.status == Member.Status.INVITED


def test_an_applicant_withdraws_its_application_and_the_managers_are_told(scene, login):
    people, row = scene["people"], scene["rows"]["applicant_org_admin"]
    response = login(people["applicant_org_admin"]).post(
        reverse("networks:withdraw", args=[scene["network"].slug, row.pk]), {"next": "mine"}
    )
    assert response.url == reverse("networks:mine")
    row.refresh_from_db()
    assert row.status == Member.Status.WITHDRAWN
    assert told(people["coordinator_admin"], "network.withdrawn") == 1


@pytest.mark.parametrize(
    ("persona", "row_of", "status"),
    [
        ("invited_org_admin", "invited_org_admin", 403),  # the invited side declines instead
        ("applicant_org_admin", "invited_org_admin", 403),
        ("coordinator_admin", "applicant_org_admin", 403),  # managers decline an application instead
        ("other_coordinator", "invited_org_admin", 403),
        ("member_org_admin", "member_org_admin", 403),  # an active member leaves instead
    ],
)
def test_only_the_side_that_asked_withdraws(scene, login, persona, row_of, status):
    row = scene["rows"][row_of]
    response = login(scene["people"][persona]).post(reverse("networks:withdraw", args=[scene["network"].slug, row.pk]))
    assert response.status_code == status
    assert Member.objects.get(pk=row.pk).status == row.status


def test_a_manager_removes_a_member_who_is_told_but_not_the_last_coordinator(scene, login):
    people, row = scene["people"], scene["rows"]["member_org_admin"]
    client = login(people["coordinator"])
    client.post(reverse("networks:remove", args=[scene["network"].slug, row.pk]))
    row.refresh_from_db()
    assert row.status == Member.Status.REMOVED
    assert told(people["member_org_admin"], "network.removed") == 1
    last = scene["rows"]["coordinator_admin"]
    response = client.post(reverse("networks:remove", args=[scene["network"].slug, last.pk]), follow=True)
    assert "needs a coordinator organisation" in response.content.decode()
    assert Member.objects.get(pk=last.pk).status == Member.Status.ACTIVE
    assert (
        login(people["member_org_admin"])
        .post(reverse("networks:remove", args=[scene["network"].slug, last.pk]))
        .status_code
        == 403
    )


def test_an_invitation_withdrawn_and_replaced_by_an_application_is_not_answered_by_the_invited_side(scene):
    """The invited side's answer was allowed for the invitation it read; meanwhile that became an application."""
    people, row = scene["people"], scene["rows"]["invited_org_admin"]
    as_read = Member.objects.get(pk=row.pk)  # what the invited admin's request checked its right against
    services.withdraw(row, by=people["coordinator_admin"])
    services.apply(scene["network"], row.organisation, by=people["invited_org_admin"])
    with pytest.raises(Refused):
        services.answer(as_read, by=people["invited_org_admin"], accept=True)
    assert Member.objects.get(pk=row.pk).status == Member.Status.APPLIED
