from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchmakingConfig(AppConfig):
    name = "synergy.matchmaking"
    label = "matchmaking"
    verbose_name = _("Matchmaking")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from synergy.accounts import personal_data
        from synergy.actors.models import Organisation, PersonProfile
        from synergy.actors.services import profile_changed
        from synergy.core import schedule

        from . import index, rules, services, tasks  # noqa: F401  (rules registers the permissions)

        profile_changed.connect(index.on_profile_changed, dispatch_uid="matchmaking-profile-changed")
        post_save.connect(index.on_person_profile_saved, sender=PersonProfile, dispatch_uid="matchmaking-person-saved")
        post_delete.connect(
            index.on_person_profile_deleted, sender=PersonProfile, dispatch_uid="matchmaking-person-deleted"
        )
        post_delete.connect(
            index.on_organisation_deleted, sender=Organisation, dispatch_uid="matchmaking-organisation-deleted"
        )
        # Each morning; an organisation is told at most once a week (services.DIGEST_EVERY).
        schedule.daily(7, tasks.send_digests)
        personal_data.register("collaboration_requests", services.requests_data, services.erase_requests)
