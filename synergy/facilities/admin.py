from django.contrib import admin

from .models import AccessRequest, Booking, Item, Photo, UsageReport


class PhotoInline(admin.TabularInline):
    model = Photo
    extra = 0


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    list_display = ["name", "provider", "kind", "region", "access", "published"]
    list_filter = ["kind", "access", "region", "published"]
    search_fields = ["name", "description", "provider__name"]
    prepopulated_fields = {"slug": ["name"]}
    raw_id_fields = ["provider"]
    inlines = [PhotoInline]


@admin.register(AccessRequest)
class AccessRequestAdmin(admin.ModelAdmin):
    list_display = ["item", "taker", "status", "starts_at", "ends_at", "created_at", "first_answer_at"]
    list_filter = ["status"]
    raw_id_fields = ["item", "taker", "taker_organisation"]


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    """Bookings are made by agreement only, so no overlap can be created from here."""

    list_display = ["item", "starts_at", "ends_at", "status"]
    list_filter = ["status"]
    list_select_related = ["item"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(UsageReport)
class UsageReportAdmin(admin.ModelAdmin):
    list_display = ["booking", "side", "hours_used", "outcome", "recorded_at"]
    list_select_related = ["booking__item"]
