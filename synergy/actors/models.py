from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from synergy.core.countries import COUNTRY_CHOICES
from synergy.core.models import Region
from synergy.core.taxonomy import TERM_CHOICES, keyword_list, term_label
from synergy.core.uploads import private_path


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


class Sector(models.TextChoices):
    """The broad sectors a network's composition is reported by (the quadruple helix, with intermediaries)."""

    INDUSTRY = "industry", _("Industry")
    ACADEMIA = "academia", _("Academia and research")
    PUBLIC = "public", _("Public sector")
    INTERMEDIARY = "intermediary", _("Intermediaries")
    CIVIL_SOCIETY = "civil_society", _("Civil society")


SECTOR_OF_TYPE = {
    OrganisationType.SME: Sector.INDUSTRY,
    OrganisationType.LARGE_ENTERPRISE: Sector.INDUSTRY,
    OrganisationType.STARTUP: Sector.INDUSTRY,
    OrganisationType.UNIVERSITY: Sector.ACADEMIA,
    OrganisationType.RESEARCH: Sector.ACADEMIA,
    OrganisationType.PUBLIC_AUTHORITY: Sector.PUBLIC,
    OrganisationType.PUBLIC_ORGANISATION: Sector.PUBLIC,
    OrganisationType.NGO: Sector.CIVIL_SOCIETY,
    OrganisationType.CLUSTER: Sector.INTERMEDIARY,
    OrganisationType.CHAMBER: Sector.INTERMEDIARY,
    OrganisationType.INCUBATOR: Sector.INTERMEDIARY,
    OrganisationType.TECHNOLOGY_PARK: Sector.INTERMEDIARY,
    OrganisationType.TTO: Sector.INTERMEDIARY,
}


class Source(models.TextChoices):
    PLATFORM = "platform", _("Entered on the platform")
    CORDIS = "cordis", _("Imported from CORDIS")


