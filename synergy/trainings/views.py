from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import SimpleLazyObject
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from synergy.core import caching
from synergy.core.charts import bar_chart
from synergy.core.forms import keep_typed, typed_or_blank
from synergy.core.models import Region
from synergy.core.pagination import paginate
from synergy.core.permissions import get_object_for, require
from synergy.core.ratelimit import over_limit, too_many_requests
from synergy.core.responses import ics_response

from . import exports, reports, services
from .attendance import ReportUnreadable, plan, read_report
from .calendar import calendar
from .certificates import certificate_pdf
from .filters import TrainingFilter
from .forms import (
    AgendaFormSet,
    AttendanceUploadForm,
    FeedbackForm,
    FollowUpForm,
    MappingForm,
    MaterialForm,
    MaterialVersionForm,
    ObjectiveFormSet,
    RegistrationForm,
    TrainingForm,
    TranslationRequestForm,
    WalkInForm,
)
from .models import AttendanceImport, MaterialVersion, Registration, Training, TrainingMaterial


def training_list(request):
    past = request.GET.get("when") == "past"
    base = Training.objects.public().select_related("region")
    base = base.past() if past else base.upcoming()
    filterset = TrainingFilter(request.GET or None, queryset=base)

    def counted_page():
        page = paginate(request, filterset.qs)
        services.attach_counts(page.object_list)
        return page

    # Counted and fetched only if the list is not already rendered in the cache.
    context = {"filter": filterset, "page": SimpleLazyObject(counted_page), "past": past,
               "keep": [("when", "past")] if past else []}  # fmt: skip
    if not request.htmx:
        context["figures"] = services.programme_figures()
    template = "trainings/list.html#results" if request.htmx else "trainings/list.html"
    return render(request, template, context)


def training_detail(request, slug: str):
    """The public parts come from cached fragments (trainings/detail.html): a page served from them
    runs one query, for the training and its permission check, then only what the person's own
    parts need. The counts, objectives, agenda and materials are queried when a fragment is rendered anew.
    """
    signed_in = request.user.is_authenticated
    # The rules read the region and organiser of a signed-in person's training; a visitor may
    # manage nothing, and a public training needs neither to be seen.
    trainings = Training.objects.select_related("region", "organiser") if signed_in else Training.objects.all()
    training = get_object_for(request, "trainings.view_training", trainings, slug=slug)
    registration = services.active_registration(training, request.user)
    # A visitor may manage nothing and see no webinar link (rules.py): no need to ask the rules.
    can_manage = signed_in and request.user.has_perm("trainings.change_training", training)
    can_see_link = signed_in and request.user.has_perm("trainings.see_webinar_link", training)
    context = {
        "training": training,
        "places": SimpleLazyObject(lambda: _places(training)),
        "objectives": training.objectives.all(),
        "agenda": training.agenda.all(),
        "materials": training.materials.prefetch_related("versions"),
        "registration": registration,
        "waitlist_position": services.waitlist_position(registration) if registration else None,
        "registration_form": SimpleLazyObject(lambda: RegistrationForm(user=request.user)) if signed_in else None,
        "can_manage": can_manage,
        "can_see_link": can_see_link,
    }
    return render(request, "trainings/detail.html", context)


def _places(training: Training) -> dict:
    """Places taken, waiting and left: counted once per change of the trainings, for the details
    fragment and the button of everyone who may register."""

    def count() -> dict:
        services.attach_counts([training])
        return {"taken": training.confirmed_count, "waiting": training.waitlist_count, "left": training.places_left}

    return caching.remembered("trainings:places", "trainings", count, training.pk)


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
    training = _for_managers(request, slug)
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
    training = _for_managers(request, slug)
    if not training.objectives.exists():
        messages.error(request, _("Add at least one learning objective before publishing."))
    elif training.status == Training.Status.DRAFT:
        services.publish_training(training)
        messages.success(request, _("The training is published and open for registration."))
    return redirect(training)


@login_required
@require_POST
def training_close_registration(request, slug: str):
    return _lifecycle_step(
        request,
        slug,
        services.close_registration,
        refused=_("Only a training open for registration can close it."),
        done=_("Registration is closed."),
    )


