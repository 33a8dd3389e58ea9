from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundingConfig(AppConfig):
    name = "synergy.funding"
    label = "funding"
    verbose_name = _("Crowdfunding for research")

    def ready(self) -> None:
        from datetime import timedelta

        from synergy.accounts import personal_data
        from synergy.core import caching, region_links, schedule, search

        from . import indicators, services, tasks
        from .models import Pledge, Project, ProjectUpdate, Reward, SimulatedCampaign

        caching.watch("funding", Pledge, Project, ProjectUpdate, Reward, SimulatedCampaign)

        search.register(
            Project,
            kind=_("Research project"),
            entry=services.search_entry,
            public=Project.objects.public,
            ignored={"raised", "goal_reached_at"},  # kept by every pledge; not in the index
        )
        personal_data.register("pledges", services.pledges_data, services.erase_pledges)
        schedule.every(timedelta(minutes=5), tasks.close_due_campaigns)
        region_links.add(_("Research projects raising funds in this region"), services.list_url_for_region)
        indicators.register()  # money pledged
