from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from synergy.core.forms import HTTPS_URLS

from .models import Membership, Organisation


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(TranslationAdmin):
    list_display = ["name", "type", "country", "region", "coordinated_region"]
    list_filter = ["type", "country", "region"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["region", "coordinated_region"]
    inlines = [MembershipInline]
    formfield_overrides = HTTPS_URLS


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "joined_at"]
    list_filter = ["role"]
    search_fields = ["user__email", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]