@login_required
@require_POST
def training_reported(request, slug: str):
    return _lifecycle_step(
        request,
        slug,
        services.mark_reported,
        refused=_("Only a held training can be marked as reported."),
        done=_("The training is marked as reported."),
    )


def _lifecycle_step(request, slug: str, step, *, refused: str, done: str):
    """Move the training one step on; the service raises ValueError when this step is out of order."""
    training = _for_managers(request, slug)
    try:
        step(training)
    except ValueError:
        messages.error(request, refused)
    else:
        messages.success(request, done)
    return redirect(training)


@login_required
def training_cancel(request, slug: str):
    training = _for_managers(request, slug)
    if request.method == "POST":
        told = services.cancel_training(training)
        messages.success(request, _("The training is cancelled; %(count)s people have been told.") % {"count": told})
        return redirect(training)
    return render(request, "trainings/cancel.html", {"training": training})


def _for_managers(request, slug: str) -> Training:
    """The training, if the person may change it (its region's coordinators, organisers, admins)."""
    return get_object_for(request, "trainings.change_training", Training.objects.all(), slug=slug)


def _for_organisers(request, slug: str) -> Training:
    """The training, if the person may see its participants (organisers, coordinators, admins)."""
    return get_object_for(request, "trainings.view_participants", Training.objects.select_related("region"), slug=slug)


@login_required
def participants(request, slug: str):
    training = _for_organisers(request, slug)
    registrations = training.registrations.exclude(status=Registration.Status.CANCELLED).select_related("user")
    return render(request, "trainings/participants.html", {"training": training, "registrations": registrations})


# --- Calendar feeds -----------------------------------------------------------------------


def training_calendar(request, slug: str):
    training = get_object_for(request, "trainings.view_training", Training.objects.all(), slug=slug)
    with_link = request.user.has_perm("trainings.see_webinar_link", training)
    return ics_response(calendar([training], name=training.title, with_links=with_link), f"{training.slug}.ics")


def region_calendar(request, region_slug: str):
    region = get_object_or_404(Region, slug=region_slug)
    trainings = Training.objects.public().filter(region=region, ends_at__gte=timezone.now() - timedelta(days=90))
    name = _("Synergy trainings: %(region)s") % {"region": region.name}
    feed = caching.remembered(
        "trainings:region-feed", "trainings regions", lambda: calendar(trainings, name=name), region.pk
    )
    return ics_response(feed, f"{region.slug}.ics")


def personal_calendar(request, token: str):
    """A member's own feed, with webinar links; the signed token is the key (calendar apps send no cookies)."""
    user = services.user_for_feed_token(token)
    if user is None:
        raise Http404
    trainings = Training.objects.filter(
        registrations__user=user, registrations__status=Registration.Status.CONFIRMED
    ).distinct()
    feed = caching.remembered(
        "trainings:personal-feed",
        "trainings",
        lambda: calendar(trainings, name=_("My Synergy trainings"), with_links=True),
        user.pk,
    )
    return ics_response(feed, "my-trainings.ics")


# --- Attendance -------------------------------------------------------------------------------


@login_required
def checkin(request, slug: str):
    training = _for_organisers(request, slug)
    if request.method == "POST":
        registration = get_object_or_404(training.registrations, pk=request.POST.get("registration"))
        services.check_in(registration, present=request.POST.get("present") == "1")
        return redirect(f"{reverse('trainings:checkin', args=[slug])}?q={request.POST.get('q', '')}")
    query = request.GET.get("q", "").strip()[:100]
    registrations = training.registrations.exclude(status=Registration.Status.CANCELLED).select_related("user")
    if query:
        registrations = registrations.filter(
            Q(user__display_name__icontains=query)
            | Q(user__email__icontains=query)
            | Q(guest_name__icontains=query)
            | Q(guest_email__icontains=query)
        )
    context = {
        "training": training,
        "registrations": registrations,
        "query": query,
        "walk_in": typed_or_blank(request, f"walk_in:{training.pk}", WalkInForm),
    }
    return render(request, "trainings/checkin.html", context)


