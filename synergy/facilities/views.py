"""Shared-infrastructure pages: the registry, requests with their thread, bookings, feeds, reports."""

from datetime import datetime, time, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from synergy.actors.rules import administered_organisation_ids
from synergy.core import caching
from synergy.core.forms import keep_typed, typed_or_blank
from synergy.core.models import Region
from synergy.core.pagination import paginate
from synergy.core.permissions import get_object_for, require
from synergy.core.responses import ics_response
from synergy.core.slugs import unique_slug
from synergy.core.taxonomy import KeyArea

from . import services
from .forms import CloseForm, ItemForm, MessageForm, PhotoForm, RequestForm, TermsForm, UsageForm
from .models import AccessRequest, Booking, Item


def item_list(request):
    items = Item.objects.published().select_related("provider", "region")
    region_slug = request.GET.get("region", "")
    kind = request.GET.get("kind", "")
    key_area = request.GET.get("key_area", "")
    day = parse_date(request.GET.get("date", "") or "")
    if region_slug:
        items = items.filter(region__slug=region_slug)
    if kind in Item.Kind.values:
        items = items.filter(kind=kind)
    if key_area in KeyArea.values:
        items = items.filter(key_areas__icontains=f'"{key_area}"')
    if day:
        start = timezone.make_aware(datetime.combine(day, time.min))
        busy = Booking.objects.filter(
            status=Booking.Status.CONFIRMED, starts_at__lt=start + timedelta(days=1), ends_at__gt=start
        ).values("item")
        items = items.exclude(pk__in=busy)
    context = {
        # Counted and fetched only if the list is not already rendered in the cache.
        "page": SimpleLazyObject(lambda: paginate(request, items.order_by("name", "id"))),
        "regions": Region.objects.order_by("name"),
        "region_slug": region_slug,
        "kinds": Item.Kind.choices,
        "kind": kind,
        "key_areas": KeyArea.choices,
        "key_area": key_area,
        "day": day,
    }
    return render(request, "facilities/list.html", context)


def item_detail(request, slug: str):
    # The provider is read with the item for a signed-in person, whose buttons depend on it; what
    # else the page shows is read only if the item's public part is not already in the cache.
    items = Item.objects.select_related("provider") if request.user.is_authenticated else Item.objects.all()
    item = get_object_for(request, "facilities.view_item", items, slug=slug)
    return render(request, "facilities/item.html", _item_context(request, item))


def _item_context(request, item: Item, form: RequestForm | None = None) -> dict:
    user = request.user
    # An anonymous visitor neither edits nor asks (the rules would read the provider to say so).
    can_request = user.is_authenticated and user.has_perm("facilities.request_access", item)
    return {
        "item": item,
        "photos": SimpleLazyObject(lambda: list(item.photos.all())),
        "upcoming": SimpleLazyObject(
            lambda: list(item.bookings.filter(status=Booking.Status.CONFIRMED, ends_at__gte=timezone.now())[:50])
        ),
        "form": form or (RequestForm(user=user) if can_request else None),
        "can_request": can_request,
        "can_edit": user.is_authenticated and user.has_perm("facilities.change_item", item),
    }


@login_required
def item_create(request):
    require(request, "facilities.add_item")
    return _edit(request, Item())


@login_required
def item_edit(request, slug: str):
    return _edit(request, get_object_for(request, "facilities.change_item", Item.objects.all(), slug=slug))


def _edit(request, item: Item):
    form = ItemForm(request.POST or None, instance=item, user=request.user)
    if request.method == "POST" and form.is_valid():
        item = form.save(commit=False)
        if not item.slug:
            item.slug = unique_slug(Item, item.name, fallback="item")
        item.save()
        messages.success(request, _("The item is saved."))
        return redirect(item)
    return render(request, "facilities/item_form.html", {"form": form, "item": item})


