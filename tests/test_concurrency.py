"""Races closed by constraints and claims, shown with real parallel work on PostgreSQL.

SQLite serialises writers, so these run in the PostgreSQL pass of .ci/run.
"""

import re

import pytest
from django.conf import settings

from synergy.accounts.models import User
from synergy.notifications import services
from synergy.notifications.models import Notification, OutboxMessage
from tests.parallel import Browser, csrf_token, in_parallel, logged_in_tab

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not settings.DATABASE_URL, reason="concurrency is tested on PostgreSQL (DATABASE_URL)"),
]


def _signup_form(browser: Browser) -> dict:
    html = browser.get("/accounts/signup/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    return {
        "csrfmiddlewaretoken": token,
        "email": "twin@example.org",
        "display_name": "Twin",
        "stakeholder_type": "sme",
        "accept_terms": "on",
        "password1": "a long enough passphrase",
        "password2": "a long enough passphrase",
    }


def test_the_same_signup_sent_twice_at_once_creates_one_account_and_no_error(live_server):
    tabs = [Browser(live_server.url), Browser(live_server.url)]
    forms = [_signup_form(tab) for tab in tabs]
    statuses = in_parallel(
        *[lambda tab=tab, form=form: tab.post("/accounts/signup/", form) for tab, form in zip(tabs, forms, strict=True)]
    )
    assert all(status == 200 for status in statuses), statuses
    assert User.objects.filter(email__iexact="twin@example.org").count() == 1


def test_two_workers_delivering_one_message_send_it_once(member):
    from django.core import mail
    from django.core.mail import send_mail

    send_mail("Once only", "Body", None, [member.email])
    message_id = OutboxMessage.objects.get().pk
    results = in_parallel(*[lambda: services.deliver(message_id)] * 4)
    assert sorted(results) == [False, False, False, True]
    assert len(mail.outbox) == 1


def test_two_digest_runs_at_once_mail_each_notification_once(member):
    member.email_frequency = "daily"
    member.save()
    for index in range(3):
        services.notify(member, kind="k", title=f"News {index}")
    results = in_parallel(services.send_daily_digests, services.send_daily_digests)
    assert sorted(results) == [0, 1]
    assert OutboxMessage.objects.count() == 1
    assert Notification.objects.filter(digested_at__isnull=True).count() == 0


def test_simultaneous_registrations_never_exceed_capacity_and_keep_the_waitlist(live_server):
    from synergy.trainings.models import Registration
    from tests.factories import TrainingFactory, UserFactory

    training = TrainingFactory(capacity=3)
    people = [UserFactory(stakeholder_type="sme") for _ in range(12)]
    tabs = [logged_in_tab(live_server, person) for person in people]
    tokens = [csrf_token(tab, training.get_absolute_url()) for tab in tabs]
    path = f"/trainings/{training.slug}/register/"
    statuses = in_parallel(
        *[
            lambda tab=tab, token=token: tab.post(path, {"csrfmiddlewaretoken": token})
            for tab, token in zip(tabs, tokens, strict=True)
        ]
    )
    assert all(status == 200 for status in statuses), statuses
    registrations = training.registrations.order_by("created_at", "id")
    assert registrations.filter(status=Registration.Status.CONFIRMED).count() == 3
    assert registrations.filter(status=Registration.Status.WAITLISTED).count() == 9
    # Places went to the first three by time of registration: nobody waiting registered earlier.
    latest_confirmed = registrations.filter(status="confirmed").order_by("-created_at").first().created_at
    assert not registrations.filter(status="waitlisted", created_at__lt=latest_confirmed).exists()


def test_simultaneous_cancellations_promote_in_order_without_overbooking(live_server):
    from synergy.trainings import services as training_services
    from tests.factories import TrainingFactory, UserFactory

    training = TrainingFactory(capacity=2)
    people = [UserFactory() for _ in range(6)]
    for person in people:
        training_services.register_participant(training, person, share_contact=False)
    leavers = people[:2]
    tabs = [logged_in_tab(live_server, person) for person in leavers]
    tokens = [csrf_token(tab, training.get_absolute_url()) for tab in tabs]
    path = f"/trainings/{training.slug}/unregister/"
    in_parallel(
        *[
            lambda tab=tab, token=token: tab.post(path, {"csrfmiddlewaretoken": token})
            for tab, token in zip(tabs, tokens, strict=True)
        ]
    )
    confirmed = set(training.registrations.filter(status="confirmed").values_list("user_id", flat=True))
    assert confirmed == {people[2].pk, people[3].pk}
    assert training.registrations.filter(status="waitlisted").count() == 2
