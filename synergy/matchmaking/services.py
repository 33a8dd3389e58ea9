"""Matchmaking: who fits a need, what fits an organisation, and collaboration requests.

``match_need`` scores the actors of the term index (``index.py``) against a need: each term the
need and an actor share adds the actor's stored weight times the term's rarity across all actors
(its inverse document frequency) times how often the need says it. The database sums the scores
and keeps the best; a second query reads which terms matched, so each result says why it is there.
"""

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Case, F, FloatField, Sum, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from synergy.accounts.models import User
from synergy.actors.models import Membership, Organisation, PersonProfile
from synergy.actors.services import admins_of
from synergy.core import caching
from synergy.core.exceptions import Refused
from synergy.core.taxonomy import TERM_LABELS, term_label
from synergy.notifications.services import tell, tell_each

from . import index
from .models import ActorKind, ActorTerm, CollaborationRequest, SentSuggestion
from .text import readable_words, term_counts

MAX_NEED = 5000  # characters of a need read
MAX_QUERY_TERMS = 40
EXPLICIT_WEIGHT = 2.0  # a competence or key area picked in the form counts as a word said twice
DERIVED_WEIGHT = 1.0  # a vocabulary term the need's words name
MIN_OPPORTUNITY_SCORE = 3.0
DIGEST_SIZE = 5
DIGEST_EVERY = timedelta(days=7)


@dataclass
class Match:
    kind: str  # ActorKind
    actor: object  # an Organisation, or a User with a listed profile
    score: float
    terms: list[str] = field(default_factory=list)  # readable: the need's word, or a competence's label


@dataclass
class Need:
    """A need as the index reads it: term → how much the need asks for it, and how to show each term."""

    weights: dict[str, float]
    readable: dict[str, str]

    @classmethod
    def of(cls, text: str, competences=(), key_areas=()) -> "Need":
        from synergy.actors.evidence import derive_terms

        text = (text or "").replace("\x00", "")[:MAX_NEED]
        counts = term_counts(text)
        weights: dict[str, float] = {term: 1 + math.log(count) for term, count in counts.items()}
        readable = readable_words(text)
        for code in derive_terms(text):
            if code in TERM_LABELS:
                weights[index.competence_term(code)] = max(weights.get(index.competence_term(code), 0), DERIVED_WEIGHT)
        for code in [*competences, *key_areas]:
            if code in TERM_LABELS:
                weights[index.competence_term(code)] = EXPLICIT_WEIGHT
        strongest = dict(sorted(weights.items(), key=lambda item: (-item[1], item[0]))[:MAX_QUERY_TERMS])
        # Only the kept terms' words: the digest holds every open opportunity's need at once.
        return cls(weights=strongest, readable={term: readable[term] for term in strongest if term in readable})

    def label(self, term: str) -> str:
        if index.is_competence_term(term):
            return term_label(term[2:])
        return self.readable.get(term, term)

    def labels(self, scored_terms) -> list[str]:
        """Readable labels of (score, term) pairs, highest score first, each once whatever its case."""
        labels: dict[str, str] = {}
        for _score, term in sorted(scored_terms, reverse=True):
            labels.setdefault(self.label(term).casefold(), self.label(term))
        return list(labels.values())


def actor_count() -> int:
    return Organisation.objects.count() + PersonProfile.objects.filter(listed=True).count()


def idf(frequency: int, total: int) -> float:
    return math.log(1 + (total - frequency + 0.5) / (frequency + 0.5))


def rarities(terms, total: int | None = None) -> dict[str, float]:
    total = actor_count() if total is None else total
    frequencies = index.document_frequencies(terms)
    return {term: idf(frequencies[term], max(total, frequencies[term])) for term in terms}


