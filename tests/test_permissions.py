"""The role matrix: who may do what, checked on the server through rules."""

import pytest

from tests.conftest import PERSONAS

pytestmark = pytest.mark.django_db

# persona -> may change the organisation / may coordinate the region
EXPECTED = {
    "admin_user": (True, True),
    "coordinator": (False, True),
    "org_admin": (True, False),
    "juror": (False, False),
    "member": (False, False),
    "outsider": (False, False),
    "anonymous": (False, False),
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_role_matrix(as_persona, organisation, region, persona):
    from django.contrib.auth.models import AnonymousUser

    user, _client = as_persona(persona)
    user = user or AnonymousUser()
    may_change, may_coordinate = EXPECTED[persona]
    assert user.has_perm("actors.change_organisation", organisation) is may_change
    assert user.has_perm("core.coordinate_region", region) is may_coordinate


def test_coordinator_of_one_region_does_not_coordinate_another(coordinator):
    from tests.factories import RegionFactory

    assert not coordinator.has_perm("core.coordinate_region", RegionFactory())


def test_inactive_admin_has_no_power(admin_user, organisation):
    admin_user.is_active = False
    admin_user.save()
    assert not admin_user.has_perm("actors.change_organisation", organisation)


def test_a_persons_roles_are_asked_once_for_all_the_checks_of_a_request(member, organisation, region):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from synergy.accounts.models import User

    person = User.objects.get(pk=member.pk)  # as a request loads it
    with CaptureQueriesContext(connection) as asked:
        for _ in range(3):
            person.has_perm("actors.change_organisation", organisation)
            person.has_perm("core.coordinate_region", region)
            person.has_perm("trainings.add_training")
    roles = [q["sql"] for q in asked.captured_queries if "accounts_regionrole" in q["sql"]]
    memberships = [q["sql"] for q in asked.captured_queries if "actors_membership" in q["sql"]]
    assert len(roles) == 1 and len(memberships) == 1


def test_a_role_given_or_taken_is_seen_at_once_by_the_same_person_object(member, region):
    from synergy.accounts.models import RegionRole

    assert not member.has_perm("core.coordinate_region", region)
    role = RegionRole.objects.create(user=member, region=region, role=RegionRole.Role.COORDINATOR)
    assert member.has_perm("core.coordinate_region", region)
    role.delete()
    assert not member.has_perm("core.coordinate_region", region)
