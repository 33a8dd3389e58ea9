"""Writes to networks: creation, invitations and applications with their answers, leaving, roles,
and the analysis with its history.

A network always keeps a way to be run: the last active coordinator organisation can neither leave
nor be made a plain member. The checks that count coordinators run under a lock on the network's
row, so two simultaneous requests cannot both remove "the other" coordinator. Every change of a
row's status is made under a lock on that row, so an invitation is answered once.
"""

from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from synergy.accounts.models import RegionRole, User
from synergy.actors.models import Organisation
from synergy.actors.services import admins_of
from synergy.core.exceptions import Refused
from synergy.core.search import Entry
from synergy.core.slugs import unique_slug
from synergy.notifications.services import tell_each

from .history import ANALYSIS_FIELDS
from .models import Member, Network, Revision
from .rules import forget_members

# --- Who is concerned ------------------------------------------------------------------------


def managers(network: Network) -> list[User]:
    """Who answers applications: the admins of the coordinator organisations and the region's coordinators."""
    coordinator_ids = network.members.filter(role=Member.Role.COORDINATOR, status=Member.Status.ACTIVE).values_list(
        "organisation_id", flat=True
    )
    people = admins_of(coordinator_ids)
    if network.region_id:
        people += User.objects.filter(
            region_roles__region_id=network.region_id, region_roles__role=RegionRole.Role.COORDINATOR, is_active=True
        ).exclude(pk__in=[person.pk for person in people])
    return people


# --- Networks ---------------------------------------------------------------------------------


@transaction.atomic
def create_network(
    *,
    name: str,
    description: str,
    key_areas: list[str],
    by: User,
    region=None,
    coordinator: Organisation | None = None,
) -> Network:
    """A new network; ``coordinator`` (an organisation ``by`` runs) becomes its first member."""
    network = Network.objects.create(
        name=name,
        slug=unique_slug(Network, name, fallback="network"),
        description=description,
        key_areas=list(key_areas),
        region=region,
        created_by=by,
    )
    if coordinator is not None:
        Member.objects.create(
            network=network,
            organisation=coordinator,
            role=Member.Role.COORDINATOR,
            status=Member.Status.ACTIVE,
            decided_at=timezone.now(),
            decided_by=by,
        )
    return network


@transaction.atomic
def form_network(
    *,
    name: str,
    description: str,
    key_area: str,
    picks: list[tuple[Organisation, str]],
    by: User,
    region=None,
    coordinator: Organisation | None = None,
) -> Network:
    """The formation assistant's proposal, as the coordinator accepted it: a network with each
    picked organisation invited, and why it was picked kept with its invitation."""
    network = create_network(
        name=name, description=description, key_areas=[key_area], by=by, region=region, coordinator=coordinator
    )
    for organisation, reason in picks:
        if coordinator is None or organisation.pk != coordinator.pk:
            invite(network, organisation, by=by, reason=reason)
    return network


def with_member_count(networks: QuerySet[Network]) -> QuerySet[Network]:
    return networks.annotate(member_count=Count("members", filter=Q(members__status=Member.Status.ACTIVE)))


def networks_for_matching() -> QuerySet[Network]:
    """Networks that accept new members: someone can answer an application (an active coordinator
    organisation, or the coordinators of the network's region)."""
    has_coordinator = Member.objects.filter(
        network=OuterRef("pk"), role=Member.Role.COORDINATOR, status=Member.Status.ACTIVE
    )
    return Network.objects.filter(Exists(has_coordinator) | Q(region__isnull=False))


def search_entry(network: Network) -> Entry:
    return Entry(
        title=network.name,
        body=" ".join([network.description, *map(str, network.key_area_labels)]),
        url=network.get_absolute_url(),
    )


# --- Invitations and applications ---------------------------------------------------------------


def _row(network: Network, organisation: Organisation) -> Member | None:
    return Member.objects.select_for_update().filter(network=network, organisation=organisation).first()


def _reopen(member: Member, status: str, *, message: str, reason: str = "") -> Member:
    member.status, member.role, member.message = status, Member.Role.MEMBER, message
    member.reason = reason or member.reason
    member.created_at, member.decided_at, member.decided_by = timezone.now(), None, None
    member.save(update_fields=["status", "role", "message", "reason", "created_at", "decided_at", "decided_by"])
    return member


def _new_row(network: Network, organisation: Organisation, status: str, *, message: str, reason: str = "") -> Member:
    try:
        with transaction.atomic():
            return Member.objects.create(
                network=network, organisation=organisation, status=status, message=message, reason=reason
            )
    except IntegrityError:  # the same organisation added by a simultaneous request
        raise Refused(_("This organisation is already in the network or waiting for an answer.")) from None