def score_actors(need: Need, *, kind: str, limit: int, exclude=(), rarity=None) -> list[tuple[int, float]]:
    """(object id, score) of the best ``limit`` actors of ``kind``, best first; the database sums."""
    if not need.weights:
        return []
    rarity = rarities(need.weights) if rarity is None else rarity
    factor = Case(
        *[When(term=term, then=Value(need.weights[term] * rarity[term])) for term in need.weights],
        default=Value(0.0),
        output_field=FloatField(),
    )
    rows = (
        ActorTerm.objects.filter(kind=kind, term__in=list(need.weights))
        .exclude(object_id__in=list(exclude))
        .values("object_id")
        .annotate(score=Sum(factor * F("weight"), output_field=FloatField()))
        .order_by("-score", "object_id")[:limit]
    )
    return [(row["object_id"], row["score"]) for row in rows if row["score"] > 0]


def shared_terms(need: Need, kind: str, object_ids: list[int]) -> dict[int, list[tuple[float, str]]]:
    """Each actor's terms shared with the need, with how much each weighs: (weight, term) pairs."""
    shared = defaultdict(list)
    rows = ActorTerm.objects.filter(kind=kind, object_id__in=object_ids, term__in=list(need.weights))
    for object_id, term, weight in rows.values_list("object_id", "term", "weight"):
        shared[object_id].append((weight * need.weights[term], term))
    return shared


def match_need(
    text: str, competences=(), key_areas=(), limit: int = 20, *, kinds=(ActorKind.ORGANISATION, ActorKind.PERSON),
    exclude_organisations=(),
) -> list[Match]:  # fmt: skip
    """The organisations and listed people that fit a free-text need, best first, with the matched terms.

    The ranking is remembered until the index changes (or the minute turns): scoring a need
    sums weights over the whole index, while the same need is asked again and again (a
    shared link, a challenge's page reloaded by its jury, the API). It holds stemmed terms
    only: the labels come from this need's own words (two people whose words stem alike share
    the ranking, never each other's words), and the actors are read fresh, so one who left
    the index since is left out.
    """
    need = Need.of(text, competences, key_areas)
    if not need.weights:
        return []
    question = (sorted(need.weights.items()), limit, tuple(kinds), sorted(exclude_organisations))
    ranking = caching.remembered(
        "matchmaking:ranking", index.CACHE_PART, lambda: _rank(need, limit, kinds, exclude_organisations), question
    )
    actors = {kind: _actors(kind, [object_id for k, object_id, _s, _t in ranking if k == kind]) for kind in kinds}
    return [
        Match(kind=kind, actor=actors[kind][object_id], score=score, terms=need.labels(pairs))
        for kind, object_id, score, pairs in ranking
        if object_id in actors[kind]
    ]


def _rank(need: Need, limit: int, kinds, exclude_organisations) -> list[tuple[str, int, float, list]]:
    """(kind, object id, score, shared (weight, term) pairs) of the best ``limit`` actors, best first."""
    rarity = rarities(need.weights)
    ranking = []
    for kind in kinds:
        exclude = exclude_organisations if kind == ActorKind.ORGANISATION else ()
        scored = score_actors(need, kind=kind, limit=limit, exclude=exclude, rarity=rarity)
        if scored:
            shared = shared_terms(need, kind, [object_id for object_id, _score in scored])
            ranking += [(kind, object_id, round(score, 3), shared.get(object_id, [])) for object_id, score in scored]
    ranking.sort(key=lambda row: -row[2])
    return ranking[:limit]


def _actors(kind: str, ids: list[int]) -> dict:
    if not ids:
        return {}
    if kind == ActorKind.ORGANISATION:
        return Organisation.objects.select_related("region").in_bulk(ids)
    people = User.objects.filter(pk__in=ids, is_active=True, actor_profile__listed=True).select_related("actor_profile")
    return {person.pk: person for person in people}


def challenge_need_text(challenge) -> str:
    return "\n".join([challenge.title, challenge.summary, challenge.description, challenge.needs, challenge.keywords])


def match_challenge(challenge, limit: int = 20) -> list[Match]:
    """Who could solve the challenge: its text, competences and key areas; its giver left out."""
    return match_need(
        challenge_need_text(challenge),
        competences=challenge.competences,
        key_areas=challenge.key_areas,
        limit=limit,
        exclude_organisations=[challenge.giver_id],
    )


