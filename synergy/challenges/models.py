"""Crowd-innovation challenges: a giver's problem, the proposals of solvers, a jury's verdict.

A challenge moves through dated phases (open → refinement → evaluation → results →
closed) read off the server's clock; ``PHASE_ABILITIES`` says what each phase allows. A
region's coordinator approves a challenge before anyone else can see it.
"""

import secrets
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from synergy.actors.models import Organisation
from synergy.core.models import Region
from synergy.core.taxonomy import Competence, KeyArea
from synergy.core.uploads import UploadValidator, private_path


def new_token() -> str:
    return secrets.token_urlsafe(24)


def new_certificate_code() -> str:
    return secrets.token_urlsafe(12)


def private_upload_to(instance, filename: str) -> str:
    """An unguessable folder per file: attachments are served only through permission-checked views."""
    return private_path("proposals" if isinstance(instance, ProposalAttachment) else "challenges", filename)


PROPOSAL_FILE_KINDS = ["pdf", "png", "jpeg", "step", "stl", "iges"]
CHALLENGE_FILE_KINDS = ["pdf", "png", "jpeg", "docx", "odt"]


class Phase(models.TextChoices):
    DRAFT = "draft", _("Draft")
    UPCOMING = "upcoming", _("Opens soon")
    OPEN = "open", _("Open for proposals")
    REFINEMENT = "refinement", _("Refinement")
    EVALUATION = "evaluation", _("Evaluation")
    RESULTS = "results", _("Results")
    CLOSED = "closed", _("Closed")


# What each phase allows. The server's clock decides the phase, so nothing can be
# submitted or changed once the phase that allows it has passed.
PHASE_ABILITIES: dict[str, frozenset[str]] = {
    Phase.DRAFT: frozenset(),
    Phase.UPCOMING: frozenset({"ask"}),
    Phase.OPEN: frozenset({"ask", "submit", "edit", "withdraw", "comment", "like"}),
    Phase.REFINEMENT: frozenset({"ask", "edit", "withdraw", "comment", "like"}),
    Phase.EVALUATION: frozenset({"score"}),
    Phase.RESULTS: frozenset(),
    Phase.CLOSED: frozenset(),
}


