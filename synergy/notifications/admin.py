from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import Notification, OutboxMessage


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "recipient", "kind", "created_at", "read_at", "digested_at"]
    list_filter = ["kind", "created_at"]
    search_fields = ["title", "recipient__email"]
    raw_id_fields = ["recipient"]
    date_hierarchy = "created_at"


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ["subject", "recipient_list", "status", "attempts", "created_at", "next_attempt_at", "sent_at"]
    list_filter = ["status", "created_at"]
    search_fields = ["subject", "recipients"]
    readonly_fields = [
        "created_at",
        "from_email",
        "recipients",
        "subject",
        "attempts",
        "claimed_at",
        "sent_at",
        "last_error",
    ]
    exclude = ["raw"]
    actions = ["retry_now"]

    @admin.display(description=_("recipients"))
    def recipient_list(self, obj) -> str:
        return ", ".join(obj.recipients)

    @admin.action(description=_("Retry the selected e-mails now"))
    def retry_now(self, request, queryset):
        from django.utils import timezone

        count = queryset.exclude(status=OutboxMessage.Status.SENT).update(
            status=OutboxMessage.Status.PENDING, next_attempt_at=timezone.now()
        )
        services.flush_outbox()
        message = ngettext("%(count)s e-mail queued again.", "%(count)s e-mails queued again.", count)
        self.message_user(request, message % {"count": count}, messages.SUCCESS)
