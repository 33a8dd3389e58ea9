from django.urls import path

from . import views

app_name = "library"
urlpatterns = [
    path("", views.entry_list, name="list"),
    path("new/", views.entry_create, name="create"),
    path("review/", views.review_list, name="review"),  # services.RESERVED_SLUGS keeps entries off these
    path("<slug:slug>/", views.entry_detail, name="detail"),
    path("<slug:slug>/edit/", views.entry_edit, name="edit"),
    path("<slug:slug>/languages/<str:language>/", views.entry_translate, name="translate"),
    path("<slug:slug>/submit/", views.entry_submit, name="submit"),
    path("<slug:slug>/publish/", views.entry_publish, name="publish"),
    path("<slug:slug>/files/", views.entry_files, name="files"),
    path("<slug:slug>/files/<int:pk>/", views.attachment_download, name="attachment"),
]
