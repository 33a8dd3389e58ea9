"""Notifications and the e-mail outbox.

An e-mail is written to ``OutboxMessage`` in the sender's transaction and delivered by the
``deliver_mail`` task after commit. Delivery claims the row with a conditional UPDATE, so
two workers never send one message twice; a failure schedules a retry with exponential
back-off, and ``flush_outbox`` (run every minute by the scheduler) picks up anything whose
task was lost.
"""

import email
import logging
import time
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.message import MIMEMixin
from django.db import OperationalError, close_old_connections, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from synergy.accounts.models import EmailFrequency, User
from synergy.accounts.tokens import user_for_token, user_token

from .models import Notification, OutboxMessage

logger = logging.getLogger(__name__)

# A claim older than this was left by a worker that died mid-send (ten minutes by default).
STALE_CLAIM = timedelta(seconds=settings.OUTBOX_STALE_CLAIM_SECONDS)
UNSUBSCRIBE_SALT = "synergy.notifications.unsubscribe"


# --- The outbox -----------------------------------------------------------------------


def store_in_outbox(message) -> OutboxMessage:
    """Store a Django ``EmailMessage``; its delivery is enqueued when the transaction commits."""
    outbox_message = OutboxMessage.objects.create(
        from_email=message.from_email or settings.DEFAULT_FROM_EMAIL,
        recipients=list(message.recipients()),
        subject=str(message.subject)[:500],
        raw=message.message().as_bytes(),
    )
    transaction.on_commit(lambda: _enqueue_delivery(outbox_message.pk))
    return outbox_message


def _enqueue_delivery(message_id: int, run_after=None) -> None:
    from .tasks import deliver_mail

    task = deliver_mail.using(run_after=run_after) if run_after else deliver_mail
    try:
        task.enqueue(message_id)
    except Exception:
        logger.exception("could not enqueue delivery of outbox message %s", message_id)


class _ParsedMessage(MIMEMixin, email.message.Message):
    """A stored message, with Django's byte-exact serialisation."""


class StoredEmail(EmailMultiAlternatives):
    """Wraps the stored bytes so any Django mail backend can send them unchanged."""

    def __init__(self, outbox_message: OutboxMessage):
        self._raw = bytes(outbox_message.raw)
        parsed = self.message()
        super().__init__(
            subject=outbox_message.subject,
            body=_plain_text(parsed),
            from_email=outbox_message.from_email,
            to=outbox_message.recipients,
        )

    def message(self, **kwargs):
        return email.message_from_bytes(self._raw, _class=_ParsedMessage)


def _plain_text(message) -> str:
    for part in message.walk():
        if part.get_content_type() == "text/plain" and not part.get_filename():
            payload = part.get_payload(decode=True) or b""
            return payload.decode(part.get_content_charset() or "utf-8", errors="replace")
    return ""


def backoff(attempts: int) -> timedelta:
    """1, 2, 4 … minutes (``OUTBOX_RETRY_SECONDS`` apart at first), capped at six hours."""
    return timedelta(seconds=min(settings.OUTBOX_RETRY_SECONDS * 2 ** max(attempts - 1, 0), 6 * 3600))


def deliver(message_id: int) -> bool:
    """Send one outbox message if it is due and nobody else is sending it; True when sent.

    A claim left by a worker that died mid-send is taken over once stale, so a delivery
    task run again after its worker was killed sends the message itself.
    """
    now = timezone.now()
    due = Q(status=OutboxMessage.Status.PENDING, next_attempt_at__lte=now)
    abandoned = Q(status=OutboxMessage.Status.SENDING, claimed_at__lt=now - STALE_CLAIM)
    claimed = OutboxMessage.objects.filter(due | abandoned, pk=message_id).update(
        status=OutboxMessage.Status.SENDING, claimed_at=now
    )
    if not claimed:
        return False
    outbox_message = OutboxMessage.objects.get(pk=message_id)
    try:
        connection = get_connection(settings.OUTBOX_DELIVERY_BACKEND, fail_silently=False)
        connection.send_messages([StoredEmail(outbox_message)])
    except Exception as exc:  # noqa: BLE001 - any delivery failure is retried later
        _record_failure(outbox_message, exc)
        return False
    _record_sent(message_id)
    return True


