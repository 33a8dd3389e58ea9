"""The term index the default matcher scores needs against (``ActorTerm``).

An actor's document is its profile read field by field, each field counting for more or less
(a keyword more than a word of the description, a project's objective less than its title),
plus the terms of the shared vocabulary it offers, written ``c:<code>``: declared ones, those its
projects show, and those its own words name (``actors.evidence.derive_terms``). Each term is
stored with a BM25-style weight: its frequency in the document, saturated (``K1``) and
normalised by the document's length against a fixed typical length (``AVERAGE_LENGTH``). The
length is fixed, not the current mean, so reindexing one actor never changes another's
weights; how rare a term is across all actors is applied when a need is scored.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Prefetch

from synergy.actors.models import ActorCompetence, Organisation, Participation, PersonProfile
from synergy.core import caching
from synergy.core.batches import batches
from synergy.core.taxonomy import TERM_LABELS

from .models import ActorKind, ActorTerm
from .text import term_counts

K1, B = 1.2, 0.75
AVERAGE_LENGTH = 80.0  # weighted words of a typical profile with a project or two
MAX_PROJECTS = 10  # the most recent projects read; a university's 400th adds nothing new
CACHE_PART = "matchmaking-index"  # the caching part whose generation moves when the index changes

# How much one word of each field counts.
FIELD_WEIGHTS = {
    "name": 1.5,
    "specialisation": 2.0,
    "keywords": 2.5,
    "description": 1.0,
    "services": 1.0,
    "infrastructure": 1.0,
    "project_title": 0.6,
    "project_topics": 0.4,
    "project_objective": 0.25,
    "expertise": 1.5,
}
DECLARED_WEIGHT = 4.0  # a competence the actor declares
EVIDENCE_WEIGHT = 1.5  # per project showing it, up to three
TEXT_TERM_WEIGHT = 1.0  # a vocabulary term the actor's own words name
LABEL_WEIGHT = 1.0  # each word of a declared competence's label


def competence_term(code: str) -> str:
    return f"c:{code}"


def is_competence_term(term: str) -> bool:
    return term.startswith("c:")


def bm25_weight(frequency: float, length: float) -> float:
    return frequency * (K1 + 1) / (frequency + K1 * (1 - B + B * length / AVERAGE_LENGTH))


def weigh(document: Counter) -> dict[str, float]:
    length = sum(document.values())
    return {term: round(bm25_weight(frequency, length), 4) for term, frequency in document.items() if frequency > 0}


def _add_text(document: Counter, text: str, weight: float) -> None:
    for term, count in term_counts(text).items():
        document[term] += count * weight


def _add_vocabulary(document: Counter, text: str) -> None:
    from synergy.actors.evidence import derive_terms

    for code, hits in derive_terms(text).items():
        if code in TERM_LABELS:
            document[competence_term(code)] += TEXT_TERM_WEIGHT * min(hits, 3)


def organisation_document(organisation: Organisation, competences, projects) -> Counter:
    """The weighted words and vocabulary terms of an organisation's profile and projects."""
    document: Counter = Counter()
    free_text = []
    for field in ("name", "specialisation", "keywords", "description", "services", "infrastructure"):
        text = getattr(organisation, field) or ""
        _add_text(document, text, FIELD_WEIGHTS[field])
        if field != "name":
            free_text.append(text)
    for competence in competences:
        term = competence_term(competence.term)
        if competence.declared:
            document[term] += DECLARED_WEIGHT
            _add_text(document, str(TERM_LABELS.get(competence.term, "")), LABEL_WEIGHT)
        document[term] += EVIDENCE_WEIGHT * min(competence.evidence, 3)
    for project in projects[:MAX_PROJECTS]:
        _add_text(document, project.title, FIELD_WEIGHTS["project_title"])
        _add_text(document, project.topics, FIELD_WEIGHTS["project_topics"])
        _add_text(document, project.objective, FIELD_WEIGHTS["project_objective"])
    _add_vocabulary(document, "\n".join(free_text))
    return document