@login_required
@require_POST
def walk_in(request, slug: str):
    training = _for_managers(request, slug)
    form = WalkInForm(request.POST)
    if form.is_valid():
        registration = services.add_walk_in(training, email=form.cleaned_data["email"], name=form.cleaned_data["name"])
        messages.success(request, _("%(name)s is checked in.") % {"name": registration.person_name})
        return redirect("trainings:checkin", slug=slug)
    messages.error(request, _("The walk-in is not checked in; please correct it below."))
    keep_typed(request, f"walk_in:{training.pk}", form)
    return redirect(reverse("trainings:checkin", args=[slug]) + "#walk-in")


@login_required
def attendance_upload(request, slug: str):
    training = _for_managers(request, slug)
    form = AttendanceUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        attendance_import = AttendanceImport.objects.create(
            training=training,
            uploaded_by=request.user,
            file=upload,
            original_name=upload.name[:300],
            minimum_minutes=form.cleaned_data["minimum_minutes"],
        )
        return redirect("trainings:attendance_preview", slug=slug, import_id=attendance_import.pk)
    return render(request, "trainings/attendance_upload.html", {"training": training, "form": form})


@login_required
def attendance_preview(request, slug: str, import_id: int):
    """Map the columns, see what would happen, then apply — all or nothing."""
    training = _for_managers(request, slug)
    attendance_import = get_object_or_404(AttendanceImport, pk=import_id, training=training)
    if attendance_import.applied_at:
        return render(request, "trainings/attendance_done.html", {"training": training, "import": attendance_import})
    try:
        with attendance_import.file.open("rb") as handle:
            report = read_report(handle.read())
    except ReportUnreadable as problem:
        messages.error(request, str(problem))
        return redirect("trainings:attendance_upload", slug=slug)
    initial = {name: "" if index is None else str(index) for name, index in report.guessed.items()}
    initial["minimum_minutes"] = attendance_import.minimum_minutes
    form = MappingForm(request.POST or None, headers=report.headers, initial=initial)
    report_plan, problem = None, None
    if form.is_bound and form.is_valid():
        mapping, minimum = form.mapping(), form.cleaned_data["minimum_minutes"]
    else:
        mapping, minimum = report.guessed, attendance_import.minimum_minutes
    try:
        report_plan = plan(report, mapping, minimum)
    except ReportUnreadable as unreadable:
        problem = str(unreadable)
    if request.method == "POST" and "apply" in request.POST and form.is_valid() and report_plan:
        attendance_import.mapping, attendance_import.minimum_minutes = mapping, minimum
        services.apply_attendance(attendance_import, report_plan)
        messages.success(request, _("The attendance report has been applied."))
        return redirect("trainings:attendance_preview", slug=slug, import_id=import_id)
    context = {
        "training": training,
        "import": attendance_import,
        "report": report,
        "form": form,
        "plan": report_plan,
        "problem": problem,
    }
    return render(request, "trainings/attendance_preview.html", context)


@login_required
@require_POST
def training_held(request, slug: str):
    training = _for_managers(request, slug)
    try:
        asked = services.mark_held(training)
    except ValueError:
        messages.error(request, _("Only a published training can be marked as held."))
    else:
        messages.success(request, _("Marked as held; %(count)s attendees were asked for feedback.") % {"count": asked})
    return redirect(training)


@login_required
def feedback(request, slug: str):
    training = get_object_or_404(Training, slug=slug)
    registration = training.registrations.filter(user=request.user, attended_at__isnull=False).first()
    if registration is None:
        messages.error(request, _("Feedback is for people who attended this training."))
        return redirect(training)
    form = FeedbackForm(request.POST or None, objectives=training.objectives.all())
    if request.method == "POST" and form.is_valid():
        services.give_feedback(
            registration,
            ratings=form.ratings(),
            usefulness=form.cleaned_data["usefulness"],
            intention=form.cleaned_data["intention"],
            comment=form.cleaned_data["comment"],
        )
        messages.success(request, _("Thank you for your feedback."))
        return redirect(training)
    return render(request, "trainings/feedback.html", {"training": training, "form": form})