def _record_sent(message_id: int, patience: float = 120) -> None:
    """Mark a message sent, waiting out a database restart: the relay has it, and a claim
    left unmarked would be taken for abandoned and the message sent a second time."""
    deadline = time.monotonic() + patience
    while True:
        try:
            OutboxMessage.objects.filter(pk=message_id).update(
                status=OutboxMessage.Status.SENT, sent_at=timezone.now(), last_error=""
            )
            return
        except OperationalError:
            if time.monotonic() > deadline:
                raise
            close_old_connections()
            time.sleep(1)


def _record_failure(outbox_message: OutboxMessage, exc: Exception) -> None:
    attempts = outbox_message.attempts + 1
    error = f"{exc.__class__.__name__}: {exc}"[:2000]
    if attempts >= settings.OUTBOX_MAX_ATTEMPTS:
        status, next_attempt_at = OutboxMessage.Status.FAILED, outbox_message.next_attempt_at
        logger.error("giving up on outbox message %s after %s attempts: %s", outbox_message.pk, attempts, error)
    else:
        status, next_attempt_at = OutboxMessage.Status.PENDING, timezone.now() + backoff(attempts)
        logger.warning("outbox message %s failed (attempt %s): %s", outbox_message.pk, attempts, error)
    OutboxMessage.objects.filter(pk=outbox_message.pk).update(
        status=status, attempts=attempts, next_attempt_at=next_attempt_at, last_error=error
    )
    if status == OutboxMessage.Status.PENDING:
        _enqueue_delivery(outbox_message.pk, run_after=next_attempt_at)


def flush_outbox(limit: int = 500) -> int:
    """Deliver every due message, and release claims left by a worker that died mid-send.

    Returns the number of messages sent.
    """
    OutboxMessage.objects.filter(
        status=OutboxMessage.Status.SENDING, claimed_at__lt=timezone.now() - STALE_CLAIM
    ).update(status=OutboxMessage.Status.PENDING)
    due = (
        OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING, next_attempt_at__lte=timezone.now())
        .order_by("next_attempt_at", "id")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(deliver(message_id) for message_id in list(due))


# --- Notifications ----------------------------------------------------------------------


def notify(
    recipient: User, *, kind: str, title: str, body: str = "", url: str = "", attachments: list | None = None
) -> Notification:
    """Tell ``recipient`` something: in-app always, by e-mail as they prefer.

    Call inside ``translation.override(recipient language)`` (see ``recipient_language``)
    when title and body are translatable strings, so they are stored in their language.
    ``attachments`` — (file name, content, MIME type) — go with an immediate mail only.
    """
    is_site_path = url.startswith("/") and not url.startswith("//")
    if url and not (is_site_path or url.startswith(("https://", "http://"))):
        raise ValueError(f"notification links must be site paths or web addresses, not {url[:40]!r}")
    notification = Notification.objects.create(recipient=recipient, kind=kind, title=title[:300], body=body, url=url)
    if recipient.is_active and recipient.email_frequency == EmailFrequency.IMMEDIATELY:
        send_notification_mail(recipient, [notification], attachments=attachments or [])
    return notification


def tell(recipient: User, compose, *, kind: str, url: str = "", attachments: list | None = None) -> Notification:
    """``notify`` in the recipient's language: ``compose()`` returns (title, body) and runs
    with that language active, so translatable strings are written in it."""
    with translation.override(recipient_language(recipient)):
        title, body = compose()
        return notify(recipient, kind=kind, title=title, body=body, url=url, attachments=attachments)


def tell_each(people, compose, *, kind: str, url: str = "") -> int:
    """``tell`` every distinct active person in ``people`` (None entries are skipped); returns how many."""
    told: set[int] = set()
    for person in people:
        if person is not None and person.pk not in told and person.is_active:
            told.add(person.pk)
            tell(person, compose, kind=kind, url=url)
    return len(told)


