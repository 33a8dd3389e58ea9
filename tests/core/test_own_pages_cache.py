"""A person's own pages ("My trainings", "My challenges", "My projects and pledges") are kept for
that person alone, and show a change of what they list, or of the person's roles, at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from synergy.accounts.models import RegionRole
from synergy.funding import services as funding
from synergy.trainings import services as trainings
from tests.factories import ChallengeFactory, ProjectFactory, TrainingFactory, UserFactory

pytestmark = pytest.mark.django_db


def visit(client, person, url) -> str:
    client.force_login(person)
    return client.get(url).content.decode()


def test_my_trainings_are_mine_alone_and_a_new_registration_shows_at_once(client, region):
    ana, ben = UserFactory(), UserFactory()
    trainings.register_participant(TrainingFactory(region=region, title="Training of Ana"), ana, share_contact=False)
    assert "Training of Ana" in visit(client, ana, "/trainings/mine/")
    assert "Training of Ana" not in visit(client, ben, "/trainings/mine/")
    trainings.register_participant(TrainingFactory(region=region, title="Training of Ben"), ben, share_contact=False)
    assert "Training of Ben" in visit(client, ben, "/trainings/mine/")
    assert "Training of Ben" not in visit(client, ana, "/trainings/mine/")


def test_my_trainings_are_read_once_then_served_from_the_cache(client, region):
    ana = UserFactory()
    trainings.register_participant(TrainingFactory(region=region), ana, share_contact=False)
    visit(client, ana, "/trainings/mine/")
    with CaptureQueriesContext(connection) as again:
        client.get("/trainings/mine/")
    assert not [q for q in again.captured_queries if "trainings_registration" in q["sql"]]


def test_a_new_role_shows_on_my_challenges_and_my_projects_at_once(client, region, member):
    ChallengeFactory(regions=[region], title="Awaiting review", status="pending")
    ProjectFactory(region=region, title="Project awaiting review", status="pending")
    assert "Awaiting review" not in visit(client, member, "/challenges/mine/")
    assert "Project awaiting review" not in visit(client, member, "/funding/mine/")
    RegionRole.objects.create(user=member, region=region, role=RegionRole.Role.COORDINATOR)
    assert "Awaiting review" in visit(client, member, "/challenges/mine/")
    assert "Project awaiting review" in visit(client, member, "/funding/mine/")


def test_my_pledges_are_mine_alone(client, region):
    ana, ben = UserFactory(), UserFactory()
    project = ProjectFactory(region=region, title="Shared project")
    funding.pledge(project, ana, "25")
    assert "Shared project" in visit(client, ana, "/funding/mine/")
    assert "Shared project" not in visit(client, ben, "/funding/mine/")


def test_my_requests_are_mine_alone_and_a_new_request_shows_at_once(client, region):
    from datetime import timedelta

    from django.utils import timezone

    from synergy.facilities import services as facilities
    from tests.factories import ItemFactory

    ana, ben = UserFactory(), UserFactory()
    item = ItemFactory(region=region, name="Shared printer")
    starts = timezone.now() + timedelta(days=30)
    assert "Shared printer" not in visit(client, ana, "/facilities/mine/")
    ends = starts + timedelta(hours=2)
    facilities.request_access(item, ana, starts_at=starts, ends_at=ends, purpose="Test prints", needs="")
    assert "Shared printer" in visit(client, ana, "/facilities/mine/")
    assert "Shared printer" not in visit(client, ben, "/facilities/mine/")