# --- Reports ---------------------------------------------------------------------------------


@login_required
def training_report(request, slug: str):
    training = _for_organisers(request, slug)
    figures = reports.training_report(training)
    charts = {
        "stakeholders": bar_chart(_("Participants by stakeholder type"), figures["by_stakeholder_type"]),
        "objectives": bar_chart(
            _("Average rating per learning objective (1–5)"),
            [(o.text[:40], round(o.average or 0, 1)) for o in figures["objectives"]],
        ),
    }
    return render(request, "trainings/report.html", {"training": training, "figures": figures, "charts": charts})


@login_required
def training_participants_file(request, slug: str, extension: str):
    training = get_object_for(request, "trainings.view_participants", Training.objects.all(), slug=slug)
    registrations = training.registrations.exclude(status=Registration.Status.CANCELLED).select_related("user")
    sheets = exports.participant_sheets(training, registrations)
    return _spreadsheet_response(sheets, extension, f"{training.slug}-participants")


def _spreadsheet_response(sheets, extension: str, name: str) -> HttpResponse:
    if extension == "xlsx":
        content = exports.to_xlsx(sheets)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        content, content_type = exports.to_csv(sheets), "text/csv; charset=utf-8"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{extension}"'
    return response


@login_required
def programme_report_file(request, extension: str):
    require(request, "trainings.view_programme_report")
    return _spreadsheet_response(exports.programme_sheets(reports.programme_report()), extension, "trainings-programme")


@login_required
def region_report(request, region_slug: str):
    region = get_object_or_404(Region, slug=region_slug)
    require(request, "trainings.view_region_report", region)
    # Counted and drawn only if the report is not already rendered in the cache.
    figures = SimpleLazyObject(lambda: reports.region_report(region))
    charts = SimpleLazyObject(
        lambda: {
            "stakeholders": bar_chart(_("Participants by stakeholder type"), figures["by_stakeholder_type"]),
            "trainings": bar_chart(
                _("Participants per training"), [(t.title[:40], t.participants) for t in figures["trainings"][:15]]
            ),
        }
    )
    return render(request, "trainings/region_report.html", {"region": region, "figures": figures, "charts": charts})


# --- Certificates --------------------------------------------------------------------------


@login_required
def certificate(request, slug: str):
    training = get_object_or_404(Training.objects.select_related("region", "organiser"), slug=slug)
    registration = training.registrations.filter(user=request.user, attended_at__isnull=False).first()
    if registration is None:
        messages.error(request, _("Certificates are for people who attended this training."))
        return redirect(training)
    pdf = certificate_pdf(registration, translation.get_language())
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{training.slug}.pdf"'
    return response


def certificate_check(request, code: str):
    """Public: anyone with the certificate can confirm it is genuine."""
    registration = (
        Registration.objects.filter(certificate_code=code, attended_at__isnull=False)
        .select_related("training", "training__region", "training__organiser", "user")
        .first()
    )
    status = 200 if registration else 404
    return render(request, "trainings/certificate_check.html", {"registration": registration}, status=status)


# --- Training materials -----------------------------------------------------------------------


def material_list(request):
    return _materials_page(request)


def _materials_page(request, refused: TranslationRequestForm | None = None, refused_pk: int | None = None):
    """Every material with a translation request box; a refused box is shown as it was sent, with its errors.

    The boxes carry a prefix each (one page, many forms), so a refused one is shown here rather
    than across a redirect.
    """
    materials = TrainingMaterial.objects.prefetch_related("versions")
    languages = dict(settings.LANGUAGES)
    anonymous = not request.user.is_authenticated
    entries = []
    for material in materials:
        present = {version.language for version in material.versions.all()}
        missing = [(code, name) for code, name in languages.items() if code not in present]
        if material.pk == refused_pk:
            form = refused
        elif missing:
            form = TranslationRequestForm(missing=missing, prefix=f"m{material.pk}", anonymous=anonymous)
        else:
            form = None
        entries.append((material, form))
    context = {"entries": entries, "can_edit": request.user.has_perm("trainings.add_training")}
    return render(request, "trainings/materials.html", context)


