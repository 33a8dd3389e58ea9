from django.urls import path

from . import views

app_name = "funding"
urlpatterns = [
    path("", views.project_list, name="list"),
    path("new/", views.project_create, name="create"),
    path("mine/", views.mine, name="mine"),
    path("campaigns/new/", views.campaign_create, name="campaign_create"),
    path("campaigns/<slug:slug>/", views.campaign_detail, name="campaign"),
    path("campaigns/<slug:slug>/edit/", views.campaign_edit, name="campaign_edit"),
    path("campaigns/<slug:slug>/close/", views.campaign_close, name="campaign_close"),
    path("<slug:slug>/", views.project_detail, name="project"),
    path("<slug:slug>/edit/", views.project_edit, name="edit"),
    path("<slug:slug>/submit/", views.submit_for_approval, name="submit_for_approval"),
    path("<slug:slug>/review/", views.review, name="review"),
    path("<slug:slug>/pledge/", views.pledge, name="pledge"),
    path("<slug:slug>/pledges/<int:pk>/cancel/", views.cancel_pledge, name="cancel_pledge"),
    path("<slug:slug>/updates/", views.post_update, name="post_update"),
]
