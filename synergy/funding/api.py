"""Crowdfunding in the open API: public research projects with their progress, and pledging
for the signed-in member (session authentication)."""

from datetime import datetime
from decimal import Decimal

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from ninja import Field, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status
from ninja.security import django_auth

from synergy.core.schemas import Message

from . import services
from .models import Project

router = Router(tags=["funding"])


class RewardOut(Schema):
    id: int
    title: str
    description: str
    minimum: Decimal
    quantity: int | None
    left: int | None


class ProjectOut(Schema):
    slug: str
    title: str
    summary: str
    region: str
    campaign: str | None
    goal: Decimal
    raised: Decimal
    percent: int
    currency: str
    rule: str
    status: str
    starts_at: datetime
    ends_at: datetime
    rank: int | None
    wins_voucher: bool
    rewards: list[RewardOut]
    url: str

    @staticmethod
    def resolve_region(obj) -> str:
        return obj.region.slug

    @staticmethod
    def resolve_campaign(obj) -> str | None:
        return obj.campaign.slug if obj.campaign_id else None

    @staticmethod
    def resolve_url(obj) -> str:
        return obj.get_absolute_url()


class PledgeIn(Schema):
    amount: Decimal = Field(gt=0, max_digits=12, decimal_places=2)
    reward: int | None = None
    anonymous: bool = False


class PledgeOut(Schema):
    id: int
    amount: Decimal
    raised: Decimal
    percent: int


def _public():
    return Project.objects.public().select_related("region", "campaign").prefetch_related("rewards")


@router.get("/", response=list[ProjectOut])
@paginate
def list_projects(request, region: str | None = None):
    """Public research projects, newest first; filter by region slug."""
    projects = _public().order_by("-starts_at", "-id")
    return projects.filter(region__slug=region) if region else projects


@router.get("/{slug}", response=ProjectOut)
def get_project(request, slug: str):
    return get_object_or_404(_public(), slug=slug)


@router.post("/{slug}/pledges", response={201: PledgeOut, 409: Message}, auth=django_auth)
def create_pledge(request, slug: str, payload: PledgeIn):
    """Pledge for the signed-in member: a recorded commitment, no payment is taken."""
    project = get_object_or_404(Project.objects.public(), slug=slug)
    if not request.user.has_perm("funding.pledge", project):
        return Status(409, {"detail": gettext("This project does not take pledges from you now.")})
    reward = get_object_or_404(project.rewards, pk=payload.reward) if payload.reward else None
    created = services.pledge(project, request.user, payload.amount, reward=reward, anonymous=payload.anonymous)
    project.refresh_from_db()
    return Status(
        201, {"id": created.pk, "amount": created.amount, "raised": project.raised, "percent": project.percent}
    )
