"""The innovation actors' counter for strategy indicators and public figures
(synergy.core.indicators)."""

from django.conf import settings
from django.db.models import Count
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from synergy.core import indicators

from .models import Organisation


def _profiled(start, end):
    """Organisations added in the period whose profile says enough to be built into a network:
    the same completeness the network formation assistant asks for."""
    since, until = indicators.period(start, end)
    return Organisation.objects.filter(
        created_at__gte=since, created_at__lt=until, completeness__gte=settings.NETWORK_PROFILE_THRESHOLD
    )


def organisations_profiled(region, start, end) -> int:
    return indicators.total(_profiled(start, end), "region", Count("pk"), region)


def organisations_profiled_by_region(start, end) -> dict:
    return indicators.total_by_region(_profiled(start, end), "region", Count("pk"))


def _description() -> str:
    return gettext(
        "Organisations of the region added to the platform in the period (by hand or from CORDIS) "
        "whose profile is today at least %(threshold)s %% complete, as complete as the network "
        "formation assistant asks, so that others can judge what they can do."
    ) % {"threshold": settings.NETWORK_PROFILE_THRESHOLD}


def register() -> None:
    indicators.register(
        "organisations_profiled",
        label=_("Organisations profiled"),
        unit=_("organisations"),
        count=organisations_profiled,
        count_by_region=organisations_profiled_by_region,
        description=lazy(_description, str)(),  # in the reader's language, with the threshold set
        order=60,
    )
