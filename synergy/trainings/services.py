"""Writes to trainings: publishing, registration, the waitlist and cancellation.

Every change to a training's places runs in one transaction that first locks the
training's row (``SELECT … FOR UPDATE``), so simultaneous registrations and cancellations
are applied one after the other: capacity is never exceeded and the waitlist keeps its
order. The partial unique constraint on ``Registration`` refuses a second active
registration of the same person even if two requests slip past the checks together.
"""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from synergy.accounts.models import User
from synergy.accounts.tokens import user_for_token, user_token
from synergy.core import caching
from synergy.core.exceptions import Refused
from synergy.core.search import Entry
from synergy.notifications.services import notify, recipient_language

from .calendar import calendar
from .models import Registration, Training
from .reports import distinct_people


class RegistrationRefused(Refused):
    """A registration that the rules refuse; the message is shown to the person."""


# --- Lifecycle ----------------------------------------------------------------------------


def publish_training(training: Training) -> None:
    if training.status != Training.Status.DRAFT:
        raise ValueError("only a draft can be published")
    training.status = Training.Status.PUBLISHED
    training.published_at = timezone.now()
    training.save(update_fields=["status", "published_at"])


def close_registration(training: Training) -> None:
    """Stop registrations before the deadline (the deadline closes them by itself too)."""
    if training.status != Training.Status.PUBLISHED:
        raise ValueError("only a published training can close its registration")
    training.status = Training.Status.REGISTRATION_CLOSED
    training.save(update_fields=["status"])


def mark_reported(training: Training) -> None:
    """The organisers have reported on the training: the last step of its life."""
    if training.status != Training.Status.HELD:
        raise ValueError("only a held training can be reported")
    training.status = Training.Status.REPORTED
    training.save(update_fields=["status"])


@transaction.atomic
def cancel_training(training: Training) -> int:
    """Cancel the training and tell everyone registered or waiting; returns how many were told."""
    training = Training.objects.select_for_update().get(pk=training.pk)
    if training.status == Training.Status.CANCELLED:
        return 0
    training.status = Training.Status.CANCELLED
    training.cancelled_at = timezone.now()
    training.save(update_fields=["status", "cancelled_at"])
    active = list(
        training.registrations.exclude(status=Registration.Status.CANCELLED)
        .filter(user__isnull=False)
        .select_related("user")
    )
    for registration in active:
        with translation.override(recipient_language(registration.user)):
            notify(
                registration.user,
                kind="training.cancelled",
                title=_("Cancelled: %(title)s") % {"title": training.title},
                body=_("The training on %(date)s will not take place. We are sorry for the inconvenience.")
                % {"date": _local_date(training)},
                url=training.get_absolute_url(),
            )
    return len(active)


def _local_date(training: Training) -> str:
    from zoneinfo import ZoneInfo

    from django.utils.formats import date_format

    return date_format(training.starts_at.astimezone(ZoneInfo(training.time_zone)), "DATETIME_FORMAT")


# --- Registration ---------------------------------------------------------------------------


@transaction.atomic
def register_participant(training: Training, user: User, *, share_contact: bool) -> Registration:
    """Give ``user`` a place, or a place on the waitlist when the training is full.

    Raises ``RegistrationRefused`` with a message for the person when the rules say no.
    """
    training = Training.objects.select_for_update().get(pk=training.pk)
    if training.status == Training.Status.CANCELLED:
        raise RegistrationRefused(_("This training has been cancelled."))
    if training.status != Training.Status.PUBLISHED:
        raise RegistrationRefused(_("This training is not open for registration."))
    if timezone.now() > training.registration_deadline:
        raise RegistrationRefused(_("The registration deadline has passed."))
    if training.registrations.filter(user=user).exclude(status=Registration.Status.CANCELLED).exists():
        raise RegistrationRefused(_("You are already registered for this training."))
    confirmed = training.registrations.filter(status=Registration.Status.CONFIRMED).count()
    status = Registration.Status.CONFIRMED if confirmed < training.capacity else Registration.Status.WAITLISTED
    try:
        with transaction.atomic():
            registration = Registration.objects.create(
                training=training, user=user, status=status, share_contact=share_contact
            )
    except IntegrityError:
        raise RegistrationRefused(_("You are already registered for this training.")) from None
    _tell_registered(registration)
    return registration


