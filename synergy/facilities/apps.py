from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FacilitiesConfig(AppConfig):
    name = "synergy.facilities"
    label = "facilities"
    verbose_name = _("Shared infrastructure")

    def ready(self) -> None:
        from datetime import timedelta

        from synergy.accounts import personal_data
        from synergy.core import caching, region_links, schedule, search

        from . import indicators, services, tasks
        from .models import AccessRequest, Booking, Item, Photo, UsageReport

        caching.watch("facilities", AccessRequest, Booking, Item, Photo, UsageReport)

        search.register(Item, kind=_("Shared equipment"), entry=services.search_entry, public=Item.objects.published)
        personal_data.register("access_requests", services.requests_data)
        schedule.every(timedelta(hours=1), tasks.send_booking_reminders)
        region_links.add(_("Equipment and facilities shared in this region"), services.list_url_for_region)
        indicators.register()  # equipment shared, access requests fulfilled
