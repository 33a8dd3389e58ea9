"""The one search box over all public content.

Each app registers the content types it makes searchable, with a function that says what
an object looks like in the index (or that it is not public). The index is kept current
by signals and rebuilt by ``manage.py rebuild_search_index``. Matching is full-text: FTS5
on SQLite (diacritics folded), PostgreSQL's own text search on PostgreSQL.
"""

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.db.models.expressions import RawSQL
from django.db.models.signals import post_delete, post_save
from django.utils import translation

from .batches import BATCH
from .models import SearchDocument

MAX_RESULTS = 500


@dataclass(frozen=True)
class Entry:
    """What one object contributes to the index in the active language."""

    title: str
    body: str
    url: str


@dataclass(frozen=True)
class SearchType:
    model: type[models.Model]
    kind: str  # a lazy, translatable label such as "Organisation"
    entry: Callable[[models.Model], Entry | None]  # None: not public, keep out of the index
    public: Callable[[], models.QuerySet]
    ignored: frozenset[str] = frozenset()  # fields the entry never reads


_registry: dict[str, SearchType] = {}


def register(model, *, kind, entry, public, ignored=()) -> None:
    """Make ``model`` searchable; call from the owning app's ``AppConfig.ready``.

    ``ignored`` names fields that ``entry`` never reads, such as counters a service keeps: a save
    that updates only those (``update_fields``) leaves the index alone, so a busy write path does
    not rewrite the object's document in every language each time.
    """
    label = model._meta.label_lower
    _registry[label] = SearchType(model=model, kind=kind, entry=entry, public=public, ignored=frozenset(ignored))
    post_save.connect(_on_save, sender=model, dispatch_uid=f"search-save-{label}")
    post_delete.connect(_on_delete, sender=model, dispatch_uid=f"search-delete-{label}")


def registered_types() -> list[SearchType]:
    return list(_registry.values())


def _on_save(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    if raw or (update_fields and update_fields <= _registry[sender._meta.label_lower].ignored):
        return
    transaction.on_commit(lambda: index_object(instance))


def _on_delete(sender, instance, **kwargs) -> None:
    remove_object(instance)


def index_object(obj) -> None:
    """Write or remove the object's document in every language."""
    search_type = _registry[obj._meta.label_lower]
    content_type = ContentType.objects.get_for_model(obj)
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            entry = search_type.entry(obj)
            kind = str(search_type.kind)
        key = {"content_type": content_type, "object_id": obj.pk, "language": language}
        if entry is None:
            SearchDocument.objects.filter(**key).delete()
            continue
        SearchDocument.objects.update_or_create(**key, defaults={"kind": kind, **_document_fields(entry)})


def _document_fields(entry: Entry) -> dict:
    return {
        "title": entry.title[:500],
        "body": entry.body,
        "url": entry.url,
        "folded_title": fold(entry.title)[:500],
        "folded_body": fold(entry.body),
    }


def index_objects(objects) -> int:
    """``index_object`` for many objects of one registered type at once (an import, a rebuild):
    one delete and one bulk insert instead of a query per object and language. Returns how many
    objects were read. Call in a transaction, so that searches never see them half written."""
    objects = list(objects)
    if not objects:
        return 0
    search_type = _registry[objects[0]._meta.label_lower]
    content_type = ContentType.objects.get_for_model(objects[0])
    documents = []
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            kind = str(search_type.kind)
            for obj in objects:
                entry = search_type.entry(obj)
                if entry is not None:
                    key = {"content_type": content_type, "object_id": obj.pk, "language": language}
                    documents.append(SearchDocument(**key, kind=kind, **_document_fields(entry)))
    SearchDocument.objects.filter(content_type=content_type, object_id__in=[obj.pk for obj in objects]).delete()
    SearchDocument.objects.bulk_create(documents, batch_size=1000)
    return len(objects)


def remove_object(obj) -> None:
    SearchDocument.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk).delete()


def rebuild_index() -> int:
    """Index every public object of every registered type from scratch; returns the count."""
    count = 0
    with transaction.atomic():
        SearchDocument.objects.all().delete()
        for search_type in registered_types():
            batch = []
            for obj in search_type.public().iterator(chunk_size=BATCH):
                batch.append(obj)
                if len(batch) == BATCH:
                    count += index_objects(batch)
                    batch = []
            count += index_objects(batch)
    return count