@transaction.atomic
def invite(network: Network, organisation: Organisation, *, by: User, message: str = "", reason: str = "") -> Member:
    """Invite ``organisation``; its admins are told. An organisation that applied is accepted instead."""
    member = _row(network, organisation)
    if member and member.status == Member.Status.APPLIED:
        return _decide(member, by=by, accept=True)
    if member and member.status in (Member.Status.ACTIVE, Member.Status.INVITED):
        raise Refused(_("%(organisation)s is already a member or invited.") % {"organisation": organisation.name})
    if member:
        member = _reopen(member, Member.Status.INVITED, message=message, reason=reason)
    else:
        member = _new_row(network, organisation, Member.Status.INVITED, message=message, reason=reason)
    forget_members(network)
    tell_each(
        admins_of([organisation.pk]),
        lambda: (
            _("%(organisation)s is invited to the network “%(network)s”")
            % {"organisation": organisation.name, "network": network.name},
            message or _("As an admin of the organisation, you can accept or decline on the network's page."),
        ),
        kind="network.invitation",
        url=network.get_absolute_url(),
    )
    return member


@transaction.atomic
def apply(network: Network, organisation: Organisation, *, by: User, message: str = "") -> Member:
    """Ask for ``organisation`` to join; the network's managers are told. An invited one joins at once."""
    member = _row(network, organisation)
    if member and member.status == Member.Status.INVITED:
        return _decide(member, by=by, accept=True)
    if member and member.status in (Member.Status.ACTIVE, Member.Status.APPLIED):
        raise Refused(_("%(organisation)s is already a member or has applied.") % {"organisation": organisation.name})
    if member:
        member = _reopen(member, Member.Status.APPLIED, message=message)
    else:
        member = _new_row(network, organisation, Member.Status.APPLIED, message=message)
    forget_members(network)
    tell_each(
        managers(network),
        lambda: (
            _("%(organisation)s asks to join “%(network)s”")
            % {"organisation": organisation.name, "network": network.name},
            message,
        ),
        kind="network.application",
        url=reverse("networks:detail", args=[network.slug]) + "#pending",
    )
    return member


@transaction.atomic
def answer(member: Member, *, by: User, accept: bool) -> Member:
    """Answer an invitation (as the invited organisation) or an application (as the network's manager).
    Who may answer which is the rules' question, asked of ``member`` as the caller read it; this
    checks, under the row's lock, that it still waits for that same answer (an invitation withdrawn
    and replaced by an application meanwhile is not answered by the invited side)."""
    locked = Member.objects.select_for_update().select_related("network", "organisation").get(pk=member.pk)
    if locked.status not in (Member.Status.INVITED, Member.Status.APPLIED) or locked.status != member.status:
        raise Refused(_("This has already been answered."))
    return _decide(locked, by=by, accept=accept)


@transaction.atomic
def withdraw(member: Member, *, by: User) -> Member:
    """Take back an invitation (its network's managers) or an application (the organisation's admins);
    the other side is told. Precondition: the rules allowed ``by`` to withdraw ``member`` as read."""
    locked = Member.objects.select_for_update().select_related("network", "organisation").get(pk=member.pk)
    if locked.status not in (Member.Status.INVITED, Member.Status.APPLIED) or locked.status != member.status:
        raise Refused(_("This has already been answered."))
    invited = locked.status == Member.Status.INVITED
    locked.status, locked.decided_at, locked.decided_by = Member.Status.WITHDRAWN, timezone.now(), by
    locked.save(update_fields=["status", "decided_at", "decided_by"])
    network, organisation = locked.network, locked.organisation
    forget_members(network)
    values = {"organisation": organisation.name, "network": network.name}
    told = admins_of([organisation.pk]) if invited else managers(network)
    tell_each(
        [person for person in told if person.pk != by.pk],
        lambda: (
            (
                _("The invitation of %(organisation)s to “%(network)s” was withdrawn")
                if invited
                else _("%(organisation)s withdrew its application to “%(network)s”")
            )
            % values,
            "",
        ),
        kind="network.withdrawn",
        url=network.get_absolute_url(),
    )
    return locked


def _decide(member: Member, *, by: User, accept: bool) -> Member:
    """Precondition: ``member`` is locked and invited or applied."""
    invited = member.status == Member.Status.INVITED
    member.status = Member.Status.ACTIVE if accept else Member.Status.DECLINED
    member.decided_at, member.decided_by = timezone.now(), by
    member.save(update_fields=["status", "decided_at", "decided_by"])
    network, organisation = member.network, member.organisation
    forget_members(network)
    values = {"organisation": organisation.name, "network": network.name}

    def compose():  # run in each recipient's language
        if invited:
            title = (
                _("%(organisation)s joined “%(network)s”")
                if accept
                else _("%(organisation)s declined to join “%(network)s”")
            )
        elif accept:
            title = _("%(organisation)s is now a member of “%(network)s”")
        else:
            title = _("The network “%(network)s” declined the application of %(organisation)s")
        return title % values, ""

    # The side that did not answer hears of it: the managers of an invitation, the organisation of an application.
    people = managers(network) if invited else admins_of([organisation.pk])
    tell_each(people, compose, kind="network.answer", url=network.get_absolute_url())
    return member


