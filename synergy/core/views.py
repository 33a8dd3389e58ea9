import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.db.models import Count
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template import loader
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.defaults import server_error
from django.views.static import serve

from . import region_links
from .charts import bar_chart
from .health import health_report
from .models import Region
from .pagination import paginate
from .search import search as run_search
from .uploads import PRIVATE_MEDIA_FOLDERS


def home(request):
    regions = Region.objects.annotate(organisation_count=Count("organisations"))
    return render(request, "core/home.html", {"regions": regions})


def region_list(request):
    regions = Region.objects.select_related("coordinating_organisation").annotate(
        organisation_count=Count("organisations")
    )
    return render(request, "core/region_list.html", {"regions": regions})


def region_detail(request, slug: str):
    region = get_object_or_404(Region.objects.select_related("coordinating_organisation"), slug=slug)
    links = SimpleLazyObject(lambda: region_links.for_region(region))  # only if the page is not cached
    return render(request, "core/region_detail.html", {"region": region, "links": links})


def search(request):
    query = request.GET.get("q", "")
    # Searched only if these results are not already in the cache.
    page = SimpleLazyObject(lambda: paginate(request, run_search(query)))
    return render(request, "core/search.html", {"query": query, "page": page})


def style_guide(request):
    chart = bar_chart(
        _("Participants per training format"),
        [(_("Online webinar"), 74), (_("In person"), 31), (_("Hybrid"), 17)],
    )
    return render(request, "core/style.html", {"chart": chart})


def terms(request):
    return render(request, "core/terms.html")


def privacy(request):
    return render(request, "core/privacy.html")


@never_cache
def healthz(request):
    report = health_report()
    return JsonResponse(report, status=200 if report["ok"] else 503)


def error_403(request, exception=None):
    return render(request, "403.html", status=403)


def error_404(request, exception=None):
    return render(request, "404.html", status=404)


def error_500(request):
    """Django's server error page, except when the database cannot be reached (a restart, a
    failover): then 503 with Retry-After, so people, proxies and clients know to try again soon.

    Called while the error is being handled, so ``sys.exc_info()`` is the error. Renders without
    the request's context: nothing here may need the database.
    """
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = "5"
        return response
    return server_error(request)


@require_safe
def media(request, path: str):
    """Uploaded files for the development server (DEBUG only), without the confidential folders,
    as the web server in docs/deploy.md serves them."""
    if not settings.DEBUG or path.split("/", 1)[0] in PRIVATE_MEDIA_FOLDERS:
        raise Http404
    return serve(request, path, document_root=settings.MEDIA_ROOT)
