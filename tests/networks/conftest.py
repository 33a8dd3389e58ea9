"""Network fixtures: Otto's organisation coordinates a network in Cora's region. Beside it: an active
member organisation (admin Mona), an invited one (Ivan), an applicant (Alma) and one outside (Nora)."""

import pytest

from synergy.actors.models import Membership
from synergy.networks.models import Member

from ..factories import MembershipFactory, OrganisationFactory, RegionFactory, RegionRoleFactory, UserFactory
from .factories import MemberFactory, NetworkFactory

PERSONAS = [
    "anonymous",
    "outsider",
    "member",
    "coordinator_admin",
    "member_org_admin",
    "invited_org_admin",
    "applicant_org_admin",
    "other_org_admin",
    "coordinator",
    "other_coordinator",
    "admin",
]
MANAGERS = {"coordinator_admin", "coordinator", "admin"}
SIGNED_IN = set(PERSONAS) - {"anonymous"}
ORGANISATION_ADMINS = {
    "coordinator_admin",
    "member_org_admin",
    "invited_org_admin",
    "applicant_org_admin",
    "other_org_admin",
}


def admin_of(organisation, name: str):
    user = UserFactory(display_name=name)
    MembershipFactory(user=user, organisation=organisation, role=Membership.Role.ADMIN)
    return user


@pytest.fixture
def network(organisation, region):
    network = NetworkFactory(region=region)
    MemberFactory(network=network, organisation=organisation, role=Member.Role.COORDINATOR)
    return network


@pytest.fixture
def scene(network, organisation, org_admin, member, coordinator, admin_user, outsider):
    """Every persona, and the rows of the network they stand for."""
    rows = {}
    people = {"anonymous": None, "outsider": outsider, "member": member, "coordinator_admin": org_admin}
    for persona, status, name in [
        ("member_org_admin", Member.Status.ACTIVE, "Mona"),
        ("invited_org_admin", Member.Status.INVITED, "Ivan"),
        ("applicant_org_admin", Member.Status.APPLIED, "Alma"),
        ("other_org_admin", None, "Nora"),
    ]:
        other = OrganisationFactory(type="university", country="SI")
        people[persona] = admin_of(other, name)
        if status:
            rows[persona] = MemberFactory(network=network, organisation=other, status=status)
        else:
            rows[persona] = other
    people["coordinator"] = coordinator
    people["other_coordinator"] = RegionRoleFactory(region=RegionFactory(), user=UserFactory(display_name="Olga")).user
    people["admin"] = admin_user
    rows["coordinator_admin"] = network.members.get(organisation=organisation)
    return {"network": network, "people": people, "rows": rows}


@pytest.fixture
def login(client):
    def as_(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return as_