@transaction.atomic
def cancel_registration(registration: Registration) -> Registration | None:
    """Cancel a place; if it was confirmed, the first person waiting moves up (and is told).

    Returns the promoted registration, if any.
    """
    training = Training.objects.select_for_update().get(pk=registration.training_id)
    registration = Registration.objects.get(pk=registration.pk)
    if registration.status == Registration.Status.CANCELLED:
        return None
    was_confirmed = registration.status == Registration.Status.CONFIRMED
    registration.status = Registration.Status.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "cancelled_at"])
    if was_confirmed:
        return promote_from_waitlist(training)
    return None


def promote_from_waitlist(training: Training) -> Registration | None:
    """Move the first waiting person up if a place is free. Call holding the training's row lock."""
    confirmed = training.registrations.filter(status=Registration.Status.CONFIRMED).count()
    if confirmed >= training.capacity or training.status != Training.Status.PUBLISHED:
        return None
    first = (
        training.registrations.filter(status=Registration.Status.WAITLISTED)
        .select_related("user")
        .order_by("created_at", "id")
        .first()
    )
    if first is None:
        return None
    first.status = Registration.Status.CONFIRMED
    first.promoted_at = timezone.now()
    first.save(update_fields=["status", "promoted_at"])
    with translation.override(recipient_language(first.user)):
        notify(
            first.user,
            kind="training.promoted",
            title=_("A place is free for you: %(title)s") % {"title": training.title},
            body=_("You were on the waitlist and now have a confirmed place on %(date)s.")
            % {"date": _local_date(training)},
            url=training.get_absolute_url(),
        )
    return first


def _tell_registered(registration: Registration) -> None:
    training = registration.training
    with translation.override(recipient_language(registration.user)):
        if registration.status == Registration.Status.CONFIRMED:
            title = _("You are registered: %(title)s") % {"title": training.title}
            body = _("Your place is confirmed for %(date)s.") % {"date": _local_date(training)}
        else:
            title = _("You are on the waitlist: %(title)s") % {"title": training.title}
            body = _("The training is full. If a place frees up, you move up automatically and we tell you.")
        attachments = []
        if registration.status == Registration.Status.CONFIRMED:
            ics = calendar([training], name=training.title, with_links=True)
            attachments.append(("training.ics", ics, "text/calendar"))
        notify(
            registration.user,
            kind="training.registered",
            title=title,
            body=body,
            url=training.get_absolute_url(),
            attachments=attachments,
        )


def send_reminders(now=None) -> int:
    """Remind everyone with a place of a training that starts within a day; once each.

    Each registration is claimed with a conditional UPDATE before it is reminded, so
    overlapping runs never remind anyone twice. Returns how many were reminded.
    """
    now = now or timezone.now()
    due = Registration.objects.filter(
        status=Registration.Status.CONFIRMED,
        user__isnull=False,
        reminded_at__isnull=True,
        training__status__in=[Training.Status.PUBLISHED, Training.Status.REGISTRATION_CLOSED],
        training__starts_at__gt=now,
        training__starts_at__lte=now + timedelta(days=1),
    ).values_list("pk", flat=True)
    reminded = 0
    for registration_id in list(due):
        with transaction.atomic():
            if not Registration.objects.filter(pk=registration_id, reminded_at__isnull=True).update(reminded_at=now):
                continue
            registration = Registration.objects.select_related("training", "user").get(pk=registration_id)
            training = registration.training
            with translation.override(recipient_language(registration.user)):
                notify(
                    registration.user,
                    kind="training.reminder",
                    title=_("Tomorrow: %(title)s") % {"title": training.title},
                    body=_("Your training starts on %(date)s.") % {"date": _local_date(training)},
                    url=training.get_absolute_url(),
                )
            reminded += 1
    return reminded


