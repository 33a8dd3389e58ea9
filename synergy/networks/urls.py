from django.urls import path

from . import views

app_name = "networks"
urlpatterns = [
    path("", views.network_list, name="list"),
    path("new/", views.network_create, name="create"),
    path("mine/", views.mine, name="mine"),
    path("assistant/", views.formation_assistant, name="assistant"),
    path("<slug:slug>/", views.network_detail, name="detail"),
    path("<slug:slug>/edit/", views.network_edit, name="edit"),
    path("<slug:slug>/invite/", views.invite, name="invite"),
    path("<slug:slug>/apply/", views.apply, name="apply"),
    path("<slug:slug>/members/<int:pk>/answer/", views.answer, name="answer"),
    path("<slug:slug>/members/<int:pk>/leave/", views.leave, name="leave"),
    path("<slug:slug>/members/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<slug:slug>/members/<int:pk>/remove/", views.remove, name="remove"),
    path("<slug:slug>/members/<int:pk>/role/", views.change_role, name="role"),
    path("<slug:slug>/analysis/", views.analysis_edit, name="analysis"),
    path("<slug:slug>/history/", views.history, name="history"),
]
