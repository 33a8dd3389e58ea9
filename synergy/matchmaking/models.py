from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from synergy.actors.models import Organisation


class ActorKind(models.TextChoices):
    ORGANISATION = "organisation", _("Organisation")
    PERSON = "person", _("Person")


class ActorTerm(models.Model):
    """One weighted term of one actor's profile: the index the default matcher scores needs against.

    Rebuilt for an actor whenever its profile, competences or projects change
    (``synergy.matchmaking.index``); the weight already holds the term's frequency in the profile
    and where it came from (a declared competence, a project, free text), the rarity of the term
    across all actors is applied when a need is scored.
    """

    kind = models.CharField(max_length=16, choices=ActorKind.choices)
    object_id = models.PositiveBigIntegerField()
    term = models.CharField(max_length=64)
    weight = models.FloatField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "object_id", "term"], name="unique_actor_term")]
        indexes = [models.Index(fields=["term", "kind"], name="actor_term_by_term")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id} {self.term}={self.weight:.3f}"


class CollaborationRequest(models.Model):
    """A person asks an organisation (or a listed person) to work together. When the recipient
    accepts, each side sees the other's contact details."""

    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("collaboration request", "Waiting for an answer")
        ACCEPTED = "accepted", pgettext_lazy("collaboration request", "Accepted")
        DECLINED = "declined", pgettext_lazy("collaboration request", "Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sent_collaboration_requests",
        verbose_name=_("sender"),
    )  # fmt: skip
    sender_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="sent_collaboration_requests",
        verbose_name=_("on behalf of"),
    )  # fmt: skip
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="collaboration_requests",
        verbose_name=_("organisation"),
    )  # fmt: skip
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
        related_name="received_collaboration_requests", verbose_name=_("person"),
    )  # fmt: skip
    subject = models.CharField(_("subject"), max_length=200)
    message = models.TextField(_("message"), max_length=5000)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    decided_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answer = models.TextField(_("answer"), blank=True, max_length=5000)

    class Meta:
        verbose_name = _("collaboration request")
        verbose_name_plural = _("collaboration requests")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=False, person__isnull=True)
                | Q(organisation__isnull=True, person__isnull=False),
                name="collaboration_request_has_one_recipient",
            ),
            models.UniqueConstraint(
                fields=["sender", "organisation"],
                condition=Q(status="pending"),
                name="one_pending_request_to_organisation",
            ),
            models.UniqueConstraint(
                fields=["sender", "person"], condition=Q(status="pending"), name="one_pending_request_to_person"
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "status"], name="collaboration_by_organisation"),
            models.Index(fields=["person", "status"], name="collaboration_by_person"),
            models.Index(fields=["sender", "-created_at"], name="collaboration_by_sender"),
        ]

    def __str__(self) -> str:
        return self.subject

    def get_absolute_url(self) -> str:
        return reverse("matchmaking:request", args=[self.pk])

    @property
    def recipient(self):
        return self.organisation or self.person


class SentSuggestion(models.Model):
    """What a digest already told an organisation about, so the next one tells only what is new."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=32)  # the opportunity's kind, e.g. "challenge"
    object_id = models.PositiveBigIntegerField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "kind", "object_id"], name="unique_sent_suggestion")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.kind}:{self.object_id}"
