from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Consent, RegionRole, User


class ConsentInline(admin.TabularInline):
    model = Consent
    extra = 0
    readonly_fields = ["document", "version", "accepted_at"]
    can_delete = False


class RegionRoleInline(admin.TabularInline):
    model = RegionRole
    fk_name = "user"
    extra = 0
    autocomplete_fields = ["region"]
    readonly_fields = ["granted_at", "granted_by"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "display_name", "stakeholder_type", "region", "is_staff", "is_active", "date_joined"]
    list_filter = ["is_staff", "is_superuser", "is_active", "stakeholder_type", "country", "region"]
    search_fields = ["email", "display_name"]
    readonly_fields = ["last_login", "date_joined", "anonymised_at"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (
            _("Profile"),
            {
                "fields": [
                    "display_name",
                    "stakeholder_type",
                    "country",
                    "region",
                    "preferred_language",
                    "email_frequency",
                ]
            },
        ),
        (_("Permissions"), {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined", "anonymised_at"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]
    inlines = [RegionRoleInline, ConsentInline]

    def save_formset(self, request, form, formset, change):
        for instance in formset.save(commit=False):
            if isinstance(instance, RegionRole) and instance.granted_by_id is None:
                instance.granted_by = request.user
            instance.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()


@admin.register(RegionRole)
class RegionRoleAdmin(admin.ModelAdmin):
    list_display = ["user", "region", "role", "granted_at", "granted_by"]
    list_filter = ["role", "region"]
    search_fields = ["user__email", "user__display_name", "region__name"]
    autocomplete_fields = ["user", "region"]
    readonly_fields = ["granted_at", "granted_by"]

    def save_model(self, request, obj, form, change):
        if obj.granted_by_id is None:
            obj.granted_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Consent)
class ConsentAdmin(admin.ModelAdmin):
    list_display = ["user", "document", "version", "accepted_at"]
    list_filter = ["document", "version"]
    search_fields = ["user__email"]
    readonly_fields = ["user", "document", "version", "accepted_at"]
