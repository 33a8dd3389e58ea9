"""Writes to infrastructure sharing: requests, the thread, terms proposed and accepted,
bookings without overlap, usage records, reminders; and the figures for reports."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count, FloatField, Func, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from synergy.accounts.models import User
from synergy.accounts.tokens import user_for_token, user_token
from synergy.actors.models import Membership
from synergy.core.exceptions import Refused
from synergy.core.models import Region
from synergy.core.search import Entry
from synergy.notifications.services import tell_each

from .models import AccessRequest, Booking, Item, Message, UsageReport

FEED_SALT = "synergy.facilities.feed"


def provider_admins(item: Item) -> list[User]:
    return list(
        User.objects.filter(
            memberships__organisation_id=item.provider_id, memberships__role=Membership.Role.ADMIN, is_active=True
        )
    )


def is_provider(user, item: Item) -> bool:
    return (
        user.is_authenticated
        and Membership.objects.filter(user=user, organisation_id=item.provider_id, role=Membership.Role.ADMIN).exists()
    )


def side_of(user, access_request: AccessRequest) -> str | None:
    if user.is_authenticated and access_request.taker_id == user.pk:
        return "taker"
    if is_provider(user, access_request.item):
        return "provider"
    return None


def _others(access_request: AccessRequest, side: str) -> list[User]:
    if side == "taker":
        return provider_admins(access_request.item)
    return [access_request.taker] if access_request.taker and access_request.taker.is_active else []


# --- Requests and the thread ------------------------------------------------------------------------


@transaction.atomic
def request_access(item: Item, taker: User, *, purpose: str, needs: str, starts_at, ends_at, organisation=None):
    """Ask for ``item`` at these times; asking again for the same times returns the open request.

    The item's row is locked first, so a form sent twice at once (a double click, two tabs)
    makes one request and tells the provider once.
    """
    item = Item.objects.select_for_update().get(pk=item.pk)
    if not item.published:
        raise Refused(_("This item is not offered at the moment."))
    if is_provider(taker, item):
        raise Refused(_("You administer this item's provider."))
    if ends_at <= starts_at:
        raise Refused(_("The end must come after the start."))
    if starts_at < timezone.now():
        raise Refused(_("Ask for dates in the future."))
    already = AccessRequest.objects.filter(
        item=item, taker=taker, starts_at=starts_at, ends_at=ends_at,
        status__in=[AccessRequest.Status.REQUESTED, AccessRequest.Status.NEGOTIATING],
    ).first()  # fmt: skip
    if already is not None:
        return already
    access_request = AccessRequest.objects.create(
        item=item, taker=taker, taker_organisation=organisation, purpose=purpose, needs=needs,
        starts_at=starts_at, ends_at=ends_at, proposed_by="taker",
    )  # fmt: skip
    tell_each(
        provider_admins(item),
        lambda: (
            _("Access requested: %(item)s") % {"item": item.name},
            _("%(name)s asks to use it from %(start)s to %(end)s.")
            % {"name": taker.display_name, "start": _when(starts_at), "end": _when(ends_at)},
        ),
        kind="facilities.requested",
        url=access_request.get_absolute_url(),
    )
    return access_request


def _when(moment) -> str:
    from django.utils.formats import date_format

    return date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


@transaction.atomic
def post_message(access_request: AccessRequest, author: User, body: str) -> Message:
    access_request = AccessRequest.objects.select_for_update().get(pk=access_request.pk)
    side = side_of(author, access_request)
    if side is None:
        raise Refused(_("Only the provider and the taker write in this thread."))
    message = Message.objects.create(request=access_request, author=author, body=body)
    _note_answer(access_request, side)
    tell_each(
        _others(access_request, side),
        lambda: (_("New message about %(item)s") % {"item": access_request.item.name}, body[:500]),
        kind="facilities.message",
        url=access_request.get_absolute_url() + "#thread",
    )
    return message


def _note_answer(access_request: AccessRequest, side: str) -> None:
    """The provider's first word starts the negotiation and is what "time to first answer" measures."""
    if side == "provider" and access_request.first_answer_at is None:
        access_request.first_answer_at = timezone.now()
        if access_request.status == AccessRequest.Status.REQUESTED:
            access_request.status = AccessRequest.Status.NEGOTIATING
        access_request.save(update_fields=["first_answer_at", "status"])


