from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworksConfig(AppConfig):
    name = "synergy.networks"
    label = "networks"
    verbose_name = _("Synergic Networks")

    def ready(self) -> None:
        from synergy.accounts import personal_data
        from synergy.core import caching, search

        from . import indicators, services
        from .models import Member, Network, Revision

        caching.watch("networks", Network, Member, Revision)
        search.register(Network, kind=_("Network"), entry=services.search_entry, public=Network.objects.all)
        personal_data.register("network_authorship", services.authorship_data, services.erase_authorship)
        indicators.register()  # network members