def waitlist_position(registration: Registration) -> int | None:
    """1 for the first person waiting, and so on; None when not waiting."""
    if registration.status != Registration.Status.WAITLISTED:
        return None
    ahead = Q(created_at__lt=registration.created_at) | Q(created_at=registration.created_at, id__lt=registration.id)
    return registration.training.registrations.filter(ahead, status=Registration.Status.WAITLISTED).count() + 1


FEED_SALT = "synergy.trainings.feed"


def feed_token(user: User) -> str:
    return user_token(user, salt=FEED_SALT)


def user_for_feed_token(token: str) -> User | None:
    return user_for_token(token, salt=FEED_SALT)


def attach_counts(trainings) -> None:
    """Set confirmed_count, waitlist_count and places_left on already-fetched trainings, in one query.

    Cheaper than annotating a whole list: only the rows on the page are counted.
    """
    trainings = list(trainings)
    confirmed = Q(status=Registration.Status.CONFIRMED)
    waitlisted = Q(status=Registration.Status.WAITLISTED)
    rows = (
        Registration.objects.filter(training__in=trainings)
        .values("training_id")
        .annotate(confirmed=Count("id", filter=confirmed), waitlisted=Count("id", filter=waitlisted))
    )
    by_training = {row["training_id"]: row for row in rows}
    for training in trainings:
        row = by_training.get(training.pk, {"confirmed": 0, "waitlisted": 0})
        training.confirmed_count, training.waitlist_count = row["confirmed"], row["waitlisted"]
        training.places_left = training.capacity - training.confirmed_count


def active_registration(training: Training, user) -> Registration | None:
    if not user.is_authenticated:
        return None
    return training.registrations.filter(user=user).exclude(status=Registration.Status.CANCELLED).first()


# --- Figures ------------------------------------------------------------------------------


def programme_figures(region=None) -> dict:
    """Headline figures; people are counted once however many trainings they joined.

    Counting distinct people over every registration is dear, and the figures head the training
    list and the API: they are counted again only when a training or a registration changes.
    """
    return caching.remembered("trainings:figures", "trainings", lambda: _count_figures(region), region and region.pk)


def _count_figures(region) -> dict:
    trainings = Training.objects.public()
    registrations = Registration.objects.filter(training__in=trainings)
    if region is not None:
        trainings = trainings.filter(region=region)
        registrations = registrations.filter(training__region=region)
    confirmed = registrations.filter(status=Registration.Status.CONFIRMED)
    return {
        "trainings_published": trainings.count(),
        "trainings_held": trainings.filter(status__in=[Training.Status.HELD, Training.Status.REPORTED]).count(),
        "confirmed_registrations": confirmed.count(),
        "distinct_registered_people": distinct_people(confirmed),
        "distinct_participants": distinct_people(registrations.filter(attended_at__isnull=False)),
    }


# --- Search and personal data -------------------------------------------------------------


def search_entry(training: Training) -> Entry | None:
    if training.status == Training.Status.DRAFT:
        return None
    body = " ".join([str(training.region), training.get_format_display(), training.description])
    return Entry(title=training.title, body=Truncator(body).chars(5000), url=training.get_absolute_url())


def registrations_data(user: User) -> list[dict]:
    return [
        {
            "training": r.training.title,
            "status": r.status,
            "registered_at": r.created_at.isoformat(),
            "share_contact": r.share_contact,
            "attended_at": r.attended_at.isoformat() if r.attended_at else None,
        }
        for r in Registration.objects.filter(user=user).select_related("training")
    ]


# --- Attendance -----------------------------------------------------------------------------


def find_person(email: str) -> User | None:
    """The account with this e-mail address, ignoring case (primary or any verified address)."""
    from allauth.account.models import EmailAddress

    user = User.objects.filter(email__iexact=email, is_active=True).first()
    if user is None:
        address = EmailAddress.objects.filter(email__iexact=email, verified=True, user__is_active=True).first()
        user = address.user if address else None
    return user


