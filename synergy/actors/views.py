from django.db.models import Count
from django.shortcuts import get_object_or_404, render

from synergy.core.pagination import paginate

from .filters import OrganisationFilter
from .models import Organisation


def organisation_list(request):
    organisations = Organisation.objects.select_related("region").annotate(member_count=Count("memberships"))
    filterset = OrganisationFilter(request.GET or None, queryset=organisations)
    page = paginate(request, filterset.qs)
    template = "actors/list.html#results" if request.htmx else "actors/list.html"
    return render(request, template, {"filter": filterset, "page": page})


def organisation_detail(request, slug: str):
    organisation = get_object_or_404(Organisation.objects.select_related("region"), slug=slug)
    return render(request, "actors/detail.html", {"organisation": organisation})
