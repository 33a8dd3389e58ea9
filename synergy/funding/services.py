"""Writes to crowdfunding: approval, pledges, updates, closing and the simulated-campaign ranking.

A pledge locks, in this order, the person's purse (points campaigns), the project, then the
reward, and changes the stored totals in the same transaction. Simultaneous pledges are
therefore applied one after the other: a limited reward is never over-claimed, a
participant never spends more points than the budget, and a project's total always equals
the sum of its active pledges.
"""

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from synergy.accounts.models import RegionRole, User
from synergy.core import caching
from synergy.core.exceptions import Refused
from synergy.core.search import Entry
from synergy.notifications.services import tell_each

from .models import POINTS, Participant, Pledge, Project, ProjectUpdate, Reward, SimulatedCampaign


def _coordinators(region) -> list[User]:
    return list(
        User.objects.filter(region_roles__region=region, region_roles__role=RegionRole.Role.COORDINATOR, is_active=True)
    )


def _supporters(project: Project) -> list[User]:
    backing = project.pledges.exclude(status=Pledge.Status.CANCELLED).values("supporter")
    return list(User.objects.filter(pk__in=backing, is_active=True))


# --- Approval ---------------------------------------------------------------------------------


def submit_for_approval(project: Project) -> None:
    if project.status != Project.Status.DRAFT:
        raise Refused(_("Only a draft can be sent for approval."))
    if not project.rewards.exists() and not project.in_points:
        raise Refused(_("Add at least one reward for your supporters first."))
    project.status = Project.Status.PENDING
    project.save(update_fields=["status"])
    tell_each(
        _coordinators(project.region),
        lambda: (
            _("A research project waits for your approval: %(title)s") % {"title": project.title},
            project.summary,
        ),
        kind="funding.approval_requested",
        url=project.get_absolute_url(),
    )


def approve(project: Project, note: str = "") -> None:
    if project.status != Project.Status.PENDING:
        raise Refused(_("Only a project waiting for approval can be approved."))
    project.status = Project.Status.PUBLISHED
    project.approval_note = note
    project.save(update_fields=["status", "approval_note"])
    tell_each(
        [project.designer],
        lambda: (_("Your project is published: %(title)s") % {"title": project.title}, note),
        kind="funding.approved",
        url=project.get_absolute_url(),
    )


def request_changes(project: Project, note: str) -> None:
    if project.status != Project.Status.PENDING:
        raise Refused(_("Only a project waiting for approval can be sent back."))
    project.status = Project.Status.DRAFT
    project.approval_note = note
    project.save(update_fields=["status", "approval_note"])
    tell_each(
        [project.designer],
        lambda: (_("Changes requested to your project: %(title)s") % {"title": project.title}, note),
        kind="funding.changes_requested",
        url=project.get_absolute_url(),
    )


# --- Pledges -------------------------------------------------------------------------------------


# The same pledge again within this time is the same form sent twice, not a second pledge.
DOUBLE_SUBMIT_WINDOW = timedelta(seconds=10)


@transaction.atomic
def pledge(
    project: Project, supporter: User, amount, *, reward: Reward | None = None, anonymous: bool = False
) -> Pledge:
    amount = Decimal(amount)
    purse = None
    if project.campaign_id:
        if amount != amount.to_integral_value():
            raise Refused(_("Points are whole numbers."))
        purse, _created = Participant.objects.get_or_create(campaign_id=project.campaign_id, user=supporter)
        purse = Participant.objects.select_for_update().get(pk=purse.pk)
    project = Project.objects.select_for_update(of=("self",)).select_related("campaign").get(pk=project.pk)
    twin = project.pledges.filter(
        supporter=supporter, amount=amount, reward=reward, status=Pledge.Status.ACTIVE,
        created_at__gte=timezone.now() - DOUBLE_SUBMIT_WINDOW,
    ).first()  # fmt: skip
    if twin is not None:
        return twin  # the same form sent twice (double click, two tabs): one pledge
    if not project.is_open_for_pledges():
        raise Refused(_("This project is not raising funds now."))
    if project.designer_id == supporter.pk:
        raise Refused(_("You cannot support your own project."))
    if amount <= 0:
        raise Refused(_("Pledge a positive amount."))
    if reward is not None:
        reward = Reward.objects.select_for_update().get(pk=reward.pk, project=project)
        if amount < reward.minimum:
            raise Refused(
                _("This reward needs a pledge of at least %(minimum)s %(currency)s.")
                % {"minimum": reward.minimum, "currency": _currency_label(project)}
            )
        if reward.quantity is not None and reward.claimed >= reward.quantity:
            raise Refused(_("This reward is no longer available; choose another or none."))
        reward.claimed += 1
        reward.save(update_fields=["claimed"])
    if purse is not None:
        budget = project.campaign.points_per_participant
        if purse.spent + amount > budget:
            raise Refused(
                _("You have %(left)s of your %(budget)s points left.")
                % {"left": budget - purse.spent, "budget": budget}
            )
        purse.spent += int(amount)
        purse.save(update_fields=["spent"])
    created = Pledge.objects.create(
        project=project, supporter=supporter, amount=amount, reward=reward, anonymous=anonymous
    )
    project.raised += amount
    fields = ["raised"]
    if project.goal_reached_at is None and project.raised >= project.goal:
        project.goal_reached_at = timezone.now()
        fields.append("goal_reached_at")
    project.save(update_fields=fields)
    tell_each(
        [project.designer],
        lambda: (
            _("New support for %(title)s") % {"title": project.title},
            _("%(percent)s %% of the goal is pledged.") % {"percent": project.percent},
        ),
        kind="funding.pledge",
        url=project.get_absolute_url(),
    )
    return created


