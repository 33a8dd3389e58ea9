import pytest
from django.core import mail
from django.core.mail import send_mail
from django.utils import timezone

from synergy.notifications import services
from synergy.notifications.models import OutboxMessage
from tests.smtp import SMTPServer

pytestmark = pytest.mark.django_db


@pytest.fixture
def smtp_server(settings):
    server = SMTPServer()
    settings.OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", server.port, 5
    yield server
    server.stop()


def _due_now():
    OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING).update(next_attempt_at=timezone.now())


def test_mail_is_stored_first_and_sent_only_by_delivery(deliver_mail):
    send_mail("Subject", "Body", None, ["someone@example.org"])
    assert len(mail.outbox) == 0
    stored = OutboxMessage.objects.get()
    assert stored.status == OutboxMessage.Status.PENDING
    assert deliver_mail() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Subject"
    stored.refresh_from_db()
    assert stored.status == OutboxMessage.Status.SENT


def test_an_smtp_outage_loses_nothing_and_doubles_nothing(smtp_server):
    """Stop a real SMTP server, queue mail, restart it: every mail arrives exactly once."""
    recipients = [f"person{i}@example.org" for i in range(5)]
    for address in recipients:
        send_mail("Training tomorrow – Zoom link", "Zażółć gęślą jaźń", None, [address])

    assert services.flush_outbox() == 0  # the server is down
    assert OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING, attempts=1).count() == 5
    assert all(m.next_attempt_at > timezone.now() for m in OutboxMessage.objects.all())
    assert "ConnectionRefusedError" in OutboxMessage.objects.first().last_error

    smtp_server.start()
    assert services.flush_outbox() == 0  # back-off: not due yet
    _due_now()
    assert services.flush_outbox() == 5
    _due_now()
    assert services.flush_outbox() == 0

    delivered = sorted(rcpt[0] for _sender, rcpt, _data in smtp_server.messages)
    assert delivered == sorted(recipients)
    assert "Zażółć".encode() in smtp_server.messages[0][2] or b"=?utf-8?" in smtp_server.messages[0][2]
    assert OutboxMessage.objects.filter(status=OutboxMessage.Status.SENT).count() == 5


def test_failing_delivery_backs_off_exponentially_then_gives_up(settings):
    settings.OUTBOX_DELIVERY_BACKEND = "tests.notifications.test_outbox.BrokenBackend"
    settings.OUTBOX_MAX_ATTEMPTS = 3
    send_mail("S", "B", None, ["a@example.org"])
    waits = []
    for _attempt in range(3):
        _due_now()
        before = timezone.now()
        services.flush_outbox()
        message = OutboxMessage.objects.get()
        waits.append((message.next_attempt_at - before).total_seconds())
    assert message.status == OutboxMessage.Status.FAILED
    assert message.attempts == 3
    assert 55 < waits[0] < 65 and 115 < waits[1] < 125


def test_a_claim_left_by_a_dead_worker_is_released_and_sent(deliver_mail):
    send_mail("S", "B", None, ["a@example.org"])
    OutboxMessage.objects.update(
        status=OutboxMessage.Status.SENDING, claimed_at=timezone.now() - services.STALE_CLAIM * 2
    )
    assert deliver_mail() == 1


def test_a_message_being_sent_is_not_sent_again():
    send_mail("S", "B", None, ["a@example.org"])
    message = OutboxMessage.objects.get()
    OutboxMessage.objects.update(status=OutboxMessage.Status.SENDING, claimed_at=timezone.now())
    assert services.deliver(message.pk) is False
    assert len(mail.outbox) == 0


class BrokenBackend:
    def __init__(self, **kwargs):
        pass

    def send_messages(self, messages):
        raise OSError("relay refused")
