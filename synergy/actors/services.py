from django.urls import reverse
from django.utils.text import Truncator

from synergy.core.search import Entry

from .models import Membership, Organisation


def search_entry(organisation: Organisation) -> Entry:
    body = " ".join(
        filter(None, [organisation.get_type_display(), str(organisation.region or ""), organisation.description])
    )
    return Entry(title=organisation.name, body=Truncator(body).chars(5000), url=organisation.get_absolute_url())


def memberships_data(user) -> list[dict]:
    return [
        {"organisation": m.organisation.name, "role": m.role, "joined_at": m.joined_at.isoformat()}
        for m in Membership.objects.filter(user=user).select_related("organisation")
    ]


def erase_memberships(user) -> None:
    Membership.objects.filter(user=user).delete()


def directory_url_for_region(region) -> str:
    return f"{reverse('actors:list')}?region={region.pk}"
