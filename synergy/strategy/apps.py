from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StrategyConfig(AppConfig):
    name = "synergy.strategy"
    label = "strategy"
    verbose_name = _("Regional strategy")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from synergy.accounts import personal_data
        from synergy.core import caching, region_links, search

        from . import services
        from .models import (
            Action,
            Chapter,
            Indicator,
            IndicatorValue,
            LanguageVersion,
            PlanAction,
            RegionalPlan,
            Section,
            Strategy,
        )

        caching.watch(
            "strategy", Strategy, Chapter, Section, Action, LanguageVersion, RegionalPlan, PlanAction, Indicator,
            IndicatorValue,
        )  # fmt: skip
        search.register(Strategy, kind=_("Strategy"), entry=services.strategy_entry, public=Strategy.objects.published)
        search.register(
            Chapter, kind=_("Strategy chapter"), entry=services.chapter_entry,
            public=lambda: Chapter.objects.filter(strategy__published=True),
        )  # fmt: skip
        search.register(
            Action, kind=_("Strategy action"), entry=services.action_entry,
            public=lambda: Action.objects.filter(strategy__published=True),
        )  # fmt: skip
        personal_data.register(
            "strategy_translation_requests", services.translation_requests_data, services.erase_translation_requests
        )
        for signal in (post_save, post_delete):
            signal.connect(
                services.index_chapter_of_section, sender=Section, dispatch_uid=f"strategy-section-search-{signal}"
            )
        post_save.connect(services.index_contents_of_strategy, sender=Strategy, dispatch_uid="strategy-contents-search")
        region_links.add(_("The region's strategy plan and its progress"), services.plan_url_for_region)
