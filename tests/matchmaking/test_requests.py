"""Collaboration requests: who sends, who answers, and who sees contact details (both sides, once accepted)."""

import pytest
from django.core import mail
from django.urls import reverse

from synergy.actors.models import Membership
from synergy.matchmaking import services
from synergy.matchmaking.models import CollaborationRequest
from synergy.notifications.models import Notification
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.hostile import EMOJI, LONG, RTL, SCRIPT

from .factories import listed_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def target(organisation):
    organisation.contact_email = "hello@target.example"
    organisation.save()
    return organisation


@pytest.fixture
def sent(outsider, target, org_admin):
    return services.send_request(outsider, organisation=target, subject="Work together?", message="We print.")


def ask(client, target, **data):
    return client.post(
        reverse("matchmaking:ask_organisation", args=[target.slug]),
        {"subject": "Joint project", "message": "Shall we?", **data},
    )


def test_member_sends_a_request_and_the_organisations_admins_are_told(client, outsider, target, org_admin):
    client.force_login(outsider)
    response = ask(client, target)
    collaboration = CollaborationRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("matchmaking:request", args=[collaboration.pk])
    assert collaboration.sender == outsider and collaboration.organisation == target
    assert Notification.objects.filter(recipient=org_admin, kind="matchmaking.request").count() == 1


def test_anonymous_visitor_is_sent_to_sign_in(client, target):
    response = ask(client, target)
    assert response.status_code == 302 and "login" in response["Location"]
    assert not CollaborationRequest.objects.exists()


def test_an_admin_cannot_ask_their_own_organisation(client, org_admin, target):
    client.force_login(org_admin)
    assert ask(client, target).status_code == 403
    assert not CollaborationRequest.objects.exists()


def test_a_second_pending_request_is_refused_with_a_message(client, outsider, target, sent):
    client.force_login(outsider)
    response = ask(client, target)
    assert response.status_code == 200
    assert "still waiting" in response.content.decode()
    assert CollaborationRequest.objects.count() == 1


def test_on_behalf_of_only_an_organisation_one_belongs_to(outsider, target):
    other = OrganisationFactory()
    with pytest.raises(services.Refused):
        services.send_request(outsider, organisation=target, subject="s", message="m", on_behalf_of=other)


@pytest.mark.parametrize("text", [SCRIPT, RTL, EMOJI])
def test_hostile_subject_and_message_round_trip_escaped(client, outsider, target, org_admin, text):
    client.force_login(outsider)
    ask(client, target, subject=text[:200], message=text)
    collaboration = CollaborationRequest.objects.get()
    assert collaboration.message == text
    page = client.get(reverse("matchmaking:request", args=[collaboration.pk])).content.decode()
    assert SCRIPT not in page


def test_a_message_too_long_gets_a_clear_message(client, outsider, target):
    client.force_login(outsider)
    response = ask(client, target, message=LONG)
    assert response.status_code == 200
    assert "at most 5000 characters" in response.content.decode() or "5000" in response.content.decode()
    assert not CollaborationRequest.objects.exists()


def _page(client, user, collaboration):
    if user is not None:
        client.force_login(user)
    return client.get(reverse("matchmaking:request", args=[collaboration.pk]))


@pytest.mark.parametrize(
    ("persona", "status"),
    [("outsider", 200), ("org_admin", 200), ("member", 403), ("coordinator", 403), ("admin_user", 403)],
)
def test_only_the_two_sides_see_a_request_not_even_a_platform_admin(as_persona, sent, persona, status):
    _user, client = as_persona(persona)
    assert client.get(reverse("matchmaking:request", args=[sent.pk])).status_code == status


def test_anonymous_cannot_see_a_request(client, sent):
    assert client.get(reverse("matchmaking:request", args=[sent.pk])).status_code == 302


def test_no_contact_details_before_acceptance(client, outsider, org_admin, sent):
    assert "hello@target.example" not in _page(client, outsider, sent).content.decode()
    assert outsider.email not in _page(client, org_admin, sent).content.decode()
    assert services.contact_details(sent, outsider) is None


def test_after_acceptance_both_sides_see_each_others_contact_details(client, outsider, org_admin, member, sent):
    services.answer_request(sent, org_admin, accept=True, answer="Gladly")
    assert "hello@target.example" in _page(client, outsider, sent).content.decode()
    assert outsider.email in _page(client, org_admin, sent).content.decode()
    assert services.contact_details(sent, member) is None  # a plain member of the organisation is no side