_UNDECOMPOSABLE = str.maketrans(
    {"ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ø": "o", "Ø": "O", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i"}
)


def fold(text: str) -> str:
    """Text without diacritics, so that "Wroclaw" finds "Wrocław" and "Jozef" finds "Jožef"."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSABLE))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


_WORD = re.compile(r"\w+", re.UNICODE)

# Fixed statements; the search words are a bound parameter, quoted for FTS5 by _fts5_match. CROSS
# JOIN makes SQLite read the full-text matches first: with a plain JOIN it may walk the documents
# and run the whole MATCH again for each (seconds at 20,000 organisations).
_SQLITE_DOCUMENTS = (
    "SELECT d.id FROM core_searchdocument_fts f CROSS JOIN core_searchdocument d ON d.id = f.rowid"
    " WHERE core_searchdocument_fts MATCH %s AND d.language = %s ORDER BY f.rank LIMIT %s"
)
_SQLITE_OBJECTS = (
    "SELECT d.object_id FROM core_searchdocument_fts f CROSS JOIN core_searchdocument d ON d.id = f.rowid"
    " WHERE core_searchdocument_fts MATCH %s AND d.language = %s AND d.content_type_id = %s"
)


def words(query: str) -> list[str]:
    """The words of a query as the index matches them: diacritics folded, at most 20."""
    return _WORD.findall(fold(query or ""))[:20]


def _fts5_match(query_words: list[str]) -> str:
    """Safe FTS5 syntax: every word must match, as a prefix."""
    return " ".join('"' + word.replace('"', '""') + '"*' for word in query_words)


def _pg_documents(query_words: list[str], language: str):
    """PostgreSQL: the documents in ``language`` that match every word as a prefix, with their rank."""
    from django.contrib.postgres.search import SearchQuery, SearchRank

    # Words are \w+ only, so they cannot carry tsquery operators.
    search_query = SearchQuery(" & ".join(f"{word}:*" for word in query_words), search_type="raw", config="simple")
    return (
        SearchDocument.objects.filter(language=language)
        .annotate(document=_pg_vector())
        .filter(document=search_query)
        .annotate(rank=SearchRank(_pg_vector(), search_query))
    )


def _matching_ids(query: str, language: str) -> list[int]:
    query_words = words(query)
    if not query_words:
        return []
    if connection.vendor == "postgresql":
        documents = _pg_documents(query_words, language).order_by("-rank", "id")
        return list(documents.values_list("id", flat=True)[:MAX_RESULTS])
    with connection.cursor() as cursor:
        cursor.execute(_SQLITE_DOCUMENTS, [_fts5_match(query_words), language, MAX_RESULTS])
        return [row[0] for row in cursor.fetchall()]


class RankedRows:
    """``queryset``'s rows with ``ids``, in that order, fetched a page at a time: for Django's
    Paginator, which asks for ``count()`` and a slice (one query per page)."""

    def __init__(self, queryset, ids: list[int]):
        self.queryset, self.ids = queryset, ids

    def count(self) -> int:
        return len(self.ids)

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, item):
        ids = self.ids[item] if isinstance(item, slice) else [self.ids[item]]
        by_id = self.queryset.in_bulk(ids)
        return [by_id[pk] for pk in ids if pk in by_id]


class InRankOrder(RankedRows):
    """``queryset``'s rows in the order of ``ranked_ids`` (ids not in it left out). Three queries
    whatever the number of matches: the filtered ids, the ranked ids, and the page's rows."""

    def __init__(self, queryset, ranked_ids: list[int]):
        wanted = set(queryset.values_list("pk", flat=True))
        super().__init__(queryset, [pk for pk in ranked_ids if pk in wanted])


def objects_matching(model, query: str, language: str):
    """The ids of ``model``'s objects whose document in ``language`` has every word of ``query``
    (as prefixes), as a subquery for ``pk__in``: a list or a search filters in the database."""
    query_words = words(query)
    if not query_words:
        return []
    content_type = ContentType.objects.get_for_model(model)
    if connection.vendor == "postgresql":
        return _pg_documents(query_words, language).filter(content_type=content_type).values("object_id")
    return RawSQL(_SQLITE_OBJECTS, [_fts5_match(query_words), language, content_type.pk])  # noqa: S611  # nosec B611


def ranked_objects(model, query: str, language: str) -> list[int]:
    """The ids of every object of ``model`` matching ``query``, best first."""
    query_words = words(query)
    if not query_words:
        return []
    content_type = ContentType.objects.get_for_model(model)
    if connection.vendor == "postgresql":
        documents = _pg_documents(query_words, language).filter(content_type=content_type)
        return list(documents.order_by("-rank", "object_id").values_list("object_id", flat=True))
    with connection.cursor() as cursor:
        cursor.execute(
            _SQLITE_OBJECTS + " ORDER BY f.rank, d.object_id", [_fts5_match(query_words), language, content_type.pk]
        )
        return [row[0] for row in cursor.fetchall()]


def _pg_vector():
    from django.contrib.postgres.search import SearchVector

    return SearchVector("folded_title", weight="A", config="simple") + SearchVector(
        "folded_body", weight="B", config="simple"
    )


class SearchResults(RankedRows):
    """A lazily sliced list of documents in rank order, for Django's Paginator."""

    def __init__(self, ids: list[int]):
        super().__init__(SearchDocument.objects.all(), ids)


def search(query: str, language: str | None = None) -> SearchResults:
    query = (query or "").replace("\x00", "").strip()[:200]
    if not query:
        return SearchResults([])
    return SearchResults(_matching_ids(query, language or translation.get_language() or "en"))
