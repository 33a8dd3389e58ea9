from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from synergy.core.countries import COUNTRY_CHOICES
from synergy.core.models import Region


class StakeholderType(models.TextChoices):
    PUBLIC_AUTHORITY = "public_authority", _("Public authority")
    PUBLIC_ORGANISATION = "public_organisation", _("Public organisation")
    NETWORK_MEMBER = "network_member", _("Synergic Network member")
    LARGE_ENTERPRISE = "large_enterprise", _("Large enterprise")
    SME = "sme", _("SME")
    STARTUP = "startup", _("Start-up")
    UNIVERSITY = "university", _("University or research organisation")
    NGO = "ngo", _("NGO")
    CITIZEN = "citizen", _("Citizen")
    OTHER = "other", _("Other")


class EmailFrequency(models.TextChoices):
    IMMEDIATELY = "immediately", _("Immediately")
    DAILY = "daily", _("Daily digest")
    OFF = "off", _("Off")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        email = self.normalize_email(email)
        user = self.model(email=email, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A natural person. Signs in with an e-mail address; has no public user name."""

    email = models.EmailField(_("e-mail address"), unique=True)
    display_name = models.CharField(_("display name"), max_length=150, blank=True)
    stakeholder_type = models.CharField(
        _("stakeholder type"), max_length=32, choices=StakeholderType.choices, blank=True
    )
    country = models.CharField(_("country"), max_length=2, choices=COUNTRY_CHOICES, blank=True)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    preferred_language = models.CharField(_("preferred language"), max_length=8, choices=settings.LANGUAGES, blank=True)
    email_frequency = models.CharField(
        _("e-mail notifications"),
        max_length=16,
        choices=EmailFrequency.choices,
        default=EmailFrequency.IMMEDIATELY,
    )
    is_staff = models.BooleanField(_("staff status"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["display_name", "email"]
        constraints = [models.UniqueConstraint(Lower("email"), name="unique_user_email_ignoring_case")]

    def __str__(self) -> str:
        return self.get_short_name()

    def get_full_name(self) -> str:
        return self.get_short_name()

    def get_short_name(self) -> str:
        if self.anonymised_at:
            return str(_("Deleted user"))
        return self.display_name or self.email.split("@")[0]


class Consent(models.Model):
    """Proof that a person accepted a version of a legal document, and when."""

    class Document(models.TextChoices):
        TERMS = "terms", _("Terms of use")
        PRIVACY = "privacy", _("Privacy notice")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consents")
    document = models.CharField(_("document"), max_length=16, choices=Document.choices)
    version = models.CharField(_("version"), max_length=32)
    accepted_at = models.DateTimeField(_("accepted at"), default=timezone.now)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-accepted_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "document", "version"], name="unique_consent_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.document} {self.version}"


class RegionRole(models.Model):
    """A role a person holds in one region; today the regional coordinator."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("Regional coordinator")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="region_roles")
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices, default=Role.COORDINATOR)
    granted_at = models.DateTimeField(_("granted at"), default=timezone.now)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("regional role")
        verbose_name_plural = _("regional roles")
        constraints = [models.UniqueConstraint(fields=["user", "region", "role"], name="unique_region_role")]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.region}"