class Organisation(models.Model):
    """An innovation actor: what it is, what it can do, and the evidence for it (its projects)."""

    name = models.CharField(_("name"), max_length=300)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    type = models.CharField(_("type"), max_length=32, choices=OrganisationType.choices)
    country = models.CharField(_("country"), max_length=2, choices=COUNTRY_CHOICES)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="organisations",
    )  # fmt: skip
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown is supported."))
    nuts_code = models.CharField(
        _("NUTS region"), max_length=5, blank=True, help_text=_("The NUTS code of the region, for example SI041.")
    )
    specialisation = models.CharField(
        _("specialisation"), max_length=500, blank=True, help_text=_("What the organisation is best at, in a sentence.")
    )
    keywords = models.CharField(
        _("keywords"), max_length=500, blank=True, help_text=_("Free keywords, separated by commas.")
    )
    services = models.TextField(
        _("services offered"), blank=True, help_text=_("What others can ask of you. Markdown is supported.")
    )
    infrastructure = models.TextField(
        _("infrastructure"),
        blank=True,
        help_text=_("Laboratories, machines and facilities. Share them in the equipment registry to take bookings."),
    )
    contact_email = models.EmailField(
        _("contact e-mail"), blank=True, help_text=_("Shown only to those whose collaboration request you accept.")
    )
    cordis_id = models.CharField(_("CORDIS identifier"), max_length=20, blank=True)
    normalised_name = models.CharField(max_length=300, default="", editable=False, db_index=True)
    source = models.CharField(_("source"), max_length=16, choices=Source.choices, default=Source.PLATFORM)
    completeness = models.PositiveSmallIntegerField(_("profile completeness"), default=0, editable=False)
    last_active_at = models.DateTimeField(_("last active on the platform"), null=True, blank=True, editable=False)
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
        constraints = [
            models.UniqueConstraint(fields=["cordis_id"], condition=~Q(cordis_id=""), name="unique_cordis_organisation")
        ]
        indexes = [
            models.Index(fields=["normalised_name", "country"], name="organisation_merge_key"),
            models.Index(fields=["type", "country"], name="organisation_by_type"),
            models.Index(fields=["completeness"], name="organisation_by_completeness"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        from .naming import normalise_name

        self.normalised_name = normalise_name(self.name)
        if kwargs.get("update_fields") is not None and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "normalised_name"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("actors:detail", args=[self.slug])

    @property
    def sector(self) -> str:
        return SECTOR_OF_TYPE.get(self.type, Sector.INDUSTRY)

    @property
    def keyword_list(self) -> list[str]:
        return keyword_list(self.keywords)

    @property
    def is_active_on_platform(self) -> bool:
        if self.last_active_at is None:
            return False
        return timezone.now() - self.last_active_at <= timezone.timedelta(days=settings.ACTOR_ACTIVE_DAYS)


class ActorCompetence(models.Model):
    """A term of the shared vocabulary an organisation offers: declared by its admins, derived from
    the text of its projects (the evidence), or both."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="competences")
    term = models.CharField(_("competence"), max_length=32, choices=TERM_CHOICES)
    declared = models.BooleanField(_("declared by the organisation"), default=False)
    evidence = models.PositiveIntegerField(_("projects that show it"), default=0)

    class Meta:
        verbose_name = _("competence")
        verbose_name_plural = _("competences")
        constraints = [models.UniqueConstraint(fields=["organisation", "term"], name="unique_organisation_term")]
        indexes = [models.Index(fields=["term", "organisation"], name="competence_by_term")]

    def __str__(self) -> str:
        return term_label(self.term)


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


class JoinRequest(models.Model):
    """A person asks to join an organisation; one of its admins accepts or declines."""

    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("request to join", "Waiting for an answer")
        ACCEPTED = "accepted", pgettext_lazy("request to join", "Accepted")
        DECLINED = "declined", pgettext_lazy("request to join", "Declined")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="join_requests")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="join_requests")
    message = models.TextField(_("message"), blank=True, max_length=2000)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("asked at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("request to join")
        verbose_name_plural = _("requests to join")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"], condition=Q(status="pending"), name="one_pending_join_request"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.organisation}"


class ResearchProject(models.Model):
    """A project an organisation took part in: the evidence its competences rest on."""

    title = models.CharField(_("title"), max_length=600)
    acronym = models.CharField(_("acronym"), max_length=60, blank=True)
    programme = models.CharField(_("programme"), max_length=120, blank=True, help_text=_("For example Horizon 2020."))
    cordis_id = models.CharField(_("CORDIS identifier"), max_length=20, blank=True)
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    domain = models.CharField(_("technology domain"), max_length=32, choices=TERM_CHOICES, blank=True)
    topics = models.CharField(_("topics"), max_length=500, blank=True)
    objective = models.TextField(_("objective"), blank=True)
    outputs = models.TextField(_("outputs"), blank=True)
    trl_start = models.PositiveSmallIntegerField(
        _("readiness level at start"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(9)]
    )
    trl_end = models.PositiveSmallIntegerField(
        _("readiness level at end"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(9)]
    )
    source = models.CharField(_("source"), max_length=16, choices=Source.choices, default=Source.PLATFORM)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    organisations = models.ManyToManyField(Organisation, through="Participation", related_name="projects")

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-start_date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["cordis_id"], condition=~Q(cordis_id=""), name="unique_cordis_project"),
            models.CheckConstraint(
                condition=Q(trl_start__isnull=True) | Q(trl_end__isnull=True) | Q(trl_end__gte=models.F("trl_start")),
                name="readiness_does_not_fall",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.acronym} — {self.title}" if self.acronym else self.title

    def get_absolute_url(self) -> str:
        return reverse("actors:project", args=[self.pk])


class ParticipationQuerySet(models.QuerySet):
    def confirmed(self):
        """Places that count as evidence: imported, or agreed to by the organisation's administrators."""
        return self.filter(confirmed=True)


class Participation(models.Model):
    """An organisation's place in a project's consortium.

    A place entered on the platform by someone who does not administer the organisation waits
    for its administrators to confirm it (``confirmed``): until then the project is not evidence
    on that organisation's profile, so nobody can add claims to another's profile. A place they
    declined stays, unconfirmed, with ``declined_at``: they are not asked about it again.
    """

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("Coordinator")
        PARTICIPANT = "participant", _("Participant")
        THIRD_PARTY = "third_party", _("Third party")
        ASSOCIATED = "associated", _("Associated partner")
        INTERNATIONAL = "international", _("International partner")

    project = models.ForeignKey(ResearchProject, on_delete=models.CASCADE, related_name="participations")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="participations")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.PARTICIPANT)
    confirmed = models.BooleanField(
        _("confirmed"),
        default=True,
        help_text=_("Whether the organisation agrees that it took part (or the source says so)."),
    )
    # Kept when the organisation's admins decline, so that naming it again does not ask them again.
    declined_at = models.DateTimeField(_("declined at"), null=True, blank=True)

    objects = ParticipationQuerySet.as_manager()

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [models.UniqueConstraint(fields=["project", "organisation"], name="unique_participation")]
        indexes = [models.Index(fields=["organisation", "project"], name="participation_by_organisation")]

    def __str__(self) -> str:
        return f"{self.organisation} in {self.project} ({self.get_role_display()})"


