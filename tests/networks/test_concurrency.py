"""Simultaneous writes on PostgreSQL: a network keeps a coordinator, and an invitation is answered once.

Each test widens the window between the check and the write (a pause after the check), so that
without a row lock both writers would pass the check: the tests fail if the locking goes.
"""

import time

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


def _pause_after(module, name: str, monkeypatch) -> None:
    original = getattr(module, name)

    def slow(*args, **kwargs):
        result = original(*args, **kwargs)
        time.sleep(0.3)
        return result

    monkeypatch.setattr(module, name, slow)


def test_two_coordinators_leaving_at_once_leave_one_behind(monkeypatch):
    _pause_after(services, "_refuse_last_coordinator", monkeypatch)
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


def test_an_invitation_answered_twice_at_once_is_answered_once(monkeypatch):
    original = services._decide

    def slow_decide(*args, **kwargs):
        time.sleep(0.3)  # after the status was checked, before it is written
        return original(*args, **kwargs)

    monkeypatch.setattr(services, "_decide", slow_decide)
    row = MemberFactory(network=NetworkFactory(), organisation=OrganisationFactory(), status=Member.Status.INVITED)
    person = UserFactory()
    results = in_parallel(
        lambda: services.answer(row, by=person, accept=True), lambda: services.answer(row, by=person, accept=False)
    )
    assert sum(isinstance(result, Refused) for result in results) == 1, results
    row.refresh_from_db()
    assert row.status in (Member.Status.ACTIVE, Member.Status.DECLINED)
