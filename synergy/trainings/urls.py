from django.urls import path

from . import views

app_name = "trainings"
urlpatterns = [
    path("", views.training_list, name="list"),
    path("new/", views.training_create, name="create"),
    path("mine/", views.my_trainings, name="mine"),
    path("calendar/<str:token>.ics", views.personal_calendar, name="personal_calendar"),
    path("region/<slug:region_slug>.ics", views.region_calendar, name="region_calendar"),
    path("<slug:slug>/calendar.ics", views.training_calendar, name="calendar"),
    path("<slug:slug>/", views.training_detail, name="detail"),
    path("<slug:slug>/edit/", views.training_edit, name="edit"),
    path("<slug:slug>/publish/", views.training_publish, name="publish"),
    path("<slug:slug>/cancel/", views.training_cancel, name="cancel"),
    path("<slug:slug>/participants/", views.participants, name="participants"),
    path("<slug:slug>/register/", views.register, name="register"),
    path("<slug:slug>/unregister/", views.cancel_registration, name="unregister"),
]
