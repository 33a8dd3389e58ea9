"""Simultaneous agreements on PostgreSQL: one item, one time slot, one booking."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from synergy.actors.models import Membership
from synergy.facilities import services
from synergy.facilities.models import Booking
from tests.factories import ItemFactory, MembershipFactory, UserFactory
from tests.parallel import csrf_token, in_parallel, logged_in_tab

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not settings.DATABASE_URL, reason="concurrency is tested on PostgreSQL (DATABASE_URL)"),
]


def test_overlapping_requests_agreed_at_the_same_moment_make_one_booking(live_server):
    item = ItemFactory()
    providers = [UserFactory() for _ in range(2)]
    for person in providers:
        MembershipFactory(user=person, organisation=item.provider, role=Membership.Role.ADMIN)
    start = timezone.now() + timedelta(days=3)
    requests = [
        services.request_access(
            item,
            UserFactory(),
            purpose="Print",
            needs="",
            starts_at=start + timedelta(minutes=30 * n),
            ends_at=start + timedelta(hours=3, minutes=30 * n),
        )
        for n in range(6)
    ]
    tabs = [logged_in_tab(live_server, providers[n % 2]) for n in range(6)]
    tokens = [csrf_token(tab, r.get_absolute_url()) for tab, r in zip(tabs, requests, strict=True)]
    statuses = in_parallel(
        *[
            lambda tab=tab, token=token, r=r: tab.post(
                f"/facilities/requests/{r.pk}/act/", {"csrfmiddlewaretoken": token, "action": "accept"}
            )
            for tab, token, r in zip(tabs, tokens, requests, strict=True)
        ]
    )
    assert all(status == 200 for status in statuses), statuses
    confirmed = list(Booking.objects.filter(item=item, status="confirmed"))
    assert len(confirmed) == 1  # all six overlap the others
