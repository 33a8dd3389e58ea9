"""Challenges in the open API: public challenges and their public proposals, and proposal
submission for the signed-in member (session authentication)."""

from datetime import datetime
from decimal import Decimal

from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate
from ninja.responses import Status
from ninja.security import django_auth

from synergy.core.schemas import Message, TextIn

from . import services
from .models import Challenge, Proposal

router = Router(tags=["challenges"])


class ChallengeOut(Schema):
    slug: str
    title: str
    summary: str
    giver: str
    regions: list[str]
    transnational: bool
    campaign_type: str
    key_areas: list[str]
    competences: list[str]
    keywords: list[str]
    prize_kind: str
    prize_value: Decimal
    prize_currency: str
    team_min: int
    team_max: int
    phase: str
    opens_at: datetime
    refinement_starts_at: datetime | None
    evaluation_starts_at: datetime
    results_at: datetime
    closes_at: datetime
    proposals_public: bool
    proposal_count: int
    url: str

    @staticmethod
    def resolve_giver(obj) -> str:
        return obj.giver.name

    @staticmethod
    def resolve_regions(obj) -> list[str]:
        return [region.slug for region in obj.regions.all()]

    @staticmethod
    def resolve_keywords(obj) -> list[str]:
        return obj.keyword_list

    @staticmethod
    def resolve_proposals_public(obj) -> bool:
        return obj.proposal_visibility == Challenge.Visibility.PUBLIC

    @staticmethod
    def resolve_url(obj) -> str:
        return obj.get_absolute_url()


class ChallengeDetailOut(ChallengeOut):
    description: str
    needs: str
    ip_terms: str
    confidentiality_terms: str
    prize_description: str


class ProposalOut(Schema):
    id: int
    title: str
    summary: str
    organisation: str | None
    submitted_at: datetime | None
    likes: int
    url: str

    @staticmethod
    def resolve_organisation(obj) -> str | None:
        return obj.organisation.name if obj.organisation_id else None

    @staticmethod
    def resolve_likes(obj) -> int:
        return obj.like_count

    @staticmethod
    def resolve_url(obj) -> str:
        return obj.get_absolute_url()


class ProposalIn(TextIn):
    title: str = Field(min_length=1, max_length=300)
    summary: str = Field(min_length=1, max_length=2000)
    objectives: str = Field("", max_length=10000)
    approach: str = Field("", max_length=20000)
    resources: str = Field("", max_length=10000)
    budget_total: Decimal | None = Field(None, ge=0, max_digits=12, decimal_places=2)
    budget_notes: str = Field("", max_length=10000)
    submit: bool = Field(False, description="Submit at once (a team of one must be allowed).")


class ProposalCreated(Schema):
    id: int
    status: str
    url: str


def _public():
    return (
        Challenge.objects.published()
        .select_related("giver")
        .prefetch_related("regions")
        .with_counts()
        .order_by("-opens_at", "-id")
    )


@router.get("/", response=list[ChallengeOut])
@paginate
def list_challenges(request, region: str | None = None, campaign_type: str | None = None):
    """Published challenges, newest first; filter by region slug or campaign type."""
    challenges = _public()
    if region:
        challenges = challenges.filter(regions__slug=region)
    if campaign_type:
        challenges = challenges.filter(campaign_type=campaign_type)
    return challenges


@router.get("/{slug}", response=ChallengeDetailOut)
def get_challenge(request, slug: str):
    return get_object_or_404(_public(), slug=slug)


@router.get("/{slug}/proposals", response=list[ProposalOut])
@paginate
def list_proposals(request, slug: str):
    """The submitted proposals of a challenge whose proposals are public (the others answer 403)."""
    challenge = get_object_or_404(Challenge.objects.published(), slug=slug)
    if challenge.proposal_visibility != Challenge.Visibility.PUBLIC:
        raise HttpError(403, gettext("The proposals of this challenge are seen only by its giver and its jury."))
    return (
        challenge.proposals.filter(status=Proposal.Status.SUBMITTED)
        .select_related("organisation", "challenge")
        .order_by("submitted_at", "id")
    )


@router.post("/{slug}/proposals", response={201: ProposalCreated, 409: Message, 403: Message}, auth=django_auth)
def create_proposal(request, slug: str, payload: ProposalIn):
    """Create a proposal for the signed-in member, as a draft or submitted at once."""
    challenge = get_object_or_404(Challenge.objects.published(), slug=slug)
    if not request.user.has_perm("challenges.create_proposal", challenge):
        return Status(409, {"detail": gettext("This challenge does not accept proposals now.")})
    data = payload.dict(exclude={"submit"})
    with transaction.atomic():  # a refused submission leaves no draft behind; the API answers 409
        proposal = services.create_proposal(challenge, request.user, **data)
        if payload.submit:
            services.submit_proposal(proposal)
            proposal.refresh_from_db()
    return Status(201, {"id": proposal.pk, "status": proposal.status, "url": proposal.get_absolute_url()})