@transaction.atomic
def cancel_pledge(pledge_: Pledge) -> None:
    """A supporter takes back a pledge while the project is still raising funds."""
    project = pledge_.project
    purse = None
    if project.campaign_id:
        purse = Participant.objects.select_for_update().get(campaign_id=project.campaign_id, user=pledge_.supporter)
    project = Project.objects.select_for_update().get(pk=project.pk)
    pledge_ = Pledge.objects.select_for_update().get(pk=pledge_.pk)
    if pledge_.status != Pledge.Status.ACTIVE:
        raise Refused(_("This pledge is no longer active."))
    if not project.is_open_for_pledges():
        raise Refused(_("The campaign has ended: pledges can no longer be cancelled."))
    pledge_.status = Pledge.Status.CANCELLED
    pledge_.save(update_fields=["status"])
    if pledge_.reward_id:
        reward = Reward.objects.select_for_update().get(pk=pledge_.reward_id)
        reward.claimed -= 1
        reward.save(update_fields=["claimed"])
    if purse is not None:
        purse.spent -= int(pledge_.amount)
        purse.save(update_fields=["spent"])
    project.raised -= pledge_.amount
    if project.raised < project.goal:
        project.goal_reached_at = None  # reaching it again later counts from then
    project.save(update_fields=["raised", "goal_reached_at"])


def points_left(campaign: SimulatedCampaign, user) -> int | None:
    if not user.is_authenticated:
        return None
    spent = Participant.objects.filter(campaign=campaign, user=user).values_list("spent", flat=True).first() or 0
    return campaign.points_per_participant - spent


def _currency_label(project: Project) -> str:
    return _("points") if project.currency == POINTS else project.currency


def post_update(project: Project, *, title: str, body: str) -> ProjectUpdate:
    update = ProjectUpdate.objects.create(project=project, title=title, body=body)
    tell_each(
        _supporters(project),
        lambda: (_("News from %(title)s: %(update)s") % {"title": project.title, "update": title}, body[:500]),
        kind="funding.update",
        url=project.get_absolute_url() + "#updates",
    )
    return update


# --- Closing --------------------------------------------------------------------------------------


@transaction.atomic
def close_project(project: Project, now=None, *, early: bool = False) -> bool:
    """Apply the project's rule at its end and tell the designer and supporters. False if not due.

    ``early`` closes before the end (a coordinator closing a simulated campaign now).
    """
    now = now or timezone.now()
    project = Project.objects.select_for_update().get(pk=project.pk)
    if project.status != Project.Status.PUBLISHED or (project.ends_at > now and not early):
        return False
    reached = project.raised >= project.goal
    funded = reached or (project.rule == Project.Rule.KEEP and project.raised > 0)
    project.status = Project.Status.FUNDED if funded else Project.Status.NOT_FUNDED
    project.closed_at = now
    project.save(update_fields=["status", "closed_at"])
    active = project.pledges.filter(status=Pledge.Status.ACTIVE)
    supporters = _supporters(project)
    active.update(status=Pledge.Status.COLLECTED if funded else Pledge.Status.RELEASED)
    values = {
        "title": project.title,
        "raised": project.raised,
        "goal": project.goal,
        "currency": project.currency,
    }
    url = project.get_absolute_url()
    tell_each(
        [project.designer],
        lambda: (_("Your campaign has ended: %(title)s") % values, _outcome(funded, values)[0]),
        kind="funding.closed",
        url=url,
    )
    tell_each(
        supporters,
        lambda: (_("The campaign has ended: %(title)s") % values, _outcome(funded, values)[1]),
        kind="funding.closed",
        url=url,
    )
    return True


