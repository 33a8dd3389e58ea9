from datetime import timedelta

import pytest
from django.utils import timezone

from synergy.actors import activity, services
from synergy.actors.models import ActorCompetence, JoinRequest, Membership, Organisation
from tests.actors.factories import ParticipationFactory
from tests.factories import ItemFactory, MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_points_of_the_items_add_up_to_a_hundred(organisation):
    assert sum(points for _label, _done, points in services.completeness_items(organisation)) == 100


def test_empty_profile_scores_only_what_it_has(db):
    organisation = OrganisationFactory(description="", region=None)
    services.refresh_completeness([organisation.pk])
    organisation.refresh_from_db()
    assert organisation.completeness == 0


def test_score_counts_competences_projects_and_admins(organisation):
    ActorCompetence.objects.create(organisation=organisation, term="sensors", declared=True)
    ActorCompetence.objects.create(organisation=organisation, term="energy", evidence=1)  # not declared: no points
    ParticipationFactory(organisation=organisation)
    MembershipFactory(organisation=organisation, role=Membership.Role.ADMIN)
    services.refresh_completeness([organisation.pk])
    organisation.refresh_from_db()
    # description 15 + competences 15 + project 10 + region 5 + admin 5
    assert organisation.completeness == 50
    missing = [label for label, done, _points in services.completeness_items(organisation) if not done]
    assert "Declared competences" not in missing
    assert "A website" in missing


def test_refresh_reads_many_organisations_in_few_queries(db, django_assert_max_num_queries):
    organisations = OrganisationFactory.create_batch(30)
    with django_assert_max_num_queries(6):  # read, write (with its savepoint), move the cached pages
        services.refresh_completeness([o.pk for o in organisations])
    assert set(Organisation.objects.values_list("completeness", flat=True)) == {20}


def test_record_activity_only_moves_forward(organisation):
    now = timezone.now()
    services.record_activity([organisation.pk], now)
    services.record_activity([organisation.pk], now - timedelta(days=3))
    organisation.refresh_from_db()
    assert organisation.last_active_at == now
    assert organisation.is_active_on_platform


def test_an_organisation_active_long_ago_loses_the_badge(organisation, settings):
    services.record_activity([organisation.pk], timezone.now() - timedelta(days=settings.ACTOR_ACTIVE_DAYS + 1))
    organisation.refresh_from_db()
    assert not organisation.is_active_on_platform


def test_nightly_refresh_reads_every_source(db, django_assert_max_num_queries):
    long_ago = timezone.now() - timedelta(days=30)
    joined = MembershipFactory(joined_at=long_ago).organisation
    sharing = ItemFactory(created_at=long_ago - timedelta(days=1)).provider
    answering = OrganisationFactory()
    JoinRequest.objects.create(
        organisation=answering, user=MembershipFactory().user, status="declined", decided_at=long_ago
    )
    idle = OrganisationFactory()
    with django_assert_max_num_queries(len(activity.SOURCES) + 4):
        moved = activity.refresh_activity()
    assert moved >= 3
    last = dict(Organisation.objects.values_list("pk", "last_active_at"))
    assert last[joined.pk] == long_ago
    assert last[sharing.pk] == long_ago - timedelta(days=1)
    assert last[answering.pk] == long_ago
    assert last[idle.pk] is None
    assert activity.refresh_activity() == 0  # idempotent


def test_nightly_refresh_never_moves_activity_back(organisation):
    MembershipFactory(organisation=organisation, joined_at=timezone.now() - timedelta(days=90))
    now = timezone.now()
    services.record_activity([organisation.pk], now)
    activity.refresh_activity()
    organisation.refresh_from_db()
    assert organisation.last_active_at == now


def test_the_refresh_is_a_scheduled_task():
    from synergy.core import schedule

    assert activity.refresh_activity_task in [periodic.task for periodic in schedule.registered()]


def test_the_parts_of_a_complete_profile_add_up_to_a_hundred_points():
    from synergy.actors.services import COMPLETENESS_ITEMS

    assert sum(item.points for item in COMPLETENESS_ITEMS) == 100
