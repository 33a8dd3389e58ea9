from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from synergy.trainings import services
from synergy.trainings.models import Registration
from tests.factories import TrainingFactory, UserFactory

pytestmark = pytest.mark.django_db


def _register(client, training, **data):
    return client.post(reverse("trainings:register", args=[training.slug]), data, follow=True)


def test_member_registers_in_one_click_and_gets_a_confirmation(client, member, deliver_mail):
    training = TrainingFactory(capacity=2)
    client.force_login(member)
    response = _register(client, training, share_contact="on")
    assert "You are registered" in response.content.decode()
    registration = Registration.objects.get(training=training, user=member)
    assert registration.status == "confirmed"
    assert registration.share_contact is True
    deliver_mail()
    assert mail.outbox[-1].to == [member.email]
    assert "You are registered" in mail.outbox[-1].subject


def test_a_full_training_puts_the_registrant_on_the_waitlist(client):
    training = TrainingFactory(capacity=1)
    first, second = UserFactory(), UserFactory()
    services.register_participant(training, first, share_contact=False)
    client.force_login(second)
    body = _register(client, training).content.decode()
    assert "waitlist" in body
    assert Registration.objects.get(user=second).status == "waitlisted"
    assert "number 1" in client.get(training.get_absolute_url()).content.decode()


def test_cancelling_a_place_promotes_the_first_waiting_person_and_tells_them(deliver_mail):
    training = TrainingFactory(capacity=1)
    first, second, third = UserFactory(), UserFactory(), UserFactory()
    place = services.register_participant(training, first, share_contact=False)
    services.register_participant(training, second, share_contact=False)
    services.register_participant(training, third, share_contact=False)
    promoted = services.cancel_registration(place)
    assert promoted.user == second
    assert promoted.status == "confirmed" and promoted.promoted_at is not None
    assert Registration.objects.get(user=third).status == "waitlisted"
    deliver_mail()
    assert any(m.to == [second.email] and "A place is free" in m.subject for m in mail.outbox)


def test_cancelling_a_waitlisted_place_promotes_nobody():
    training = TrainingFactory(capacity=1)
    services.register_participant(training, UserFactory(), share_contact=False)
    waiting = services.register_participant(training, UserFactory(), share_contact=False)
    assert services.cancel_registration(waiting) is None
    assert training.registrations.filter(status="confirmed").count() == 1


def test_registering_twice_is_refused_with_a_message(client, member):
    training = TrainingFactory()
    client.force_login(member)
    _register(client, training)
    body = _register(client, training).content.decode()
    assert "already registered" in body
    assert Registration.objects.filter(user=member).count() == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"status": "cancelled"}, "has been cancelled"),
        ({"registration_deadline": timezone.now() - timedelta(minutes=1)}, "deadline has passed"),
        ({"status": "registration_closed"}, "not open for registration"),
    ],
)
def test_registration_is_refused_when_the_rules_say_no(member, changes, message):
    training = TrainingFactory(**changes)
    with pytest.raises(services.RegistrationRefused, match=message):
        services.register_participant(training, member, share_contact=False)


def test_a_member_without_a_stakeholder_type_is_asked_for_one(client):
    person = UserFactory(stakeholder_type="")
    training = TrainingFactory()
    client.force_login(person)
    page = client.get(training.get_absolute_url()).content.decode()
    assert 'name="stakeholder_type"' in page
    body = _register(client, training).content.decode()
    assert "in which role you take part" in body
    _register(client, training, stakeholder_type="ngo")
    person.refresh_from_db()
    assert person.stakeholder_type == "ngo"
    assert Registration.objects.filter(user=person, status="confirmed").exists()


def test_re_registering_after_cancelling_is_allowed(member):
    training = TrainingFactory()
    services.cancel_registration(services.register_participant(training, member, share_contact=False))
    again = services.register_participant(training, member, share_contact=False)
    assert again.status == "confirmed"


