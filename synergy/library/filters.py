"""The library's filters, shared by the list page and the API. Search words go through the
platform's one index (``synergy.core.search``), as the directory's do: the matching entries are
one subquery of the index, so the other filters and the count stay in the database; the list
orders the filtered matches by relevance (``in_order``)."""

import django_filters
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from synergy.accounts.models import StakeholderType
from synergy.core import search
from synergy.core.models import Region

from .models import TOPIC_CHOICES, Entry

MAX_QUERY_LENGTH = 200


def _clean(query: str) -> str:
    return (query or "").replace("\x00", "").strip()[:MAX_QUERY_LENGTH]


def _language() -> str:
    return translation.get_language() or settings.MODELTRANSLATION_DEFAULT_LANGUAGE


def matching(queryset, query: str):
    """``queryset`` narrowed to the entries whose indexed text (in the active language, English
    where the entry has no version of its own) holds every word of ``query`` as a prefix."""
    query = _clean(query)
    if not query:
        return queryset
    return queryset.filter(pk__in=search.objects_matching(Entry, query, _language()))


def in_order(filterset: "EntryFilter"):
    """The filtered entries, best match first when words are searched, else newest first."""
    entries = filterset.qs
    query = filterset.form.cleaned_data.get("q", "") if hasattr(filterset.form, "cleaned_data") else ""
    if search.words(_clean(query)):
        return search.InRankOrder(entries, search.ranked_objects(Entry, _clean(query), _language()))
    return entries


class EntryFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="_search", max_length=MAX_QUERY_LENGTH)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Entry.Kind.choices, empty_label=_("Any kind"))
    region = django_filters.ModelChoiceFilter(
        label=_("Region"), queryset=Region.objects.all(), empty_label=_("Any region")
    )
    topic = django_filters.ChoiceFilter(
        label=_("Topic"), choices=TOPIC_CHOICES, empty_label=_("Any topic"), method="_listed_in", field_name="topics"
    )
    stakeholder_type = django_filters.ChoiceFilter(
        label=_("For whom"), choices=StakeholderType.choices, empty_label=_("Anyone"), method="_listed_in",
        field_name="stakeholder_types",
    )  # fmt: skip
    language = django_filters.ChoiceFilter(
        label=_("Available in"), choices=settings.LANGUAGES, empty_label=_("Any language"), method="_in_language"
    )

    class Meta:
        model = Entry
        fields = ["q", "kind", "region", "topic", "stakeholder_type", "language"]

    def _search(self, queryset, name, value):
        return matching(queryset, value)

    def _listed_in(self, queryset, name, value):
        # JSON "contains" is not available on SQLite; the lists are short, so match the quoted value.
        return queryset.filter(**{f"{name}__icontains": f'"{value}"'})

    def _in_language(self, queryset, name, value):
        return queryset.in_language(value)
