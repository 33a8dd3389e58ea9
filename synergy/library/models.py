"""The knowledge library: best practices, success stories, outputs and tools.

An entry is written in English first and may have versions in the partners' languages (title,
summary and body through django-modeltranslation, falling back to English). It carries files
(checked by content, served only through a permission-checked view) and links, and points at the
trainings that present it. Entries are drafts until a regional coordinator of their region, or a
platform admin, publishes them (``rules.py``); an editor who may not publish submits the draft for
publication, and the coordinators are told (``services.submit_for_publication``).
"""

from django.conf import settings
from django.core.validators import URLValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from synergy.accounts.models import StakeholderType
from synergy.actors.models import Organisation
from synergy.core.models import Region
from synergy.core.taxonomy import TERM_CHOICES
from synergy.core.uploads import UploadValidator, private_path

ATTACHMENT_KINDS = ["pdf", "docx", "odt", "pptx", "odp", "xlsx", "ods", "png", "jpeg", "csv"]


class Theme(models.TextChoices):
    """What open-innovation practice an entry is about; the taxonomy's key areas and competences
    say what technology it concerns."""

    STRATEGY = "strategy", _("Regional strategy and policy")
    CROWDSOURCING = "crowdsourcing", _("Challenges and crowdsourcing")
    CROWDFUNDING = "crowdfunding", _("Crowdfunding")
    INFRASTRUCTURE = "infrastructure", _("Sharing infrastructure")
    NETWORKS = "networks", _("Networks and clusters")
    TRAINING = "training", _("Training and capacity building")
    STAKEHOLDERS = "stakeholders", _("Involving stakeholders")


# The controlled topics an entry may carry: the library's themes, then the shared taxonomy.
TOPIC_CHOICES = [*Theme.choices, *TERM_CHOICES]
TOPIC_LABELS = dict(TOPIC_CHOICES)


def attachment_upload_to(instance, filename: str) -> str:
    """A draft's files are not public: an unguessable folder, served only through the library's view."""
    return private_path("library", filename)


class EntryQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Entry.Status.PUBLISHED)

    def in_language(self, language: str):
        """Entries with a version of their own in ``language`` (every entry has one in English)."""
        if language == settings.MODELTRANSLATION_DEFAULT_LANGUAGE:
            return self
        return self.exclude(**{f"body_{language}": ""}).exclude(**{f"body_{language}__isnull": True})


class Entry(models.Model):
    class Kind(models.TextChoices):
        BEST_PRACTICE = "best_practice", _("Best practice")
        SUCCESS_STORY = "success_story", _("Success story")
        OUTPUT = "output", _("Output")
        TOOL = "tool", _("Tool")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PENDING = "pending", _("Waiting for publication")
        PUBLISHED = "published", _("Published")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    summary = models.TextField(_("summary"), max_length=1000, help_text=_("One or two sentences, shown in lists."))
    body = models.TextField(_("text"), max_length=50_000, help_text=_("Markdown is supported."))
    region = models.ForeignKey(
        Region, verbose_name=_("region"), null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text=_("Leave empty for an entry that concerns no region in particular."),
    )  # fmt: skip
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("contributed by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="library_entries", help_text=_("Its admins may edit the entry."),
    )  # fmt: skip
    topics = models.JSONField(_("topics"), default=list, blank=True)
    keywords = models.JSONField(_("keywords"), default=list, blank=True)
    stakeholder_types = models.JSONField(_("for stakeholder types"), default=list, blank=True)
    related_trainings = models.ManyToManyField(
        "trainings.Training", verbose_name=_("related trainings"), blank=True, related_name="library_entries"
    )
    related_actions = models.ManyToManyField(
        "strategy.Action", verbose_name=_("related strategy actions"), blank=True, related_name="library_entries"
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    # The last submission for publication: the reviewers' list is oldest first.
    submitted_at = models.DateTimeField(_("submitted for publication at"), null=True, blank=True, editable=False)
    review_note = models.TextField(_("note from the reviewer"), blank=True, editable=False)

    objects = EntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("library entry")
        verbose_name_plural = _("library entries")
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["status", "kind"]),
            models.Index(fields=["-published_at", "-id"], name="entry_newest_first"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("library:detail", args=[self.slug])

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    @property
    def topic_labels(self) -> list[str]:
        return [str(TOPIC_LABELS[code]) for code in self.topics if code in TOPIC_LABELS]

    @property
    def stakeholder_type_labels(self) -> list[str]:
        labels = dict(StakeholderType.choices)
        return [str(labels[code]) for code in self.stakeholder_types if code in labels]

    @property
    def languages(self) -> list[str]:
        """The codes of the languages the entry has its own text in, English first."""
        return [code for code, _name in settings.LANGUAGES if getattr(self, f"body_{code}", None)]

    def shown_language(self, field: str, language: str) -> str:
        """The language ``field`` is shown in for a reader of ``language``: theirs, or English as the fallback."""
        return language if getattr(self, f"{field}_{language}", None) else settings.MODELTRANSLATION_DEFAULT_LANGUAGE


def http_url(value: str) -> None:
    URLValidator(schemes=["http", "https"])(value)


class Link(models.Model):
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="links")
    label = models.CharField(_("label"), max_length=200)
    url = models.URLField(_("address"), max_length=1000, validators=[http_url], help_text=_("http or https only."))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("link")
        verbose_name_plural = _("links")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.label


class Attachment(models.Model):
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(
        _("file"), upload_to=attachment_upload_to, max_length=300,
        validators=[UploadValidator(ATTACHMENT_KINDS)],  # at most UPLOAD_MAX_BYTES, as every upload
        help_text=_("PDF, office or OpenDocument files, PNG, JPEG or CSV."),
    )  # fmt: skip
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default=settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["title", "id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("library:attachment", args=[self.entry.slug, self.pk])

    @property
    def filename(self) -> str:
        return self.file.name.rsplit("/", 1)[-1]