def person_document(profile: PersonProfile) -> Counter:
    """Only what the person shows to others: a term found here can be shown as the reason for a match."""
    document: Counter = Counter()
    if not profile.listed:
        return document
    if profile.shows(PersonProfile.Field.EXPERTISE):
        _add_text(document, profile.expertise, FIELD_WEIGHTS["expertise"])
        _add_vocabulary(document, profile.expertise)
    if profile.shows(PersonProfile.Field.COMPETENCES):
        _add_text(document, profile.keywords, FIELD_WEIGHTS["keywords"])
        for code in profile.competences:
            if code in TERM_LABELS:
                document[competence_term(code)] += DECLARED_WEIGHT
                _add_text(document, str(TERM_LABELS[code]), LABEL_WEIGHT)
    return document


def changed() -> None:
    """Rankings remembered from the index are stale once it changes (when the transaction commits)."""
    caching.bump(CACHE_PART)


def _replace(kind: str, documents: dict[int, Counter]) -> int:
    rows = [
        ActorTerm(kind=kind, object_id=object_id, term=term[:64], weight=weight)
        for object_id, document in documents.items()
        for term, weight in weigh(document).items()
    ]
    with transaction.atomic():
        ActorTerm.objects.filter(kind=kind, object_id__in=list(documents)).delete()
        ActorTerm.objects.bulk_create(rows, batch_size=2000)
        changed()
    return len(rows)


def reindex_organisations(organisation_ids: Iterable[int]) -> int:
    """Rewrite the index rows of these organisations (those deleted meanwhile lose theirs); returns rows written.

    A few queries per 500 organisations: the organisations, their competences, and their
    participations with the projects, newest first.
    """
    written = 0
    for ids in batches(organisation_ids):
        participations = (
            Participation.objects.confirmed().select_related("project").order_by("-project__start_date", "-project_id")
        )
        organisations = Organisation.objects.filter(pk__in=ids).prefetch_related(
            Prefetch("competences", queryset=ActorCompetence.objects.order_by("term")),
            Prefetch("participations", queryset=participations),
        )
        documents = {i: Counter() for i in ids}
        for organisation in organisations:
            projects = [participation.project for participation in organisation.participations.all()]
            documents[organisation.pk] = organisation_document(organisation, organisation.competences.all(), projects)
        written += _replace(ActorKind.ORGANISATION, documents)
    return written


def reindex_people(user_ids: Iterable[int]) -> int:
    """Rewrite the index rows of these people's profiles (unlisted or deleted ones lose theirs)."""
    written = 0
    for ids in batches(user_ids):
        documents = {i: Counter() for i in ids}
        for profile in PersonProfile.objects.filter(user_id__in=ids):
            documents[profile.user_id] = person_document(profile)
        written += _replace(ActorKind.PERSON, documents)
    return written


@transaction.atomic
def rebuild() -> dict[str, int]:
    """The whole index from scratch: every organisation and every listed person. In one transaction,
    so matching answers from the old index until the new one is complete, and a failure leaves it whole."""
    ActorTerm.objects.all().delete()
    organisations = list(Organisation.objects.values_list("pk", flat=True))
    people = list(PersonProfile.objects.filter(listed=True).values_list("user_id", flat=True))
    return {
        "organisations": len(organisations),
        "people": len(people),
        "terms": reindex_organisations(organisations) + reindex_people(people),
    }


def terms_of(kind: str, object_id: int) -> dict[str, float]:
    return dict(ActorTerm.objects.filter(kind=kind, object_id=object_id).values_list("term", "weight"))


def document_frequencies(terms: Iterable[str]) -> dict[str, int]:
    """How many actors have each term: one grouped query."""
    from django.db.models import Count

    rows = ActorTerm.objects.filter(term__in=list(terms)).values("term").annotate(n=Count("id")).order_by()
    return defaultdict(int, {row["term"]: row["n"] for row in rows})


# --- Keeping the index current --------------------------------------------------------------------


def on_profile_changed(sender, organisation_ids=(), **kwargs) -> None:
    ids = list(organisation_ids)
    if ids:
        transaction.on_commit(lambda: reindex_organisations(ids))


def on_person_profile_saved(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        user_id = instance.user_id
        transaction.on_commit(lambda: reindex_people([user_id]))


def on_person_profile_deleted(sender, instance, **kwargs) -> None:
    ActorTerm.objects.filter(kind=ActorKind.PERSON, object_id=instance.user_id).delete()
    changed()


def on_organisation_deleted(sender, instance, **kwargs) -> None:
    ActorTerm.objects.filter(kind=ActorKind.ORGANISATION, object_id=instance.pk).delete()
    changed()
