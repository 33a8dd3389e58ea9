from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "synergy.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from datetime import timedelta

        from django.conf import settings

        from synergy.accounts import personal_data
        from synergy.core import schedule

        from . import services, tasks

        personal_data.register("notifications", services.notifications_data, services.erase_notifications)
        schedule.every(timedelta(minutes=1), tasks.flush_outbox)
        schedule.daily(settings.DIGEST_HOUR, tasks.send_daily_digests)
