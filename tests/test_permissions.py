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
