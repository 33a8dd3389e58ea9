"""Challenge figures for coordinators and challenge givers: who took part and how they scored.

The same figures serve one challenge or every challenge of a region, on a page and as XLSX.
Participants are counted once however many proposals they are on.
"""

from collections import Counter

from django.utils.translation import gettext as _

from synergy.accounts.models import StakeholderType, User
from synergy.core.countries import COUNTRY_CHOICES

from . import services
from .models import Proposal, Round, TeamMember

SCORE_BANDS = [(0, 20), (20, 40), (40, 60), (60, 80), (80, 101)]


def figures(proposals) -> dict:
    """Figures over a queryset of proposals (any status): submitted ones are counted."""
    submitted = proposals.filter(status=Proposal.Status.SUBMITTED)
    people = User.objects.filter(
        team_memberships__proposal__in=submitted, team_memberships__status=TeamMember.Status.ACCEPTED
    ).distinct()
    stakeholder_labels = dict(StakeholderType.choices)
    country_labels = dict(COUNTRY_CHOICES)
    by_type = Counter(people.values_list("stakeholder_type", flat=True))
    by_country = Counter(people.values_list("country", flat=True))
    organisations = set(submitted.exclude(organisation=None).values_list("organisation", flat=True))
    return {
        "proposals": submitted.count(),
        "drafts": proposals.filter(status=Proposal.Status.DRAFT).count(),
        "withdrawn": proposals.filter(status=Proposal.Status.WITHDRAWN).count(),
        "teams": submitted.filter(team__status=TeamMember.Status.ACCEPTED, team__is_lead=False).distinct().count(),
        "participants": people.count(),
        "organisations": len(organisations),
        "by_stakeholder_type": [
            (str(stakeholder_labels.get(code, _("Not given"))), count) for code, count in by_type.most_common()
        ],
        "by_country": [
            (str(country_labels.get(code, _("Not given"))), count) for code, count in by_country.most_common()
        ],
        "score_distribution": score_distribution(submitted),
    }


def score_distribution(proposals) -> list[tuple[str, int]]:
    """Proposals by their weighted mean in the last scored round of their challenge, in bands of the scale."""
    bands = Counter()
    challenge_ids = set(proposals.values_list("challenge_id", flat=True))
    for round_ in Round.objects.filter(challenge_id__in=challenge_ids).exclude(status=Round.Status.DRAFT):
        later = Round.objects.filter(challenge_id=round_.challenge_id, position__gt=round_.position)
        if later.exclude(status=Round.Status.DRAFT).exists():
            continue  # only each challenge's latest round counts
        span = (round_.scale_max - round_.scale_min) or 1
        for row in services.ranking(round_):
            if row["score"] is None:
                continue
            percent = 100 * (row["score"] - round_.scale_min) / span
            for low, high in SCORE_BANDS:
                if low <= percent < high:
                    bands[(low, high)] += 1
    return [(f"{low}–{min(high, 100)} %", bands[(low, high)]) for low, high in SCORE_BANDS]


def sheets(scope: str, figures: dict) -> list:
    summary = [
        (_("Proposals submitted"), figures["proposals"]),
        (_("Proposals in draft"), figures["drafts"]),
        (_("Proposals withdrawn"), figures["withdrawn"]),
        (_("Teams of two or more"), figures["teams"]),
        (_("Distinct participants"), figures["participants"]),
        (_("Organisations"), figures["organisations"]),
    ]
    result = [
        (_("Summary"), (_("Figure"), scope), summary),
        (_("By stakeholder type"), (_("Stakeholder type"), _("Participants")), figures["by_stakeholder_type"]),
        (_("By country"), (_("Country"), _("Participants")), figures["by_country"]),
        (_("Score distribution"), (_("Final score"), _("Proposals")), figures["score_distribution"]),
    ]
    if "challenges" in figures:
        rows = [(c.title, c.get_status_display(), c.proposal_count) for c in figures["challenges"]]
        result.append((_("Challenges"), (_("Challenge"), _("Status"), _("Proposals submitted")), rows))
    return result