# --- Opportunities for an organisation --------------------------------------------------------------


@dataclass
class Opportunity:
    kind: str  # "challenge", "training" or "network"
    object: object
    score: float
    terms: list[str]

    @property
    def title(self) -> str:
        return str(self.object)

    @property
    def url(self) -> str:
        return self.object.get_absolute_url()


def _opportunity_needs() -> list[tuple[str, object, Need]]:
    """Every open challenge, training open for registration and network accepting members, as a need."""
    from synergy.challenges.services import open_for_matching as open_challenges
    from synergy.networks.services import networks_for_matching
    from synergy.trainings.services import open_for_matching as open_trainings

    needs = []
    for challenge in open_challenges():
        need = Need.of(challenge_need_text(challenge), challenge.competences, challenge.key_areas)
        needs.append(("challenge", challenge, need))
    for training in open_trainings():
        needs.append(("training", training, Need.of(f"{training.title}\n{training.description}")))
    for network in networks_for_matching():
        text = "\n".join([network.name, network.description, *map(str, network.key_area_labels)])
        needs.append(("network", network, Need.of(text, key_areas=network.key_areas)))
    return needs


def _score_against(organisation_terms: dict[str, float], need: Need, rarity: dict[str, float]) -> tuple[float, list]:
    shared = [
        (organisation_terms[term] * weight * rarity.get(term, 0), term)
        for term, weight in need.weights.items()
        if term in organisation_terms
    ]
    if len(shared) < 2 and not any(index.is_competence_term(term) for _s, term in shared):
        return 0.0, []  # one ordinary word in common is chance, not fit
    return sum(score for score, _term in shared), need.labels(shared)


def _own(organisation: Organisation, kind: str, obj) -> bool:
    if kind == "challenge":
        return obj.giver_id == organisation.pk
    if kind == "training":
        return obj.organiser_id == organisation.pk
    return False


def opportunities_for(organisation: Organisation, *, needs=None, rarity=None, exclude=frozenset()) -> list[Opportunity]:
    """Open challenges, trainings and networks that fit the organisation's profile, best first.

    ``needs`` and ``rarity`` may be passed in when many organisations are scored against the same
    opportunities (the digest); ``exclude`` holds (kind, id) pairs to leave out.
    """
    needs = _opportunity_needs() if needs is None else needs
    if rarity is None:
        rarity = rarities({term for _kind, _obj, need in needs for term in need.weights})
    terms = index.terms_of(ActorKind.ORGANISATION, organisation.pk)
    in_networks = set(organisation.network_memberships.values_list("network_id", flat=True))
    found = []
    for kind, obj, need in needs:
        if (kind, obj.pk) in exclude or _own(organisation, kind, obj) or (kind == "network" and obj.pk in in_networks):
            continue
        score, labels = _score_against(terms, need, rarity)
        if score >= MIN_OPPORTUNITY_SCORE:
            found.append(Opportunity(kind=kind, object=obj, score=round(score, 3), terms=labels))
    found.sort(key=lambda opportunity: (-opportunity.score, opportunity.kind, opportunity.object.pk))
    return found


def remembered_opportunities(organisation: Organisation) -> list[Opportunity]:
    """``opportunities_for`` the organisation's page, worked out again only when something public
    or the index changed: it scores every open challenge, training and network."""
    parts = f"{caching.every_part()} {index.CACHE_PART}"
    compute = lambda: opportunities_for(organisation)  # noqa: E731
    return caching.remembered("matchmaking:opportunities", parts, compute, organisation.pk)


# --- The weekly digest ----------------------------------------------------------------------------------


