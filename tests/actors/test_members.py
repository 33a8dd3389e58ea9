import pytest
from django.urls import reverse

from synergy.actors import services
from synergy.actors.models import JoinRequest, Membership
from synergy.core.exceptions import Refused
from synergy.notifications.models import Notification
from tests.actors.factories import JoinRequestFactory
from tests.factories import MembershipFactory, UserFactory
from tests.hostile import EMOJI, SCRIPT

pytestmark = pytest.mark.django_db


def test_outsider_asks_to_join_and_the_admins_are_told(client, outsider, org_admin, organisation, deliver_mail):
    from django.core import mail

    client.force_login(outsider)
    response = client.post(reverse("actors:join", args=[organisation.slug]), {"message": f"Hi {SCRIPT} {EMOJI}"})
    assert response.status_code == 302
    join_request = JoinRequest.objects.get(organisation=organisation, user=outsider)
    assert join_request.status == JoinRequest.Status.PENDING
    assert join_request.message == f"Hi {SCRIPT} {EMOJI}"
    assert Notification.objects.filter(recipient=org_admin, kind="actors.join_requested").exists()
    assert not Notification.objects.filter(recipient=outsider).exists()
    deliver_mail()
    assert [m.to for m in mail.outbox] == [[org_admin.email]]


def test_asking_twice_is_refused_with_a_message(client, outsider, org_admin, organisation):
    client.force_login(outsider)
    client.post(reverse("actors:join", args=[organisation.slug]), {"message": ""})
    response = client.post(reverse("actors:join", args=[organisation.slug]), {"message": ""}, follow=True)
    assert "already waiting for an answer" in response.content.decode()
    assert JoinRequest.objects.filter(user=outsider).count() == 1


@pytest.mark.parametrize(("persona", "status"), [("member", 403), ("org_admin", 403), ("anonymous", 302)])
def test_members_and_visitors_cannot_ask_to_join(as_persona, organisation, persona, status):
    _user, client = as_persona(persona)
    assert client.post(reverse("actors:join", args=[organisation.slug]), {}).status_code == status
    assert not JoinRequest.objects.exists()


def test_admin_accepts_and_the_person_becomes_a_member(client, org_admin, outsider, organisation):
    join_request = JoinRequestFactory(organisation=organisation, user=outsider)
    client.force_login(org_admin)
    url = reverse("actors:answer_request", args=[organisation.slug, join_request.pk])
    assert client.post(url, {"action": "accept"}).status_code == 302
    join_request.refresh_from_db()
    assert join_request.status == JoinRequest.Status.ACCEPTED
    assert join_request.decided_by == org_admin
    assert Membership.objects.get(organisation=organisation, user=outsider).role == Membership.Role.MEMBER
    assert Notification.objects.filter(recipient=outsider, kind="actors.join_answered").exists()
    organisation.refresh_from_db()
    assert organisation.is_active_on_platform  # answering a request is activity on the platform


def test_admin_declines_and_no_membership_is_made(client, org_admin, outsider, organisation):
    join_request = JoinRequestFactory(organisation=organisation, user=outsider)
    client.force_login(org_admin)
    client.post(reverse("actors:answer_request", args=[organisation.slug, join_request.pk]), {"action": "decline"})
    join_request.refresh_from_db()
    assert join_request.status == JoinRequest.Status.DECLINED
    assert not Membership.objects.filter(user=outsider).exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("member", 403), ("coordinator", 403), ("outsider", 403), ("juror", 403), ("anonymous", 302), ("admin_user", 302)],
)
def test_only_the_organisations_admins_and_platform_admins_answer_requests(as_persona, organisation, persona, status):
    join_request = JoinRequestFactory(organisation=organisation, user=UserFactory())
    _user, client = as_persona(persona)
    response = client.post(
        reverse("actors:answer_request", args=[organisation.slug, join_request.pk]), {"action": "accept"}
    )
    assert response.status_code == status
    join_request.refresh_from_db()
    expected = JoinRequest.Status.ACCEPTED if persona == "admin_user" else JoinRequest.Status.PENDING
    assert join_request.status == expected


