from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActorsConfig(AppConfig):
    name = "synergy.actors"
    label = "actors"
    verbose_name = _("Innovation actors")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from synergy.accounts import personal_data
        from synergy.core import caching, region_links, schedule, search
        from synergy.core.permissions import roles_changed

        from . import activity, indicators, services
        from .models import ActorCompetence, Membership, Organisation, Participation, ResearchProject

        caching.watch("actors", Organisation, ActorCompetence, ResearchProject, Participation)
        for signal in (post_save, post_delete):  # what a person object remembers of its roles
            signal.connect(roles_changed, sender=Membership, dispatch_uid=f"roles-membership-{signal}")
        caching.watch("roles", Membership)  # a person's own pages list what their roles let them do
        search.register(
            Organisation,
            kind=_("Organisation"),
            entry=services.search_entry,
            public=Organisation.objects.all,
            ignored=["completeness", "last_active_at", "normalised_name"],
        )
        personal_data.register("memberships", services.memberships_data, services.erase_memberships)
        personal_data.register("actor_profile", services.person_profile_data, services.erase_person_profile)
        personal_data.register("join_requests", services.join_requests_data, services.erase_join_requests)
        region_links.add(_("Innovation actors in this region"), services.directory_url_for_region)
        schedule.daily(3, activity.refresh_activity_task)
        indicators.register()  # organisations profiled
