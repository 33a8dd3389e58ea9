from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "synergy.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from synergy.accounts import personal_data

        from . import services

        personal_data.register("notifications", services.notifications_data, services.erase_notifications)