def _lock_network(network: Network) -> None:
    """Serialises the writes that count a network's coordinators."""
    Network.objects.select_for_update().filter(pk=network.pk).values_list("pk", flat=True).first()


def _refuse_last_coordinator(member: Member) -> None:
    """Precondition: the network's row is locked."""
    if member.role != Member.Role.COORDINATOR:
        return
    others = member.network.members.filter(role=Member.Role.COORDINATOR, status=Member.Status.ACTIVE).exclude(
        pk=member.pk
    )
    if not others.exists():
        raise Refused(_("A network needs a coordinator organisation: make another member coordinator first."))


@transaction.atomic
def leave(member: Member, *, by: User) -> None:
    """The organisation's admins take it out of the network; its managers are told."""
    _end_membership(member, Member.Status.LEFT, by=by)


@transaction.atomic
def remove(member: Member, *, by: User) -> None:
    """A manager takes an organisation out of the network; its admins are told."""
    _end_membership(member, Member.Status.REMOVED, by=by)


def _end_membership(member: Member, status: str, *, by: User) -> None:
    """Precondition: in a transaction. The last coordinator stays."""
    _lock_network(member.network)
    member = Member.objects.select_for_update().select_related("network", "organisation").get(pk=member.pk)
    if member.status != Member.Status.ACTIVE:
        raise Refused(_("This organisation is not a member."))
    _refuse_last_coordinator(member)
    member.status, member.role = status, Member.Role.MEMBER
    member.decided_at, member.decided_by = timezone.now(), by
    member.save(update_fields=["status", "role", "decided_at", "decided_by"])
    forget_members(member.network)
    network, organisation = member.network, member.organisation
    left = status == Member.Status.LEFT
    values = {"organisation": organisation.name, "network": network.name}

    def compose():  # run in each recipient's language
        if left:
            return _("%(organisation)s left “%(network)s”") % values, ""
        return _("%(organisation)s is no longer a member of “%(network)s”") % values, ""

    # The side that did not act hears of it: the managers when an organisation leaves, its admins when removed.
    people = [person for person in managers(network) if person.pk != by.pk] if left else admins_of([organisation.pk])
    tell_each(people, compose, kind="network.left" if left else "network.removed", url=network.get_absolute_url())


@transaction.atomic
def change_role(member: Member, role: str, *, by: User) -> Member:
    if role not in Member.Role.values:
        raise Refused(_("Choose a role."))
    _lock_network(member.network)
    member = Member.objects.select_for_update().select_related("network").get(pk=member.pk)
    if member.status != Member.Status.ACTIVE:
        raise Refused(_("Only members have a role."))
    if role == member.role:
        return member
    if role == Member.Role.MEMBER:
        _refuse_last_coordinator(member)
    member.role = role
    member.save(update_fields=["role"])
    forget_members(member.network)
    return member


# --- The analysis ---------------------------------------------------------------------------------


@transaction.atomic
def save_analysis(network: Network, *, by: User, note: str = "", **texts: str) -> Revision | None:
    """Save the SWOT analysis and lessons learnt, keeping the new version as a Revision; None if
    nothing changed. The network's row is locked, so two editors' versions follow each other."""
    locked = Network.objects.select_for_update().get(pk=network.pk)
    names = [name for name, _label in ANALYSIS_FIELDS]
    changed = [name for name in names if name in texts and texts[name] != getattr(locked, name)]
    if not changed:
        return None
    for name in changed:
        setattr(locked, name, texts[name])
        setattr(network, name, texts[name])
    locked.save(update_fields=changed)
    return Revision.objects.create(
        network=locked, author=by, note=note, **{name: getattr(locked, name) for name in names}
    )


# --- Personal data ------------------------------------------------------------------------------------


def authorship_data(user: User) -> list[dict]:
    """GDPR export: the versions of networks' analyses this person saved."""
    return [
        {"network": revision.network.name, "saved_at": revision.created_at.isoformat(), "note": revision.note}
        for revision in Revision.objects.filter(author=user).select_related("network").order_by("created_at", "id")
    ]


def erase_authorship(user: User) -> None:
    """The texts belong to the networks; that this person wrote or decided them is forgotten."""
    Revision.objects.filter(author=user).update(author=None)
    Member.objects.filter(decided_by=user).update(decided_by=None)
    Network.objects.filter(created_by=user).update(created_by=None)