def _outcome(funded: bool, values: dict) -> tuple[str, str]:
    """What the designer and the supporters are told, in the active language."""
    if funded:
        return (
            _("Your project %(title)s raised %(raised)s %(currency)s of its %(goal)s goal.") % values,
            _("%(title)s is funded: your pledge is now due. Thank you!") % values,
        )
    return (
        _("Your project %(title)s raised %(raised)s of %(goal)s %(currency)s: the goal was not reached.") % values,
        _("%(title)s did not reach its goal: your pledge is released and nothing is due.") % values,
    )


def close_due(now=None) -> int:
    """Close every project whose end has passed, and every simulated campaign; run by the scheduler."""
    now = now or timezone.now()
    closed = 0
    for project_id in Project.objects.filter(status=Project.Status.PUBLISHED, ends_at__lte=now).values_list(
        "pk", flat=True
    ):
        closed += close_project(Project(pk=project_id), now)
    for campaign_id in SimulatedCampaign.objects.filter(
        status=SimulatedCampaign.Status.OPEN, ends_at__lte=now
    ).values_list("pk", flat=True):
        close_campaign(SimulatedCampaign(pk=campaign_id), now)
    return closed


def campaign_ranking(campaign: SimulatedCampaign) -> list[Project]:
    """First the projects that reached their goal, earliest first; then the rest, closest in percent."""
    projects = list(campaign.projects.public().select_related("designer", "region"))
    reached = sorted((p for p in projects if p.goal_reached_at is not None), key=lambda p: (p.goal_reached_at, p.pk))
    others = sorted(
        (p for p in projects if p.goal_reached_at is None), key=lambda p: (-(p.raised / p.goal), p.created_at, p.pk)
    )
    return reached + others


@transaction.atomic
def close_campaign(campaign: SimulatedCampaign, now=None) -> list[Project]:
    """Close a simulated campaign: rank its projects and mark the top ones for a voucher."""
    now = now or timezone.now()
    campaign = SimulatedCampaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.status != SimulatedCampaign.Status.OPEN:
        return []
    for project in campaign.projects.filter(status=Project.Status.PUBLISHED):
        close_project(project, now, early=True)
    ranked = campaign_ranking(campaign)
    for rank, project in enumerate(ranked, start=1):
        project.rank = rank
        project.wins_voucher = rank <= campaign.winners
        project.save(update_fields=["rank", "wins_voucher"])
    campaign.status = SimulatedCampaign.Status.CLOSED
    campaign.closed_at = now
    campaign.save(update_fields=["status", "closed_at"])
    for project in ranked:
        tell_each(
            [project.designer],
            lambda project=project: (
                _("%(campaign)s: your project ranked %(rank)s") % {"campaign": campaign.title, "rank": project.rank},
                _("It wins a voucher.") if project.wins_voucher else _("It does not win a voucher this time."),
            ),
            kind="funding.ranked",
            url=campaign.get_absolute_url(),
        )
    return ranked


# --- Read helpers ---------------------------------------------------------------------------------


def totals_match(project: Project) -> bool:
    """The stored total equals the sum of active pledges (used by tests and the admin check)."""
    counted = project.pledges.filter(status__in=[Pledge.Status.ACTIVE, Pledge.Status.COLLECTED, Pledge.Status.RELEASED])
    return (counted.aggregate(total=Sum("amount"))["total"] or Decimal("0")) == project.raised


def search_entry(project: Project) -> Entry | None:
    if project.status not in (Project.Status.PUBLISHED, Project.Status.FUNDED, Project.Status.NOT_FUNDED):
        return None
    return Entry(title=project.title, body=f"{project.summary} {project.description}", url=project.get_absolute_url())


def list_url_for_region(region) -> str:
    return reverse("funding:list") + f"?region={region.slug}"


def pledges_data(user: User) -> list[dict]:
    return [
        {
            "project": pledge_.project.title,
            "amount": str(pledge_.amount),
            "currency": pledge_.project.currency,
            "reward": pledge_.reward.title if pledge_.reward else None,
            "anonymous": pledge_.anonymous,
            "status": pledge_.status,
            "pledged_at": pledge_.created_at.isoformat(),
        }
        for pledge_ in Pledge.objects.filter(supporter=user).select_related("project", "reward")
    ]


def erase_pledges(user: User) -> None:
    """Pledges stay in the totals (they are commitments others relied on), shown anonymously."""
    Pledge.objects.filter(supporter=user).update(anonymous=True)
    caching.bump("funding")  # no signal from update(): the public supporters lists show it at once
