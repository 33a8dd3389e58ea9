"""Figures for the training reports: people, not registrations; feedback averages; breakdowns.

A participant is a registration with a check-in. People are counted once per scope: an
account by its id, a guest by their e-mail address (ignoring case).
"""

from django.db.models import Avg, Count, Q
from django.db.models.functions import Lower

from synergy.accounts.models import StakeholderType

from .models import Feedback, LearningObjective, ObjectiveRating, Registration, Training

UNKNOWN = "unknown"


def distinct_people(registrations) -> int:
    accounts = registrations.filter(user__isnull=False).values("user").distinct().count()
    guests = registrations.filter(user__isnull=True).annotate(address=Lower("guest_email")).values("address").distinct()
    return accounts + guests.count()


def by_stakeholder_type(registrations) -> list[tuple[str, int]]:
    """Distinct people per stakeholder type, largest first; guests count as "not stated"."""
    labels = dict(StakeholderType.choices)
    rows = (
        registrations.filter(user__isnull=False)
        .values("user__stakeholder_type")
        .annotate(people=Count("user", distinct=True))
    )
    counts = {row["user__stakeholder_type"] or UNKNOWN: row["people"] for row in rows}
    guests = registrations.filter(user__isnull=True).annotate(address=Lower("guest_email")).values("address").distinct()
    if guests.count():
        counts[UNKNOWN] = counts.get(UNKNOWN, 0) + guests.count()
    from django.utils.translation import gettext as _

    named = [(str(labels.get(key, _("Not stated"))), value) for key, value in counts.items()]
    return sorted(named, key=lambda item: (-item[1], item[0]))


def training_report(training: Training) -> dict:
    registrations = training.registrations.exclude(status=Registration.Status.CANCELLED)
    attended = registrations.filter(attended_at__isnull=False)
    confirmed = registrations.filter(status=Registration.Status.CONFIRMED).count()
    feedback = Feedback.objects.filter(registration__training=training)
    objectives = (
        LearningObjective.objects.filter(training=training)
        .annotate(average=Avg("ratings__rating"), answers=Count("ratings"))
        .order_by("position", "id")
    )
    intentions = dict(feedback.values_list("intention").annotate(n=Count("id")))
    return {
        "confirmed": confirmed,
        "waitlisted": registrations.filter(status=Registration.Status.WAITLISTED).count(),
        "attended": attended.count(),
        "attendance_rate": round(100 * attended.filter(status=Registration.Status.CONFIRMED).count() / confirmed)
        if confirmed
        else None,
        "by_stakeholder_type": by_stakeholder_type(attended),
        "objectives": list(objectives),
        "feedback_count": feedback.count(),
        "usefulness": feedback.aggregate(avg=Avg("usefulness"))["avg"],
        "intentions": [(label, intentions.get(value, 0)) for value, label in Feedback.Intention.choices],
        "comments": list(feedback.exclude(comment="").values_list("comment", flat=True)),
    }


def region_report(region) -> dict:
    trainings = Training.objects.public().filter(region=region)
    registrations = Registration.objects.filter(training__in=trainings).exclude(status=Registration.Status.CANCELLED)
    attended = registrations.filter(attended_at__isnull=False)
    rows = (
        trainings.annotate(
            registered=Count("registrations", filter=Q(registrations__status=Registration.Status.CONFIRMED)),
            participants=Count("registrations", filter=Q(registrations__attended_at__isnull=False)),
            usefulness=Avg("registrations__feedback__usefulness"),
        )
        .select_related("region")
        .order_by("-starts_at")
    )
    confirmed = registrations.filter(status=Registration.Status.CONFIRMED)
    confirmed_count = confirmed.count()
    return {
        "trainings": list(rows),
        "registrations": confirmed_count,
        "attendance_rate": round(100 * confirmed.filter(attended_at__isnull=False).count() / confirmed_count)
        if confirmed_count
        else None,
        "distinct_registered": distinct_people(registrations.filter(status=Registration.Status.CONFIRMED)),
        "distinct_participants": distinct_people(attended),
        "by_stakeholder_type": by_stakeholder_type(attended),
        "objective_average": ObjectiveRating.objects.filter(feedback__registration__training__in=trainings).aggregate(
            avg=Avg("rating")
        )["avg"],
    }


def programme_report() -> dict:
    """The whole programme: people reached overall and per region, side by side."""
    from synergy.core.models import Region

    trainings = Training.objects.public()
    registrations = Registration.objects.filter(training__in=trainings).exclude(status=Registration.Status.CANCELLED)
    attended = registrations.filter(attended_at__isnull=False)
    regions = []
    for region in Region.objects.order_by("name"):
        in_region = attended.filter(training__region=region)
        regions.append(
            {
                "region": region,
                "trainings_held": trainings.filter(
                    region=region, status__in=[Training.Status.HELD, Training.Status.REPORTED]
                ).count(),
                "participants": distinct_people(in_region),
                "usefulness": Feedback.objects.filter(registration__training__region=region).aggregate(
                    avg=Avg("usefulness")
                )["avg"],
            }
        )
    return {
        "distinct_participants": distinct_people(attended),
        "registrations": registrations.filter(status=Registration.Status.CONFIRMED).count(),
        "by_stakeholder_type": by_stakeholder_type(attended),
        "regions": regions,
    }