def test_admin_of_another_organisation_cannot_answer(client, organisation):
    other_admin = MembershipFactory(role=Membership.Role.ADMIN).user
    join_request = JoinRequestFactory(organisation=organisation)
    client.force_login(other_admin)
    response = client.post(
        reverse("actors:answer_request", args=[organisation.slug, join_request.pk]), {"action": "accept"}
    )
    assert response.status_code == 403


def test_an_answered_request_cannot_be_answered_again(org_admin, organisation):
    join_request = JoinRequestFactory(organisation=organisation)
    services.answer_join_request(join_request, org_admin, accept=False)
    with pytest.raises(Refused):
        services.answer_join_request(join_request, org_admin, accept=True)
    assert not Membership.objects.filter(user=join_request.user).exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("org_admin", 200), ("admin_user", 200), ("member", 403), ("outsider", 403), ("anonymous", 302)],
)
def test_member_list_is_for_the_organisations_admins(as_persona, organisation, member, persona, status):
    _user, client = as_persona(persona)
    response = client.get(reverse("actors:members", args=[organisation.slug]))
    assert response.status_code == status
    if status == 200:
        assert member.email in response.content.decode()


def test_admin_changes_a_role_and_removes_a_member(client, org_admin, member, organisation):
    membership = Membership.objects.get(user=member)
    client.force_login(org_admin)
    url = reverse("actors:member_action", args=[organisation.slug, membership.pk])
    client.post(url, {"action": "role", "role": "admin"})
    membership.refresh_from_db()
    assert membership.role == Membership.Role.ADMIN
    client.post(url, {"action": "remove"})
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_the_last_admin_is_never_demoted_or_removed(client, org_admin, organisation):
    membership = Membership.objects.get(user=org_admin)
    client.force_login(org_admin)
    url = reverse("actors:member_action", args=[organisation.slug, membership.pk])
    response = client.post(url, {"action": "role", "role": "member"}, follow=True)
    assert "at least one administrator" in response.content.decode()
    client.post(url, {"action": "remove"})
    membership.refresh_from_db()
    assert membership.role == Membership.Role.ADMIN


def test_a_member_of_another_organisation_cannot_be_touched_through_this_one(client, org_admin, organisation):
    elsewhere = MembershipFactory()
    client.force_login(org_admin)
    response = client.post(
        reverse("actors:member_action", args=[organisation.slug, elsewhere.pk]), {"action": "remove"}
    )
    assert response.status_code == 404
    assert Membership.objects.filter(pk=elsewhere.pk).exists()


def test_an_unknown_role_is_refused(client, org_admin, member, organisation):
    membership = Membership.objects.get(user=member)
    client.force_login(org_admin)
    client.post(
        reverse("actors:member_action", args=[organisation.slug, membership.pk]), {"action": "role", "role": "owner"}
    )
    membership.refresh_from_db()
    assert membership.role == Membership.Role.MEMBER


def test_personal_data_export_and_erase_cover_requests_and_profiles(outsider, organisation):
    from synergy.accounts import personal_data
    from tests.actors.factories import PersonProfileFactory

    JoinRequestFactory(organisation=organisation, user=outsider, message="Let me in")
    PersonProfileFactory(user=outsider, expertise="Welding")
    sections = {section.name: section for section in personal_data.sections()}
    assert sections["join_requests"].export(outsider)[0]["message"] == "Let me in"
    assert sections["actor_profile"].export(outsider)["expertise"] == "Welding"
    for name in ("join_requests", "actor_profile"):
        sections[name].erase(outsider)
    assert not JoinRequest.objects.filter(user=outsider).exists()
    assert sections["actor_profile"].export(outsider) == {}


def test_nobody_can_ask_to_join_an_organisation_that_has_no_administrator_to_answer(client, outsider, organisation):
    client.force_login(outsider)
    response = client.post(reverse("actors:join", args=[organisation.slug]), {"message": "Hello"})
    assert response.status_code == 403
    assert not JoinRequest.objects.exists()
