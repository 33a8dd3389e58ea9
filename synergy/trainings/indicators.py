"""The trainings' counters for strategy indicators and public figures (synergy.core.indicators).

A training belongs to the period in which it starts (in the platform's time zone) and to its
region. People are counted as the reports count them (``reports.distinct_people``): an account
once, a guest once per e-mail address whatever its case, a registration only if it was checked in.
"""

from decimal import Decimal

from django.db.models import Avg, Case, CharField, Count, FloatField, Value, When
from django.db.models.functions import Cast, Concat, Lower
from django.db.models.lookups import GreaterThanOrEqual
from django.utils.translation import gettext_lazy as _

from synergy.core import indicators

from .models import Feedback, Registration, Training

REGION = "training__region"
# One value per person: "u<id>" for an account, "g<address>" for a guest. (Not Coalesce over two
# Concats: Concat reads a missing part as empty text, so every guest would be "u".)
PERSON = Case(
    When(user__isnull=False, then=Concat(Value("u"), Cast("user_id", CharField()))),
    default=Concat(Value("g"), Lower("guest_email")),
    output_field=CharField(),
)
HELD = [Training.Status.HELD, Training.Status.REPORTED]


def _trainings_starting(start, end):
    since, until = indicators.period(start, end)
    return Training.objects.public().filter(starts_at__gte=since, starts_at__lt=until)


def _attendances(start, end):
    return Registration.objects.filter(attended_at__isnull=False, training__in=_trainings_starting(start, end))


def _feedback(start, end):
    return Feedback.objects.filter(registration__training__in=_trainings_starting(start, end))


def _two_places(value):
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.01"))


def people_trained(region, start, end) -> int:
    return indicators.total(_attendances(start, end), REGION, Count(PERSON, distinct=True), region)


def people_trained_by_region(start, end) -> dict:
    return indicators.total_by_region(_attendances(start, end), REGION, Count(PERSON, distinct=True))


def trainings_held(region, start, end) -> int:
    return indicators.total(_trainings_starting(start, end).filter(status__in=HELD), "region", Count("pk"), region)


def trainings_held_by_region(start, end) -> dict:
    return indicators.total_by_region(_trainings_starting(start, end).filter(status__in=HELD), "region", Count("pk"))


# Feedback is private (trainings' reports show it to their organisers): an average of fewer
# answers than this is not published, so that nobody reads one person's rating off it.
MIN_FEEDBACK = 5


def _published_average():
    """The mean usefulness, or NULL when fewer than ``MIN_FEEDBACK`` answers make it: one aggregate."""
    enough = GreaterThanOrEqual(Count("pk"), MIN_FEEDBACK)
    return Case(When(enough, then=Avg("usefulness")), default=Value(None), output_field=FloatField())


def average_feedback(region, start, end) -> Decimal | None:
    return _two_places(indicators.total(_feedback(start, end), "registration__" + REGION, _published_average(), region))


def average_feedback_by_region(start, end) -> dict:
    found = indicators.total_by_region(_feedback(start, end), "registration__" + REGION, _published_average())
    return {region_id: _two_places(value) for region_id, value in found.items()}


def register() -> None:
    indicators.register(
        "people_trained",
        label=_("People trained"),
        unit=_("people"),
        count=people_trained,
        count_by_region=people_trained_by_region,
        description=_(
            "Distinct people checked in at a training of the region that started in the period. A person "
            "who attended several trainings counts once; a registration without a check-in does not "
            "count; a guest without an account counts once per e-mail address."
        ),
        additive=False,  # someone trained in two regions counts once on the platform
        order=10,
    )
    indicators.register(
        "trainings_held",
        label=_("Trainings held"),
        unit=_("trainings"),
        count=trainings_held,
        count_by_region=trainings_held_by_region,
        description=_(
            "Trainings of the region that started in the period and that their organisers marked as "
            "held (or reported on). Drafts and cancelled trainings do not count."
        ),
        order=20,
    )
    indicators.register(
        "average_feedback",
        label=_("Average feedback"),
        unit=_("points out of 5"),
        count=average_feedback,
        count_by_region=average_feedback_by_region,
        description=_(
            "The mean overall usefulness (1 to 5) that attendees gave in their feedback on the region's "
            "trainings that started in the period, rounded to two decimals; empty when fewer than five "
            "people gave any, so that nobody's own rating can be read off it."
        ),
        additive=False,
        empty=None,
        order=30,
    )