def send_digests(now=None) -> int:
    """Tell each organisation's admins, at most once a week, about new opportunities that fit it.

    Each suggestion is sent once: the organisation's row is locked while its new suggestions are
    picked and recorded (``SentSuggestion``, unique per organisation and opportunity), so two runs
    at once tell nothing twice. Returns the number of organisations told.
    """
    now = now or timezone.now()
    needs = _opportunity_needs()
    if not needs:
        return 0
    rarity = rarities({term for _kind, _obj, need in needs for term in need.weights})
    with_admins = (
        Membership.objects.filter(role=Membership.Role.ADMIN, user__is_active=True)
        .values_list("organisation_id", flat=True)
        .distinct()
    )
    told_recently = SentSuggestion.objects.filter(sent_at__gt=now - DIGEST_EVERY).values("organisation_id")
    due = Organisation.objects.filter(pk__in=with_admins).exclude(pk__in=told_recently).order_by("pk")
    told = 0
    for organisation_id in list(due.values_list("pk", flat=True)):
        told += _send_digest(organisation_id, needs, rarity, now)
    return told


def _send_digest(organisation_id: int, needs, rarity, now) -> int:
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().get(pk=organisation_id)
        if SentSuggestion.objects.filter(organisation=organisation, sent_at__gt=now - DIGEST_EVERY).exists():
            return 0  # another run told it meanwhile
        sent = set(SentSuggestion.objects.filter(organisation=organisation).values_list("kind", "object_id"))
        new = opportunities_for(organisation, needs=needs, rarity=rarity, exclude=sent)[:DIGEST_SIZE]
        if not new:
            return 0
        SentSuggestion.objects.bulk_create(
            [SentSuggestion(organisation=organisation, kind=o.kind, object_id=o.object.pk, sent_at=now) for o in new]
        )
        tell_each(
            admins_of([organisation.pk]),
            lambda: (
                _("Opportunities that fit %(organisation)s") % {"organisation": organisation.name},
                "\n".join(f"- {_kind_label(o.kind)}: {o.title}" for o in new),
            ),
            kind="matchmaking.digest",
            url=reverse("matchmaking:opportunities", args=[organisation.slug]),
        )
    return 1


def _kind_label(kind: str) -> str:
    return {"challenge": _("Challenge"), "training": _("Training"), "network": _("Network")}[kind]


# --- Collaboration requests --------------------------------------------------------------------------


def administers(user, organisation_id: int | None) -> bool:
    from synergy.actors.rules import administers_organisation_id

    return administers_organisation_id(user, organisation_id)


def is_sender(user, collaboration: CollaborationRequest) -> bool:
    return user.is_authenticated and collaboration.sender_id == user.pk


def is_recipient(user, collaboration: CollaborationRequest) -> bool:
    if not user.is_authenticated:
        return False
    if collaboration.person_id is not None:
        return collaboration.person_id == user.pk
    return administers(user, collaboration.organisation_id)


def _recipients(collaboration: CollaborationRequest) -> list[User]:
    if collaboration.person_id is not None:
        return [collaboration.person]
    return admins_of([collaboration.organisation_id])


def send_request(
    sender: User, *, subject: str, message: str, organisation: Organisation | None = None,
    person: User | None = None, on_behalf_of: Organisation | None = None,
) -> CollaborationRequest:  # fmt: skip
    """Ask an organisation, or a listed person, to work together; their side is told."""
    if (organisation is None) == (person is None):
        raise ValueError("a request goes to one organisation or one person")
    if organisation is not None and administers(sender, organisation.pk):
        raise Refused(_("You administer this organisation."))
    if person is not None:
        profile = PersonProfile.objects.filter(user=person, listed=True).first()
        if person.pk == sender.pk or profile is None or not person.is_active:
            raise Refused(_("This person does not take collaboration requests."))
    if on_behalf_of is not None and not Membership.objects.filter(user=sender, organisation=on_behalf_of).exists():
        raise Refused(_("You can write only on behalf of an organisation you belong to."))
    try:
        with transaction.atomic():
            collaboration = CollaborationRequest.objects.create(
                sender=sender, sender_organisation=on_behalf_of, organisation=organisation, person=person,
                subject=subject, message=message,
            )  # fmt: skip
    except IntegrityError:
        raise Refused(_("Your earlier request is still waiting for an answer.")) from None
    who = on_behalf_of.name if on_behalf_of else sender.display_name
    tell_each(
        _recipients(collaboration),
        lambda: (_("Collaboration request from %(who)s") % {"who": who}, subject),
        kind="matchmaking.request",
        url=collaboration.get_absolute_url(),
    )
    return collaboration


