from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from synergy.core.forms import HTTPS_URLS

from .models import Attachment, Entry, Link


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0


class LinkInline(admin.TabularInline):
    model = Link
    formfield_overrides = HTTPS_URLS
    extra = 0


@admin.register(Entry)
class EntryAdmin(TranslationAdmin):
    list_display = ["title", "kind", "region", "organisation", "status", "published_at"]
    list_filter = ["kind", "status", "region"]
    search_fields = ["title", "summary", "body"]
    list_select_related = ["region", "organisation"]
    prepopulated_fields = {"slug": ["title"]}
    raw_id_fields = ["organisation"]
    filter_horizontal = ["related_trainings"]
    inlines = [AttachmentInline, LinkInline]
