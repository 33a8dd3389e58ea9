"""What an organisation does on the platform, read for the "active on the platform" badge.

Each source is one aggregate query over a reverse relation of ``Organisation``: the latest time
each organisation did that kind of thing. The nightly ``refresh_activity`` takes the latest of all.
"""

from django.db.models import Max, Q
from django.db.models.functions import Coalesce
from django_tasks import task

from synergy.core import caching
from synergy.core.batches import BATCH, batches

from .models import JoinRequest, Membership, Organisation


def _latest(expression, condition=None):
    """(organisation id, latest time) for every organisation with at least one such act."""
    rows = Organisation.objects.order_by().values("pk").annotate(latest=Max(expression, filter=condition))
    return rows.filter(latest__isnull=False).values_list("pk", "latest")


def members_joined():
    return (
        Membership.objects.order_by()
        .values("organisation_id")
        .annotate(latest=Max("joined_at"))
        .values_list("organisation_id", "latest")
    )


def join_requests_answered():
    return (
        JoinRequest.objects.filter(decided_at__isnull=False)
        .order_by()
        .values("organisation_id")
        .annotate(latest=Max("decided_at"))
        .values_list("organisation_id", "latest")
    )


def challenges_posted():
    return _latest("challenges__created_at")


def items_shared():
    return _latest("shared_items__created_at")


def network_memberships():
    return _latest(
        Coalesce("network_memberships__decided_at", "network_memberships__created_at"),
        Q(network_memberships__status="active"),
    )


def collaboration_requests_sent():
    return _latest("sent_collaboration_requests__created_at")


def collaboration_requests_answered():
    return _latest("collaboration_requests__decided_at", Q(collaboration_requests__decided_by__isnull=False))


SOURCES = [
    members_joined,
    join_requests_answered,
    challenges_posted,
    items_shared,
    network_memberships,
    collaboration_requests_sent,
    collaboration_requests_answered,
]


def refresh_activity() -> int:
    """Each organisation's latest act on the platform, from every source (one aggregate query each),
    moves its ``last_active_at`` forward; returns how many organisations moved."""
    latest: dict[int, object] = {}
    for source in SOURCES:
        for organisation_id, when in source():
            if organisation_id not in latest or when > latest[organisation_id]:
                latest[organisation_id] = when
    moved = []
    for chunk in batches(latest):
        for organisation in Organisation.objects.filter(pk__in=chunk).only("id", "last_active_at"):
            when = latest[organisation.pk]
            if organisation.last_active_at is None or organisation.last_active_at < when:
                organisation.last_active_at = when
                moved.append(organisation)
    Organisation.objects.bulk_update(moved, ["last_active_at"], batch_size=BATCH)
    if moved:
        caching.bump("actors")  # bulk_update sends no signals
    return len(moved)


@task()
def refresh_activity_task() -> int:
    return refresh_activity()
