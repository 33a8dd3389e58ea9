import rules

from synergy.accounts.rules import is_platform_admin
from synergy.core.permissions import remembered_ids

from .models import Membership


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


rules.add_perm("actors.view_organisation", rules.always_allow)
rules.add_perm("actors.change_organisation", is_platform_admin | is_organisation_admin)
