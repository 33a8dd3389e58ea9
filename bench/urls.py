"""Synergy's URLs plus the floor of the load benchmark: a view that returns a fixed response
through the full middleware stack, so each page's throughput can be read as a share of what
Django, gunicorn and the middleware alone can serve on this machine. Only bench/settings.py
uses this module; the real site has no such route.
"""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from synergy.urls import handler403, handler404
from synergy.urls import urlpatterns as site_urlpatterns

FLOOR_PATH = "bench/floor/"


def floor(request: HttpRequest) -> HttpResponse:
    """The cheapest response a page could give: no database, no template."""
    return HttpResponse(b"Synergy", content_type="text/plain; charset=utf-8")


urlpatterns = [path(FLOOR_PATH, floor), *site_urlpatterns]

__all__ = ["handler403", "handler404", "urlpatterns"]
