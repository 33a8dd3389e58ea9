from django.contrib import admin

from synergy.core.forms import HTTPS_URLS

from .models import (
    AgendaItem,
    AttendanceImport,
    Feedback,
    FollowUp,
    LearningObjective,
    MaterialVersion,
    Registration,
    Training,
    TrainingMaterial,
    TranslationRequest,
)


class ObjectiveInline(admin.TabularInline):
    model = LearningObjective
    extra = 0


class AgendaInline(admin.StackedInline):
    model = AgendaItem
    extra = 0


@admin.register(Training)
class TrainingAdmin(admin.ModelAdmin):
    list_display = ["title", "region", "format", "language", "starts_at", "capacity", "status"]
    list_filter = ["status", "format", "language", "region"]
    search_fields = ["title", "slug"]
    date_hierarchy = "starts_at"
    autocomplete_fields = ["region", "organiser"]
    filter_horizontal = ["materials"]
    inlines = [ObjectiveInline, AgendaInline]
    formfield_overrides = HTTPS_URLS


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["training", "user", "status", "created_at", "promoted_at", "cancelled_at", "attended_at"]
    list_filter = ["status", "training__region"]
    search_fields = ["training__title", "user__email", "user__display_name"]
    raw_id_fields = ["training", "user"]


class VersionInline(admin.TabularInline):
    model = MaterialVersion
    extra = 0
    formfield_overrides = HTTPS_URLS


@admin.register(TranslationRequest)
class TranslationRequestAdmin(admin.ModelAdmin):
    list_display = ["material", "language", "requested_by", "email", "created_at", "handled_at"]
    list_filter = ["language", "handled_at"]
    search_fields = ["material__title", "message"]
    raw_id_fields = ["material"]


@admin.register(TrainingMaterial)
class TrainingMaterialAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "created_at"]
    list_filter = ["kind"]
    search_fields = ["title"]
    inlines = [VersionInline]


@admin.register(FollowUp)
class FollowUpAdmin(admin.ModelAdmin):
    list_display = ["subject", "sent_by", "recipients", "sent_at"]
    search_fields = ["subject", "body"]
    readonly_fields = ["sent_by", "trainings", "subject", "body", "link", "recipients", "sent_at"]


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["registration", "usefulness", "intention", "created_at"]
    list_filter = ["intention", "usefulness"]
    search_fields = ["registration__training__title", "comment"]
    raw_id_fields = ["registration"]


@admin.register(AttendanceImport)
class AttendanceImportAdmin(admin.ModelAdmin):
    list_display = ["original_name", "training", "uploaded_by", "created_at", "applied_at"]
    list_filter = ["applied_at"]
    search_fields = ["original_name", "training__title"]
    raw_id_fields = ["training"]
    readonly_fields = ["summary", "mapping"]
