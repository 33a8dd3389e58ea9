from django.urls import path, re_path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.figures, name="figures"),
    re_path(r"^open-data\.(?P<extension>csv|json)$", views.open_data, name="open_data"),
    path("<slug:slug>/", views.region_figures, name="region"),
]
