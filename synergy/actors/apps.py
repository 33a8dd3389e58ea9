from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActorsConfig(AppConfig):
    name = "synergy.actors"
    label = "actors"
    verbose_name = _("Innovation actors")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from synergy.accounts import personal_data
        from synergy.core import caching, region_links, search
        from synergy.core.permissions import roles_changed

        from . import services
        from .models import Membership, Organisation

        caching.watch("actors", Organisation)
        for signal in (post_save, post_delete):  # what a person object remembers of its roles
            signal.connect(roles_changed, sender=Membership, dispatch_uid=f"roles-membership-{signal}")
        caching.watch("roles", Membership)  # a person's own pages list what their roles let them do
        search.register(
            Organisation,
            kind=_("Organisation"),
            entry=services.search_entry,
            public=Organisation.objects.all,
        )
        personal_data.register("memberships", services.memberships_data, services.erase_memberships)
        region_links.add(_("Innovation actors in this region"), services.directory_url_for_region)
