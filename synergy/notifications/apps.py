from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "synergy.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from datetime import timedelta

        from django.conf import settings
        from django.db.models.signals import post_delete, post_save

        from synergy.accounts import personal_data
        from synergy.core import schedule

        from . import services, tasks
        from .models import Notification

        for signal in (post_save, post_delete):
            signal.connect(services.notification_changed, sender=Notification, dispatch_uid=f"unread-{signal}")

        personal_data.register("notifications", services.notifications_data, services.erase_notifications)
        schedule.every(timedelta(minutes=1), tasks.flush_outbox)
        schedule.daily(settings.DIGEST_HOUR, tasks.send_daily_digests)
