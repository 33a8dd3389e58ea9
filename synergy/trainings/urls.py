from django.urls import path, re_path

from . import views

app_name = "trainings"
urlpatterns = [
    path("", views.training_list, name="list"),
    path("new/", views.training_create, name="create"),
    path("mine/", views.my_trainings, name="mine"),
    path("follow-up/", views.follow_up, name="follow_up"),
    path("report/", views.programme_report, name="programme_report"),
    re_path(r"^report\.(?P<extension>csv|xlsx)$", views.programme_report_file, name="programme_report_file"),
    path("materials/", views.material_list, name="materials"),
    path("materials/new/", views.material_edit, name="material_create"),
    path("materials/<int:pk>/edit/", views.material_edit, name="material_edit"),
    path("materials/<int:pk>/translation/", views.material_request_translation, name="material_request_translation"),
    path("calendar/<str:token>.ics", views.personal_calendar, name="personal_calendar"),
    path("region/<slug:region_slug>.ics", views.region_calendar, name="region_calendar"),
    path("region/<slug:region_slug>/report/", views.region_report, name="region_report"),
    re_path(
        r"^region/(?P<region_slug>[-\w]+)/report\.(?P<extension>csv|xlsx|pdf)$",
        views.region_report_file,
        name="region_report_file",
    ),
    path("certificates/<str:code>/", views.certificate_check, name="certificate_check"),
    path("<slug:slug>/calendar.ics", views.training_calendar, name="calendar"),
    path("<slug:slug>/", views.training_detail, name="detail"),
    path("<slug:slug>/edit/", views.training_edit, name="edit"),
    path("<slug:slug>/publish/", views.training_publish, name="publish"),
    path("<slug:slug>/close-registration/", views.training_close_registration, name="close_registration"),
    path("<slug:slug>/reported/", views.training_reported, name="reported"),
    path("<slug:slug>/cancel/", views.training_cancel, name="cancel"),
    path("<slug:slug>/participants/", views.participants, name="participants"),
    path("<slug:slug>/register/", views.register, name="register"),
    path("<slug:slug>/check-in/", views.checkin, name="checkin"),
    path("<slug:slug>/walk-in/", views.walk_in, name="walk_in"),
    path("<slug:slug>/attendance/", views.attendance_upload, name="attendance_upload"),
    path("<slug:slug>/attendance/<int:import_id>/", views.attendance_preview, name="attendance_preview"),
    path("<slug:slug>/held/", views.training_held, name="held"),
    path("<slug:slug>/feedback/", views.feedback, name="feedback"),
    path("<slug:slug>/certificate.pdf", views.certificate, name="certificate"),
    path("<slug:slug>/report/", views.training_report, name="report"),
    re_path(
        r"^(?P<slug>[-\w]+)/participants\.(?P<extension>csv|xlsx)$",
        views.training_participants_file,
        name="participants_file",
    ),
    path("<slug:slug>/unregister/", views.cancel_registration, name="unregister"),
]
