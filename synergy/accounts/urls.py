from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("language/", views.set_language, name="set_language"),
    path("my-data.json", views.export_data, name="export_data"),
    path("delete/", views.delete_account, name="delete"),
]
