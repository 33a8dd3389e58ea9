"""Networks in the open API: what their pages show to everyone — members (organisations only),
composition and analysis. Nobody's name, messages or pending invitations."""

from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import paginate

from synergy.core.taxonomy import KeyArea

from .composition import composition
from .history import ANALYSIS_FIELDS
from .models import ACTIVE, Member, Network
from .services import with_member_count

router = Router(tags=["networks"])
ANALYSIS = [name for name, _label in ANALYSIS_FIELDS]


class NetworkOut(Schema):
    slug: str
    name: str
    key_areas: list[str]
    region: str | None
    member_count: int
    url: str

    @staticmethod
    def resolve_region(obj) -> str | None:
        return obj.region.slug if obj.region_id else None

    @staticmethod
    def resolve_url(obj) -> str:
        return obj.get_absolute_url()


class MemberOut(Schema):
    organisation: str
    slug: str
    country: str
    type: str
    sector: str
    role: str


class CountOut(Schema):
    label: str
    count: int


class DimensionOut(Schema):
    code: str
    title: str
    diversity: float | None
    counts: list[CountOut]


class CompositionOut(Schema):
    size: int
    diversity: float | None
    dimensions: list[DimensionOut]


class NetworkDetailOut(Schema):  # built as a dict by get_network: no resolvers
    slug: str
    name: str
    key_areas: list[str]
    region: str | None
    member_count: int
    url: str
    description: str
    strengths: str
    weaknesses: str
    opportunities: str
    threats: str
    lessons: str
    members: list[MemberOut]
    composition: CompositionOut


def _networks():
    return with_member_count(Network.objects.select_related("region"))


@router.get("/", response=list[NetworkOut])
@paginate
def list_networks(request, key_area: str | None = None):
    """Every network, by name; filter by key area."""
    networks = _networks().order_by("name", "id")
    if key_area in KeyArea.values:
        networks = networks.filter(key_areas__icontains=f'"{key_area}"')
    return networks


@router.get("/{slug}", response=NetworkDetailOut)
def get_network(request, slug: str):
    network = get_object_or_404(_networks(), slug=slug)
    members = list(
        network.members.filter(ACTIVE).select_related("organisation").order_by("role", "organisation__name", "id")
    )
    made_of = composition([member.organisation for member in members])
    fields = ["slug", "name", "key_areas", "member_count", "description", *ANALYSIS]
    return {
        **{name: getattr(network, name) for name in fields},
        "region": network.region.slug if network.region_id else None,
        "url": network.get_absolute_url(),
        "members": [_member(member) for member in members],
        "composition": {
            "size": made_of.size,
            "diversity": made_of.diversity,
            "dimensions": [
                {
                    "code": d.code,
                    "title": d.title,
                    "diversity": d.diversity,
                    "counts": [{"label": label, "count": count} for label, count in d.counts],
                }
                for d in made_of.dimensions
            ],
        },
    }


def _member(member: Member) -> dict:
    organisation = member.organisation
    return {
        "organisation": organisation.name,
        "slug": organisation.slug,
        "country": organisation.country,
        "type": organisation.type,
        "sector": organisation.sector,
        "role": member.role,
    }
