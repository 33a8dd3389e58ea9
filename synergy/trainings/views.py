from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from synergy.core.models import Region
from synergy.core.pagination import paginate
from synergy.core.permissions import get_object_for, require

from . import services
from .calendar import calendar
from .filters import TrainingFilter
from .forms import AgendaFormSet, ObjectiveFormSet, RegistrationForm, TrainingForm
from .models import Registration, Training


def training_list(request):
    past = request.GET.get("when") == "past"
    base = Training.objects.public().select_related("region").with_counts()
    base = base.past() if past else base.upcoming()
    filterset = TrainingFilter(request.GET or None, queryset=base)
    page = paginate(request, filterset.qs)
    template = "trainings/list.html#results" if request.htmx else "trainings/list.html"
    return render(request, template, {"filter": filterset, "page": page, "past": past})


def training_detail(request, slug: str):
    training = get_object_for(
        request,
        "trainings.view_training",
        Training.objects.select_related("region", "organiser").with_counts(),
        slug=slug,
    )
    registration = services.active_registration(training, request.user)
    context = {
        "training": training,
        "objectives": training.objectives.all(),
        "agenda": training.agenda.all(),
        "materials": training.materials.prefetch_related("versions"),
        "registration": registration,
        "waitlist_position": services.waitlist_position(registration) if registration else None,
        "registration_form": RegistrationForm(user=request.user) if request.user.is_authenticated else None,
        "can_manage": request.user.has_perm("trainings.change_training", training),
        "can_see_link": request.user.has_perm("trainings.see_webinar_link", training),
    }
    return render(request, "trainings/detail.html", context)


@login_required
@require_POST
def register(request, slug: str):
    training = get_object_for(request, "trainings.register", Training.objects.all(), slug=slug)
    form = RegistrationForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, _("Please tell us in which role you take part."))
        return redirect(training)
    if form.cleaned_data.get("stakeholder_type"):
        request.user.stakeholder_type = form.cleaned_data["stakeholder_type"]
        request.user.save(update_fields=["stakeholder_type"])
    try:
        registration = services.register_participant(
            training, request.user, share_contact=form.cleaned_data["share_contact"]
        )
    except services.RegistrationRefused as refusal:
        messages.error(request, str(refusal))
        return redirect(training)
    if registration.status == Registration.Status.CONFIRMED:
        messages.success(request, _("You are registered. A confirmation is on its way to your inbox."))
    else:
        messages.info(request, _("The training is full: you are on the waitlist and will move up automatically."))
    return redirect(training)


@login_required
@require_POST
def cancel_registration(request, slug: str):
    training = get_object_or_404(Training, slug=slug)
    registration = services.active_registration(training, request.user)
    if registration is None:
        messages.error(request, _("You are not registered for this training."))
    else:
        services.cancel_registration(registration)
        messages.success(request, _("Your registration has been cancelled."))
    return redirect(training)


@login_required
def my_trainings(request):
    registrations = (
        Registration.objects.filter(user=request.user)
        .exclude(status=Registration.Status.CANCELLED)
        .select_related("training", "training__region")
        .order_by("-training__starts_at")
    )
    feed_url = request.build_absolute_uri(
        reverse("trainings:personal_calendar", args=[services.feed_token(request.user)])
    )
    return render(request, "trainings/mine.html", {"registrations": registrations, "feed_url": feed_url})


@login_required
def training_create(request):
    require(request, "trainings.add_training")
    return _edit(request, Training(created_by=request.user))


@login_required
def training_edit(request, slug: str):
    training = get_object_for(request, "trainings.change_training", Training.objects.all(), slug=slug)
    return _edit(request, training)


def _edit(request, training: Training):
    form = TrainingForm(request.POST or None, instance=training, user=request.user)
    objectives = ObjectiveFormSet(request.POST or None, instance=training, prefix="objectives")
    agenda = AgendaFormSet(request.POST or None, instance=training, prefix="agenda")
    if request.method == "POST" and form.is_valid() and objectives.is_valid() and agenda.is_valid():
        with transaction.atomic():
            training = form.save(commit=False)
            if not training.slug:
                training.slug = _unique_slug(training.title)
            training.save()
            form.save_m2m()
            objectives.instance = agenda.instance = training
            objectives.save()
            agenda.save()
        messages.success(request, _("The training has been saved."))
        return redirect(training)
    context = {"form": form, "objectives": objectives, "agenda": agenda, "training": training}
    return render(request, "trainings/form.html", context)


def _unique_slug(title: str) -> str:
    base = slugify(title)[:100] or "training"
    slug, number = base, 2
    while Training.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


@login_required
@require_POST
def training_publish(request, slug: str):
    training = get_object_for(request, "trainings.change_training", Training.objects.all(), slug=slug)
    if not training.objectives.exists():
        messages.error(request, _("Add at least one learning objective before publishing."))
    elif training.status == Training.Status.DRAFT:
        services.publish_training(training)
        messages.success(request, _("The training is published and open for registration."))
    return redirect(training)


@login_required
def training_cancel(request, slug: str):
    training = get_object_for(request, "trainings.change_training", Training.objects.all(), slug=slug)
    if request.method == "POST":
        told = services.cancel_training(training)
        messages.success(request, _("The training is cancelled; %(count)s people have been told.") % {"count": told})
        return redirect(training)
    return render(request, "trainings/cancel.html", {"training": training})


@login_required
def participants(request, slug: str):
    training = get_object_for(
        request, "trainings.view_participants", Training.objects.select_related("region"), slug=slug
    )
    registrations = training.registrations.exclude(status=Registration.Status.CANCELLED).select_related("user")
    return render(request, "trainings/participants.html", {"training": training, "registrations": registrations})


# --- Calendar feeds -----------------------------------------------------------------------


def _ics_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def training_calendar(request, slug: str):
    training = get_object_for(request, "trainings.view_training", Training.objects.all(), slug=slug)
    with_link = request.user.has_perm("trainings.see_webinar_link", training)
    return _ics_response(calendar([training], name=training.title, with_links=with_link), f"{training.slug}.ics")


def region_calendar(request, region_slug: str):
    region = get_object_or_404(Region, slug=region_slug)
    trainings = Training.objects.public().filter(region=region, ends_at__gte=timezone.now() - timedelta(days=90))
    name = _("Synergy trainings: %(region)s") % {"region": region.name}
    return _ics_response(calendar(trainings, name=name), f"{region.slug}.ics")


def personal_calendar(request, token: str):
    """A member's own feed, with webinar links; the signed token is the key (calendar apps send no cookies)."""
    user = services.user_for_feed_token(token)
    if user is None:
        raise Http404
    trainings = Training.objects.filter(
        registrations__user=user, registrations__status=Registration.Status.CONFIRMED
    ).distinct()
    return _ics_response(calendar(trainings, name=_("My Synergy trainings"), with_links=True), "my-trainings.ics")
