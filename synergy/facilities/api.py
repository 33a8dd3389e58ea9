"""Shared infrastructure in the open API: the registry with busy times, and access requests
for the signed-in member (session authentication)."""

from datetime import datetime

from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status
from ninja.security import django_auth

from synergy.core.schemas import Message, TextIn

from . import services
from .models import Booking, Item

router = Router(tags=["facilities"])


class ItemOut(Schema):
    slug: str
    name: str
    kind: str
    provider: str
    region: str
    location: str
    access: str
    price: str
    availability: str
    key_areas: list[str]
    url: str

    @staticmethod
    def resolve_provider(obj) -> str:
        return obj.provider.name

    @staticmethod
    def resolve_region(obj) -> str:
        return obj.region.slug

    @staticmethod
    def resolve_url(obj) -> str:
        return obj.get_absolute_url()


class BusyOut(Schema):
    starts_at: datetime
    ends_at: datetime


class RequestIn(TextIn):
    starts_at: datetime
    ends_at: datetime
    purpose: str = Field(min_length=1, max_length=4000)
    needs: str = Field("", max_length=4000)


class RequestOut(Schema):
    id: int
    status: str
    url: str


@router.get("/", response=list[ItemOut])
@paginate
def list_items(request, region: str | None = None, kind: str | None = None):
    """Published equipment and facilities; filter by region slug or kind."""
    items = Item.objects.published().select_related("provider", "region").order_by("name", "id")
    if region:
        items = items.filter(region__slug=region)
    if kind:
        items = items.filter(kind=kind)
    return items


@router.get("/{slug}", response=ItemOut)
def get_item(request, slug: str):
    return get_object_or_404(Item.objects.published().select_related("provider", "region"), slug=slug)


@router.get("/{slug}/busy", response=list[BusyOut])
def busy_times(request, slug: str):
    """Confirmed bookings from now on: when the item is not free (who booked it is not shown)."""
    item = get_object_or_404(Item.objects.published(), slug=slug)
    return item.bookings.filter(status=Booking.Status.CONFIRMED, ends_at__gte=timezone.now())[:500]


@router.post("/{slug}/requests", response={201: RequestOut, 409: Message}, auth=django_auth)
def create_request(request, slug: str, payload: RequestIn):
    """Ask the provider for access; the conversation continues on the request's page."""
    item = get_object_or_404(Item.objects.published(), slug=slug)
    created = services.request_access(item, request.user, **payload.dict())
    return Status(201, {"id": created.pk, "status": created.status, "url": created.get_absolute_url()})
