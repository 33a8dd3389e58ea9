"""Infrastructure sharing: providers publish equipment and facilities; takers request access;
both talk in a thread on the request and agree (or not) on dates and terms; an agreement
becomes a booking on the item's calendar; afterwards both record the actual use.

No two confirmed bookings of one item overlap: the booking service locks the item's row
before it checks, so requests agreed at the same moment are applied one after the other.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from synergy.actors.models import Organisation
from synergy.core.models import Region
from synergy.core.taxonomy import KeyArea
from synergy.core.uploads import UploadValidator


def photo_upload_to(instance, filename: str) -> str:
    return f"facilities/{timezone.now():%Y}/{secrets.token_urlsafe(8)}/{filename}"


class ItemQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)


class Item(models.Model):
    class Kind(models.TextChoices):
        LABORATORY = "laboratory", _("Laboratory")
        MACHINE = "machine", _("Machine or production line")
        PRINTER = "printer", _("3D printer")
        TESTING = "testing", _("Testing and measurement equipment")
        COMPUTING = "computing", _("Computing or software")
        SPACE = "space", _("Space or facility")
        OTHER = "other", _("Other")

    class Access(models.TextChoices):
        FREE = "free", _("Free of charge")
        FEE = "fee", _("For a fee")
        COLLABORATION = "collaboration", _("In a collaboration")

    provider = models.ForeignKey(
        Organisation, verbose_name=_("provider"), on_delete=models.PROTECT, related_name="shared_items"
    )
    name = models.CharField(_("name"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    description = models.TextField(_("description"), help_text=_("Markdown is supported."))
    key_areas = models.JSONField(_("key areas"), default=list, blank=True)
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+")
    location = models.CharField(_("location"), max_length=300, help_text=_("Address or building."))
    access = models.CharField(_("access conditions"), max_length=16, choices=Access.choices, default=Access.FEE)
    price = models.CharField(
        _("indicative price"), max_length=200, blank=True, help_text=_("For example “80 EUR per hour”.")
    )
    availability = models.CharField(
        _("availability"), max_length=500, blank=True, help_text=_("For example “weekdays 8:00–16:00”.")
    )
    published = models.BooleanField(_("published"), default=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = ItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("shared item")
        verbose_name_plural = _("shared items")
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["published", "region", "kind"]),
            models.Index(fields=["name", "id"], name="item_by_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("facilities:item", args=[self.slug])

    @property
    def key_area_labels(self) -> list[str]:
        return [KeyArea(code).label for code in self.key_areas if code in KeyArea.values]


class Photo(models.Model):
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(
        _("photo"), upload_to=photo_upload_to, validators=[UploadValidator(["png", "jpeg", "webp"])],
        help_text=_("PNG, JPEG or WebP."),
    )  # fmt: skip
    description = models.CharField(
        _("what the photo shows"), max_length=300, help_text=_("Read aloud to people who cannot see the photo.")
    )

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self) -> str:
        return self.description


class Side(models.TextChoices):
    PROVIDER = "provider", _("Provider")
    TAKER = "taker", _("Taker")


class AccessRequest(models.Model):
    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        NEGOTIATING = "negotiating", _("Under discussion")
        AGREED = "agreed", _("Agreed: booked")
        REFUSED = "refused", _("Refused")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="requests")
    taker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="access_requests"
    )
    taker_organisation = models.ForeignKey(
        Organisation, verbose_name=_("on behalf of"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    purpose = models.TextField(_("purpose"), max_length=4000)
    needs = models.TextField(_("needs"), max_length=4000, blank=True, help_text=_("Materials, training, assistance."))
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.REQUESTED)
    terms = models.TextField(_("terms"), blank=True, max_length=4000)
    # Who made the latest proposal of dates and terms; the other side accepts it.
    proposed_by = models.CharField(max_length=16, choices=Side.choices, default=Side.TAKER, editable=False)
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)
    first_answer_at = models.DateTimeField(_("first answer at"), null=True, blank=True, editable=False)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("access request")
        verbose_name_plural = _("access requests")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="request_ends_after_start")
        ]

    def __str__(self) -> str:
        return f"{self.item} · {self.taker}"

    def get_absolute_url(self) -> str:
        return reverse("facilities:request", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.REQUESTED, self.Status.NEGOTIATING)


class Message(models.Model):
    request = models.ForeignKey(AccessRequest, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    body = models.TextField(_("message"), max_length=4000)
    created_at = models.DateTimeField(_("written at"), default=timezone.now)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.body[:80]


class Booking(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        CANCELLED = "cancelled", _("Cancelled")

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="bookings")
    request = models.OneToOneField(AccessRequest, on_delete=models.CASCADE, related_name="booking")
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.CONFIRMED)
    reminded_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["item", "status", "starts_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="booking_ends_after_start")
        ]

    def __str__(self) -> str:
        return f"{self.item}: {self.starts_at:%Y-%m-%d %H:%M}–{self.ends_at:%H:%M}"

    @property
    def hours(self) -> float:
        return (self.ends_at - self.starts_at).total_seconds() / 3600


class UsageReport(models.Model):
    """After a booking, provider and taker each record what was actually used and how it went."""

    Side = Side

    class Outcome(models.TextChoices):
        AS_PLANNED = "as_planned", _("Used as planned")
        PARTLY = "partly", _("Partly used")
        NOT_USED = "not_used", _("Not used")

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="usage_reports")
    side = models.CharField(_("recorded by"), max_length=16, choices=Side.choices)
    hours_used = models.DecimalField(_("hours actually used"), max_digits=7, decimal_places=1)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)
    notes = models.TextField(_("results and remarks"), blank=True, max_length=4000)
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("usage report")
        verbose_name_plural = _("usage reports")
        constraints = [models.UniqueConstraint(fields=["booking", "side"], name="one_report_per_side")]

    def __str__(self) -> str:
        return f"{self.booking} ({self.get_side_display()})"
