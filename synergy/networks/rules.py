"""Who may do what in a network.

A network is run by its *managers*: the admins of its coordinator organisations, the regional
coordinators of its region, and the platform admins. Network-level permissions take the network;
the answers to an invitation or application, leaving and changing a role take the ``Member`` row.
"""

import rules

from synergy.accounts.rules import coordinates_region_id, is_coordinator, is_member, is_platform_admin
from synergy.actors.rules import administered_organisation_ids

from .models import Member, Network


def organisations_by_status(network: Network) -> dict[str, dict[int, str]]:
    """status -> {organisation id: role} of the network's rows, read once per network object: one
    request's permission checks (manage, apply, edit the analysis) all ask the same question."""
    known = getattr(network, "_organisations_by_status", None)
    if known is None:
        known = {}
        for organisation_id, status, role in network.members.values_list("organisation_id", "status", "role"):
            known.setdefault(status, {})[organisation_id] = role
        network._organisations_by_status = known
    return known


def forget_members(network: Network) -> None:
    """After a write to the network's rows: the next check reads them again."""
    network.__dict__.pop("_organisations_by_status", None)


def coordinator_organisation_ids(network: Network) -> set[int]:
    active = organisations_by_status(network).get(Member.Status.ACTIVE, {})
    return {pk for pk, role in active.items() if role == Member.Role.COORDINATOR}


def active_organisation_ids(network: Network) -> set[int]:
    return set(organisations_by_status(network).get(Member.Status.ACTIVE, {}))


@rules.predicate
def coordinates_network(user, network) -> bool:
    """An admin of one of the network's coordinator organisations."""
    administered = administered_organisation_ids(user)  # most people administer nothing: no query below
    return network is not None and bool(administered) and bool(administered & coordinator_organisation_ids(network))


@rules.predicate
def coordinates_networks_region(user, network) -> bool:
    return network is not None and coordinates_region_id(user, network.region_id)


@rules.predicate
def administers_active_member(user, network) -> bool:
    administered = administered_organisation_ids(user)
    return network is not None and bool(administered) and bool(administered & active_organisation_ids(network))


@rules.predicate
def may_apply_for_some_organisation(user, network) -> bool:
    """An admin of an organisation that is not in the network, nor invited, nor waiting for an answer."""
    administered = administered_organisation_ids(user)
    if network is None or not administered:
        return False
    rows = organisations_by_status(network)
    taken = {
        pk
        for status in (Member.Status.ACTIVE, Member.Status.INVITED, Member.Status.APPLIED)
        for pk in rows.get(status, {})
    }
    return bool(administered - taken)


@rules.predicate
def is_organisation_admin_anywhere(user) -> bool:
    return bool(administered_organisation_ids(user))


manages_network = is_platform_admin | coordinates_networks_region | coordinates_network


# --- Member-level (the object is a Member row) -----------------------------------------------


@rules.predicate
def administers_member_organisation(user, member) -> bool:
    return member is not None and member.organisation_id in administered_organisation_ids(user)


@rules.predicate
def manages_members_network(user, member) -> bool:
    return member is not None and manages_network(user, member.network)


def has_status(*statuses: str):
    @rules.predicate(name=f"member_is_{'_or_'.join(statuses)}")
    def check(user, member) -> bool:
        return member is not None and member.status in statuses

    return check


rules.add_perm("networks.view_network", rules.always_allow)
rules.add_perm("networks.add_network", is_platform_admin | is_coordinator | is_organisation_admin_anywhere)
rules.add_perm("networks.use_assistant", is_platform_admin | is_coordinator | is_organisation_admin_anywhere)
rules.add_perm("networks.change_network", manages_network)
rules.add_perm("networks.invite", manages_network)
rules.add_perm("networks.see_pending", manages_network)
rules.add_perm("networks.apply", is_member & may_apply_for_some_organisation)
# The analysis is the network's own: its managers and the admins of its member organisations write it.
rules.add_perm("networks.change_analysis", manages_network | administers_active_member)
rules.add_perm("networks.view_history", is_member)

rules.add_perm("networks.answer_invitation", administers_member_organisation & has_status(Member.Status.INVITED))
rules.add_perm("networks.answer_application", manages_members_network & has_status(Member.Status.APPLIED))
rules.add_perm("networks.leave", administers_member_organisation & has_status(Member.Status.ACTIVE))
rules.add_perm(
    "networks.withdraw",
    (manages_members_network & has_status(Member.Status.INVITED))
    | (administers_member_organisation & has_status(Member.Status.APPLIED)),
)
rules.add_perm("networks.remove_member", manages_members_network & has_status(Member.Status.ACTIVE))
rules.add_perm("networks.change_role", manages_members_network & has_status(Member.Status.ACTIVE))
