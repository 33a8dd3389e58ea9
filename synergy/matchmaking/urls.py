from django.urls import path

from . import views

app_name = "matchmaking"
urlpatterns = [
    path("", views.need, name="need"),
    path("challenges/<slug:slug>/", views.challenge_matches, name="challenge"),
    path("for/<slug:slug>/", views.opportunities, name="opportunities"),
    path("requests/", views.request_list, name="requests"),
    path("requests/<int:pk>/", views.request_detail, name="request"),
    path("requests/<int:pk>/answer/", views.request_answer, name="answer"),
    path("requests/<int:pk>/withdraw/", views.request_withdraw, name="withdraw"),
    path("ask/organisation/<slug:slug>/", views.request_organisation, name="ask_organisation"),
    path("ask/person/<int:pk>/", views.request_person, name="ask_person"),
]
