"""Simultaneous writes on PostgreSQL: a network keeps a coordinator, and an invitation is answered once."""

import pytest
from django.conf import settings

from synergy.core.exceptions import Refused
from synergy.networks import services
from synergy.networks.models import Member
from tests.parallel import in_parallel

from ..factories import OrganisationFactory, UserFactory
from .factories import MemberFactory, NetworkFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not settings.DATABASE_URL, reason="concurrency is tested on PostgreSQL (DATABASE_URL)"),
]


def test_two_coordinators_leaving_at_once_leave_one_behind():
    network = NetworkFactory()
    rows = [MemberFactory(network=network, role=Member.Role.COORDINATOR) for _ in range(2)]
    people = [UserFactory() for _ in rows]
    results = in_parallel(
        *[
            lambda row=row, person=person: services.leave(row, by=person)
            for row, person in zip(rows, people, strict=True)
        ]
    )
    assert sorted(type(result).__name__ for result in results) == ["NoneType", "Refused"], results
    assert network.members.filter(role=Member.Role.COORDINATOR, status=Member.Status.ACTIVE).count() == 1


def test_an_invitation_answered_twice_at_once_is_answered_once():
    row = MemberFactory(network=NetworkFactory(), organisation=OrganisationFactory(), status=Member.Status.INVITED)
    person = UserFactory()
    results = in_parallel(
        lambda: services.answer(row, by=person, accept=True), lambda: services.answer(row, by=person, accept=False)
    )
    assert sum(isinstance(result, Refused) for result in results) == 1, results
    row.refresh_from_db()
    assert row.status in (Member.Status.ACTIVE, Member.Status.DECLINED)