def test_the_webinar_link_is_shown_only_to_registered_people(client, member, outsider):
    training = TrainingFactory()
    services.register_participant(training, member, share_contact=False)
    client.force_login(outsider)
    assert "secret-room" not in client.get(training.get_absolute_url()).content.decode()
    client.force_login(member)
    assert "secret-room" in client.get(training.get_absolute_url()).content.decode()


def test_drafts_are_hidden_from_the_public(client, outsider):
    training = TrainingFactory(status="draft")
    assert client.get(training.get_absolute_url()).status_code == 403
    assert training.title not in client.get(reverse("trainings:list")).content.decode()


def test_anonymous_visitors_are_asked_to_log_in(client):
    training = TrainingFactory()
    assert "Log in to register" in client.get(training.get_absolute_url()).content.decode()
    response = client.post(reverse("trainings:register", args=[training.slug]))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_my_trainings_lists_my_active_registrations(client, member):
    mine = TrainingFactory(title="Mine")
    TrainingFactory(title="Not mine")
    services.register_participant(mine, member, share_contact=False)
    client.force_login(member)
    body = client.get(reverse("trainings:mine")).content.decode()
    assert "Mine" in body and "Not mine" not in body


def test_deleting_an_account_keeps_the_place_counted_but_withdraws_contact_consent(member):
    from synergy.accounts.services import delete_account

    training = TrainingFactory()
    services.register_participant(training, member, share_contact=True)
    delete_account(member)
    registration = Registration.objects.get(training=training)
    assert registration.share_contact is False


def test_the_confirmation_mail_carries_the_training_as_an_ics_event(member, deliver_mail):
    from icalendar import Calendar

    training = TrainingFactory()
    services.register_participant(training, member, share_contact=False)
    deliver_mail()
    attachment = next(a for a in mail.outbox[-1].message().walk() if a.get_filename() == "training.ics")
    event = Calendar.from_ical(attachment.get_payload(decode=True)).walk("VEVENT")[0]
    assert str(event["summary"]) == training.title
    assert event.decoded("dtstart") == training.starts_at.replace(microsecond=0)
    assert "secret-room" in str(event["description"])  # the registrant may see the webinar link


def test_reminders_go_once_to_confirmed_people_the_day_before(deliver_mail):
    soon = timezone.now() + timedelta(hours=20)
    training = TrainingFactory(starts_at=soon, ends_at=soon + timedelta(hours=2), registration_deadline=soon)
    later = TrainingFactory()  # in ten days
    confirmed, waiting, other = UserFactory(), UserFactory(), UserFactory()
    training.capacity = 1
    training.save()
    services.register_participant(training, confirmed, share_contact=False)
    services.register_participant(training, waiting, share_contact=False)
    services.register_participant(later, other, share_contact=False)
    deliver_mail()
    mail.outbox.clear()
    assert services.send_reminders() == 1
    assert services.send_reminders() == 0
    deliver_mail()
    assert [m.to for m in mail.outbox] == [[confirmed.email]]
    assert "Tomorrow" in mail.outbox[0].subject


def test_region_feed_lists_public_trainings_without_webinar_links(client, region):
    from icalendar import Calendar

    TrainingFactory(region=region, title="Published one")
    TrainingFactory(region=region, title="Draft one", status="draft")
    response = client.get(reverse("trainings:region_calendar", args=[region.slug]))
    assert response["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(e["summary"]) for e in events] == ["Published one"]
    assert b"secret-room" not in response.content


def test_personal_feed_needs_the_signed_token_and_includes_links(client, member):
    training = TrainingFactory()
    services.register_participant(training, member, share_contact=False)
    url = reverse("trainings:personal_calendar", args=[services.feed_token(member)])
    response = client.get(url)
    assert response.status_code == 200
    assert b"secret-room" in response.content
    assert client.get(reverse("trainings:personal_calendar", args=[f"{member.pk}:forged"])).status_code == 404


def test_single_event_download_hides_the_link_from_strangers(client, outsider):
    training = TrainingFactory()
    client.force_login(outsider)
    response = client.get(reverse("trainings:calendar", args=[training.slug]))
    assert response.status_code == 200
    assert b"secret-room" not in response.content
