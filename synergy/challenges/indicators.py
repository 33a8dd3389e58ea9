"""The challenges' counters for strategy indicators and public figures (synergy.core.indicators).

A challenge belongs to every region it was posted for, so a challenge of two regions counts in
each of them and once on the platform.
"""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from synergy.core import indicators

from .models import Challenge, Proposal


def _launched(start, end):
    since, until = indicators.period(start, end)
    return Challenge.objects.published().filter(opens_at__gte=since, opens_at__lt=until)


def _proposals(start, end):
    since, until = indicators.period(start, end)
    return Proposal.objects.submitted().filter(
        challenge__status=Challenge.Status.PUBLISHED, submitted_at__gte=since, submitted_at__lt=until
    )


def challenges_launched(region, start, end) -> int:
    return indicators.total(_launched(start, end), "regions", Count("pk", distinct=True), region)


def challenges_launched_by_region(start, end) -> dict:
    return indicators.total_by_region(_launched(start, end), "regions", Count("pk", distinct=True))


def proposals_received(region, start, end) -> int:
    return indicators.total(_proposals(start, end), "challenge__regions", Count("pk", distinct=True), region)


def proposals_received_by_region(start, end) -> dict:
    return indicators.total_by_region(_proposals(start, end), "challenge__regions", Count("pk", distinct=True))


def register() -> None:
    indicators.register(
        "challenges_launched",
        label=_("Challenges launched"),
        unit=_("challenges"),
        count=challenges_launched,
        count_by_region=challenges_launched_by_region,
        description=_(
            "Challenges approved and published for the region that opened for proposals in the period. "
            "Drafts and challenges waiting for approval do not count; a challenge posted for several "
            "regions counts in each of them."
        ),
        additive=False,
        order=40,
    )
    indicators.register(
        "proposals_received",
        label=_("Proposals received"),
        unit=_("proposals"),
        count=proposals_received,
        count_by_region=proposals_received_by_region,
        description=_(
            "Proposals submitted in the period to the region's published challenges and not withdrawn. "
            "Drafts do not count."
        ),
        additive=False,
        order=50,
    )