@require_POST
def material_request_translation(request, pk: int):
    """Members and visitors alike; visitors leave an e-mail address and are rate limited by address."""
    anonymous = not request.user.is_authenticated
    if anonymous and over_limit(request, "request_translation"):
        return too_many_requests(request)
    material = get_object_or_404(TrainingMaterial, pk=pk)
    present = set(material.versions.values_list("language", flat=True))
    missing = [(code, name) for code, name in settings.LANGUAGES if code not in present]
    form = TranslationRequestForm(request.POST, missing=missing, prefix=f"m{material.pk}", anonymous=anonymous)
    if form.is_valid():
        services.request_translation(
            material,
            language=form.cleaned_data["language"],
            user=None if anonymous else request.user,
            email=form.cleaned_data.get("email", ""),
            message=form.cleaned_data["message"],
        )
        messages.success(request, _("Thank you: the coordinators have your request."))
        return redirect(f"{reverse('trainings:materials')}#material-{material.pk}")
    messages.error(request, _("Your request could not be sent; please correct it below."))
    return _materials_page(request, refused=form, refused_pk=material.pk)


@login_required
def material_edit(request, pk: int | None = None):
    require(request, "trainings.add_training")
    material = get_object_or_404(TrainingMaterial, pk=pk) if pk else TrainingMaterial()
    adding_version = request.method == "POST" and "add_version" in request.POST
    form = MaterialForm(None if adding_version else request.POST or None, instance=material)
    version_form = None
    if material.pk:
        # A new version for a language that has one replaces it.
        existing = MaterialVersion.objects.filter(
            material=material, language=request.POST.get("version-language")
        ).first()
        data, files = (request.POST, request.FILES) if adding_version else (None, None)
        version_form = MaterialVersionForm(data, files, material=material, prefix="version", instance=existing)
    if request.method == "POST":
        if adding_version and version_form is not None:
            if version_form.is_valid():
                version_form.save()
                messages.success(request, _("The language version has been saved."))
                return redirect("trainings:material_edit", pk=material.pk)
        elif form.is_valid():
            material = form.save()
            messages.success(request, _("The material has been saved."))
            return redirect("trainings:material_edit", pk=material.pk)
    context = {"form": form, "version_form": version_form, "material": material}
    return render(request, "trainings/material_form.html", context)


# --- Follow-ups ------------------------------------------------------------------------------


@login_required
def follow_up(request):
    require(request, "trainings.add_training")
    form = FollowUpForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        sent = services.send_follow_up(
            list(form.cleaned_data["trainings"]),
            subject=form.cleaned_data["subject"],
            body=form.cleaned_data["body"],
            link=form.cleaned_data["link"],
            sender=request.user,
        )
        messages.success(request, _("Your message is on its way to %(count)s people.") % {"count": sent.recipients})
        return redirect("trainings:follow_up")
    return render(request, "trainings/follow_up.html", {"form": form})


@login_required
def region_report_file(request, region_slug: str, extension: str):
    region = get_object_or_404(Region, slug=region_slug)
    require(request, "trainings.view_region_report", region)
    figures = reports.region_report(region)
    if extension != "pdf":
        return _spreadsheet_response(exports.region_sheets(region, figures), extension, f"trainings-{region.slug}")
    response = HttpResponse(exports.region_pdf(region, figures), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="trainings-{region.slug}.pdf"'
    return response


@login_required
def programme_report(request):
    require(request, "trainings.view_programme_report")
    figures = reports.programme_report()
    charts = {
        "regions": bar_chart(
            _("Distinct participants per region"), [(str(r["region"]), r["participants"]) for r in figures["regions"]]
        ),
        "stakeholders": bar_chart(_("Participants by stakeholder type"), figures["by_stakeholder_type"]),
    }
    return render(request, "trainings/programme_report.html", {"figures": figures, "charts": charts})