def test_without_a_contact_address_the_sender_sees_only_the_address_of_the_admin_who_accepted(
    outsider, org_admin, target, sent
):
    from tests.factories import MembershipFactory, UserFactory

    other_admin = UserFactory(email="second.admin@example.org")
    MembershipFactory(user=other_admin, organisation=target, role="admin")
    target.contact_email = ""
    target.save()
    services.answer_request(sent, org_admin, accept=True)
    sent.refresh_from_db()
    assert services.contact_details(sent, outsider).emails == [org_admin.email]


def test_declined_request_shows_no_contact_details(client, outsider, org_admin, sent):
    services.answer_request(sent, org_admin, accept=False, answer="Not now")
    assert services.contact_details(sent, outsider) is None
    assert "hello@target.example" not in _page(client, outsider, sent).content.decode()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("org_admin", 302), ("outsider", 403), ("member", 403), ("coordinator", 403), ("admin_user", 403)],
)
def test_only_the_recipients_admins_answer(as_persona, sent, persona, status):
    _user, client = as_persona(persona)
    response = client.post(reverse("matchmaking:answer", args=[sent.pk]), {"decision": "accept", "answer": "ok"})
    assert response.status_code == status
    sent.refresh_from_db()
    assert sent.status == ("accepted" if status == 302 else "pending")


def test_accepting_tells_the_sender_by_mail(
    client, org_admin, outsider, sent, deliver_mail, django_capture_on_commit_callbacks
):
    client.force_login(org_admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("matchmaking:answer", args=[sent.pk]), {"decision": "accept", "answer": "Yes!"})
    deliver_mail()
    sent.refresh_from_db()
    assert sent.status == "accepted" and sent.answer == "Yes!" and sent.decided_by == org_admin
    assert any(outsider.email in message.to for message in mail.outbox)


def test_an_answer_without_a_decision_keeps_the_typed_text_and_says_what_is_missing(client, org_admin, sent):
    client.force_login(org_admin)
    response = client.post(reverse("matchmaking:answer", args=[sent.pk]), {"answer": "Gladly — call me 🙂"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Choose whether to accept or decline the request." in body
    assert "Gladly — call me 🙂" in body
    sent.refresh_from_db()
    assert sent.status == "pending"


def test_an_answered_request_cannot_be_answered_again(client, org_admin, sent):
    services.answer_request(sent, org_admin, accept=False)
    client.force_login(org_admin)
    response = client.post(reverse("matchmaking:answer", args=[sent.pk]), {"decision": "accept"})
    assert response.status_code == 403
    sent.refresh_from_db()
    assert sent.status == "declined"


@pytest.mark.parametrize(("persona", "status"), [("outsider", 302), ("org_admin", 403), ("member", 403)])
def test_only_the_sender_withdraws(as_persona, sent, persona, status):
    _user, client = as_persona(persona)
    assert client.post(reverse("matchmaking:withdraw", args=[sent.pk])).status_code == status
    sent.refresh_from_db()
    assert sent.status == ("withdrawn" if status == 302 else "pending")


def test_a_listed_person_receives_answers_and_is_the_only_recipient(client, outsider):
    person = listed_person(expertise="polymer chemistry", email="pola@example.org")
    collaboration = services.send_request(outsider, person=person, subject="Hi", message="Help?")
    assert services.is_recipient(person, collaboration)
    services.answer_request(collaboration, person, accept=True)
    collaboration.refresh_from_db()
    assert services.contact_details(collaboration, outsider).emails == ["pola@example.org"]
    assert services.contact_details(collaboration, person).emails == [outsider.email]


def test_an_unlisted_person_cannot_be_asked(client, outsider):
    person = listed_person(expertise="x", listed=False)
    client.force_login(outsider)
    response = client.get(reverse("matchmaking:ask_person", args=[person.pk]))
    assert response.status_code == 404
    with pytest.raises(services.Refused):
        services.send_request(outsider, person=person, subject="s", message="m")


def test_another_organisations_admin_does_not_answer(sent):
    stranger = UserFactory()
    MembershipFactory(user=stranger, organisation=OrganisationFactory(), role=Membership.Role.ADMIN)
    with pytest.raises(services.Refused):
        services.answer_request(sent, stranger, accept=True)


def test_my_requests_lists_sent_and_received_in_few_queries(
    client, outsider, org_admin, target, django_assert_max_num_queries
):
    for n in range(5):
        services.send_request(UserFactory(), organisation=target, subject=f"S{n}", message="m")
    client.force_login(org_admin)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("matchmaking:requests"), {"view": "received"})
    assert response.status_code == 200
    assert response.content.decode().count('<th scope="row">') == 5