def _locked_pending(collaboration: CollaborationRequest) -> CollaborationRequest:
    locked = CollaborationRequest.objects.select_for_update().get(pk=collaboration.pk)
    if locked.status != CollaborationRequest.Status.PENDING:
        raise Refused(_("This request has already been answered or withdrawn."))
    return locked


@transaction.atomic
def answer_request(collaboration: CollaborationRequest, by: User, *, accept: bool, answer: str = "") -> None:
    """The recipient accepts or declines; from an acceptance on, both sides see each other's contact details."""
    collaboration = _locked_pending(collaboration)
    if not is_recipient(by, collaboration):
        raise Refused(_("Only the recipient answers this request."))
    collaboration.status = CollaborationRequest.Status.ACCEPTED if accept else CollaborationRequest.Status.DECLINED
    collaboration.answer = answer
    collaboration.decided_by = by
    collaboration.decided_at = timezone.now()
    collaboration.save(update_fields=["status", "answer", "decided_by", "decided_at"])
    if collaboration.sender.is_active:
        tell(
            collaboration.sender,
            lambda: (
                (_("Accepted: %(subject)s") if accept else _("Declined: %(subject)s"))
                % {"subject": collaboration.subject},
                answer,
            ),
            kind="matchmaking.answered",
            url=collaboration.get_absolute_url(),
        )


@transaction.atomic
def withdraw_request(collaboration: CollaborationRequest, by: User) -> None:
    collaboration = _locked_pending(collaboration)
    if not is_sender(by, collaboration):
        raise Refused(_("Only the sender withdraws this request."))
    collaboration.status = CollaborationRequest.Status.WITHDRAWN
    collaboration.decided_at = timezone.now()
    collaboration.save(update_fields=["status", "decided_at"])


@dataclass(frozen=True)
class Contact:
    name: str
    emails: list[str]


def contact_details(collaboration: CollaborationRequest, user) -> Contact | None:
    """The other side's contact details, for either side of an accepted request; None for anyone else."""
    if collaboration.status != CollaborationRequest.Status.ACCEPTED:
        return None
    if is_sender(user, collaboration):
        if collaboration.person_id is not None:
            return Contact(name=collaboration.person.display_name, emails=[collaboration.person.email])
        organisation = collaboration.organisation
        # Without a contact address, the admin who accepted: they chose to share theirs, the others did not.
        answered_by = collaboration.decided_by
        emails = [organisation.contact_email or (answered_by.email if answered_by else "")]
        emails = [email for email in emails if email]
        return Contact(name=organisation.name, emails=emails)
    if is_recipient(user, collaboration):
        sender = collaboration.sender
        name = sender.display_name
        if collaboration.sender_organisation:
            name = f"{name} ({collaboration.sender_organisation.name})"
        return Contact(name=name, emails=[sender.email])
    return None


def sent_requests(user):
    return CollaborationRequest.objects.filter(sender=user)


def received_requests(user):
    """Requests to the person, or to an organisation they administer (two indexes, one query)."""
    from django.db.models import Q

    from synergy.actors.rules import administered_organisation_ids

    organisations = administered_organisation_ids(user)
    condition = Q(person=user)
    if organisations:
        condition |= Q(organisation_id__in=organisations)
    return CollaborationRequest.objects.filter(condition)


# --- Personal data --------------------------------------------------------------------------------------


def requests_data(user: User) -> list[dict]:
    return [
        {"subject": r.subject, "message": r.message, "status": r.status, "sent_at": r.created_at.isoformat(),
         "to": r.organisation.name if r.organisation else "person"}
        for r in sent_requests(user).select_related("organisation")
    ]  # fmt: skip


def erase_requests(user: User) -> None:
    sent_requests(user).delete()
    CollaborationRequest.objects.filter(person=user).delete()
