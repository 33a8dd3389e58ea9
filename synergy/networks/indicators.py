"""The Synergic Networks' counter for strategy indicators and public figures
(synergy.core.indicators). A member counts in the region where the organisation is located,
whichever region the network names: networks are transnational by design."""

from django.db.models import Count
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from synergy.core import indicators

from .models import Member

REGION = "organisation__region"


def _joined(start, end):
    since, until = indicators.period(start, end)
    return (
        Member.objects.filter(status=Member.Status.ACTIVE)
        .alias(joined_at=Coalesce("decided_at", "created_at"))
        .filter(joined_at__gte=since, joined_at__lt=until)
    )


def network_members(region, start, end) -> int:
    return indicators.total(_joined(start, end), REGION, Count("organisation", distinct=True), region)


def network_members_by_region(start, end) -> dict:
    return indicators.total_by_region(_joined(start, end), REGION, Count("organisation", distinct=True))


def register() -> None:
    indicators.register(
        "network_members",
        label=_("Network members"),
        unit=_("organisations"),
        count=network_members,
        count_by_region=network_members_by_region,
        description=_(
            "Distinct organisations located in the region that joined a Synergic Network in the period "
            "(their invitation or application accepted, or the network founded) and are members today. "
            "An organisation in several networks counts once."
        ),
        order=70,
    )
