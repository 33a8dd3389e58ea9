"""The knowledge library in the open API: published entries only, in the language the request
asks for (Accept-Language), falling back to English like the pages."""

from datetime import datetime

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.utils import translation
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from synergy.accounts.models import StakeholderType

from .filters import MAX_QUERY_LENGTH, matching
from .models import TOPIC_LABELS, Entry

router = Router(tags=["library"])


class LinkOut(Schema):
    label: str
    url: str


class AttachmentOut(Schema):
    title: str
    language: str
    url: str = Field(description="Downloads the file (a page of the site, not of the API).")

    @staticmethod
    def resolve_url(obj) -> str:
        return obj.get_absolute_url()


class EntryOut(Schema):
    slug: str
    kind: str = Field(description="best_practice, success_story, output or tool.")
    title: str
    summary: str
    language: str = Field(description="The language title, summary and body are given in.")
    languages: list[str] = Field(description="Every language the entry has its own text in.")
    region: str | None = Field(description="The region's slug, or null for an entry of no region in particular.")
    topics: list[str]
    keywords: list[str]
    stakeholder_types: list[str]
    published_at: datetime | None
    url: str

    @staticmethod
    def resolve_region(obj) -> str | None:
        return obj.region.slug if obj.region_id else None

    @staticmethod
    def resolve_language(obj) -> str:
        return obj.shown_language("body", translation.get_language() or "en")

    @staticmethod
    def resolve_url(obj) -> str:
        return obj.get_absolute_url()


class EntryDetailOut(EntryOut):
    body: str = Field(description="Markdown, as written.")
    links: list[LinkOut]
    attachments: list[AttachmentOut]

    @staticmethod
    def resolve_links(obj) -> list:
        return list(obj.links.all())

    @staticmethod
    def resolve_attachments(obj) -> list:
        return list(obj.attachments.all())


class EntryFilters(Schema):
    q: str | None = Field(None, max_length=MAX_QUERY_LENGTH, description="Words that must all occur, as prefixes.")
    kind: Entry.Kind | None = None
    region: str | None = Field(None, description="A region's slug.")
    topic: str | None = Field(None, description=f"One of: {', '.join(TOPIC_LABELS)}.", max_length=40)
    stakeholder_type: StakeholderType | None = None
    language: str | None = Field(None, description="Only entries with their own text in this language.", max_length=8)


@router.get("/", response=list[EntryOut])
@paginate
def list_entries(request, filters: Query[EntryFilters]):
    """Published best practices, success stories, outputs and tools, newest first."""
    entries = Entry.objects.published().select_related("region").order_by("-published_at", "-id")
    if filters.q:
        entries = matching(entries, filters.q)
    if filters.kind:
        entries = entries.filter(kind=filters.kind)
    if filters.region:
        entries = entries.filter(region__slug=filters.region)
    if filters.topic:
        entries = entries.filter(topics__icontains=f'"{filters.topic}"')
    if filters.stakeholder_type:
        entries = entries.filter(stakeholder_types__icontains=f'"{filters.stakeholder_type}"')
    if filters.language:
        known = filters.language in dict(settings.LANGUAGES)
        entries = entries.in_language(filters.language) if known else entries.none()
    return entries


@router.get("/{slug}", response=EntryDetailOut)
def get_entry(request, slug: str):
    """One published entry with its text (Markdown), links and files."""
    entries = Entry.objects.published().select_related("region").prefetch_related("links", "attachments")
    return get_object_or_404(entries, slug=slug)
