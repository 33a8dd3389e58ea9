from django.shortcuts import get_object_or_404
from ninja import FilterSchema, Query, Router, Schema
from ninja.pagination import paginate

from .models import Organisation

router = Router(tags=["organisations"])


class OrganisationOut(Schema):
    slug: str
    name: str
    type: str
    country: str
    region: str | None
    website: str
    description: str

    @staticmethod
    def resolve_region(obj) -> str | None:
        return obj.region.slug if obj.region else None


class OrganisationFilters(FilterSchema):
    type: str | None = None
    country: str | None = None
    region: str | None = None

    def filter_region(self, value):
        from django.db.models import Q

        return Q(region__slug=value) if value else Q()


@router.get("/", response=list[OrganisationOut])
@paginate
def list_organisations(request, filters: Query[OrganisationFilters]):
    return filters.filter(Organisation.objects.select_related("region"))


@router.get("/{slug}", response=OrganisationOut)
def get_organisation(request, slug: str):
    return get_object_or_404(Organisation.objects.select_related("region"), slug=slug)