def recipient_language(user: User) -> str:
    return user.preferred_language or (user.region.default_language if user.region_id else settings.LANGUAGE_CODE)


def unsubscribe_token(user: User) -> str:
    return user_token(user, salt=UNSUBSCRIBE_SALT)


def user_for_unsubscribe_token(token: str) -> User | None:
    return user_for_token(token, salt=UNSUBSCRIBE_SALT)


def unsubscribe(user: User) -> None:
    user.email_frequency = EmailFrequency.OFF
    user.save(update_fields=["email_frequency"])


def send_notification_mail(
    recipient: User, notifications: list[Notification], *, digest: bool = False, attachments: list | None = None
) -> None:
    """Write one mail about ``notifications`` to the outbox, in the recipient's language."""
    unsubscribe_url = settings.SITE_URL + reverse("notifications:unsubscribe", args=[unsubscribe_token(recipient)])
    with translation.override(recipient_language(recipient)):
        context = {
            "recipient": recipient,
            "notifications": notifications,
            "digest": digest,
            "unsubscribe_url": unsubscribe_url,
            "preferences_url": settings.SITE_URL + reverse("accounts:profile"),
        }
        subject = render_to_string("notifications/email_subject.txt", context).strip()
        text = render_to_string("notifications/email.txt", context)
        html = render_to_string("notifications/email.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[recipient.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments or []:
        message.attach(filename, content, mimetype)
    message.send()


def send_daily_digests() -> int:
    """One mail per daily-digest reader with what they have not been mailed yet.

    Each notification is claimed with a conditional UPDATE before its mail is written, in
    one transaction, so running this twice never mails a notification twice.
    """
    sent = 0
    readers = User.objects.filter(
        is_active=True,
        email_frequency=EmailFrequency.DAILY,
        notifications__digested_at__isnull=True,
    ).distinct()
    for reader in readers.iterator():
        with transaction.atomic():
            pending = list(
                Notification.objects.select_for_update()
                .filter(recipient=reader, digested_at__isnull=True)
                .order_by("created_at", "id")
            )
            claimed = Notification.objects.filter(pk__in=[n.pk for n in pending], digested_at__isnull=True).update(
                digested_at=timezone.now()
            )
            if claimed != len(pending) or not pending:
                continue
            send_notification_mail(reader, pending, digest=True)
            sent += 1
    return sent


def mark_read(user: User, notification_ids: list[int] | None = None) -> int:
    queryset = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        queryset = queryset.filter(pk__in=notification_ids)
    marked = queryset.update(read_at=timezone.now())  # no signal: the count is forgotten here
    forget_unread_count(user.pk)
    return marked


# The unread count every signed-in page shows, kept in the cache until one of the person's
# notifications is saved, deleted or marked read. A count read from the database just before a
# change commits and kept just after it would stay wrong: it is kept a minute at most.
UNREAD_SECONDS = 60


def _unread_key(user_id: int) -> str:
    return f"notifications:unread:{user_id}"


def unread_count(user: User) -> int:
    key = _unread_key(user.pk)
    count = cache.get(key)
    if count is None:
        count = user.notifications.filter(read_at__isnull=True).count()
        cache.set(key, count, UNREAD_SECONDS)
    return count


def forget_unread_count(user_id: int) -> None:
    """Now, for this transaction's own pages, and again once it commits, for everyone's."""
    cache.delete(_unread_key(user_id))
    transaction.on_commit(lambda: cache.delete(_unread_key(user_id)))


def notification_changed(sender, instance, **kwargs) -> None:
    forget_unread_count(instance.recipient_id)


# --- Personal data ----------------------------------------------------------------------


def notifications_data(user: User) -> list[dict]:
    return [
        {"kind": n.kind, "title": n.title, "body": n.body, "created_at": n.created_at.isoformat(),
         "read_at": n.read_at.isoformat() if n.read_at else None}
        for n in user.notifications.all()
    ]  # fmt: skip


def erase_notifications(user: User) -> None:
    user.notifications.all().delete()
    for outbox_message in OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING):
        if user.email in outbox_message.recipients:
            outbox_message.delete()
