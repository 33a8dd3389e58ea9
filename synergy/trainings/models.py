from functools import cache
from zoneinfo import available_timezones

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce, Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from synergy.accounts.models import StakeholderType
from synergy.actors.models import Organisation
from synergy.core.models import Region
from synergy.core.uploads import UploadValidator, private_path


def attendance_upload_to(instance, filename: str) -> str:
    """Attendance reports name participants: an unguessable folder, never served as media."""
    return private_path("attendance-reports", filename)


class TrainingMaterial(models.Model):
    """A common training material (a slide deck, a document, a link), kept in several languages."""

    class Kind(models.TextChoices):
        SLIDES = "slides", _("Slide deck")
        DOCUMENT = "document", _("Document")
        LINK = "link", _("Link")

    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.SLIDES)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown is supported."))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("training material")
        verbose_name_plural = _("training materials")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class MaterialVersion(models.Model):
    """One language version of a material: an uploaded file (checked by content) or a link."""

    material = models.ForeignKey(TrainingMaterial, on_delete=models.CASCADE, related_name="versions")
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    file = models.FileField(
        _("file"),
        upload_to="training-materials/%Y/",
        blank=True,
        validators=[UploadValidator(["pdf", "pptx", "odp", "docx", "odt"])],
        help_text=_("PDF, PPTX, ODP, DOCX or ODT."),
    )
    url = models.URLField(_("link"), blank=True)
    version = models.CharField(_("version"), max_length=40, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("material version")
        verbose_name_plural = _("material versions")
        ordering = ["language"]
        constraints = [
            models.UniqueConstraint(fields=["material", "language"], name="one_version_per_language"),
            models.CheckConstraint(condition=~Q(file="") | ~Q(url=""), name="version_has_file_or_link"),
        ]

    def __str__(self) -> str:
        return f"{self.material} ({self.language})"


class TranslationRequest(models.Model):
    """Someone asked for a material in a language it does not have yet; coordinators are told."""

    material = models.ForeignKey(TrainingMaterial, on_delete=models.CASCADE, related_name="translation_requests")
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    email = models.EmailField(_("e-mail address"), blank=True, help_text=_("For visitors without an account."))
    message = models.TextField(_("message"), blank=True, max_length=2000)
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("translation request")
        verbose_name_plural = _("translation requests")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.material} → {self.language}"


@cache
def _time_zones() -> frozenset[str]:
    return frozenset(available_timezones())


def validate_time_zone(value: str) -> None:
    """A name the time-zone database knows: the training page converts its times with it."""
    if value not in _time_zones():
        raise ValidationError(_("Choose a time zone from the list, such as Europe/Ljubljana."), code="invalid")


class TrainingQuerySet(models.QuerySet):
    def public(self):
        return self.exclude(status__in=[Training.Status.DRAFT])

    def upcoming(self):
        return self.filter(ends_at__gte=timezone.now()).order_by("starts_at", "id")

    def past(self):
        return self.filter(ends_at__lt=timezone.now()).order_by("-starts_at", "-id")

    def with_counts(self):
        """Registrations counted per training by subqueries, not a join: a page of a long list
        counts only its own rows, and counting the list itself counts no registrations."""

        def registrations(status):
            rows = (
                Registration.objects.filter(training=models.OuterRef("pk"), status=status)
                .order_by()
                .values("training")
                .annotate(n=models.Count("pk"))
                .values("n")
            )
            return Coalesce(models.Subquery(rows), 0)

        return self.annotate(
            confirmed_count=registrations(Registration.Status.CONFIRMED),
            waitlist_count=registrations(Registration.Status.WAITLISTED),
        ).annotate(places_left=models.F("capacity") - models.F("confirmed_count"))


