from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from .models import Region, SearchDocument


@admin.register(Region)
class RegionAdmin(TranslationAdmin):
    list_display = ["name", "country", "nuts_code", "default_language"]
    list_filter = ["country", "default_language"]
    search_fields = ["name", "nuts_code"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(SearchDocument)
class SearchDocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "language", "updated_at"]
    list_filter = ["kind", "language"]
    search_fields = ["title"]
    readonly_fields = ["content_type", "object_id", "language", "kind", "title", "body", "url", "updated_at"]
