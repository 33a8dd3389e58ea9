from allauth.account.decorators import secure_admin_login
from allauth.account.views import confirm_email
from django.contrib import admin
from django.urls import include, path, re_path

from synergy.accounts.views import SignupView
from synergy.api.api import api
from synergy.api.views import api_docs, unknown
from synergy.core import views as core_views
from synergy.core.ratelimit import rate_limited

# The back office signs in through the same door as everyone: allauth, with its rate
# limits and two-factor authentication.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = admin.site.site_title = "Synergy"

urlpatterns = [
    path("", include("synergy.core.urls")),
    path("accounts/signup/", SignupView.as_view(), name="account_signup"),
    # allauth leaves its e-mail confirmation link unlimited; every write open to visitors is limited.
    re_path(
        r"^accounts/confirm-email/(?P<key>[-:\w]+)/$",
        rate_limited("confirm_email_key")(confirm_email),
        name="account_confirm_email",
    ),
    path("accounts/", include("allauth.urls")),
    path("me/", include("synergy.accounts.urls")),
    path("notifications/", include("synergy.notifications.urls")),
    path("actors/", include("synergy.actors.urls")),
    path("trainings/", include("synergy.trainings.urls")),
    path("challenges/", include("synergy.challenges.urls")),
    path("funding/", include("synergy.funding.urls")),
    path("facilities/", include("synergy.facilities.urls")),
    path("networks/", include("synergy.networks.urls")),
    path("matchmaking/", include("synergy.matchmaking.urls")),
    path("figures/", include("synergy.reports.urls")),
    path("strategy/", include("synergy.strategy.urls")),
    path("library/", include("synergy.library.urls")),
    path("api/v1/docs", api_docs, name="api_docs"),
    path("api/v1/", api.urls),
    re_path(r"^api/(?P<path>.*)$", unknown, name="api_unknown"),
    path("admin/", admin.site.urls),
    path("healthz", core_views.healthz, name="healthz"),
]

handler403 = "synergy.core.views.error_403"
handler404 = "synergy.core.views.error_404"
handler500 = "synergy.core.views.error_500"

# Uploads for the development server; the view answers only when DEBUG is on. In production
# the web server serves /media/ itself, without the private folders (docs/deploy.md).
urlpatterns.append(re_path(r"^media/(?P<path>.*)$", core_views.media, name="media"))