class Training(models.Model):
    """A regional training on the crowd-innovation strategy."""

    class Format(models.TextChoices):
        ONLINE = "online", _("Online webinar")
        IN_PERSON = "in_person", _("In person")
        HYBRID = "hybrid", _("Hybrid")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Open for registration")
        REGISTRATION_CLOSED = "registration_closed", _("Registration closed")
        HELD = "held", _("Held")
        REPORTED = "reported", _("Reported")
        CANCELLED = "cancelled", _("Cancelled")

    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown is supported."))
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+")
    organiser = models.ForeignKey(
        Organisation, verbose_name=_("organising organisation"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    format = models.CharField(_("format"), max_length=16, choices=Format.choices, default=Format.ONLINE)
    venue = models.CharField(
        _("venue"), max_length=300, blank=True, help_text=_("Address, for in-person and hybrid trainings.")
    )
    webinar_url = models.URLField(_("webinar link"), blank=True, help_text=_("Shown only to registered participants."))
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    time_zone = models.CharField(
        _("time zone"), max_length=64, default=settings.TIME_ZONE, validators=[validate_time_zone]
    )
    capacity = models.PositiveIntegerField(_("capacity"), help_text=_("How many people can take part."))
    registration_deadline = models.DateTimeField(_("registration deadline"))
    target_groups = models.JSONField(
        _("target stakeholder types"), default=list, blank=True, help_text=_("Who the training is for.")
    )
    with_promotional_meeting = models.BooleanField(_("combined with a promotional meeting"), default=False)
    materials = models.ManyToManyField(
        TrainingMaterial, verbose_name=_("training materials"), blank=True, related_name="trainings"
    )
    status = models.CharField(_("status"), max_length=24, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True, editable=False)

    objects = TrainingQuerySet.as_manager()

    class Meta:
        verbose_name = _("training")
        verbose_name_plural = _("trainings")
        ordering = ["-starts_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="training_ends_after_start"),
        ]
        indexes = [models.Index(fields=["status", "starts_at"]), models.Index(fields=["region", "starts_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("trainings:detail", args=[self.slug])

    @property
    def target_group_labels(self) -> list[str]:
        labels = dict(StakeholderType.choices)
        return [str(labels[group]) for group in self.target_groups if group in labels]

    @property
    def is_open_for_registration(self) -> bool:
        return self.status == self.Status.PUBLISHED and timezone.now() <= self.registration_deadline


class LearningObjective(models.Model):
    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="objectives")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text = models.CharField(_("learning objective"), max_length=500)

    class Meta:
        verbose_name = _("learning objective")
        verbose_name_plural = _("learning objectives")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text


class AgendaItem(models.Model):
    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    starts_at = models.TimeField(_("time"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=300)
    speaker_name = models.CharField(_("speaker"), max_length=200, blank=True)
    speaker_affiliation = models.CharField(_("affiliation"), max_length=300, blank=True)
    speaker_bio = models.TextField(_("short bio"), blank=True)
    speaker_is_external = models.BooleanField(_("external speaker"), default=False)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["position", "starts_at", "id"]

    def __str__(self) -> str:
        return self.title


class Registration(models.Model):
    """A person's place at a training: confirmed, on the waitlist, or cancelled.

    At most one registration per person and training is active (not cancelled); the
    waitlist is ordered by ``created_at`` then ``id``.
    """

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("On the waitlist")
        CANCELLED = "cancelled", _("Cancelled")

    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="training_registrations"
    )
    # A guest is a participant without an account: a walk-in, or someone found in a webinar report.
    guest_name = models.CharField(_("guest's name"), max_length=200, blank=True)
    guest_email = models.EmailField(_("guest's e-mail address"), blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    share_contact = models.BooleanField(_("contact details shared with the organiser"), default=False)
    created_at = models.DateTimeField(_("registered at"), default=timezone.now)
    promoted_at = models.DateTimeField(_("promoted from the waitlist at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    attended_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)
    certificate_code = models.CharField(_("certificate code"), max_length=32, unique=True, null=True, blank=True)
    feedback_requested_at = models.DateTimeField(_("feedback requested at"), null=True, blank=True)
    feedback_reminded_at = models.DateTimeField(_("feedback reminder sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["training", "user"],
                condition=~Q(status="cancelled"),
                name="one_active_registration_per_person",
            ),
            models.UniqueConstraint(
                Lower("guest_email"),
                "training",
                condition=Q(user__isnull=True) & ~Q(status="cancelled"),
                name="one_active_registration_per_guest",
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False) | ~Q(guest_email=""), name="registration_has_a_person"
            ),
        ]
        indexes = [models.Index(fields=["training", "status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.person_name} · {self.training}"

    @property
    def person_name(self) -> str:
        return str(self.user) if self.user_id else self.guest_name or self.guest_email

    @property
    def email(self) -> str:
        return self.user.email if self.user_id else self.guest_email


class Feedback(models.Model):
    """An attendee's answers after the training; seen only in reports, never by other participants."""

    class Intention(models.TextChoices):
        YES = "yes", _("Yes")
        MAYBE = "maybe", _("Maybe")
        NO = "no", _("No")

    registration = models.OneToOneField(Registration, on_delete=models.CASCADE, related_name="feedback")
    usefulness = models.PositiveSmallIntegerField(
        _("overall usefulness"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    intention = models.CharField(
        _("Do you intend to start an open-innovation initiative?"), max_length=8, choices=Intention.choices
    )
    comment = models.TextField(_("comment"), blank=True, max_length=5000)
    created_at = models.DateTimeField(_("given at"), default=timezone.now)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")

    def __str__(self) -> str:
        return f"{self.registration}"


class ObjectiveRating(models.Model):
    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="ratings")
    objective = models.ForeignKey(LearningObjective, on_delete=models.CASCADE, related_name="ratings")
    rating = models.PositiveSmallIntegerField(_("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)])

    class Meta:
        verbose_name = _("objective rating")
        verbose_name_plural = _("objective ratings")
        constraints = [models.UniqueConstraint(fields=["feedback", "objective"], name="one_rating_per_objective")]

    def __str__(self) -> str:
        return f"{self.objective}: {self.rating}"


class AttendanceImport(models.Model):
    """An uploaded webinar attendance report, previewed and then applied in one transaction."""

    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="attendance_imports")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    file = models.FileField(_("attendance report"), upload_to=attendance_upload_to)
    original_name = models.CharField(_("file name"), max_length=300)
    mapping = models.JSONField(_("column mapping"), default=dict)
    minimum_minutes = models.PositiveIntegerField(_("minimum attended minutes"), default=15)
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)
    summary = models.JSONField(_("summary"), default=dict, blank=True)

    class Meta:
        verbose_name = _("attendance import")
        verbose_name_plural = _("attendance imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.original_name


class FollowUp(models.Model):
    """A message sent to the attendees of one or several trainings, kept for the record."""

    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    trainings = models.ManyToManyField(Training, related_name="follow_ups")
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"), max_length=10000, help_text=_("Markdown is supported."))
    link = models.URLField(_("link"), blank=True, help_text=_("For example, the challenge you invite them to."))
    recipients = models.PositiveIntegerField(_("recipients"), default=0)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return self.subject
