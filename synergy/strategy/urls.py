from django.urls import path

from . import views

app_name = "strategy"
urlpatterns = [
    path("", views.index, name="index"),
    path("region/<slug:region_slug>/", views.region, name="region"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/chapters/<int:number>/", views.chapter, name="chapter"),
    path("<slug:slug>/actions/", views.action_list, name="actions"),
    path("<slug:slug>/actions/<str:code>/", views.action_detail, name="action"),
    path("<slug:slug>/pdf/<str:language>/", views.pdf, name="pdf"),
    path("<slug:slug>/translations/request/", views.request_translation, name="request_translation"),
    path("<slug:slug>/regions/", views.compare, name="compare"),
    path("<slug:slug>/regions/<slug:region_slug>/", views.plan, name="plan"),
    path("<slug:slug>/regions/<slug:region_slug>/infographic/", views.infographic_choice, name="infographic_choice"),
    path(
        "<slug:slug>/regions/<slug:region_slug>/infographic/<slug:language>.<slug:kind>",
        views.infographic_file,
        name="infographic",
    ),
    path("<slug:slug>/regions/<slug:region_slug>/adopt/", views.adopt, name="adopt"),
    path("<slug:slug>/regions/<slug:region_slug>/edit/", views.plan_edit, name="plan_edit"),
    path("<slug:slug>/regions/<slug:region_slug>/actions/new/", views.action_add, name="action_add"),
    path("<slug:slug>/regions/<slug:region_slug>/actions/<int:pk>/", views.action_edit, name="action_edit"),
    path("<slug:slug>/regions/<slug:region_slug>/indicators/new/", views.indicator_add, name="indicator_add"),
    path("<slug:slug>/regions/<slug:region_slug>/indicators/<int:pk>/", views.indicator_edit, name="indicator_edit"),
    path("<slug:slug>/regions/<slug:region_slug>/indicators/<int:pk>/values/", views.value_add, name="value_add"),
]