@transaction.atomic
def propose_terms(access_request: AccessRequest, by: User, *, starts_at, ends_at, terms: str) -> None:
    """Either side proposes dates and terms; the other side then accepts them or answers."""
    access_request = AccessRequest.objects.select_for_update().get(pk=access_request.pk)
    side = side_of(by, access_request)
    if side is None:
        raise Refused(_("Only the provider and the taker negotiate this request."))
    if not access_request.is_open:
        raise Refused(_("This request is closed."))
    if ends_at <= starts_at:
        raise Refused(_("The end must come after the start."))
    access_request.starts_at, access_request.ends_at, access_request.terms = starts_at, ends_at, terms
    access_request.proposed_by = side
    access_request.save(update_fields=["starts_at", "ends_at", "terms", "proposed_by"])
    _note_answer(access_request, side)
    tell_each(
        _others(access_request, side),
        lambda: (
            _("New terms proposed for %(item)s") % {"item": access_request.item.name},
            _("From %(start)s to %(end)s.") % {"start": _when(starts_at), "end": _when(ends_at)} + "\n" + terms,
        ),
        kind="facilities.terms",
        url=access_request.get_absolute_url(),
    )


@transaction.atomic
def accept_terms(access_request: AccessRequest, by: User) -> Booking:
    """The side that did not make the last proposal accepts it: the request becomes a booking.

    The item's row is locked first, so two agreements for overlapping times cannot both pass
    the overlap check.
    """
    item = Item.objects.select_for_update().get(pk=access_request.item_id)
    access_request = AccessRequest.objects.select_for_update().get(pk=access_request.pk)
    side = side_of(by, access_request)
    if side is None:
        raise Refused(_("Only the provider and the taker negotiate this request."))
    if not access_request.is_open:
        raise Refused(_("This request is closed."))
    if side == access_request.proposed_by:
        raise Refused(_("Your own proposal waits for the other side's answer."))
    overlapping = item.bookings.filter(
        status=Booking.Status.CONFIRMED, starts_at__lt=access_request.ends_at, ends_at__gt=access_request.starts_at
    )
    if overlapping.exists():
        raise Refused(_("The item is already booked at that time. Propose other dates."))
    booking = Booking.objects.create(
        item=item, request=access_request, starts_at=access_request.starts_at, ends_at=access_request.ends_at
    )
    access_request.status = AccessRequest.Status.AGREED
    access_request.decided_at = timezone.now()
    access_request.save(update_fields=["status", "decided_at"])
    _note_answer(access_request, side)
    tell_each(
        _others(access_request, side),
        lambda: (
            _("Booked: %(item)s") % {"item": item.name},
            _("From %(start)s to %(end)s.") % {"start": _when(booking.starts_at), "end": _when(booking.ends_at)},
        ),
        kind="facilities.booked",
        url=access_request.get_absolute_url(),
    )
    return booking


@transaction.atomic
def close_request(access_request: AccessRequest, by: User, *, reason: str = "") -> None:
    """The provider refuses, or the taker withdraws, an open request."""
    access_request = AccessRequest.objects.select_for_update().get(pk=access_request.pk)
    side = side_of(by, access_request)
    if side is None:
        raise Refused(_("Only the provider and the taker negotiate this request."))
    if not access_request.is_open:
        raise Refused(_("This request is closed."))
    access_request.status = AccessRequest.Status.REFUSED if side == "provider" else AccessRequest.Status.WITHDRAWN
    access_request.decided_at = timezone.now()
    access_request.save(update_fields=["status", "decided_at"])
    _note_answer(access_request, side)
    if reason:
        Message.objects.create(request=access_request, author=by, body=reason)
    tell_each(
        _others(access_request, side),
        lambda: (
            (_("Request refused: %(item)s") if side == "provider" else _("Request withdrawn: %(item)s"))
            % {"item": access_request.item.name},
            reason,
        ),
        kind="facilities.closed",
        url=access_request.get_absolute_url(),
    )


