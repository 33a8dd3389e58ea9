from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    name = "synergy.library"
    label = "library"
    verbose_name = _("Knowledge library")

    def ready(self) -> None:
        from synergy.accounts import personal_data
        from synergy.core import caching, region_links, related, search

        from . import services
        from .models import Attachment, Entry, Link

        caching.watch("library", Entry, Attachment, Link)

        search.register(Entry, kind=_("Library entry"), entry=services.search_entry, public=Entry.objects.published)
        personal_data.register("library_entries", services.authored_data)
        region_links.add(_("Best practices and success stories from this region"), services.list_url_for_region)
        related.register(
            "trainings.training", heading=_("In the knowledge library"), provide=services.entries_for_training,
            parts="library",
        )  # fmt: skip
        related.register(
            "strategy.action", heading=_("In the knowledge library"), provide=services.entries_for_action,
            parts="library",
        )  # fmt: skip