def check_in(registration: Registration, *, present: bool = True) -> None:
    registration.attended_at = timezone.now() if present else None
    registration.save(update_fields=["attended_at"])


@transaction.atomic
def add_walk_in(training: Training, *, email: str, name: str = "") -> Registration:
    """Someone who came without registering: checked in at once, as a member if they have an account."""
    Training.objects.select_for_update().get(pk=training.pk)
    return _attend(training, email=email.strip().lower(), name=name.strip())[0]


def _attend(training: Training, *, email: str, name: str) -> tuple[Registration, str]:
    """Mark the person present; returns the registration and what happened:
    "matched" (registered before), "added" (an account, not registered) or "guest" (no account)."""
    now = timezone.now()
    user = find_person(email)
    active = training.registrations.exclude(status=Registration.Status.CANCELLED)
    existing = active.filter(user=user).first() if user else active.filter(guest_email__iexact=email).first()
    if existing:
        existing.status = Registration.Status.CONFIRMED
        existing.attended_at = existing.attended_at or now
        existing.save(update_fields=["status", "attended_at"])
        return existing, "matched"
    registration = Registration.objects.create(
        training=training,
        user=user,
        guest_email="" if user else email,
        guest_name="" if user else name,
        status=Registration.Status.CONFIRMED,
        attended_at=now,
    )
    return registration, ("added" if user else "guest")


@transaction.atomic
def apply_attendance(attendance_import, report_plan) -> dict:
    """Apply a planned import in one transaction: all of it, or (on any error) none of it."""
    training = Training.objects.select_for_update().get(pk=attendance_import.training_id)
    counts = {"matched": 0, "added": 0, "guest": 0}
    for person in report_plan.people:
        _registration, outcome = _attend(training, email=person.email, name=person.name)
        counts[outcome] += 1
    summary = {
        **counts,
        "rejected": [{"row": r.row, "text": r.text, "reason": r.reason} for r in report_plan.rejected],
    }
    attendance_import.summary = summary
    attendance_import.applied_at = timezone.now()
    attendance_import.save(update_fields=["summary", "applied_at", "mapping", "minimum_minutes"])
    return summary


# --- After the training: held, feedback --------------------------------------------------------


@transaction.atomic
def mark_held(training: Training) -> int:
    """Mark the training held and ask every attendee with an account for feedback; returns how many."""
    training = Training.objects.select_for_update().get(pk=training.pk)
    if training.status in (Training.Status.DRAFT, Training.Status.CANCELLED):
        raise ValueError("only a published training can be held")
    training.status = Training.Status.HELD
    training.save(update_fields=["status"])
    asked = 0
    attendees = training.registrations.filter(
        attended_at__isnull=False, user__isnull=False, feedback_requested_at__isnull=True
    ).select_related("user")
    for registration in attendees:
        _ask_for_feedback(registration, reminder=False)
        asked += 1
    return asked


def _ask_for_feedback(registration: Registration, *, reminder: bool) -> None:
    training = registration.training
    field = "feedback_reminded_at" if reminder else "feedback_requested_at"
    setattr(registration, field, timezone.now())
    registration.save(update_fields=[field])
    with translation.override(recipient_language(registration.user)):
        title = (_("Reminder: how was %(title)s?") if reminder else _("How was %(title)s?")) % {"title": training.title}
        notify(
            registration.user,
            kind="training.feedback",
            title=title,
            body=_(
                "Two minutes of your time help the region improve its trainings. "
                "Your answers are not shown to other participants."
            ),
            url=reverse("trainings:feedback", args=[training.slug]),
        )


