"""Writes to actors: profiles, members and requests to join, manual projects, and what is derived from
them (the completeness score and when an organisation was last active on the platform).

Other apps and the CORDIS import call ``refresh_completeness``, ``record_activity`` and send
``profile_changed`` with the ids of the organisations they touched, once per batch, not per row.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import django.dispatch
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from synergy.accounts.models import User
from synergy.core import caching, search
from synergy.core.batches import batches
from synergy.core.exceptions import Refused
from synergy.core.taxonomy import term_label
from synergy.notifications.services import tell, tell_each

from .models import (
    ActorCompetence,
    JoinRequest,
    Membership,
    Organisation,
    Participation,
    PersonProfile,
    ResearchProject,
    Source,
)

# Sent with ``organisation_ids=[...]`` after any change of profiles, competences or projects (an
# edit, an import, a manual project), once the change is written, so matchmaking reindexes them.
profile_changed = django.dispatch.Signal()


# --- Completeness ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CompletenessItem:
    label: str  # lazy: read in the language of the page that shows it
    points: int
    done: Callable[[Organisation], bool]  # reads has_competences, has_projects, has_admin besides the fields


# What a profile says to someone deciding whether to work with the organisation; points add up to 100.
COMPLETENESS_ITEMS = [
    CompletenessItem(gettext_lazy("A description"), 15, lambda o: bool(o.description.strip())),
    CompletenessItem(gettext_lazy("A specialisation in a sentence"), 10, lambda o: bool(o.specialisation.strip())),
    CompletenessItem(gettext_lazy("Declared competences"), 15, lambda o: o.has_competences),
    CompletenessItem(gettext_lazy("Keywords"), 10, lambda o: bool(o.keyword_list)),
    CompletenessItem(gettext_lazy("Services offered"), 10, lambda o: bool(o.services.strip())),
    CompletenessItem(gettext_lazy("Infrastructure"), 10, lambda o: bool(o.infrastructure.strip())),
    CompletenessItem(gettext_lazy("At least one project"), 10, lambda o: o.has_projects),
    CompletenessItem(gettext_lazy("A website"), 5, lambda o: bool(o.website)),
    CompletenessItem(gettext_lazy("A region"), 5, lambda o: bool(o.region_id or o.nuts_code)),
    CompletenessItem(gettext_lazy("A contact e-mail"), 5, lambda o: bool(o.contact_email)),
    CompletenessItem(gettext_lazy("An administrator on the platform"), 5, lambda o: o.has_admin),
]


def _with_completeness_facts(queryset):
    return queryset.annotate(
        has_competences=Exists(ActorCompetence.objects.filter(organisation=OuterRef("pk"), declared=True)),
        has_projects=Exists(Participation.objects.confirmed().filter(organisation=OuterRef("pk"))),
        has_admin=Exists(Membership.objects.filter(organisation=OuterRef("pk"), role=Membership.Role.ADMIN)),
    )


def _score(organisation) -> int:
    return sum(item.points for item in COMPLETENESS_ITEMS if item.done(organisation))


def completeness_items(organisation: Organisation) -> list[tuple[str, bool, int]]:
    """(label, done, points) for each part of a complete profile: the "what's missing" box admins see."""
    facts = _with_completeness_facts(Organisation.objects.filter(pk=organisation.pk)).values(
        "has_competences", "has_projects", "has_admin"
    )
    for name, value in (facts.first() or {}).items():
        setattr(organisation, name, value)
    return [(str(item.label), bool(item.done(organisation)), item.points) for item in COMPLETENESS_ITEMS]


def refresh_completeness(organisation_ids: Iterable[int]) -> None:
    """Recompute ``Organisation.completeness`` for these organisations: one read and at most one
    bulk write per chunk, and only the scores that changed are written."""
    for chunk in batches(organisation_ids):
        changed = []
        # Whole rows: ``description`` is translated, and its fallback reads the other languages' columns.
        for organisation in _with_completeness_facts(Organisation.objects.filter(pk__in=chunk)):
            score = _score(organisation)
            if score != organisation.completeness:
                organisation.completeness = score
                changed.append(organisation)
        Organisation.objects.bulk_update(changed, ["completeness"])
        if changed:
            _bump_actors()


def _bump_actors() -> None:
    caching.bump("actors")  # bulk writes send no signals: move the cached pages' generation by hand


# --- Activity on the platform -----------------------------------------------------------------


def record_activity(organisation_ids: Iterable[int], when=None) -> None:
    """The organisations did something on the platform at ``when`` (now by default): their
    ``last_active_at`` becomes the later of it and what it was."""
    when = when or timezone.now()
    updated = 0
    for chunk in batches(organisation_ids):
        updated += Organisation.objects.filter(
            Q(last_active_at__isnull=True) | Q(last_active_at__lt=when), pk__in=chunk
        ).update(last_active_at=when)
    if updated:
        _bump_actors()


# --- Profiles -------------------------------------------------------------------------------------


def changed_profiles(organisation_ids: Iterable[int]) -> None:
    """What follows any change of these organisations' profiles, competences or projects: the
    score, then everyone who keeps something derived from them (matchmaking's index)."""
    ids = sorted(set(organisation_ids))
    refresh_completeness(ids)
    profile_changed.send(sender=Organisation, organisation_ids=ids)


def set_declared_competences(organisation: Organisation, terms: Iterable[str]) -> None:
    """The organisation declares exactly ``terms``; what its projects show (``evidence``) stays."""
    terms = set(terms)
    rows = {row.term: row for row in ActorCompetence.objects.filter(organisation=organisation)}
    # An import may write the same rows meanwhile (its evidence): the declaration wins, the evidence stays.
    ActorCompetence.objects.bulk_create(
        [ActorCompetence(organisation=organisation, term=term, declared=True) for term in terms - rows.keys()],
        update_conflicts=True, unique_fields=["organisation", "term"], update_fields=["declared"],
    )  # fmt: skip
    ActorCompetence.objects.filter(organisation=organisation, term__in=terms & rows.keys(), declared=False).update(
        declared=True
    )
    undeclared = ActorCompetence.objects.filter(organisation=organisation, declared=True).exclude(term__in=terms)
    undeclared.filter(evidence=0).delete()
    undeclared.update(declared=False)


@transaction.atomic
def save_organisation_profile(organisation: Organisation, declared_terms: Iterable[str]) -> None:
    """Save an edited profile with the competences its admins declare."""
    organisation.save()
    set_declared_competences(organisation, declared_terms)
    changed_profiles([organisation.pk])


def declared_terms(organisation: Organisation) -> list[str]:
    return list(organisation.competences.filter(declared=True).values_list("term", flat=True))


def admins_of(organisation_ids: Iterable[int]) -> list[User]:
    """The active admins of these organisations, each once: who is told about, and answers for, them."""
    return list(
        User.objects.filter(
            memberships__organisation_id__in=list(organisation_ids),
            memberships__role=Membership.Role.ADMIN,
            is_active=True,
        )
        .distinct()
        .order_by("pk")
    )


# --- Requests to join ------------------------------------------------------------------------------


@transaction.atomic
def ask_to_join(organisation: Organisation, user: User, message: str = "") -> JoinRequest:
    """The person asks to join; the organisation's admins are told."""
    if Membership.objects.filter(organisation=organisation, user=user).exists():
        raise Refused(_("You are already a member of this organisation."))
    try:
        with transaction.atomic():
            join_request = JoinRequest.objects.create(organisation=organisation, user=user, message=message)
    except IntegrityError:  # the unique constraint on pending requests closes a double click
        raise Refused(_("Your request to join is already waiting for an answer.")) from None
    url = reverse("actors:members", args=[organisation.slug])
    tell_each(
        admins_of([organisation.pk]),
        lambda: (
            _("%(person)s asks to join %(organisation)s") % {"person": user, "organisation": organisation},
            message,
        ),
        kind="actors.join_requested",
        url=url,
    )
    return join_request


@transaction.atomic
def answer_join_request(join_request: JoinRequest, by: User, *, accept: bool) -> JoinRequest:
    """Accept or decline a pending request; the person is told. Two admins answering at once: the
    row lock lets the first answer stand and refuses the second."""
    join_request = (
        JoinRequest.objects.select_for_update().select_related("organisation", "user").get(pk=join_request.pk)
    )
    if join_request.status != JoinRequest.Status.PENDING:
        raise Refused(_("This request has already been answered."))
    now = timezone.now()
    join_request.status = JoinRequest.Status.ACCEPTED if accept else JoinRequest.Status.DECLINED
    join_request.decided_by, join_request.decided_at = by, now
    join_request.save(update_fields=["status", "decided_by", "decided_at"])
    organisation = join_request.organisation
    if accept:
        Membership.objects.get_or_create(organisation=organisation, user=join_request.user)
    record_activity([organisation.pk], now)
    tell(
        join_request.user,
        lambda: (
            (_("You are now a member of %(organisation)s") if accept else _("%(organisation)s declined your request"))
            % {"organisation": organisation},
            "",
        ),
        kind="actors.join_answered",
        url=organisation.get_absolute_url(),
    )
    return join_request


# --- Members ------------------------------------------------------------------------------------


def _lock_admins(organisation_id: int) -> list[int]:
    """Lock the organisation's admin memberships: two admins demoting each other at once must not
    leave it with none."""
    return list(
        Membership.objects.select_for_update()
        .filter(organisation_id=organisation_id, role=Membership.Role.ADMIN)
        .values_list("pk", flat=True)
    )


@transaction.atomic
def change_member_role(membership: Membership, role: str) -> None:
    if role not in Membership.Role.values:
        raise Refused(_("Choose a role from the list."))
    admins = _lock_admins(membership.organisation_id)
    if role != Membership.Role.ADMIN and admins == [membership.pk]:
        raise Refused(_("An organisation keeps at least one administrator. Make someone else one first."))
    membership.role = role
    membership.save(update_fields=["role"])  # its signals: roles remembered, cached pages
    refresh_completeness([membership.organisation_id])  # "an administrator on the platform" counts


@transaction.atomic
def remove_member(membership: Membership) -> None:
    admins = _lock_admins(membership.organisation_id)
    if admins == [membership.pk]:
        raise Refused(_("An organisation keeps at least one administrator. Make someone else one first."))
    membership.delete()
    refresh_completeness([membership.organisation_id])


# --- Projects entered on the platform ---------------------------------------------------------------


@transaction.atomic
def save_project(
    project: ResearchProject, consortium: list[tuple[Organisation, str]], *, agreed_ids: Iterable[int] | None = None
) -> ResearchProject:
    """Save a project entered on the platform with its consortium (organisation, role), replacing
    the previous one; the competences and scores of every organisation in either follow.

    ``agreed_ids`` are the organisations the editor answers for (those they administer; ``None``:
    all, for a platform admin): their places count at once, a waiting one included. A new place
    for any other organisation waits for its administrators' confirmation, and they are told;
    a place they declined stays declined, and they are not asked again. Only an organisation's
    own administrators take a confirmed place out (checked here, under the places' locks, as
    well as by the form: the place may have been confirmed since the form was shown).
    """
    project.source = Source.PLATFORM
    project.save()
    places = {place.organisation_id: place for place in project.participations.select_for_update()}
    roles = {organisation.pk: role for organisation, role in consortium}
    for organisation_id, place in places.items():
        if organisation_id in roles or place.declined_at:
            continue
        if place.confirmed and agreed_ids is not None and organisation_id not in agreed_ids:
            raise Refused(_("Only its own administrators can take an organisation out of the consortium."))
        place.delete()
    asked = []
    for organisation_id, role in roles.items():
        agreed = agreed_ids is None or organisation_id in agreed_ids
        place = places.get(organisation_id)
        if place is None:
            Participation.objects.create(project=project, organisation_id=organisation_id, role=role, confirmed=agreed)
            if not agreed:
                asked.append(organisation_id)
            continue
        place.role = role
        if agreed:
            place.confirmed, place.declined_at = True, None
        place.save(update_fields=["role", "confirmed", "declined_at"])
    _projects_changed(places.keys() | roles.keys())
    for organisation in Organisation.objects.filter(pk__in=asked):
        _ask_to_confirm(project, organisation)
    return project


def _projects_changed(organisation_ids) -> None:
    """Competences, scores, the index and search documents of organisations whose projects changed."""
    from .evidence import refresh_competences

    touched = set(organisation_ids)
    refresh_competences(touched)
    changed_profiles(touched)
    # The search documents hold the competence labels, which the project may have changed.
    transaction.on_commit(lambda: reindex_search(touched))


def _ask_to_confirm(project: ResearchProject, organisation: Organisation) -> None:
    tell_each(
        admins_of([organisation.pk]),
        lambda: (
            _("Did %(organisation)s take part in %(project)s?") % {"organisation": organisation, "project": project},
            _(
                "The project was entered on the platform with your organisation in its consortium. It appears on "
                "your profile only once you confirm."
            ),
        ),
        kind="actors.place_to_confirm",
        url=project.get_absolute_url(),
    )


@transaction.atomic
def answer_place(participation: Participation, *, confirm: bool) -> None:
    """The organisation's administrators confirm its place in the consortium, or decline it (it stays,
    declined, so that they are not asked again). An answered place stays as it is."""
    place = Participation.objects.select_for_update().filter(pk=participation.pk).first()
    if place is None or place.confirmed or place.declined_at:
        raise Refused(_("This place in the consortium has already been answered."))
    if confirm:
        place.confirmed = True
    else:
        place.declined_at = timezone.now()
    place.save(update_fields=["confirmed", "declined_at"])
    _projects_changed([place.organisation_id])


def places_to_confirm(organisation: Organisation):
    """Projects entered by others that name the organisation and wait for its administrators."""
    return (
        organisation.participations.filter(confirmed=False, declined_at__isnull=True)
        .select_related("project")
        .order_by("-project__start_date", "-project_id")
    )


def reindex_search(organisation_ids: Iterable[int]) -> None:
    """The search documents of these organisations, which hold their competences' labels: written
    in bulk, a batch at a time (bulk writes and changed competences send no signal to search)."""
    for batch in batches(organisation_ids):
        with transaction.atomic():
            search.index_objects(
                Organisation.objects.filter(pk__in=batch).select_related("region").prefetch_related("competences")
            )


# --- People ---------------------------------------------------------------------------------------


def person_profile_of(user: User) -> PersonProfile:
    """The person's profile, unsaved and empty if they have not written one."""
    try:
        return user.actor_profile
    except PersonProfile.DoesNotExist:
        return PersonProfile(user=user)


def person_profile_data(user: User) -> dict:
    profile = PersonProfile.objects.filter(user=user).first()
    if profile is None:
        return {}
    return {
        "expertise": profile.expertise,
        "competences": profile.competences,
        "keywords": profile.keywords,
        "listed": profile.listed,
        "public_fields": profile.public_fields,
        "updated_at": profile.updated_at.isoformat(),
    }


def erase_person_profile(user: User) -> None:
    PersonProfile.objects.filter(user=user).delete()


def join_requests_data(user: User) -> list[dict]:
    return [
        {"organisation": r.organisation.name, "message": r.message, "status": r.status,
         "created_at": r.created_at.isoformat(), "decided_at": r.decided_at.isoformat() if r.decided_at else None}
        for r in JoinRequest.objects.filter(user=user).select_related("organisation")
    ]  # fmt: skip


def erase_join_requests(user: User) -> None:
    JoinRequest.objects.filter(user=user).delete()


# --- Search and personal data -------------------------------------------------------------------


def search_entry(organisation: Organisation) -> search.Entry:
    competences = [term_label(competence.term) for competence in organisation.competences.all()]  # prefetched or not
    body = " ".join(
        filter(
            None,
            [
                organisation.short_name,
                organisation.get_type_display(),
                str(organisation.region or ""),
                organisation.specialisation,
                ", ".join(organisation.keyword_list),
                ", ".join(competences),
                organisation.description,
                organisation.services,
            ],
        )
    )
    return search.Entry(title=organisation.name, body=Truncator(body).chars(5000), url=organisation.get_absolute_url())


def memberships_data(user) -> list[dict]:
    return [
        {"organisation": m.organisation.name, "role": m.role, "joined_at": m.joined_at.isoformat()}
        for m in Membership.objects.filter(user=user).select_related("organisation")
    ]


def erase_memberships(user) -> None:
    Membership.objects.filter(user=user).delete()


def directory_url_for_region(region) -> str:
    return f"{reverse('actors:list')}?region={region.pk}"
