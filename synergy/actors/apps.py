from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActorsConfig(AppConfig):
    name = "synergy.actors"
    label = "actors"
    verbose_name = _("Innovation actors")

    def ready(self) -> None:
        from synergy.accounts import personal_data
        from synergy.core import caching, region_links, search

        from . import services
        from .models import Organisation

        caching.watch("actors", Organisation)
        search.register(
            Organisation,
            kind=_("Organisation"),
            entry=services.search_entry,
            public=Organisation.objects.all,
        )
        personal_data.register("memberships", services.memberships_data, services.erase_memberships)
        region_links.add(_("Innovation actors in this region"), services.directory_url_for_region)
