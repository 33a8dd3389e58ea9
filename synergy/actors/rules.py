"""Who may do what with innovation actors. Organisation permissions take the organisation; join
requests take the request; projects take the project; person pages take the person's profile."""

import rules

from synergy.accounts.rules import is_member, is_platform_admin
from synergy.core.permissions import remembered_ids

from .models import JoinRequest, Membership, Source


@rules.predicate
def is_organisation_admin(user, organisation) -> bool:
    return organisation is not None and administers_organisation_id(user, organisation.pk)


def administered_organisation_ids(user) -> frozenset[int]:
    """The organisations the person administers, asked once per request."""
    return remembered_ids(
        user,
        "administered_organisations",
        lambda: Membership.objects.filter(user=user, role=Membership.Role.ADMIN),
        "organisation_id",
    )


def administers_organisation_id(user, organisation_id: int | None) -> bool:
    """Whether the person administers the organisation of this id (no query for the organisation)."""
    return organisation_id is not None and organisation_id in administered_organisation_ids(user)


def member_organisation_ids(user) -> frozenset[int]:
    """The organisations the person belongs to in any role, asked once per request."""
    return remembered_ids(user, "member_organisations", lambda: Membership.objects.filter(user=user), "organisation_id")


@rules.predicate
def belongs_to_organisation(user, organisation) -> bool:
    return organisation is not None and organisation.pk in member_organisation_ids(user)


@rules.predicate
def administers_requested_organisation(user, join_request: JoinRequest) -> bool:
    return join_request is not None and administers_organisation_id(user, join_request.organisation_id)


@rules.predicate
def administers_placed_organisation(user, participation) -> bool:
    return participation is not None and administers_organisation_id(user, participation.organisation_id)


@rules.predicate
def is_pending(user, join_request: JoinRequest) -> bool:
    return join_request is not None and join_request.status == JoinRequest.Status.PENDING


@rules.predicate
def is_entered_on_platform(user, project) -> bool:
    """Imported projects are kept as their source says; a re-import would undo an edit."""
    return project is not None and project.source == Source.PLATFORM


@rules.predicate
def administers_a_consortium_member(user, project) -> bool:
    if project is None:
        return False
    administered = administered_organisation_ids(user)
    return bool(administered) and project.participations.confirmed().filter(organisation_id__in=administered).exists()


@rules.predicate
def has_administrators(user, organisation) -> bool:
    """Someone can answer a request to join (most organisations imported from CORDIS have nobody yet)."""
    return organisation is not None and organisation.memberships.filter(role=Membership.Role.ADMIN).exists()


@rules.predicate
def is_listed_or_own(user, profile) -> bool:
    return profile is not None and (profile.listed or profile.user_id == user.pk)


rules.add_perm("actors.view_organisation", rules.always_allow)
rules.add_perm("actors.change_organisation", is_platform_admin | is_organisation_admin)
rules.add_perm("actors.manage_members", is_platform_admin | is_organisation_admin)
rules.add_perm("actors.ask_to_join", is_member & ~belongs_to_organisation & has_administrators)
rules.add_perm("actors.answer_join_request", is_pending & (is_platform_admin | administers_requested_organisation))
rules.add_perm("actors.add_project", is_platform_admin | is_organisation_admin)
rules.add_perm("actors.change_project", is_entered_on_platform & (is_platform_admin | administers_a_consortium_member))
rules.add_perm("actors.answer_place", is_platform_admin | administers_placed_organisation)
rules.add_perm("actors.view_person", is_listed_or_own)
rules.add_perm("actors.edit_own_person_profile", is_member)
# Only platform admins: an import writes organisations and projects for the whole platform, and
# what it merges should be read by someone who answers for all of it.
rules.add_perm("actors.import_cordis", is_platform_admin)
