"""The regional crowd-innovation strategy as a living plan.

The *strategy* is public, structured content (chapters, sections, actions) translated with
django-modeltranslation, each language version with a status. A region *adopts* it as a
``RegionalPlan``: the actions it picked are copied into ``PlanAction`` rows (so later edits of
the strategy never change a region's adapted text), next to the region's own actions.
``Indicator`` rows measure the plan: by values entered by hand (``IndicatorValue``) or by a
counter the platform keeps (``synergy.core.indicators``), per period.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from synergy.actors.models import Organisation, OrganisationType
from synergy.core.models import Region


class TargetGroup(models.TextChoices):
    INDUSTRY = "industry", _("Industry")
    ACADEMIA = "academia", _("Academia")
    POLICY_MAKERS = "policy_makers", _("Policy makers")
    PUBLIC = "public", _("General public")


class StrategyQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)


class Strategy(models.Model):
    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    summary = models.TextField(_("summary"), help_text=_("Markdown is supported."))
    published = models.BooleanField(_("published"), default=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = StrategyQuerySet.as_manager()

    class Meta:
        verbose_name = _("strategy")
        verbose_name_plural = _("strategies")
        ordering = ["title", "id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("strategy:detail", args=[self.slug])


class Chapter(models.Model):
    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="chapters")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)
    introduction = models.TextField(_("introduction"), blank=True, help_text=_("Markdown is supported."))

    class Meta:
        verbose_name = _("chapter")
        verbose_name_plural = _("chapters")
        ordering = ["strategy", "number"]
        constraints = [models.UniqueConstraint(fields=["strategy", "number"], name="unique_strategy_chapter_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("strategy:chapter", args=[self.strategy.slug, self.number])


class Section(models.Model):
    chapter = models.ForeignKey(Chapter, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), help_text=_("Markdown is supported."))

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["chapter", "position", "id"]

    def __str__(self) -> str:
        return self.title


class Action(models.Model):
    """One action of the strategy's plan of actions, ready for a region to adopt."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="actions")
    chapter = models.ForeignKey(Chapter, on_delete=models.CASCADE, related_name="actions")
    code = models.CharField(_("code"), max_length=20, help_text=_("For example A1.2."))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), help_text=_("Markdown is supported."))
    target_groups = models.JSONField(_("target groups"), default=list, blank=True)
    stakeholder_types = models.JSONField(_("responsible stakeholder types"), default=list, blank=True)
    suggested_indicators = models.TextField(_("suggested indicators"), blank=True)
    # Keys of counters in synergy.core.indicators, offered as automatic indicators on adoption.
    counter_keys = models.JSONField(_("counted indicators"), default=list, blank=True)
    time_frame = models.CharField(_("time frame"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["strategy", "position", "code"]
        constraints = [models.UniqueConstraint(fields=["strategy", "code"], name="unique_strategy_action_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("strategy:action", args=[self.strategy.slug, self.code])

    @property
    def target_group_labels(self) -> list[str]:
        return [TargetGroup(code).label for code in self.target_groups if code in TargetGroup.values]

    @property
    def stakeholder_type_labels(self) -> list[str]:
        return [OrganisationType(code).label for code in self.stakeholder_types if code in OrganisationType.values]


class LanguageVersion(models.Model):
    """How far the strategy is translated into one language; "requested" until someone starts."""

    class Status(models.TextChoices):
        COMPLETE = "complete", _("Complete")
        PARTIAL = "partial", _("Partial")
        REQUESTED = "requested", _("Requested")

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="language_versions")
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.REQUESTED)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("language version")
        verbose_name_plural = _("language versions")
        ordering = ["strategy", "language"]
        constraints = [
            models.UniqueConstraint(fields=["strategy", "language"], name="one_strategy_version_per_language")
        ]

    def __str__(self) -> str:
        return f"{self.strategy} · {self.get_language_display()} · {self.get_status_display()}"


class TranslationRequest(models.Model):
    """A signed-in person asked for the strategy in a language; once per person and language."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="translation_requests")
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)

    class Meta:
        verbose_name = _("translation request")
        verbose_name_plural = _("translation requests")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["strategy", "language", "requested_by"], name="one_translation_request_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.strategy} → {self.language}"


class RegionalPlan(models.Model):
    """A region's adoption of a strategy: one per region and strategy."""

    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.CASCADE, related_name="+")
    strategy = models.ForeignKey(Strategy, on_delete=models.PROTECT, related_name="plans")
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    adopted_at = models.DateTimeField(_("adopted at"), default=timezone.now)
    starts_on = models.DateField(_("plan starts on"), default=timezone.localdate)

    class Meta:
        verbose_name = _("regional plan")
        verbose_name_plural = _("regional plans")
        ordering = ["region__name", "id"]
        constraints = [models.UniqueConstraint(fields=["region", "strategy"], name="one_plan_per_region")]

    def __str__(self) -> str:
        return f"{self.strategy} · {self.region}"

    def get_absolute_url(self) -> str:
        return reverse("strategy:plan", args=[self.strategy.slug, self.region.slug])


class PlanAction(models.Model):
    """An action of a region's plan: adapted from the strategy (``source``) or the region's own."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    plan = models.ForeignKey(RegionalPlan, on_delete=models.CASCADE, related_name="actions")
    source = models.ForeignKey(
        Action, verbose_name=_("strategy action"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="adoptions",
    )  # fmt: skip
    code = models.CharField(_("code"), max_length=20, blank=True)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True, max_length=10000)
    owner = models.ForeignKey(
        Organisation, verbose_name=_("owner"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    starts_on = models.DateField(_("start"), null=True, blank=True)
    ends_on = models.DateField(_("end"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PLANNED)
    notes = models.TextField(_("notes"), blank=True, max_length=10000)
    created_at = models.DateTimeField(_("added at"), default=timezone.now)

    class Meta:
        verbose_name = _("plan action")
        verbose_name_plural = _("plan actions")
        ordering = ["plan", "code", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "source"], condition=Q(source__isnull=False), name="strategy_action_adopted_once"
            ),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True) | Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="plan_action_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}".strip()


class Indicator(models.Model):
    """What a plan (or one of its actions) is measured by: manual values, or a platform counter."""

    class Period(models.TextChoices):
        QUARTER = "quarter", _("Quarter")
        YEAR = "year", _("Year")

    plan = models.ForeignKey(RegionalPlan, on_delete=models.CASCADE, related_name="indicators")
    action = models.ForeignKey(
        PlanAction, verbose_name=_("action"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="indicators",
    )  # fmt: skip
    name = models.CharField(_("name"), max_length=300)
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2, default=0)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2, null=True, blank=True)
    # Empty: values are entered by hand. Otherwise the key of a counter in synergy.core.indicators.
    counter_key = models.CharField(_("counted by the platform"), max_length=60, blank=True)
    period = models.CharField(_("period"), max_length=10, choices=Period.choices, default=Period.QUARTER)
    created_at = models.DateTimeField(_("added at"), default=timezone.now)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["plan", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_automatic(self) -> bool:
        return bool(self.counter_key)


class IndicatorValue(models.Model):
    """A value entered by hand for a manual indicator, as measured on a date; one per date."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    measured_on = models.DateField(_("measured on"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_at = models.DateTimeField(_("entered at"), default=timezone.now)

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["indicator", "measured_on"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "measured_on"], name="one_indicator_value_per_date")
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value} ({self.measured_on})"
