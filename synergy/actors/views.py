from django.shortcuts import get_object_or_404, render
from django.utils.functional import SimpleLazyObject

from synergy.core.pagination import paginate

from .filters import OrganisationFilter
from .models import Organisation


def organisation_list(request):
    filterset = OrganisationFilter(request.GET or None, queryset=Organisation.objects.select_related("region"))
    context = {
        "filter": filterset,
        # Counted and fetched only if the list is not already rendered in the cache.
        "page": SimpleLazyObject(lambda: paginate(request, filterset.qs)),
    }
    template = "actors/list.html#results" if request.htmx else "actors/list.html"
    return render(request, template, context)


def organisation_detail(request, slug: str):
    organisation = get_object_or_404(Organisation.objects.select_related("region"), slug=slug)
    return render(request, "actors/detail.html", {"organisation": organisation})
