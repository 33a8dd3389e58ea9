import email

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from synergy.notifications import services
from synergy.notifications.models import Notification, OutboxMessage

pytestmark = pytest.mark.django_db


def test_immediate_readers_get_a_mail_with_a_one_click_unsubscribe(member, deliver_mail):
    services.notify(member, kind="training.reminder", title="Your training starts tomorrow", url="/regions/")
    assert deliver_mail() == 1
    message = mail.outbox[0]
    assert message.to == [member.email]
    assert "Your training starts tomorrow" in message.subject
    headers = email.message_from_bytes(bytes(OutboxMessage.objects.get().raw))
    assert headers["List-Unsubscribe"].strip().startswith("<http")
    assert "/notifications/unsubscribe/" in headers["List-Unsubscribe"]
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/notifications/unsubscribe/" in message.body


def test_mail_is_written_in_the_recipients_language(member, deliver_mail):
    member.preferred_language = "de"
    member.save()
    services.notify(member, kind="k", title="Titel")
    deliver_mail()
    assert "Guten Tag Mia" in mail.outbox[0].body


def test_readers_who_turned_mail_off_get_only_the_in_app_notification(member):
    member.email_frequency = "off"
    member.save()
    services.notify(member, kind="k", title="Quiet")
    assert Notification.objects.filter(recipient=member).count() == 1
    assert not OutboxMessage.objects.exists()


def test_daily_digest_sends_one_mail_with_everything_new_and_never_twice(member, outsider, deliver_mail):
    member.email_frequency = "daily"
    member.save()
    for title in ["First", "Second", "Third"]:
        services.notify(member, kind="k", title=title)
    services.notify(outsider, kind="k", title="Immediate")
    assert OutboxMessage.objects.count() == 1  # only the immediate reader so far
    assert services.send_daily_digests() == 1
    assert services.send_daily_digests() == 0
    deliver_mail()
    digest = next(m for m in mail.outbox if m.to == [member.email])
    assert "3 new notifications" in digest.subject
    assert all(title in digest.body for title in ["First", "Second", "Third"])


def test_unsubscribe_link_asks_then_turns_mail_off(client, member):
    token = services.unsubscribe_token(member)
    url = reverse("notifications:unsubscribe", args=[token])
    assert client.get(url).status_code == 200
    member.refresh_from_db()
    assert member.email_frequency == "immediately"  # a GET (a link scanner) changes nothing
    response = client.post(url)
    assert response.status_code == 200
    member.refresh_from_db()
    assert member.email_frequency == "off"


def test_mail_clients_can_unsubscribe_with_a_one_click_post(client, member):
    url = reverse("notifications:unsubscribe", args=[services.unsubscribe_token(member)])
    client.post(url, {"List-Unsubscribe": "One-Click"})
    member.refresh_from_db()
    assert member.email_frequency == "off"


def test_a_forged_unsubscribe_token_changes_nothing(client, member):
    url = reverse("notifications:unsubscribe", args=[f"{member.pk}:forged"])
    assert client.post(url).status_code == 404
    member.refresh_from_db()
    assert member.email_frequency == "immediately"


def test_notification_list_shows_only_my_notifications_and_marks_them_read(client, member, outsider):
    services.notify(member, kind="k", title="Mine <script>alert(1)</script>")
    services.notify(outsider, kind="k", title="Not mine")
    client.force_login(member)
    body = client.get(reverse("notifications:list")).content.decode()
    assert "Mine &lt;script&gt;" in body
    assert "Not mine" not in body
    client.post(reverse("notifications:mark_all_read"))
    assert not member.notifications.filter(read_at__isnull=True).exists()
    assert outsider.notifications.filter(read_at__isnull=True).exists()


def test_unread_count_appears_in_the_header(client, member):
    services.notify(member, kind="k", title="One")
    client.force_login(member)
    assert 'class="badge badge--accent">1<' in client.get("/").content.decode()


def test_the_unread_count_is_counted_once_and_follows_every_change_at_once(client, member):
    """Every signed-in page shows it: it comes from the cache until a notification of the person changes."""
    badge = 'class="badge badge--accent">{}<'
    services.notify(member, kind="k", title="One")
    client.force_login(member)
    assert badge.format(1) in client.get("/").content.decode()
    with CaptureQueriesContext(connection) as again:
        client.get("/regions/")
    assert not [q for q in again.captured_queries if "notifications_notification" in q["sql"]]
    services.notify(member, kind="k", title="Two")
    assert badge.format(2) in client.get("/").content.decode()
    client.post(reverse("notifications:mark_all_read"))  # one UPDATE, no signal
    assert "badge badge--accent" not in client.get("/").content.decode()
    services.notify(member, kind="k", title="Three")
    member.notifications.get(title="Three").delete()
    assert "badge badge--accent" not in client.get("/").content.decode()


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "//evil.example/"])
def test_notifications_refuse_links_that_are_not_pages(member, url):
    with pytest.raises(ValueError):
        services.notify(member, kind="k", title="T", url=url)


def test_mail_links_are_full_addresses(member, deliver_mail, settings):
    services.notify(member, kind="k", title="Site page", url="/regions/")
    services.notify(member, kind="k", title="Elsewhere", url="https://example.org/call")
    deliver_mail()
    bodies = [m.body for m in mail.outbox]
    assert any(f"{settings.SITE_URL}/regions/" in body for body in bodies)
    assert any("https://example.org/call" in body and "8000https" not in body for body in bodies)
