from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline

from .models import (
    Action,
    Chapter,
    Indicator,
    IndicatorValue,
    LanguageVersion,
    PlanAction,
    RegionalPlan,
    Section,
    Strategy,
    TranslationRequest,
)


class LanguageVersionInline(admin.TabularInline):
    model = LanguageVersion
    extra = 0


@admin.register(Strategy)
class StrategyAdmin(TranslationAdmin):
    list_display = ["title", "slug", "published", "updated_at"]
    list_filter = ["published"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [LanguageVersionInline]


class SectionInline(TranslationStackedInline):
    model = Section
    extra = 0


@admin.register(Chapter)
class ChapterAdmin(TranslationAdmin):
    list_display = ["__str__", "strategy"]
    list_filter = ["strategy"]
    list_select_related = ["strategy"]
    inlines = [SectionInline]


@admin.register(Action)
class ActionAdmin(TranslationAdmin):
    list_display = ["code", "title", "chapter", "time_frame"]
    list_filter = ["strategy"]
    list_select_related = ["chapter"]
    search_fields = ["code", "title", "description"]


@admin.register(TranslationRequest)
class TranslationRequestAdmin(admin.ModelAdmin):
    list_display = ["strategy", "language", "requested_by", "created_at"]
    list_filter = ["language"]
    list_select_related = ["strategy", "requested_by"]
    raw_id_fields = ["requested_by"]
    readonly_fields = ["created_at"]


class PlanActionInline(admin.StackedInline):
    model = PlanAction
    extra = 0
    raw_id_fields = ["source", "owner"]
    readonly_fields = ["created_at"]


@admin.register(RegionalPlan)
class RegionalPlanAdmin(admin.ModelAdmin):
    list_display = ["region", "strategy", "adopted_by", "adopted_at", "starts_on"]
    list_select_related = ["region", "strategy", "adopted_by"]
    raw_id_fields = ["adopted_by"]
    readonly_fields = ["adopted_at"]  # when it happened, not for editing
    inlines = [PlanActionInline]


class IndicatorValueInline(admin.TabularInline):
    model = IndicatorValue
    extra = 0
    raw_id_fields = ["entered_by"]
    readonly_fields = ["entered_at"]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "plan", "action", "baseline", "target", "unit", "counter_key"]
    list_select_related = ["plan__region", "plan__strategy", "action"]
    raw_id_fields = ["plan", "action"]
    readonly_fields = ["created_at"]
    inlines = [IndicatorValueInline]
