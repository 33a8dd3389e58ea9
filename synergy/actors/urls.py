from django.urls import path

from . import import_urls, views

app_name = "actors"
# The import pages and the fixed words below come first: they must not be read as an organisation's slug.
urlpatterns = [
    *import_urls.urlpatterns,
    path("", views.organisation_list, name="list"),
    path("people/me/", views.person_edit, name="person_edit"),
    path("people/<int:pk>/", views.person_detail, name="person"),
    path("projects/<int:pk>/", views.project_detail, name="project"),
    path("projects/<int:pk>/edit/", views.project_edit, name="project_edit"),
    path("projects/<int:pk>/places/<slug:slug>/answer/", views.place_answer, name="place_answer"),
    path("<slug:slug>/", views.organisation_detail, name="detail"),
    path("<slug:slug>/edit/", views.organisation_edit, name="edit"),
    path("<slug:slug>/join/", views.organisation_join, name="join"),
    path("<slug:slug>/members/", views.organisation_members, name="members"),
    path("<slug:slug>/members/<int:pk>/", views.member_action, name="member_action"),
    path("<slug:slug>/requests/<int:pk>/", views.join_request_answer, name="answer_request"),
    path("<slug:slug>/projects/add/", views.project_add, name="project_add"),
]