def send_feedback_reminders(now=None) -> int:
    """One reminder, three days after the request, to attendees who have not answered."""
    now = now or timezone.now()
    due = Registration.objects.filter(
        feedback_requested_at__lte=now - timedelta(days=3),
        feedback_reminded_at__isnull=True,
        feedback__isnull=True,
        user__isnull=False,
    ).values_list("pk", flat=True)
    sent = 0
    for registration_id in list(due):
        with transaction.atomic():
            claimed = Registration.objects.filter(pk=registration_id, feedback_reminded_at__isnull=True).update(
                feedback_reminded_at=now
            )
            if claimed:
                registration = Registration.objects.select_related("training", "user").get(pk=registration_id)
                _ask_for_feedback(registration, reminder=True)
                sent += 1
    return sent


@transaction.atomic
def give_feedback(registration: Registration, *, ratings: dict, usefulness: int, intention: str, comment: str):
    """Record an attendee's answers; answering again replaces the earlier answers."""
    from .models import Feedback, ObjectiveRating

    feedback, _created = Feedback.objects.update_or_create(
        registration=registration,
        defaults={"usefulness": usefulness, "intention": intention, "comment": comment, "created_at": timezone.now()},
    )
    feedback.ratings.all().delete()
    ObjectiveRating.objects.bulk_create(
        ObjectiveRating(feedback=feedback, objective=objective, rating=rating) for objective, rating in ratings.items()
    )
    return feedback


def erase_registrations(user: User) -> None:
    """Places stay counted in reports (attendance is a contribution), without the contact consent."""
    Registration.objects.filter(user=user).update(share_contact=False)


def list_url_for_region(region) -> str:
    return f"{reverse('trainings:list')}?region={region.pk}"


def calendar_url_for_region(region) -> str:
    return reverse("trainings:region_calendar", args=[region.slug])


# --- Training materials ---------------------------------------------------------------------


def request_translation(material, *, language: str, user: User | None, email: str = "", message: str = ""):
    """Record the request and tell the coordinators of the person's region (all, if none).

    A visitor without an account leaves an e-mail address, which the coordinators see.
    """
    from synergy.accounts.models import RegionRole

    from .models import TranslationRequest

    request = TranslationRequest.objects.create(
        material=material, language=language, requested_by=user, email=email, message=message
    )
    roles = RegionRole.objects.filter(role=RegionRole.Role.COORDINATOR).select_related("user")
    if user and user.region_id and roles.filter(region_id=user.region_id).exists():
        roles = roles.filter(region_id=user.region_id)
    language_name = dict(settings.LANGUAGES)[language]
    for coordinator in {role.user for role in roles if role.user.is_active}:
        with translation.override(recipient_language(coordinator)):
            notify(
                coordinator,
                kind="trainings.translation_requested",
                title=_("Translation requested: %(material)s in %(language)s")
                % {"material": material.title, "language": language_name},
                body="\n\n".join(filter(None, [message, email and _("Reply to: %(email)s") % {"email": email}])),
                url=reverse("trainings:materials") + f"#material-{material.pk}",
            )
    return request


# --- Follow-ups -----------------------------------------------------------------------------


@transaction.atomic
def send_follow_up(trainings, *, subject: str, body: str, link: str, sender: User):
    """Write to everyone with an account who attended any of ``trainings``, once each.

    Guests are not written to: they gave an address to a webinar tool, not consent to mail.
    """
    from .models import FollowUp

    people = (
        User.objects.filter(
            is_active=True,
            training_registrations__training__in=trainings,
            training_registrations__attended_at__isnull=False,
        )
        .distinct()
        .order_by("pk")
    )
    follow_up = FollowUp.objects.create(sent_by=sender, subject=subject, body=body, link=link)
    follow_up.trainings.set(trainings)
    count = 0
    for person in people:
        notify(person, kind="training.follow_up", title=subject, body=body, url=link)
        count += 1
    follow_up.recipients = count
    follow_up.save(update_fields=["recipients"])
    return follow_up


def open_for_matching():
    """Trainings open for registration, which matchmaking may suggest."""
    return Training.objects.filter(
        status=Training.Status.PUBLISHED, registration_deadline__gte=timezone.now()
    ).order_by("starts_at", "id")
