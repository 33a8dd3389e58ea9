from django.contrib import admin

from .models import Pledge, Project, ProjectUpdate, Reward, SimulatedCampaign


@admin.register(SimulatedCampaign)
class SimulatedCampaignAdmin(admin.ModelAdmin):
    list_display = ["title", "region", "status", "starts_at", "ends_at", "points_per_participant", "winners"]
    list_filter = ["status", "region"]
    prepopulated_fields = {"slug": ["title"]}


class RewardInline(admin.TabularInline):
    model = Reward
    extra = 0
    readonly_fields = ["claimed"]


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["title", "region", "status", "goal", "raised", "currency", "ends_at"]
    list_filter = ["status", "region", "rule"]
    search_fields = ["title", "summary"]
    raw_id_fields = ["designer", "organisation", "campaign"]
    readonly_fields = ["raised", "goal_reached_at", "closed_at", "rank", "wins_voucher"]
    inlines = [RewardInline]


@admin.register(Pledge)
class PledgeAdmin(admin.ModelAdmin):
    """Pledges are commitments: the back office reads them, the services alone write them."""

    list_display = ["project", "supporter", "amount", "status", "created_at"]
    list_filter = ["status"]
    list_select_related = ["project", "supporter"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ProjectUpdate)
class ProjectUpdateAdmin(admin.ModelAdmin):
    list_display = ["title", "project", "created_at"]
    raw_id_fields = ["project"]
