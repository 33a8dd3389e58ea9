from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from synergy.actors.models import Organisation
from synergy.core.models import Region
from synergy.core.taxonomy import KeyArea


class Network(models.Model):
    """A Synergic Network: a pool of actors with a common area of expertise, run by its coordinators."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    key_areas = models.JSONField(_("key areas"), default=list, blank=True)
    description = models.TextField(_("description"), help_text=_("Markdown is supported."))
    region = models.ForeignKey(
        Region, verbose_name=_("region"), null=True, blank=True, on_delete=models.SET_NULL, related_name="networks"
    )
    # The current analysis; each edit also keeps a Revision, so its history can be read back.
    strengths = models.TextField(_("strengths"), blank=True)
    weaknesses = models.TextField(_("weaknesses"), blank=True)
    opportunities = models.TextField(_("opportunities"), blank=True)
    threats = models.TextField(_("threats"), blank=True)
    lessons = models.TextField(_("lessons learnt"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    organisations = models.ManyToManyField(Organisation, through="Member", related_name="networks")

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("networks:detail", args=[self.slug])

    @property
    def key_area_labels(self) -> list[str]:
        return [KeyArea(code).label for code in self.key_areas if code in KeyArea.values]


class Member(models.Model):
    """An organisation's place in a network, from invitation or application to membership."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("Coordinator")
        MEMBER = "member", _("Member")

    class Status(models.TextChoices):
        INVITED = "invited", _("Invited")
        APPLIED = "applied", _("Applied")
        ACTIVE = "active", _("Member")
        DECLINED = "declined", _("Declined")
        LEFT = "left", _("Left")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        REMOVED = "removed", _("Removed")

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="members")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="network_memberships")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.INVITED)
    reason = models.CharField(
        _("why this actor"),
        max_length=1000,
        blank=True,
        help_text=_("What the formation assistant said, if it proposed them."),
    )
    message = models.TextField(_("message"), blank=True, max_length=2000)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    decided_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("network member")
        verbose_name_plural = _("network members")
        ordering = ["organisation__name", "id"]
        constraints = [models.UniqueConstraint(fields=["network", "organisation"], name="unique_network_member")]
        indexes = [
            models.Index(fields=["network", "status"], name="member_by_status"),
            models.Index(fields=["organisation", "status"], name="member_by_organisation"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} in {self.network} ({self.get_status_display()})"


class Revision(models.Model):
    """One saved version of a network's SWOT analysis and lessons learnt."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="revisions")
    strengths = models.TextField(_("strengths"), blank=True)
    weaknesses = models.TextField(_("weaknesses"), blank=True)
    opportunities = models.TextField(_("opportunities"), blank=True)
    threats = models.TextField(_("threats"), blank=True)
    lessons = models.TextField(_("lessons learnt"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("author")
    )
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("saved at"), default=timezone.now)

    class Meta:
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["network", "-created_at"], name="revision_by_network")]

    def __str__(self) -> str:
        return f"{self.network} · {self.created_at:%Y-%m-%d %H:%M}"


ACTIVE = Q(status=Member.Status.ACTIVE)
