from datetime import datetime

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from ninja import FilterSchema, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate
from ninja.responses import Status
from ninja.security import django_auth

from synergy.core.models import Region
from synergy.core.schemas import Message

from . import services
from .models import Training

router = Router(tags=["trainings"])


class TrainingOut(Schema):
    slug: str
    title: str
    region: str
    format: str
    language: str
    starts_at: datetime
    ends_at: datetime
    time_zone: str
    registration_deadline: datetime
    capacity: int
    places_left: int
    status: str
    target_groups: list[str]
    objectives: list[str]
    url: str

    @staticmethod
    def resolve_region(obj) -> str:
        return obj.region.slug

    @staticmethod
    def resolve_objectives(obj) -> list[str]:
        return [objective.text for objective in obj.objectives.all()]

    @staticmethod
    def resolve_places_left(obj) -> int:
        return max(obj.places_left, 0)

    @staticmethod
    def resolve_url(obj) -> str:
        return obj.get_absolute_url()


class TrainingFilters(FilterSchema):
    region: str | None = None
    language: str | None = None
    format: str | None = None
    past: bool = False

    def filter_region(self, value):
        from django.db.models import Q

        return Q(region__slug=value) if value else Q()

    def filter_past(self, value):
        from django.db.models import Q
        from django.utils import timezone

        return Q(ends_at__lt=timezone.now()) if value else Q(ends_at__gte=timezone.now())


class FiguresOut(Schema):
    trainings_published: int
    trainings_held: int
    confirmed_registrations: int
    distinct_registered_people: int
    distinct_participants: int


class RegistrationOut(Schema):
    status: str
    waitlist_position: int | None


def _public_trainings():
    return Training.objects.public().select_related("region").with_counts().prefetch_related("objectives")


@router.get("/", response=list[TrainingOut])
@paginate
def list_trainings(request, filters: Query[TrainingFilters]):
    """Public trainings, upcoming by default (``past=true`` for those that have ended)."""
    return filters.filter(_public_trainings()).order_by("starts_at", "id")


@router.get("/figures", response={200: FiguresOut, 404: Message})
def programme_figures(request, region: str | None = None):
    """The programme's headline figures, platform-wide or for one region (by slug)."""
    scope = get_object_or_404(Region, slug=region) if region else None
    return services.programme_figures(scope)


@router.get("/{slug}", response=TrainingOut)
def get_training(request, slug: str):
    return get_object_or_404(_public_trainings(), slug=slug)


@router.post("/{slug}/registration", response={200: RegistrationOut, 409: Message}, auth=django_auth)
def register(request, slug: str, share_contact: bool = False):
    """Register the signed-in person (a place, or the waitlist when full)."""
    training = get_object_or_404(Training.objects.public(), slug=slug)
    if not request.user.stakeholder_type:
        raise HttpError(409, gettext("Set your stakeholder type in your profile first."))
    registration = services.register_participant(training, request.user, share_contact=share_contact)
    return Status(200, {"status": registration.status, "waitlist_position": services.waitlist_position(registration)})


@router.delete("/{slug}/registration", response={204: None, 404: Message}, auth=django_auth)
def unregister(request, slug: str):
    training = get_object_or_404(Training, slug=slug)
    registration = services.active_registration(training, request.user)
    if registration is None:
        return Status(404, {"detail": gettext("You are not registered for this training.")})
    services.cancel_registration(registration)
    return Status(204, None)
