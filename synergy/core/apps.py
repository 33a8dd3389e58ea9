from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "synergy.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.apps import apps

        from . import caching, choices, schedule, search, tasks
        from .models import Region, SearchDocument

        caching.watch("regions", Region)
        caching.watch("search", SearchDocument)  # moved by the index itself, which is written on commit
        choices.install(m for m in apps.get_models() if m.__module__.startswith("synergy."))

        search.register(Region, kind=_("Region"), entry=_region_entry, public=Region.objects.all)
        schedule.daily(3, tasks.prune_task_results)
        schedule.every(timedelta(minutes=1), tasks.requeue_abandoned)


def _region_entry(region):
    from .search import Entry

    body = " ".join([region.get_country_display(), region.nuts_code, *_other_names(region)])
    return Entry(title=region.name, body=body, url=region.get_absolute_url())


def _other_names(region) -> list[str]:
    """The region's names in the other languages, so "Dolny Śląsk" finds Lower Silesia anywhere."""
    from django.conf import settings

    return [getattr(region, f"name_{code}") or "" for code, _name in settings.LANGUAGES]
