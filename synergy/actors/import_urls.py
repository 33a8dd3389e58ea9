"""The CORDIS import pages, part of the actors namespace (see urls.py)."""

from django.urls import path

from . import import_views

urlpatterns = [
    path("import/", import_views.import_new, name="import_new"),
    path("import/<int:pk>/", import_views.import_detail, name="import"),
    path("import/<int:pk>/merges/<str:cordis_id>/separate/", import_views.separate, name="import_separate"),
]