def cancel_booking(booking: Booking, by: User) -> None:
    if side_of(by, booking.request) is None:
        raise Refused(_("Only the provider and the taker can cancel this booking."))
    if booking.starts_at <= timezone.now():
        raise Refused(_("A booking that has started can no longer be cancelled."))
    booking.status = Booking.Status.CANCELLED
    booking.save(update_fields=["status"])
    side = side_of(by, booking.request)
    tell_each(
        _others(booking.request, side),
        lambda: (_("Booking cancelled: %(item)s") % {"item": booking.item.name}, _when(booking.starts_at)),
        kind="facilities.cancelled",
        url=booking.request.get_absolute_url(),
    )


def record_usage(booking: Booking, by: User, *, hours_used, outcome: str, notes: str) -> UsageReport:
    side = side_of(by, booking.request)
    if side is None:
        raise Refused(_("Only the provider and the taker record the use."))
    if booking.status != Booking.Status.CONFIRMED or booking.starts_at > timezone.now():
        raise Refused(_("The use can be recorded once the booking has started."))
    report, _created = UsageReport.objects.update_or_create(
        booking=booking, side=side,
        defaults={"hours_used": hours_used, "outcome": outcome, "notes": notes, "recorded_at": timezone.now()},
    )  # fmt: skip
    return report


def send_booking_reminders(now=None) -> int:
    """One reminder to both sides, a day before each confirmed booking."""
    now = now or timezone.now()
    due = Booking.objects.filter(
        status=Booking.Status.CONFIRMED,
        reminded_at__isnull=True,
        starts_at__gt=now,
        starts_at__lte=now + timedelta(days=1),
    ).values_list("pk", flat=True)
    sent = 0
    for booking_id in list(due):
        with transaction.atomic():
            if not Booking.objects.filter(pk=booking_id, reminded_at__isnull=True).update(reminded_at=now):
                continue
            booking = Booking.objects.select_related("item", "request__taker").get(pk=booking_id)
            people = provider_admins(booking.item) + ([booking.request.taker] if booking.request.taker else [])
            tell_each(
                people,
                lambda booking=booking: (
                    _("Tomorrow: %(item)s") % {"item": booking.item.name},
                    _("From %(start)s to %(end)s.")
                    % {"start": _when(booking.starts_at), "end": _when(booking.ends_at)},
                ),
                kind="facilities.reminder",
                url=booking.request.get_absolute_url(),
            )
            sent += 1
    return sent


# --- Calendar feeds -------------------------------------------------------------------------------------


def feed_token(user: User) -> str:
    return user_token(user, salt=FEED_SALT)


def user_for_feed_token(token: str) -> User | None:
    return user_for_token(token, salt=FEED_SALT)


def calendar(bookings, *, name: str, with_names: bool) -> bytes:
    """Bookings as .ics; the public item feed shows busy times only, never who booked."""
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//Synergy//Shared infrastructure//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    for booking in bookings:
        event = Event()
        event.add("uid", f"booking-{booking.pk}@synergy")
        event.add("dtstamp", booking.request.created_at)
        event.add("dtstart", booking.starts_at)
        event.add("dtend", booking.ends_at)
        event.add("summary", booking.item.name if with_names else _("Booked: %(item)s") % {"item": booking.item.name})
        event.add("url", settings.SITE_URL + booking.item.get_absolute_url())
        event.add("location", booking.item.location)
        event.add("status", "CONFIRMED" if booking.status == Booking.Status.CONFIRMED else "CANCELLED")
        cal.add_component(event)
    return cal.to_ical()


# --- Figures -----------------------------------------------------------------------------------------------


class HoursBetween(Func):
    """Hours from ``start`` to ``end``, computed by the database (not per row in Python)."""

    output_field = FloatField()

    def __init__(self, end, start):
        super().__init__(end, start)

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, template="((julianday(%(expressions)s)) * 24)", arg_joiner=") - julianday("
        )

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, template="(EXTRACT(EPOCH FROM (%(expressions)s)) / 3600.0)", arg_joiner=" - "
        )


