"""Innovation actors in the open API: the directory with its filters and search, an organisation's
profile with its competences and projects, and a project with its consortium. Contact e-mails and
members are never exposed."""

from datetime import date, datetime
from typing import Literal

import django_filters
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from ninja.errors import ValidationError
from ninja.pagination import paginate

from synergy.core.countries import COUNTRY_CHOICES
from synergy.core.taxonomy import Competence, KeyArea

from .directory import MAX_QUERY_LENGTH
from .filters import ORDERING_CHOICES, OrganisationFilter
from .models import Organisation, OrganisationType, Participation, ResearchProject

router = Router(tags=["organisations"])

# The detail lists an organisation's latest projects; all of them are at /{slug}/projects.
PROJECTS_IN_DETAIL = 100


class OrganisationOut(Schema):
    slug: str
    name: str
    type: str
    country: str
    region: str | None
    nuts_code: str
    website: str
    description: str
    specialisation: str
    keywords: list[str]
    completeness: int
    active_on_platform: bool
    url: str

    @staticmethod
    def resolve_region(obj) -> str | None:
        return obj.region.slug if obj.region else None

    @staticmethod
    def resolve_keywords(obj) -> list[str]:
        return obj.keyword_list

    @staticmethod
    def resolve_active_on_platform(obj) -> bool:
        return obj.is_active_on_platform

    @staticmethod
    def resolve_url(obj) -> str:
        return obj.get_absolute_url()


class CompetenceOut(Schema):
    term: str
    label: str
    declared: bool
    evidence: int

    @staticmethod
    def resolve_label(obj) -> str:
        return str(obj)


class ParticipationOut(Schema):
    project: int
    acronym: str
    title: str
    programme: str
    start_date: date | None
    end_date: date | None
    trl_end: int | None
    role: str
    url: str

    @staticmethod
    def resolve_project(obj) -> int:
        return obj.project_id

    @staticmethod
    def resolve_acronym(obj) -> str:
        return obj.project.acronym

    @staticmethod
    def resolve_title(obj) -> str:
        return obj.project.title

    @staticmethod
    def resolve_programme(obj) -> str:
        return obj.project.programme

    @staticmethod
    def resolve_start_date(obj) -> date | None:
        return obj.project.start_date

    @staticmethod
    def resolve_end_date(obj) -> date | None:
        return obj.project.end_date

    @staticmethod
    def resolve_trl_end(obj) -> int | None:
        return obj.project.trl_end

    @staticmethod
    def resolve_url(obj) -> str:
        return obj.project.get_absolute_url()


class OrganisationDetailOut(OrganisationOut):
    short_name: str
    services: str
    infrastructure: str
    last_active_at: datetime | None
    competences: list[CompetenceOut]
    project_count: int
    projects: list[ParticipationOut]

    @staticmethod
    def resolve_competences(obj) -> list:
        return list(obj.competences.order_by("-declared", "-evidence", "term"))

    @staticmethod
    def resolve_project_count(obj) -> int:
        return obj.participations.confirmed().count()

    @staticmethod
    def resolve_projects(obj) -> list:
        return list(_participations(obj)[:PROJECTS_IN_DETAIL])


class PartnerOut(Schema):
    organisation: str
    name: str
    country: str
    role: str

    @staticmethod
    def resolve_organisation(obj) -> str:
        return obj.organisation.slug

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.organisation.name

    @staticmethod
    def resolve_country(obj) -> str:
        return obj.organisation.country


class ProjectOut(Schema):
    id: int
    title: str
    acronym: str
    programme: str
    cordis_id: str
    start_date: date | None
    end_date: date | None
    domain: str
    topics: str
    objective: str
    outputs: str
    trl_start: int | None
    trl_end: int | None
    source: str
    consortium: list[PartnerOut]

    @staticmethod
    def resolve_consortium(obj) -> list:
        return list(
            obj.participations.confirmed().select_related("organisation").order_by("role", "organisation__name")
        )


class ApiFilter(OrganisationFilter):
    """The directory's filters, with the region named by its slug as elsewhere in the API (an
    unknown one matches nothing)."""

    region = django_filters.CharFilter(field_name="region__slug")


def _one_of(values) -> object:
    return Literal[tuple(values)]


@router.get("/", response=list[OrganisationOut])
@paginate
def list_organisations(
    request,
    q: str | None = Query(None, max_length=MAX_QUERY_LENGTH),
    competence: _one_of(Competence.values) | None = None,
    key_area: _one_of(KeyArea.values) | None = None,
    type: _one_of(OrganisationType.values) | None = None,
    country: _one_of(code for code, _name in COUNTRY_CHOICES) | None = None,
    region: str | None = None,
    readiness: int | None = Query(None, ge=1, le=9),
    has_infrastructure: bool | None = None,
    ordering: _one_of(code for code, _label in ORDERING_CHOICES) | None = None,
):
    """Organisations, searched (`q`: every word, as a prefix, with diacritics folded) and filtered.
    `readiness`: a project of theirs reached at least this readiness level. `ordering`: relevance
    (the default with `q`), name (the default without) or completeness."""
    data = {key: value for key, value in locals().items() if key != "request" and value is not None}
    if q:
        data["q"] = q.replace("\x00", "")  # a search word cannot hold one; the rest of the text still counts
    filterset = ApiFilter(data, queryset=Organisation.objects.select_related("region"))
    if not filterset.is_valid():
        raise ValidationError(
            [{"loc": ["query", name], "msg": str(errors[0]), "type": "value_error", "ctx": {"error": str(errors[0])}}
             for name, errors in filterset.errors.items()]
        )  # fmt: skip
    return filterset.rows()


@router.get("/projects/{int:pk}", response=ProjectOut)
def get_research_project(request, pk: int):
    return get_object_or_404(ResearchProject, pk=pk)


@router.get("/{slug}", response=OrganisationDetailOut)
def get_organisation(request, slug: str):
    return get_object_or_404(Organisation.objects.select_related("region"), slug=slug)


@router.get("/{slug}/projects", response=list[ParticipationOut])
@paginate
def list_organisation_projects(request, slug: str):
    return _participations(get_object_or_404(Organisation, slug=slug))


def _participations(organisation: Organisation):
    return (
        Participation.objects.confirmed()
        .filter(organisation=organisation)
        .select_related("project")
        .order_by("-project__start_date", "-project_id")
    )