class PersonProfile(models.Model):
    """What a person offers as an innovation actor, and which of it others may see."""

    class Field(models.TextChoices):
        EXPERTISE = "expertise", _("Expertise")
        COMPETENCES = "competences", _("Competences and skills")
        ORGANISATIONS = "organisations", _("Organisations")
        COUNTRY = "country", _("Country and region")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="actor_profile")
    expertise = models.TextField(_("expertise"), blank=True, max_length=5000)
    competences = models.JSONField(_("competences and skills"), default=list, blank=True)
    keywords = models.CharField(
        _("keywords"), max_length=500, blank=True, help_text=_("Free keywords, separated by commas.")
    )
    listed = models.BooleanField(
        _("list me among innovation actors"),
        default=False,
        help_text=_("Others can then find you in matchmaking and send you collaboration requests."),
    )
    public_fields = models.JSONField(_("shown to others"), default=list, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("person's profile")
        verbose_name_plural = _("people's profiles")

    def __str__(self) -> str:
        return str(self.user)

    def shows(self, field: str) -> bool:
        return self.listed and field in self.public_fields

    @property
    def shown_expertise(self) -> str:
        """The expertise if the person shows it to others, else nothing (for lists of people)."""
        return self.expertise if self.shows(self.Field.EXPERTISE) else ""

    @property
    def keyword_list(self) -> list[str]:
        return keyword_list(self.keywords)


def cordis_upload_to(instance, filename: str) -> str:
    """Uploaded import files are kept out of public media: an unguessable folder, never served."""
    return private_path("imports", "cordis.csv")


class CordisImport(models.Model):
    """One import of CORDIS open-data files, run as a task; its progress and report are kept here."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    projects_file = models.FileField(_("projects file"), upload_to=cordis_upload_to)
    organisations_file = models.FileField(_("organisations file"), upload_to=cordis_upload_to)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(_("rows to read"), default=0)
    done = models.PositiveIntegerField(_("rows read"), default=0)
    report = models.JSONField(_("report"), default=dict, blank=True)
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # Written every few seconds by the worker running the import: another worker takes a running
    # import over only once it stops (its worker died), never beside it.
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True, editable=False)
    worker = models.UUIDField(null=True, blank=True, editable=False)  # the token of the worker that claimed it

    class Meta:
        verbose_name = _("CORDIS import")
        verbose_name_plural = _("CORDIS imports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"CORDIS {self.created_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("actors:import", args=[self.pk])

    @property
    def percent(self) -> int:
        return min(100, self.done * 100 // self.total) if self.total else 0
