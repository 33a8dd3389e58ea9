"""Who may do what with shared infrastructure. Item permissions take the item; request
permissions take the access request (only its two sides see it)."""

import rules

from synergy.accounts.rules import is_coordinator_of_region, is_member, is_platform_admin
from synergy.actors.rules import administered_organisation_ids, administers_organisation_id


@rules.predicate
def administers_provider(user, item) -> bool:
    return item is not None and administers_organisation_id(user, item.provider_id)


@rules.predicate
def is_published(user, item) -> bool:
    return item is not None and item.published


@rules.predicate
def is_any_organisation_admin(user) -> bool:
    return bool(administered_organisation_ids(user))


@rules.predicate
def takes(user, access_request) -> bool:
    return access_request is not None and user.is_authenticated and access_request.taker_id == user.pk


@rules.predicate
def provides(user, access_request) -> bool:
    return access_request is not None and administers_organisation_id(user, access_request.item.provider_id)


rules.add_perm("facilities.add_item", is_platform_admin | is_any_organisation_admin)
rules.add_perm("facilities.view_item", is_published | administers_provider | is_platform_admin)
rules.add_perm("facilities.change_item", administers_provider | is_platform_admin)
rules.add_perm("facilities.request_access", is_member & is_published & ~administers_provider)
rules.add_perm("facilities.view_request", takes | provides | is_platform_admin)
rules.add_perm("facilities.negotiate", takes | provides)
rules.add_perm("facilities.view_region_report", is_platform_admin | is_coordinator_of_region)
