"""The network formation assistant: a proposed network for a key area, each pick with its reason.

1. Candidates: organisations whose profile is at least ``threshold`` % complete and that work in the
   key area (they declare it, or their projects show it). The strongest ``CANDIDATE_LIMIT`` are kept,
   so the work stays bounded on a large directory.
2. Clustering: each candidate joins the group of its strongest competence besides the key areas
   (declared counts more than evidence from projects): candidates with the same main strength
   are interchangeable for the network, candidates from different groups complement each other.
3. Picking: round by round, one candidate from each group, largest groups first, so the network
   covers as many competences as its size allows. Within a group the pick is the candidate that
   adds most to the balance — a country, a type of organisation, a sector the network does not
   have yet — then the one whose country and type are least represented, then the strongest.

Every step is a rule a coordinator can follow, so each pick's reason is written from it.
"""

import math
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from synergy.actors.models import ActorCompetence, Organisation
from synergy.core.taxonomy import Competence, KeyArea, term_label

from .composition import COUNTRY_NAMES, SECTOR_NAMES, TYPE_NAMES

CANDIDATE_LIMIT = 400
OTHERS_SHOWN = 40
DEFAULT_SIZE = 12
COMPETENCE_ORDER = {code: index for index, code in enumerate(Competence.values)}


@dataclass
class Candidate:
    organisation: Organisation
    key_area: str
    area_declared: bool
    area_projects: int
    weights: dict[str, float]  # competence -> weight, key areas left out
    group: str = ""  # the competence of its strongest weight; "" if it states none
    reason: str = ""

    @property
    def strength(self) -> float:
        """How strongly it works in the key area: declared, and shown by projects (diminishing)."""
        return (1.0 if self.area_declared else 0.0) + math.log1p(self.area_projects)

    @property
    def sector(self) -> str:
        return self.organisation.sector


@dataclass
class Group:
    code: str
    label: str
    size: int


@dataclass
class Proposal:
    key_area: str
    size: int
    threshold: int
    picks: list[Candidate] = field(default_factory=list)
    others: list[Candidate] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    candidate_count: int = 0
    below_threshold: int = 0

    @property
    def key_area_label(self) -> str:
        return term_label(self.key_area)

    def reasons(self) -> dict[int, str]:
        return {c.organisation.pk: c.reason for c in [*self.picks, *self.others]}


def _weight(row: ActorCompetence) -> float:
    return (1.0 if row.declared else 0.0) + math.log1p(row.evidence)


def works_in(key_area: str) -> Q:
    return Q(term=key_area) & (Q(declared=True) | Q(evidence__gt=0))


def candidates(key_area: str, threshold: int) -> list[Candidate]:
    """The strongest organisations above the threshold in the key area, with their competences (two queries)."""
    rows = (
        ActorCompetence.objects.filter(works_in(key_area), organisation__completeness__gte=threshold)
        .select_related("organisation")
        .only(
            "declared",
            "evidence",
            "organisation__id",
            "organisation__name",
            "organisation__slug",
            "organisation__type",
            "organisation__country",
            "organisation__completeness",
        )
        .order_by("-declared", "-evidence", "-organisation__completeness", "organisation_id")[:CANDIDATE_LIMIT]
    )
    found = {
        row.organisation_id: Candidate(
            organisation=row.organisation,
            key_area=key_area,
            area_declared=row.declared,
            area_projects=row.evidence,
            weights={},
        )
        for row in rows
    }
    others = ActorCompetence.objects.filter(
        Q(declared=True) | Q(evidence__gt=0), organisation_id__in=list(found), term__in=Competence.values
    ).only("organisation_id", "term", "declared", "evidence")
    for row in others:
        found[row.organisation_id].weights[row.term] = _weight(row)
    for candidate in found.values():
        if candidate.weights:
            candidate.group = max(candidate.weights, key=lambda t: (candidate.weights[t], -COMPETENCE_ORDER[t]))
    return list(found.values())


def _novelty(candidate: Candidate, seen: dict[str, Counter]) -> int:
    organisation = candidate.organisation
    return (
        2 * (organisation.country not in seen["country"])
        + 2 * (organisation.type not in seen["type"])
        + (candidate.sector not in seen["sector"])
    )


def _balance_key(candidate: Candidate, seen: dict[str, Counter]):
    organisation = candidate.organisation
    overlap = seen["country"][organisation.country] + seen["type"][organisation.type]
    return (_novelty(candidate, seen), -overlap, candidate.strength, organisation.completeness, -organisation.pk)


