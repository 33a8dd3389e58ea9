from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChallengesConfig(AppConfig):
    name = "synergy.challenges"
    label = "challenges"
    verbose_name = _("Crowd-innovation challenges")

    def ready(self) -> None:
        from datetime import timedelta

        from synergy.accounts import personal_data
        from synergy.core import caching, region_links, schedule, search

        from . import indicators, services, tasks
        from .models import (
            Award,
            Challenge,
            ChallengeAttachment,
            Conflict,
            Criterion,
            Juror,
            Like,
            Proposal,
            Question,
            Round,
            Score,
            TeamMember,
            ThematicCall,
        )

        caching.watch(
            "challenges",
            Award,
            Challenge,
            ChallengeAttachment,
            Conflict,
            Criterion,
            Juror,
            Like,
            Proposal,
            Question,
            Round,
            Score,
            TeamMember,
            ThematicCall,
        )

        search.register(Challenge, kind=_("Challenge"), entry=services.search_entry, public=Challenge.objects.published)
        personal_data.register("challenge_participation", services.proposals_data, services.erase_participation)
        schedule.every(timedelta(minutes=5), tasks.announce_phase_changes)
        region_links.add(_("Challenges in this region"), services.list_url_for_region)
        indicators.register()  # challenges launched, proposals received
