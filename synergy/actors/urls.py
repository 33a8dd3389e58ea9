from django.urls import path

from . import import_urls, views

app_name = "actors"
# The import pages come first: their fixed words must not be read as an organisation's slug.
urlpatterns = import_urls.urlpatterns + [
    path("", views.organisation_list, name="list"),
    path("<slug:slug>/", views.organisation_detail, name="detail"),
]
