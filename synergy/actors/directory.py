"""Full-text search over organisations for the directory and the API, through the platform's one
search index (``synergy.core.search``): an organisation's document holds its name, specialisation,
keywords, competence labels, description and services, with diacritics folded.

The matching organisations are one subquery of the index, so other filters and counting stay in
the database; ordering by relevance is applied to the ids of the filtered matches only.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models.expressions import RawSQL
from django.utils import translation

from synergy.core.models import SearchDocument
from synergy.core.search import _fts5_match, _pg_vector, _words, fold

from .models import Organisation

# A search box is for a few words; more add nothing but cost.
MAX_QUERY_LENGTH = 200

# CROSS JOIN makes SQLite read the full-text matches first: with a plain JOIN it may walk the
# documents and run the whole MATCH again for each (seconds at 20,000 organisations).
_SQLITE_MATCHES = (
    "SELECT d.object_id FROM core_searchdocument_fts f CROSS JOIN core_searchdocument d ON d.id = f.rowid"
    " WHERE core_searchdocument_fts MATCH %s AND d.language = %s AND d.content_type_id = %s"
)


def _clean(query: str) -> str:
    return fold((query or "").replace("\x00", "").strip()[:MAX_QUERY_LENGTH])


def _documents(query: str):
    """PostgreSQL: the organisations' documents matching ``query``, with their rank."""
    from django.contrib.postgres.search import SearchQuery, SearchRank

    search_query = SearchQuery(" & ".join(f"{word}:*" for word in _words(query)), search_type="raw", config="simple")
    return (
        SearchDocument.objects.filter(language=_language(), content_type=_content_type())
        .annotate(document=_pg_vector())
        .filter(document=search_query)
        .annotate(rank=SearchRank(_pg_vector(), search_query))
    )


def _language() -> str:
    return translation.get_language() or "en"


def _content_type() -> ContentType:
    return ContentType.objects.get_for_model(Organisation)  # cached by Django after the first ask


def matching(queryset, query: str):
    """``queryset`` narrowed to the organisations whose document matches every word of ``query``
    (each as a prefix); unchanged for an empty query, empty for one with no words."""
    query = _clean(query)
    if not query:
        return queryset
    if not _words(query):
        return queryset.none()
    if connection.vendor == "postgresql":
        return queryset.filter(pk__in=_documents(query).values("object_id"))
    # A fixed statement; the search words are a bound parameter, quoted for FTS5 by _fts5_match.
    matches = RawSQL(_SQLITE_MATCHES, [_fts5_match(query), _language(), _content_type().pk])  # noqa: S611  # nosec B611
    return queryset.filter(pk__in=matches)


def ranked_ids(query: str) -> list[int]:
    """Every organisation matching ``query``, best first (ids only: a few hundred kilobytes at most)."""
    query = _clean(query)
    if not _words(query):
        return []
    if connection.vendor == "postgresql":
        return list(_documents(query).order_by("-rank", "object_id").values_list("object_id", flat=True))
    with connection.cursor() as cursor:
        cursor.execute(
            _SQLITE_MATCHES + " ORDER BY f.rank, d.object_id", [_fts5_match(query), _language(), _content_type().pk]
        )
        return [row[0] for row in cursor.fetchall()]


class RankedOrganisations:
    """The filtered matches of a search in order of relevance, fetched a page at a time: for
    Django's Paginator, which asks for ``count()`` and a slice."""

    def __init__(self, queryset, query: str):
        wanted = set(matching(queryset, query).values_list("pk", flat=True))
        self.ids = [pk for pk in ranked_ids(query) if pk in wanted]
        self.queryset = queryset

    def count(self) -> int:
        return len(self.ids)

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, item):
        ids = self.ids[item] if isinstance(item, slice) else [self.ids[item]]
        by_id = self.queryset.in_bulk(ids)
        return [by_id[pk] for pk in ids if pk in by_id]


def ordered(queryset, query: str, ordering: str):
    """The directory's rows in the order asked for: relevance (with a query), name or completeness."""
    if ordering == "completeness":
        return matching(queryset, query).order_by("-completeness", "name", "id")
    if ordering == "relevance" and _words(_clean(query)):
        return RankedOrganisations(queryset, query)
    return matching(queryset, query).order_by("name", "id")
