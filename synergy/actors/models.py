from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from synergy.core.countries import COUNTRY_CHOICES
from synergy.core.models import Region


class OrganisationType(models.TextChoices):
    SME = "sme", _("SME")
    LARGE_ENTERPRISE = "large_enterprise", _("Large enterprise")
    STARTUP = "startup", _("Start-up")
    UNIVERSITY = "university", _("University")
    RESEARCH = "research", _("Research organisation")
    PUBLIC_AUTHORITY = "public_authority", _("Public authority")
    PUBLIC_ORGANISATION = "public_organisation", _("Public organisation")
    NGO = "ngo", _("NGO")
    CLUSTER = "cluster", _("Cluster or intermediary")
    CHAMBER = "chamber", _("Chamber of commerce")
    INCUBATOR = "incubator", _("Incubator")
    TECHNOLOGY_PARK = "technology_park", _("Technology park")
    TTO = "tto", _("Technology-transfer office")


class Organisation(models.Model):
    """An innovation actor. Issue-level profile data (competences, projects…) builds on this."""

    name = models.CharField(_("name"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    type = models.CharField(_("type"), max_length=32, choices=OrganisationType.choices)
    country = models.CharField(_("country"), max_length=2, choices=COUNTRY_CHOICES)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="organisations",
    )  # fmt: skip
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown is supported."))
    coordinated_region = models.OneToOneField(
        Region,
        verbose_name=_("coordinates the region"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="coordinating_organisation",
        help_text=_("The partner that runs this region on Synergy."),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, through="Membership", related_name="organisations")

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("actors:detail", args=[self.slug])


class Membership(models.Model):
    class Role(models.TextChoices):
        ADMIN = "admin", _("Administrator")
        MEMBER = "member", _("Member")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.MEMBER)
    joined_at = models.DateTimeField(_("joined at"), default=timezone.now)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["organisation", "user"], name="unique_membership")]

    def __str__(self) -> str:
        return f"{self.user} · {self.organisation} ({self.get_role_display()})"
