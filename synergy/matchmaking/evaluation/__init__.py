"""How well the matchers find the right organisations: a hand-judged corpus and its measures.

``load_corpus`` writes the corpus's organisations (with declared competences and projects, and the
competences their projects show) into the current database and indexes them for every matcher;
``evaluate`` runs each matcher on each need and averages precision at 5 (of the first five
organisations, the share judged relevant) and recall at 10 (of the relevant ones, the share among the
first ten). ``bench/matching.py`` runs it on the whole corpus; a test runs it on a few needs.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.text import slugify

from synergy.actors.models import ActorCompetence, Organisation, Participation, ResearchProject
from synergy.actors.naming import normalise_name

from .needs import NEEDS
from .organisations import ORGANISATIONS

TOP = 10


@transaction.atomic
def load_corpus(organisations=ORGANISATIONS) -> dict[int, str]:
    """Write the organisations and index them; returns organisation id → corpus key.

    Rows are bulk-inserted (no signals), then indexed once for each matcher, as an import would.
    """
    from synergy.actors.evidence import refresh_competences
    from synergy.actors.services import reindex_search

    from .. import index

    created = Organisation.objects.bulk_create(
        [
            Organisation(
                name=row["name"],
                normalised_name=normalise_name(row["name"]),
                slug=slugify(f"eval-{row['key']}"),
                type=row["type"],
                country=row["country"],
                specialisation=row["specialisation"],
                keywords=row["keywords"],
                description=row["description"],
            )
            for row in organisations
        ]
    )
    if created and created[0].pk is None:  # a database that does not return ids from bulk inserts
        created = list(Organisation.objects.filter(slug__in=[o.slug for o in created]).order_by("pk"))
    key_of = {}
    for organisation, row in zip(created, organisations, strict=True):
        key_of[organisation.pk] = row["key"]
        ActorCompetence.objects.bulk_create(
            [ActorCompetence(organisation=organisation, term=code, declared=True) for code in row["competences"]]
        )
        for project in row["projects"]:
            research = ResearchProject.objects.create(title=project["title"], objective=project["objective"])
            Participation.objects.create(project=research, organisation=organisation)
    refresh_competences(list(key_of))
    index.reindex_organisations(list(key_of))
    reindex_search(list(key_of))
    return key_of


# --- The matchers: need → organisation ids, best first -------------------------------------------------


def default_matcher(need: dict) -> list[int]:
    from ..models import ActorKind
    from ..services import match_need

    matches = match_need(need["text"], competences=need["competences"], limit=TOP, kinds=(ActorKind.ORGANISATION,))
    return [match.actor.pk for match in matches]


def _organisation_documents(results) -> list[int]:
    organisation_type = ContentType.objects.get_for_model(Organisation)
    return [document.object_id for document in results if document.content_type_id == organisation_type.pk]


def fulltext_all_words(need: dict) -> list[int]:
    """The site's search box, given the need as typed: every word must occur (as a prefix)."""
    from synergy.core.search import search

    return _organisation_documents(search(need["text"])[:200])[:TOP]


_WORD = re.compile(r"\w+", re.UNICODE)


def fulltext_any_word(need: dict) -> list[int]:
    """The site's search, once per word of the need (common words left out): the organisations found
    by the most words first, then by their best rank. Full-text as a person would fall back to it."""
    from synergy.core.search import fold, search

    from ..text import STOPWORDS

    words = []
    for word in _WORD.findall(need["text"]):
        folded = fold(word).casefold()
        if len(folded) >= 3 and folded not in STOPWORDS and folded not in words:
            words.append(folded)
    hits: dict[int, list[int]] = {}
    for word in words[:20]:
        for rank, organisation_id in enumerate(_organisation_documents(search(word)[:200])):
            hits.setdefault(organisation_id, []).append(rank)
    ranked = sorted(hits.items(), key=lambda item: (-len(item[1]), min(item[1]), item[0]))
    return [organisation_id for organisation_id, _ranks in ranked[:TOP]]


def semantic_matcher() -> Callable | None:
    """Sentence embeddings, if the optional ``sentence-transformers`` is installed; None otherwise."""
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError:
        return None
    import os

    model = SentenceTransformer(os.environ.get("SYNERGY_SEMANTIC_MODEL", "paraphrase-multilingual-MiniLM-L12-v2"))
    organisations = list(Organisation.objects.order_by("pk"))
    texts = [" ".join([o.name, o.specialisation, o.keywords, o.description]) for o in organisations]
    vectors = model.encode(texts, normalize_embeddings=True)

    def match(need: dict) -> list[int]:
        query = model.encode([need["text"]], normalize_embeddings=True)[0]
        scores = vectors @ query
        best = sorted(range(len(organisations)), key=lambda i: -scores[i])[:TOP]
        return [organisations[i].pk for i in best]

    return match


# --- Measures ------------------------------------------------------------------------------------------


@dataclass
class Result:
    matcher: str
    needs: int
    precision_at_5: float
    recall_at_10: float
    per_need: dict[str, tuple[float, float]]


def precision_at(found: list[str], relevant: set[str], k: int) -> float:
    return sum(1 for key in found[:k] if key in relevant) / k


def recall_at(found: list[str], relevant: set[str], k: int) -> float:
    return sum(1 for key in found[:k] if key in relevant) / len(relevant) if relevant else 0.0


def evaluate(matchers: dict[str, Callable], key_of: dict[int, str], needs=NEEDS) -> list[Result]:
    """Each matcher's mean precision@5 and recall@10 over ``needs`` (whose relevant keys are loaded)."""
    loaded = set(key_of.values())
    needs = [dict(need, relevant=[k for k in need["relevant"] if k in loaded]) for need in needs]
    needs = [need for need in needs if need["relevant"]]
    results = []
    for name, matcher in matchers.items():
        per_need = {}
        for need in needs:
            found = [key_of[i] for i in matcher(need) if i in key_of]
            relevant = set(need["relevant"])
            per_need[need["key"]] = (precision_at(found, relevant, 5), recall_at(found, relevant, 10))
        count = len(per_need) or 1
        results.append(
            Result(
                matcher=name,
                needs=len(per_need),
                precision_at_5=sum(p for p, _r in per_need.values()) / count,
                recall_at_10=sum(r for _p, r in per_need.values()) / count,
                per_need=per_need,
            )
        )
    return results


def matchers() -> dict[str, Callable]:
    chosen = {
        "default (term index, BM25-style)": default_matcher,
        "baseline: full-text search, all words": fulltext_all_words,
        "baseline: full-text search, any word": fulltext_any_word,
    }
    semantic = semantic_matcher()
    if semantic is not None:
        chosen["semantic (sentence embeddings)"] = semantic
    return chosen
