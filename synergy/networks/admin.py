from django.contrib import admin

from .models import Member, Network, Revision


class MemberInline(admin.TabularInline):
    model = Member
    extra = 0
    raw_id_fields = ["organisation", "decided_by"]
    fields = ["organisation", "role", "status", "reason", "decided_at"]


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ["name", "region", "created_at"]
    list_filter = ["region"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    raw_id_fields = ["created_by"]
    inlines = [MemberInline]


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ["organisation", "network", "role", "status", "created_at", "decided_at"]
    list_filter = ["role", "status"]
    search_fields = ["organisation__name", "network__name"]
    list_select_related = ["organisation", "network"]
    raw_id_fields = ["network", "organisation", "decided_by"]


@admin.register(Revision)
class RevisionAdmin(admin.ModelAdmin):
    """The history is kept as written: versions are read here, never edited."""

    list_display = ["network", "author", "note", "created_at"]
    search_fields = ["network__name", "note"]
    list_select_related = ["network", "author"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
