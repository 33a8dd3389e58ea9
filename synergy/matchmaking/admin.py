from django.contrib import admin

from .models import CollaborationRequest


@admin.register(CollaborationRequest)
class CollaborationRequestAdmin(admin.ModelAdmin):
    """For support: read what happened. Answers are given by the recipients on the site."""

    list_display = ["subject", "sender", "organisation", "person", "status", "created_at", "decided_at"]
    list_filter = ["status"]
    raw_id_fields = ["sender", "sender_organisation", "organisation", "person", "decided_by"]
    readonly_fields = ["status", "decided_at", "decided_by", "answer"]