def _median_hours(requests) -> float | None:
    """The median wait for the provider's first answer: the database sorts, two rows come back."""
    answered = requests.filter(first_answer_at__isnull=False).annotate(
        wait=HoursBetween("first_answer_at", "created_at")
    )
    count = answered.count()
    if not count:
        return None
    ordered = answered.order_by("wait").values_list("wait", flat=True)
    middle = list(ordered[(count - 1) // 2 : count // 2 + 1])
    return sum(middle) / len(middle)


def figures(items, *, days: int = 90) -> dict:
    """Items by kind, requests and how they ended, time to first answer, and use over ``days``.

    Every figure is computed by the database, so the report's time does not depend on how
    many bookings a region has had.
    """
    now = timezone.now()
    since = now - timedelta(days=days)
    requests = AccessRequest.objects.filter(item__in=items).order_by()
    by_status = dict(requests.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    decided = sum(by_status.get(s, 0) for s in ("agreed", "refused", "withdrawn"))
    median = _median_hours(requests)
    bookings = Booking.objects.filter(
        item__in=items, status=Booking.Status.CONFIRMED, starts_at__gte=since, starts_at__lt=now
    ).order_by()
    booked_hours = bookings.aggregate(hours=Sum(HoursBetween("ends_at", "starts_at")))["hours"] or 0
    used = UsageReport.objects.filter(booking__in=bookings, side=UsageReport.Side.PROVIDER)
    used_hours = float(used.aggregate(hours=Sum("hours_used"))["hours"] or 0)
    kind_labels = dict(Item.Kind.choices)
    return {
        "items": items.count(),
        "by_kind": [
            (str(kind_labels.get(kind, kind)), count)
            for kind, count in items.values_list("kind").annotate(n=Count("id")).values_list("kind", "n").order_by("-n")
        ],
        "by_region": [(str(region), count) for region, count in _count_by_region(items)],
        "requests": sum(by_status.values()),
        "agreed": by_status.get("agreed", 0),
        "refused": by_status.get("refused", 0),
        "withdrawn": by_status.get("withdrawn", 0),
        "open": by_status.get("requested", 0) + by_status.get("negotiating", 0),
        "fulfilled_share": round(100 * by_status.get("agreed", 0) / decided) if decided else None,
        "median_first_answer_hours": round(median, 1) if median is not None else None,
        "booked_hours": round(booked_hours, 1),
        "used_hours": round(used_hours, 1),
        "use_rate": round(100 * used_hours / booked_hours) if booked_hours else None,
        "days": days,
    }


def _count_by_region(items) -> list[tuple]:
    counts = dict(items.values_list("region").annotate(n=Count("id")).values_list("region", "n"))
    return [(region, counts[region.pk]) for region in Region.objects.filter(pk__in=counts).order_by("name")]


def search_entry(item: Item) -> Entry | None:
    if not item.published:
        return None
    return Entry(title=item.name, body=f"{item.description} {item.location}", url=item.get_absolute_url())


def list_url_for_region(region) -> str:
    return reverse("facilities:list") + f"?region={region.slug}"


def requests_data(user: User) -> list[dict]:
    return [
        {
            "item": r.item.name,
            "purpose": r.purpose,
            "from": r.starts_at.isoformat(),
            "until": r.ends_at.isoformat(),
            "status": r.status,
            "messages": [m.body for m in r.messages.filter(author=user)],
        }
        for r in AccessRequest.objects.filter(taker=user).select_related("item").prefetch_related("messages")
    ]


def asked_requests(user):
    """Requests the person made, as taker (read through the taker's index)."""
    return AccessRequest.objects.filter(taker=user)


def received_requests(user, organisations: list[int]):
    """Requests made to ``organisations`` (those the person administers), but not by the person.

    Asked and received stay two queries, each read through its own index (taker; provider, then
    item) where one ``taker OR provider`` condition across the join made PostgreSQL read every
    request; with no organisation, no query runs at all."""
    return AccessRequest.objects.filter(item__provider__in=organisations).exclude(taker=user)


def shared_items_of(organisation) -> list[Item]:
    """The published equipment and facilities the organisation shares, for its profile page."""
    return list(Item.objects.published().filter(provider=organisation).order_by("name", "id"))