@login_required
def item_photos(request, slug: str):
    item = get_object_for(request, "facilities.change_item", Item.objects.all(), slug=slug)
    form = PhotoForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if "delete" in request.POST:
            item.photos.filter(pk=request.POST["delete"]).delete()
            messages.success(request, _("The photo is removed."))
            return redirect("facilities:photos", item.slug)
        if form.is_valid():
            photo = form.save(commit=False)
            photo.item = item
            photo.save()
            messages.success(request, _("The photo is added."))
            return redirect("facilities:photos", item.slug)
    return render(request, "facilities/photos.html", {"item": item, "form": form, "photos": item.photos.all()})


@login_required
@require_POST
def request_access(request, slug: str):
    item = get_object_for(request, "facilities.request_access", Item.objects.all(), slug=slug)
    form = RequestForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, _("Please correct the fields marked below."))
        return render(request, "facilities/item.html", _item_context(request, item, form))
    data = form.cleaned_data
    try:
        access_request = services.request_access(
            item, request.user, purpose=data["purpose"], needs=data["needs"], starts_at=data["starts_at"],
            ends_at=data["ends_at"], organisation=data["organisation"],
        )  # fmt: skip
    except services.Refused as refusal:
        messages.error(request, str(refusal))
        return redirect(item)
    messages.success(request, _("Your request is sent to the provider. You will talk here until you agree."))
    return redirect(access_request)


def _request(request, pk: int) -> AccessRequest:
    return get_object_for(
        request, "facilities.view_request", AccessRequest.objects.select_related("item__provider", "taker"), pk=pk
    )


@login_required
def request_detail(request, pk: int):
    access_request = _request(request, pk)
    side = services.side_of(request.user, access_request)
    booking = getattr(access_request, "booking", None)
    context = {
        "access_request": access_request,
        "item": access_request.item,
        "thread": access_request.messages.select_related("author"),
        "side": side,
        "booking": booking,
        "message_form": typed_or_blank(request, f"message:{access_request.pk}", MessageForm),
        "terms_form": typed_or_blank(
            request,
            f"propose:{access_request.pk}",
            TermsForm,
            initial={
                "starts_at": timezone.localtime(access_request.starts_at).replace(tzinfo=None),
                "ends_at": timezone.localtime(access_request.ends_at).replace(tzinfo=None),
                "terms": access_request.terms,
            },
        ),
        "can_accept": side is not None and access_request.is_open and side != access_request.proposed_by,
        "close_form": typed_or_blank(request, f"close:{access_request.pk}", CloseForm),
        "usage_form": typed_or_blank(request, f"usage:{access_request.pk}", UsageForm),
        "usage_reports": booking.usage_reports.all() if booking else [],
        "can_record_usage": booking is not None
        and side is not None
        and booking.status == Booking.Status.CONFIRMED
        and booking.starts_at <= timezone.now(),
    }
    return render(request, "facilities/request.html", context)


@login_required
@require_POST
def request_action(request, pk: int):
    """One door for the negotiation: message, propose terms, accept, refuse or withdraw, cancel, record use.

    A refused box keeps what was typed in it for the request page (``request_detail``), under
    the name of its action.
    """
    access_request = _request(request, pk)
    require(request, "facilities.negotiate", access_request)
    action = request.POST.get("action")
    form = None
    try:
        if action == "message":
            form = MessageForm(request.POST)
            _require_valid(form, _("Your message could not be sent; please correct it below."))
            services.post_message(access_request, request.user, form.cleaned_data["body"])
        elif action == "propose":
            form = TermsForm(request.POST)
            _require_valid(form, _("Your proposal could not be sent; please correct it below."))
            services.propose_terms(access_request, request.user, **form.cleaned_data)
            messages.success(request, _("Your proposal is sent."))
        elif action == "accept":
            services.accept_terms(access_request, request.user)
            messages.success(request, _("Agreed: the booking is on the item's calendar."))
        elif action == "close":
            form = CloseForm(request.POST)  # a reason too long or with NUL bytes is refused, not cut
            _require_valid(form, _("The request is not closed; please correct the reason below."))
            services.close_request(access_request, request.user, reason=form.cleaned_data["reason"])
            messages.success(request, _("The request is closed."))
        elif action == "cancel_booking":
            services.cancel_booking(access_request.booking, request.user)
            messages.success(request, _("The booking is cancelled."))
        elif action == "usage":
            form = UsageForm(request.POST)
            _require_valid(form, _("The use is not recorded; please correct it below."))
            services.record_usage(access_request.booking, request.user, **form.cleaned_data)
            messages.success(request, _("Thank you: the use is recorded."))
        else:
            raise Http404
    except services.Refused as refusal:
        messages.error(request, str(refusal))
        if form is not None:
            keep_typed(request, f"{action}:{access_request.pk}", form)
    except Booking.DoesNotExist:
        raise Http404 from None
    return redirect(access_request)


