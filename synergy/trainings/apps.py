from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingsConfig(AppConfig):
    name = "synergy.trainings"
    label = "trainings"
    verbose_name = _("Regional trainings")

    def ready(self) -> None:
        from datetime import timedelta

        from synergy.accounts import personal_data
        from synergy.core import caching, region_links, schedule, search

        from . import indicators, services, tasks
        from .models import (
            AgendaItem,
            Feedback,
            LearningObjective,
            MaterialVersion,
            Registration,
            Training,
            TrainingMaterial,
        )

        # The training page's fragments show a training's objectives, agenda and materials too.
        caching.watch(
            "trainings",
            Training,
            Registration,
            Feedback,
            LearningObjective,
            AgendaItem,
            TrainingMaterial,
            MaterialVersion,
        )
        search.register(Training, kind=_("Training"), entry=services.search_entry, public=Training.objects.public)
        personal_data.register("training_registrations", services.registrations_data, services.erase_registrations)
        schedule.every(timedelta(hours=1), tasks.send_training_reminders)
        schedule.daily(9, tasks.send_feedback_reminders)
        region_links.add(_("Trainings in this region"), services.list_url_for_region)
        region_links.add(_("Calendar of this region's trainings (.ics)"), services.calendar_url_for_region)
        indicators.register()  # people trained, trainings held, average feedback