def _count_of(queryset, field: str):
    """How many rows of ``queryset`` point at the outer row through ``field`` (0 if none)."""
    counted = (
        queryset.filter(**{field: models.OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(n=models.Count("*"))
        .values("n")
    )
    return Coalesce(models.Subquery(counted), 0)


class ThematicCall(models.Model):
    """A group of challenges on one theme, such as a pandemic-response call."""

    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown is supported."))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("thematic call")
        verbose_name_plural = _("thematic calls")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("challenges:call", args=[self.slug])


class ChallengeQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Challenge.Status.PUBLISHED)

    def with_counts(self):
        # A correlated subquery, not a JOIN + GROUP BY: the list then counts only the
        # challenges on the page instead of grouping every proposal of every challenge.
        return self.annotate(proposal_count=_count_of(Proposal.objects.submitted(), "challenge"))


class Challenge(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PENDING = "pending", _("Waiting for approval")
        PUBLISHED = "published", _("Published")

    class CampaignType(models.TextChoices):
        EXPERT = "expert", _("Expert-judged challenge")
        COMMUNITY = "community", _("Community-vote design challenge")

    class PrizeKind(models.TextChoices):
        VOUCHER = "voucher", _("Voucher for services")
        CASH = "cash", _("Cash prize")
        OTHER = "other", _("Other award")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Everyone")
        JURY = "jury", _("Only the challenge giver and the jury")

    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    summary = models.CharField(_("summary"), max_length=500)
    description = models.TextField(_("description"), help_text=_("Markdown is supported."))
    needs = models.TextField(_("needs"), blank=True, help_text=_("What the solution must achieve. Markdown."))
    competences = models.JSONField(_("competences sought"), default=list, blank=True)
    keywords = models.CharField(
        _("keywords"), max_length=500, blank=True, help_text=_("Free keywords, separated by commas.")
    )
    key_areas = models.JSONField(_("key areas"), default=list, blank=True)
    giver = models.ForeignKey(
        Organisation, verbose_name=_("challenge giver"), on_delete=models.PROTECT, related_name="challenges"
    )
    regions = models.ManyToManyField(Region, verbose_name=_("regions"), related_name="challenges")
    transnational = models.BooleanField(
        _("transnational"), default=False, help_text=_("Open to solvers from every region and country.")
    )
    thematic_call = models.ForeignKey(
        ThematicCall, verbose_name=_("thematic call"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="challenges",
    )  # fmt: skip
    campaign_type = models.CharField(
        _("campaign type"), max_length=16, choices=CampaignType.choices, default=CampaignType.EXPERT
    )
    prize_kind = models.CharField(_("kind of award"), max_length=16, choices=PrizeKind.choices, default=PrizeKind.CASH)
    prize_value = models.DecimalField(
        _("award value"), max_digits=12, decimal_places=2, default=Decimal("0"), validators=[MinValueValidator(0)]
    )
    prize_currency = models.CharField(_("currency"), max_length=3, default="EUR")
    prize_description = models.CharField(
        _("award details"), max_length=500, blank=True, help_text=_("For a voucher, the kinds of services it buys.")
    )
    ip_terms = models.TextField(_("intellectual-property terms"), blank=True)
    confidentiality_terms = models.TextField(_("confidentiality terms"), blank=True)
    proposal_visibility = models.CharField(
        _("who may see proposals"), max_length=16, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    team_min = models.PositiveSmallIntegerField(
        _("minimum team size"), default=1, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    team_max = models.PositiveSmallIntegerField(
        _("maximum team size"), default=5, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    opens_at = models.DateTimeField(_("open for proposals from"))
    refinement_starts_at = models.DateTimeField(
        _("refinement from"), null=True, blank=True, help_text=_("Optional: submitted proposals can still be improved.")
    )
    evaluation_starts_at = models.DateTimeField(_("evaluation from"), help_text=_("The deadline for proposals."))
    results_at = models.DateTimeField(_("results from"))
    closes_at = models.DateTimeField(_("closes at"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    approval_note = models.TextField(_("note from the coordinator"), blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    results_published_at = models.DateTimeField(_("results published at"), null=True, blank=True, editable=False)
    # The last phase followers were told about; the scheduler announces each change once.
    announced_phase = models.CharField(max_length=16, choices=Phase.choices, default=Phase.DRAFT, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    followers = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="followed_challenges")

    objects = ChallengeQuerySet.as_manager()

    class Meta:
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")
        ordering = ["-opens_at", "-id"]
        indexes = [models.Index(fields=["status", "opens_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(team_min__lte=models.F("team_max")), name="team_min_not_above_max"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("challenges:detail", args=[self.slug])

    def phase_at(self, now) -> str:
        if self.status != self.Status.PUBLISHED:
            return Phase.DRAFT
        if now < self.opens_at:
            return Phase.UPCOMING
        if now >= self.closes_at:
            return Phase.CLOSED
        if now >= self.results_at:
            return Phase.RESULTS
        if now >= self.evaluation_starts_at:
            return Phase.EVALUATION
        if self.refinement_starts_at and now >= self.refinement_starts_at:
            return Phase.REFINEMENT
        return Phase.OPEN

    @property
    def phase(self) -> str:
        return self.phase_at(timezone.now())

    def get_phase_display(self) -> str:
        return Phase(self.phase).label

    def allows(self, ability: str, now=None) -> bool:
        return ability in PHASE_ABILITIES[self.phase_at(now or timezone.now())]

    @property
    def submission_deadline(self):
        """New proposals close here; submitted ones can be edited until evaluation."""
        return self.refinement_starts_at or self.evaluation_starts_at

    def timeline(self) -> list[tuple[str, object]]:
        steps = [(Phase.OPEN, self.opens_at)]
        if self.refinement_starts_at:
            steps.append((Phase.REFINEMENT, self.refinement_starts_at))
        steps += [(Phase.EVALUATION, self.evaluation_starts_at), (Phase.RESULTS, self.results_at)]
        steps.append((Phase.CLOSED, self.closes_at))
        return [(Phase(kind), when) for kind, when in steps]

    @property
    def is_community_vote(self) -> bool:
        return self.campaign_type == self.CampaignType.COMMUNITY

    @property
    def competence_labels(self) -> list[str]:
        return [Competence(code).label for code in self.competences if code in Competence.values]

    @property
    def key_area_labels(self) -> list[str]:
        return [KeyArea(code).label for code in self.key_areas if code in KeyArea.values]

    @property
    def keyword_list(self) -> list[str]:
        return [word.strip() for word in self.keywords.split(",") if word.strip()]


class ChallengeAttachment(models.Model):
    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(
        _("file"), upload_to=private_upload_to, validators=[UploadValidator(CHALLENGE_FILE_KINDS)],
        help_text=_("PDF, PNG, JPEG, DOCX or ODT."),
    )  # fmt: skip

    class Meta:
        verbose_name = _("challenge attachment")
        verbose_name_plural = _("challenge attachments")

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    """A public question to the challenge giver, answered for everyone."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="questions")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(_("question"), max_length=4000)
    answer = models.TextField(_("answer"), blank=True, max_length=8000)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    asked_at = models.DateTimeField(_("asked at"), default=timezone.now)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["asked_at", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class ProposalQuerySet(models.QuerySet):
    def submitted(self):
        return self.filter(status=Proposal.Status.SUBMITTED)


class Proposal(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="proposals")
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), max_length=2000)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("on behalf of"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="proposals",
    )  # fmt: skip
    # The structured research plan.
    objectives = models.TextField(_("objectives"), blank=True, max_length=10000)
    approach = models.TextField(_("approach"), blank=True, max_length=20000)
    resources = models.TextField(_("resources and infrastructure needed"), blank=True, max_length=10000)
    budget_total = models.DecimalField(
        _("total budget"), max_digits=12, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    budget_notes = models.TextField(_("budget breakdown"), blank=True, max_length=10000)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    # Kept by ``services.set_like`` with atomic increments, so a community vote's ranking
    # is read from an index instead of counting likes on every page view.
    like_count = models.PositiveIntegerField(_("likes"), default=0, editable=False)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["submitted_at", "id"]
        indexes = [
            models.Index(fields=["challenge", "status"]),
            models.Index(fields=["challenge", "status", "-like_count"], name="proposal_by_likes"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("challenges:proposal", args=[self.challenge.slug, self.pk])


class Milestone(models.Model):
    """One step of the work plan."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=300)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    deliverable = models.CharField(_("deliverable"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.title


class TeamMember(models.Model):
    """A person on a proposal's team: its lead, or someone invited by user name or e-mail."""

    class Status(models.TextChoices):
        INVITED = "invited", _("Invited")
        ACCEPTED = "accepted", _("Member")
        DECLINED = "declined", _("Declined")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="team_memberships"
    )
    email = models.EmailField(_("e-mail address"), blank=True)
    is_lead = models.BooleanField(_("team lead"), default=False)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.INVITED)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    invited_at = models.DateTimeField(_("invited at"), default=timezone.now)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["-is_lead", "invited_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "user"], name="one_place_per_person_per_team"),
            models.CheckConstraint(condition=Q(user__isnull=False) | ~Q(email=""), name="team_member_has_identity"),
        ]

    def __str__(self) -> str:
        return str(self.user or self.email)


class ProposalAttachment(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(
        _("file"), upload_to=private_upload_to, validators=[UploadValidator(PROPOSAL_FILE_KINDS)],
        help_text=_("PDF, PNG, JPEG, or a CAD file: STEP, STL or IGES."),
    )  # fmt: skip
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("proposal attachment")
        verbose_name_plural = _("proposal attachments")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.title


class Like(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="likes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["proposal", "user"], name="one_like_per_member")]

    def __str__(self) -> str:
        return f"{self.user} → {self.proposal}"


class Comment(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    body = models.TextField(_("comment"), max_length=4000)
    created_at = models.DateTimeField(_("written at"), default=timezone.now)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.body[:80]


# --- The jury ------------------------------------------------------------------------------


class Juror(models.Model):
    class Status(models.TextChoices):
        INVITED = "invited", pgettext_lazy("juror", "Invited")
        ACCEPTED = "accepted", pgettext_lazy("juror", "Accepted")
        DECLINED = "declined", pgettext_lazy("juror", "Declined")

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="jurors")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="juries"
    )
    email = models.EmailField(_("e-mail address"), blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.INVITED)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    invited_at = models.DateTimeField(_("invited at"), default=timezone.now)
    confidentiality_accepted_at = models.DateTimeField(_("confidentiality declaration accepted"), null=True)
    no_conflict_declared_at = models.DateTimeField(_("no-conflict declaration signed"), null=True)

    class Meta:
        verbose_name = _("juror")
        verbose_name_plural = _("jurors")
        ordering = ["invited_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["challenge", "user"], name="one_seat_per_juror"),
            models.CheckConstraint(condition=Q(user__isnull=False) | ~Q(email=""), name="juror_has_identity"),
        ]

    def __str__(self) -> str:
        return str(self.user or self.email)

    @property
    def is_seated(self) -> bool:
        """Accepted, with both declarations signed: only then may the juror see proposals."""
        return (
            self.status == self.Status.ACCEPTED
            and self.confidentiality_accepted_at is not None
            and self.no_conflict_declared_at is not None
        )


class Conflict(models.Model):
    """A juror's declared conflict with one proposal: hidden from them, and not scored by them."""

    juror = models.ForeignKey(Juror, on_delete=models.CASCADE, related_name="conflicts")
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="conflicts")
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    declared_at = models.DateTimeField(_("declared at"), default=timezone.now)

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [models.UniqueConstraint(fields=["juror", "proposal"], name="one_conflict_per_pair")]

    def __str__(self) -> str:
        return f"{self.juror} × {self.proposal}"


class Round(models.Model):
    """One round of evaluation (a shortlist, a final), with its own proposals and criteria."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("In preparation")
        OPEN = "open", _("Open for scoring")
        CLOSED = "closed", _("Closed")

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="rounds")
    name = models.CharField(_("name"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    scale_min = models.PositiveSmallIntegerField(_("lowest score"), default=0)
    scale_max = models.PositiveSmallIntegerField(
        _("highest score"), default=10, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    proposals = models.ManyToManyField(Proposal, verbose_name=_("proposals"), blank=True, related_name="rounds")
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("evaluation round")
        verbose_name_plural = _("evaluation rounds")
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(scale_min__lt=models.F("scale_max")), name="scale_min_below_max"),
        ]

    def __str__(self) -> str:
        return self.name


class Criterion(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("criterion"), max_length=200)
    description = models.CharField(_("what jurors look for"), max_length=1000, blank=True)
    weight = models.PositiveSmallIntegerField(
        _("weight (%)"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    position = models.PositiveSmallIntegerField(_("position"), default=1)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.weight} %)"


class Score(models.Model):
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="scores")
    juror = models.ForeignKey(Juror, on_delete=models.CASCADE, related_name="scores")
    value = models.PositiveSmallIntegerField(_("score"))
    comment = models.TextField(_("comment"), blank=True, max_length=4000)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["criterion", "proposal", "juror"], name="one_score_per_criterion"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.value}"


class ScoreChange(models.Model):
    """The audit history: every score given or changed, never edited or deleted."""

    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+")
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="+")
    juror = models.ForeignKey(Juror, on_delete=models.CASCADE, related_name="score_changes")
    old_value = models.PositiveSmallIntegerField(_("previous score"), null=True)
    new_value = models.PositiveSmallIntegerField(_("new score"))
    old_comment = models.TextField(_("previous comment"), blank=True)
    new_comment = models.TextField(_("new comment"), blank=True)
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        verbose_name = _("score change")
        verbose_name_plural = _("score history")
        ordering = ["changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.old_value} → {self.new_value}"


class Award(models.Model):
    """A winner confirmed by the coordinator, with the certificate that proves it."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="awards")
    proposal = models.OneToOneField(Proposal, on_delete=models.PROTECT, related_name="award")
    rank = models.PositiveSmallIntegerField(_("rank"), default=1)
    title = models.CharField(_("award"), max_length=200, help_text=_("For example “First prize”."))
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2, default=Decimal("0"))
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    certificate_code = models.CharField(max_length=32, unique=True, default=new_certificate_code, editable=False)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), default=timezone.now)

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["rank", "id"]

    def __str__(self) -> str:
        return f"{self.title}: {self.proposal}"
