"""Crowdfunding for research: projects with a goal, rewards and pledges, in money or in the
simulated points of a region's training game.

Pledges are recorded commitments; no payment is taken here (see docs/funding.md for where a
payment provider plugs in). A project's total and a reward's claimed count are stored and
changed only under a row lock, so they always equal the sum of the pledges behind them.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from synergy.actors.models import Organisation
from synergy.core.models import Region

POINTS = "PTS"


class SimulatedCampaign(models.Model):
    """A region's training game: each participant spreads a budget of points over its projects."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown is supported."))
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+")
    points_per_participant = models.PositiveIntegerField(
        _("points per participant"), default=1000, validators=[MinValueValidator(1)]
    )
    winners = models.PositiveSmallIntegerField(
        _("projects that win a voucher"), default=3, validators=[MinValueValidator(1)]
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.OPEN)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    class Meta:
        verbose_name = _("simulated campaign")
        verbose_name_plural = _("simulated campaigns")
        ordering = ["-starts_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="game_ends_after_start")
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("funding:campaign", args=[self.slug])

    def is_running(self, now=None) -> bool:
        now = now or timezone.now()
        return self.status == self.Status.OPEN and self.starts_at <= now < self.ends_at


class ProjectQuerySet(models.QuerySet):
    def public(self):
        return self.filter(status__in=[Project.Status.PUBLISHED, Project.Status.FUNDED, Project.Status.NOT_FUNDED])


class Project(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PENDING = "pending", _("Waiting for approval")
        PUBLISHED = "published", _("Raising funds")
        FUNDED = "funded", _("Funded")
        NOT_FUNDED = "not_funded", _("Not funded")

    class Rule(models.TextChoices):
        ALL_OR_NOTHING = "all_or_nothing", _("All or nothing: pledges count only if the goal is reached")
        KEEP = "keep", _("Keep what you raise")

    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    summary = models.CharField(_("summary"), max_length=500)
    description = models.TextField(_("description"), help_text=_("Markdown is supported."))
    designer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("project designer"), null=True, on_delete=models.SET_NULL,
        related_name="designed_projects",
    )  # fmt: skip
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("on behalf of"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="funding_projects",
    )  # fmt: skip
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+")
    campaign = models.ForeignKey(
        SimulatedCampaign, verbose_name=_("simulated campaign"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="projects", help_text=_("Leave empty for a campaign in real money."),
    )  # fmt: skip
    goal = models.DecimalField(_("goal"), max_digits=12, decimal_places=2, validators=[MinValueValidator(1)])
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    rule = models.CharField(_("rule"), max_length=16, choices=Rule.choices, default=Rule.ALL_OR_NOTHING)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    approval_note = models.TextField(_("note from the coordinator"), blank=True)
    # Kept under the project's row lock with every pledge: always the sum of active pledges.
    raised = models.DecimalField(_("raised"), max_digits=14, decimal_places=2, default=Decimal("0"), editable=False)
    goal_reached_at = models.DateTimeField(_("goal reached at"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True, editable=False)
    wins_voucher = models.BooleanField(_("wins a voucher"), default=False, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("research project")
        verbose_name_plural = _("research projects")
        ordering = ["-starts_at", "-id"]
        indexes = [
            models.Index(fields=["status", "ends_at"]),
            models.Index(fields=["-starts_at", "-id"], name="project_newest_first"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="project_ends_after_start"),
            models.CheckConstraint(condition=Q(raised__gte=0), name="raised_not_negative"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("funding:project", args=[self.slug])

    @property
    def in_points(self) -> bool:
        return self.campaign_id is not None

    @property
    def percent(self) -> int:
        return int(self.raised * 100 / self.goal) if self.goal else 0

    @property
    def bar_percent(self) -> int:
        return min(self.percent, 100)

    def is_open_for_pledges(self, now=None) -> bool:
        now = now or timezone.now()
        return self.status == self.Status.PUBLISHED and self.starts_at <= now < self.ends_at


class Reward(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="rewards")
    title = models.CharField(_("reward"), max_length=200)
    description = models.CharField(_("description"), max_length=1000, blank=True)
    minimum = models.DecimalField(
        _("minimum pledge"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    quantity = models.PositiveIntegerField(
        _("how many are available"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    # Kept under the reward's row lock: never above ``quantity``.
    claimed = models.PositiveIntegerField(_("claimed"), default=0, editable=False)

    class Meta:
        verbose_name = _("reward")
        verbose_name_plural = _("rewards")
        ordering = ["minimum", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__isnull=True) | Q(claimed__lte=models.F("quantity")),
                name="reward_not_over_claimed",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def left(self) -> int | None:
        return None if self.quantity is None else self.quantity - self.claimed


class Pledge(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Pledged")
        CANCELLED = "cancelled", _("Cancelled")
        COLLECTED = "collected", _("Due: the project is funded")
        RELEASED = "released", _("Released: the goal was not reached")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="pledges")
    supporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="pledges"
    )
    amount = models.DecimalField(
        _("amount"), max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    reward = models.ForeignKey(
        Reward, verbose_name=_("reward"), null=True, blank=True, on_delete=models.PROTECT, related_name="pledges"
    )
    anonymous = models.BooleanField(_("support anonymously"), default=False)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE)
    created_at = models.DateTimeField(_("pledged at"), default=timezone.now)

    class Meta:
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["project", "status"])]

    def __str__(self) -> str:
        return f"{self.amount} → {self.project}"


class Participant(models.Model):
    """A person's purse in a simulated campaign; locked while a points pledge is written."""

    campaign = models.ForeignKey(SimulatedCampaign, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    spent = models.PositiveIntegerField(_("points spent"), default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["campaign", "user"], name="one_purse_per_person")]

    def __str__(self) -> str:
        return f"{self.user} · {self.campaign}"


class ProjectUpdate(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="updates")
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), max_length=10000, help_text=_("Markdown is supported."))
    created_at = models.DateTimeField(_("posted at"), default=timezone.now)

    class Meta:
        verbose_name = _("project update")
        verbose_name_plural = _("project updates")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title
