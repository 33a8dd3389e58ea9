from django.contrib import admin

from .models import (
    Award,
    Challenge,
    ChallengeAttachment,
    Criterion,
    Juror,
    Proposal,
    Question,
    Round,
    ScoreChange,
    TeamMember,
    ThematicCall,
)


@admin.register(ThematicCall)
class ThematicCallAdmin(admin.ModelAdmin):
    list_display = ["title", "created_at"]
    prepopulated_fields = {"slug": ["title"]}
    search_fields = ["title"]


class AttachmentInline(admin.TabularInline):
    model = ChallengeAttachment
    extra = 0


@admin.register(Challenge)
class ChallengeAdmin(admin.ModelAdmin):
    list_display = ["title", "giver", "status", "campaign_type", "opens_at", "evaluation_starts_at"]
    list_filter = ["status", "campaign_type", "regions", "thematic_call"]
    search_fields = ["title", "summary", "giver__name"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["regions"]
    raw_id_fields = ["followers"]
    inlines = [AttachmentInline]


class TeamInline(admin.TabularInline):
    model = TeamMember
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ["title", "challenge", "status", "submitted_at"]
    list_filter = ["status"]
    search_fields = ["title", "challenge__title"]
    raw_id_fields = ["challenge", "organisation"]
    inlines = [TeamInline]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["challenge", "asked_at", "answered_at"]
    raw_id_fields = ["challenge", "author", "answered_by"]


@admin.register(Juror)
class JurorAdmin(admin.ModelAdmin):
    list_display = ["__str__", "challenge", "status", "confidentiality_accepted_at", "no_conflict_declared_at"]
    list_filter = ["status"]
    raw_id_fields = ["challenge", "user"]


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = ["name", "challenge", "status", "opened_at", "closed_at"]
    raw_id_fields = ["challenge"]
    filter_horizontal = ["proposals"]
    inlines = [CriterionInline]


@admin.register(ScoreChange)
class ScoreChangeAdmin(admin.ModelAdmin):
    """The audit history is read-only, here as everywhere."""

    list_display = ["changed_at", "juror", "proposal", "criterion", "old_value", "new_value"]
    list_select_related = ["juror__user", "proposal", "criterion"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Award)
class AwardAdmin(admin.ModelAdmin):
    list_display = ["title", "proposal", "challenge", "rank", "value", "currency"]
    raw_id_fields = ["challenge", "proposal"]
