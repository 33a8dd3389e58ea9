from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from synergy.core.forms import HTTPS_URLS

from . import services
from .evidence import refresh_competences
from .models import (
    ActorCompetence,
    CordisImport,
    JoinRequest,
    Membership,
    Organisation,
    Participation,
    PersonProfile,
    ResearchProject,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


class CompetenceInline(admin.TabularInline):
    model = ActorCompetence
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(TranslationAdmin):
    list_display = ["name", "type", "country", "region", "completeness", "last_active_at", "source"]
    list_filter = ["type", "source", "country", "region"]
    search_fields = ["name", "slug", "cordis_id"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["region", "coordinated_region"]
    readonly_fields = ["completeness", "last_active_at"]
    inlines = [CompetenceInline, MembershipInline]
    formfield_overrides = HTTPS_URLS

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.changed_profiles([form.instance.pk])  # the score and the matchmaking index follow


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "joined_at"]
    list_filter = ["role"]
    search_fields = ["user__email", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]


@admin.register(JoinRequest)
class JoinRequestAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "status", "created_at", "decided_at"]
    list_filter = ["status"]
    search_fields = ["user__email", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]
    readonly_fields = ["decided_by", "decided_at"]


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(ResearchProject)
class ResearchProjectAdmin(admin.ModelAdmin):
    list_display = ["title", "acronym", "programme", "start_date", "source"]
    list_filter = ["source", "domain"]
    search_fields = ["title", "acronym", "cordis_id"]
    inlines = [ParticipationInline]

    def save_related(self, request, form, formsets, change):
        before = set(form.instance.participations.values_list("organisation_id", flat=True))
        super().save_related(request, form, formsets, change)
        touched = before | set(form.instance.participations.values_list("organisation_id", flat=True))
        refresh_competences(touched)  # what the project shows moves with it, as on the site
        services.changed_profiles(touched)


@admin.register(ActorCompetence)
class ActorCompetenceAdmin(admin.ModelAdmin):
    list_display = ["organisation", "term", "declared", "evidence"]
    list_filter = ["term", "declared"]
    search_fields = ["organisation__name"]
    autocomplete_fields = ["organisation"]


@admin.register(Participation)
class ParticipationAdmin(admin.ModelAdmin):
    list_display = ["organisation", "project", "role"]
    list_filter = ["role"]
    search_fields = ["organisation__name", "project__title", "project__acronym"]
    autocomplete_fields = ["organisation", "project"]


@admin.register(PersonProfile)
class PersonProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "listed", "updated_at"]
    list_filter = ["listed"]
    search_fields = ["user__email", "user__display_name"]
    autocomplete_fields = ["user"]


@admin.register(CordisImport)
class CordisImportAdmin(admin.ModelAdmin):
    """Imports are started from the import page; here they are only looked at."""

    list_display = ["created_at", "started_by", "status", "done", "total", "finished_at"]
    list_filter = ["status"]
    # The uploaded files are kept out of public media and never linked to.
    fields = readonly_fields = ["started_by", "status", "total", "done", "report", "created_at", "finished_at"]

    def has_add_permission(self, request) -> bool:
        return False