def _require_valid(form, refusal: str) -> None:
    if not form.is_valid():
        raise services.Refused(refusal)


@login_required
def mine(request):
    """What the person asked for, or what was asked of their organisations: one list at a time,
    newest first, a page at a time (a provider's requests grow without end)."""
    user = request.user

    def lists() -> dict:
        """Worked out only if this person's page, for this address, is not already in the cache."""
        organisations = sorted(administered_organisation_ids(user))
        found = {
            "asked": (services.asked_requests(user), ["item"]),
            "received": (services.received_requests(user, organisations), ["item", "taker"]),
        }
        view = request.GET.get("view")
        page = _newest_first(request, *found.get(view, found["asked"]))
        if view not in found:  # what they asked for, unless they asked nothing and were asked something
            view = "asked"
            if not page.paginator.count and (received := _newest_first(request, *found["received"])).paginator.count:
                view, page = "received", received
        items = Item.objects.filter(provider__in=organisations).only("name", "slug") if organisations else []
        return {"view": view, "page": page, "items": items}

    feed_url = request.build_absolute_uri(_reverse("facilities:personal_calendar", services.feed_token(user)))
    return render(request, "facilities/mine.html", {"lists": SimpleLazyObject(lists), "feed_url": feed_url})


def _newest_first(request, requests, related: list[str]):
    """The requested page of ``requests``, newest first: the page is chosen among narrow rows, then
    only its own rows are read in full with their ``related`` rows (a provider may have thousands)."""
    page = paginate(request, requests.order_by("-created_at", "-pk").values_list("pk", flat=True))
    rows = AccessRequest.objects.select_related(*related).in_bulk(list(page.object_list))
    page.object_list = [rows[pk] for pk in page.object_list if pk in rows]
    return page


def _reverse(name, *args):
    from django.urls import reverse

    return reverse(name, args=args)


def item_calendar(request, slug: str):
    item = get_object_for(request, "facilities.view_item", Item.objects.all(), slug=slug)
    bookings = item.bookings.filter(ends_at__gte=timezone.now() - timedelta(days=90)).select_related("item", "request")
    feed = caching.remembered(
        "facilities:item-feed",
        "facilities",
        lambda: services.calendar(bookings, name=item.name, with_names=False),
        item.pk,
    )
    return ics_response(feed, f"{item.slug}.ics")


def personal_calendar(request, token: str):
    """A taker's own bookings; the signed token is the key (calendar apps send no cookies)."""
    user = services.user_for_feed_token(token)
    if user is None:
        raise Http404
    bookings = Booking.objects.filter(
        request__taker=user, ends_at__gte=timezone.now() - timedelta(days=90)
    ).select_related("item", "request")
    feed = caching.remembered(
        "facilities:personal-feed",
        "facilities",
        lambda: services.calendar(bookings, name=_("My bookings on Synergy"), with_names=True),
        user.pk,
    )
    return ics_response(feed, "my-bookings.ics")


@login_required
def report(request, region_slug: str | None = None):
    region = get_object_or_404(Region, slug=region_slug) if region_slug else None
    if region:
        require(request, "facilities.view_region_report", region)
        items = Item.objects.filter(region=region)
    else:
        if not request.user.is_superuser:
            raise PermissionDenied
        items = Item.objects.all()

    def figures():
        with transaction.atomic():
            return services.figures(items)

    # Counted only if the report is not already rendered in the cache.
    return render(request, "facilities/report.html", {"region": region, "figures": SimpleLazyObject(figures)})
