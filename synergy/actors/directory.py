"""Full-text search over organisations for the directory and the API, through the platform's one
search index (``synergy.core.search``): an organisation's document holds its name, specialisation,
keywords, competence labels, description and services, with diacritics folded.

The matching organisations are one subquery of the index, so other filters and counting stay in
the database; ordering by relevance is applied to the ids of the filtered matches only.
"""

from django.utils import translation

from synergy.core import search
from synergy.core.search import fold

from .models import Organisation

# A search box is for a few words; more add nothing but cost.
MAX_QUERY_LENGTH = 200


def _clean(query: str) -> str:
    return fold((query or "").replace("\x00", "").strip()[:MAX_QUERY_LENGTH])


def _language() -> str:
    return translation.get_language() or "en"


def matching(queryset, query: str):
    """``queryset`` narrowed to the organisations whose document matches every word of ``query``
    (each as a prefix); unchanged for an empty query, empty for one with no words."""
    query = _clean(query)
    if not query:
        return queryset
    return queryset.filter(pk__in=search.objects_matching(Organisation, query, _language()))


def ranked_ids(query: str) -> list[int]:
    """Every organisation matching ``query``, best first (ids only: a few hundred kilobytes at most)."""
    return search.ranked_objects(Organisation, _clean(query), _language())


def ordered(queryset, query: str, ordering: str):
    """The directory's rows in the order asked for: relevance (with a query), name or completeness."""
    if ordering == "completeness":
        return matching(queryset, query).order_by("-completeness", "name", "id")
    if ordering == "relevance" and search.words(_clean(query)):
        return search.InRankOrder(matching(queryset, query), ranked_ids(query))
    return matching(queryset, query).order_by("name", "id")
