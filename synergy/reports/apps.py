from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "synergy.reports"
    label = "reports"
    verbose_name = _("Figures and open data")

    def ready(self) -> None:
        from synergy.core import region_links

        from . import services

        region_links.add(_("Figures for this region"), services.figures_url_for_region)
