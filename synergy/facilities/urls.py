from django.urls import path

from . import views

app_name = "facilities"
urlpatterns = [
    path("", views.item_list, name="list"),
    path("new/", views.item_create, name="create"),
    path("mine/", views.mine, name="mine"),
    path("report/", views.report, name="report"),
    path("region/<slug:region_slug>/report/", views.report, name="region_report"),
    path("calendar/<str:token>.ics", views.personal_calendar, name="personal_calendar"),
    path("requests/<int:pk>/", views.request_detail, name="request"),
    path("requests/<int:pk>/act/", views.request_action, name="request_action"),
    path("<slug:slug>/", views.item_detail, name="item"),
    path("<slug:slug>/edit/", views.item_edit, name="edit"),
    path("<slug:slug>/photos/", views.item_photos, name="photos"),
    path("<slug:slug>/request/", views.request_access, name="request_access"),
    path("<slug:slug>/calendar.ics", views.item_calendar, name="calendar"),
]