def pick(found: list[Candidate], size: int) -> tuple[list[Candidate], list[Group]]:
    """``size`` candidates, round-robin over the competence groups, balancing country, type and sector."""
    grouped: dict[str, list[Candidate]] = {}
    for candidate in found:
        grouped.setdefault(candidate.group, []).append(candidate)
    order = sorted(grouped, key=lambda g: (-len(grouped[g]), g == "", COMPETENCE_ORDER.get(g, 99)))
    groups = [
        Group(code=g, label=term_label(g) if g else _("No other competence stated"), size=len(grouped[g]))
        for g in order
    ]
    seen: dict[str, Counter] = {"country": Counter(), "type": Counter(), "sector": Counter()}
    picks: list[Candidate] = []
    while len(picks) < size and any(grouped.values()):
        for code in order:
            if len(picks) >= size or not grouped[code]:
                continue
            best = max(grouped[code], key=lambda c: _balance_key(c, seen))
            grouped[code].remove(best)
            best.reason = _reason(best, seen, picks, grouped_size=len(grouped[code]) + 1, picked=True)
            picks.append(best)
            organisation = best.organisation
            seen["country"][organisation.country] += 1
            seen["type"][organisation.type] += 1
            seen["sector"][best.sector] += 1
    return picks, groups


def _area_sentence(candidate: Candidate, area: str) -> str:
    if candidate.area_declared and candidate.area_projects:
        return ngettext(
            "Works in %(area)s: declares it, and %(count)d project shows it.",
            "Works in %(area)s: declares it, and %(count)d projects show it.",
            candidate.area_projects,
        ) % {"area": area, "count": candidate.area_projects}
    if candidate.area_declared:
        return _("Works in %(area)s: declares it.") % {"area": area}
    return ngettext(
        "Works in %(area)s: %(count)d project shows it.",
        "Works in %(area)s: %(count)d projects show it.",
        candidate.area_projects,
    ) % {"area": area, "count": candidate.area_projects}


def _group_sentence(candidate: Candidate, picks: list[Candidate], picked: bool) -> str:
    if not candidate.group:
        return _("States no other competence.")
    label = term_label(candidate.group)
    if not picked:
        return _("Strongest in %(competence)s.") % {"competence": label}
    same = sum(1 for other in picks if other.group == candidate.group)
    if same == 0:
        return _("Brings %(competence)s, its strongest competence, to the network.") % {"competence": label}
    return _("Strongest in %(competence)s, like %(count)d other pick: the network has room for a second one.") % {
        "competence": label,
        "count": same,
    }


def _balance_sentence(candidate: Candidate, seen: dict[str, Counter]) -> str:
    organisation = candidate.organisation
    adds = []
    if organisation.country not in seen["country"]:
        adds.append(
            _("a new country (%(name)s)") % {"name": COUNTRY_NAMES.get(organisation.country, organisation.country)}
        )
    if organisation.type not in seen["type"]:
        adds.append(
            _("a new type of organisation (%(name)s)") % {"name": TYPE_NAMES.get(organisation.type, organisation.type)}
        )
    if candidate.sector not in seen["sector"]:
        adds.append(_("a new sector (%(name)s)") % {"name": SECTOR_NAMES.get(candidate.sector, candidate.sector)})
    if adds:
        return _("Adds %(what)s.") % {"what": ", ".join(adds)}
    if not any(seen["country"].values()):
        return ""
    return _("Its country and type are already in the network; among its group it repeats them least.")


def _reason(candidate: Candidate, seen, picks, *, grouped_size: int = 0, picked: bool) -> str:
    parts = [_area_sentence(candidate, term_label(candidate.key_area)), _group_sentence(candidate, picks, picked)]
    if picked:
        parts.append(_balance_sentence(candidate, seen))
        if grouped_size > 1:
            parts.append(
                ngettext(
                    "Chosen over %(count)d other candidate of its group.",
                    "Chosen over %(count)d other candidates of its group.",
                    grouped_size - 1,
                )
                % {"count": grouped_size - 1}
            )
    parts.append(_("Profile %(percent)d%% complete.") % {"percent": candidate.organisation.completeness})
    return " ".join(part for part in parts if part)[:1000]


def propose(key_area: str, *, size: int = DEFAULT_SIZE, threshold: int) -> Proposal:
    """The assistant's proposal for ``key_area``: the picks with their reasons, and other candidates
    a coordinator may add instead (the strongest first)."""
    if key_area not in KeyArea.values:
        raise ValueError(f"not a key area: {key_area!r}")
    found = candidates(key_area, threshold)
    picks, groups = pick(found, size)
    picked = {c.organisation.pk for c in picks}
    others = sorted(
        (c for c in found if c.organisation.pk not in picked),
        key=lambda c: (-c.strength, -c.organisation.completeness, c.organisation.name, c.organisation.pk),
    )[:OTHERS_SHOWN]
    for candidate in others:
        candidate.reason = _reason(candidate, None, picks, picked=False)
    # One row per organisation and term (a unique constraint): counting rows counts organisations.
    below = ActorCompetence.objects.filter(works_in(key_area), organisation__completeness__lt=threshold).count()
    return Proposal(
        key_area=key_area,
        size=size,
        threshold=threshold,
        picks=picks,
        others=others,
        groups=groups,
        candidate_count=len(found),
        below_threshold=below,
    )
