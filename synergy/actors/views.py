"""Innovation actors: the directory, organisation profiles with their members and requests to join,
projects entered on the platform, and people's profiles."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from synergy.accounts.models import User
from synergy.core.exceptions import Refused
from synergy.core.pagination import paginate
from synergy.core.permissions import get_object_for, require
from synergy.core.taxonomy import term_label

from . import services
from .filters import OrganisationFilter
from .forms import (
    ConsortiumFormSet,
    JoinRequestForm,
    MemberRoleForm,
    OrganisationProfileForm,
    PersonProfileForm,
    ProjectForm,
)
from .models import JoinRequest, Membership, Organisation, Participation, PersonProfile, ResearchProject
from .rules import administered_organisation_ids

# An organisation with hundreds of imported projects shows the latest ones on its page.
PROJECTS_ON_PAGE = 50

# --- Directory and profile pages -----------------------------------------------------------------


def organisation_list(request):
    organisations = Organisation.objects.select_related("region").prefetch_related(
        Prefetch("competences", to_attr="competence_list")
    )
    filterset = OrganisationFilter(request.GET or None, queryset=organisations)
    context = {
        "filter": filterset,
        # Searched, counted and fetched only if the list is not already rendered in the cache.
        "page": SimpleLazyObject(lambda: paginate(request, filterset.rows())),
    }
    template = "actors/list.html#results" if request.htmx else "actors/list.html"
    return render(request, template, context)


def organisation_detail(request, slug: str):
    organisation = get_object_or_404(Organisation.objects.select_related("region", "coordinated_region"), slug=slug)
    user = request.user
    can_edit = user.is_authenticated and user.has_perm("actors.change_organisation", organisation)
    context = {
        "organisation": organisation,
        # What the public part shows is read only if it is not already in the cache.
        "public": SimpleLazyObject(lambda: _public_profile(organisation)),
        "can_edit": can_edit,
        "completeness_items": services.completeness_items(organisation) if can_edit else None,
        "places_to_confirm": list(services.places_to_confirm(organisation)) if can_edit else [],
        "pending_requests": (
            organisation.join_requests.filter(status=JoinRequest.Status.PENDING).count() if can_edit else 0
        ),
        "can_join": user.is_authenticated and user.has_perm("actors.ask_to_join", organisation),
    }
    if context["can_join"]:
        context["my_pending_request"] = organisation.join_requests.filter(
            user=user, status=JoinRequest.Status.PENDING
        ).exists()
        context["join_form"] = JoinRequestForm()
    return render(request, "actors/detail.html", context)


def _public_profile(organisation: Organisation) -> dict:
    from synergy.facilities.services import shared_items_of

    competences = sorted(organisation.competences.all(), key=lambda c: (not c.declared, -c.evidence, c.term))
    participations = (
        organisation.participations.confirmed()
        .select_related("project")
        .order_by("-project__start_date", "-project_id")
    )
    return {
        "competences": competences,
        "participations": list(participations[:PROJECTS_ON_PAGE]),
        "project_count": organisation.participations.confirmed().count(),
        "shared_items": shared_items_of(organisation),
    }


@login_required
def organisation_edit(request, slug: str):
    organisation = get_object_for(request, "actors.change_organisation", Organisation.objects.all(), slug=slug)
    form = OrganisationProfileForm(
        request.POST or None, instance=organisation, declared=services.declared_terms(organisation)
    )
    if request.method == "POST" and form.is_valid():
        services.save_organisation_profile(form.save(commit=False), form.declared_terms())
        messages.success(request, _("The profile is saved."))
        return redirect(organisation)
    return render(request, "actors/organisation_form.html", {"form": form, "organisation": organisation})


# --- Members and requests to join -----------------------------------------------------------------


@login_required
def organisation_join(request, slug: str):
    organisation = get_object_for(request, "actors.ask_to_join", Organisation.objects.all(), slug=slug)
    form = JoinRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.ask_to_join(organisation, request.user, form.cleaned_data["message"])
        except Refused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, _("Your request is sent to the organisation's administrators."))
        return redirect(organisation)
    return render(request, "actors/join_form.html", {"form": form, "organisation": organisation})


@login_required
def organisation_members(request, slug: str):
    organisation = get_object_for(request, "actors.manage_members", Organisation.objects.all(), slug=slug)
    context = {
        "organisation": organisation,
        "memberships": organisation.memberships.select_related("user").order_by("-role", "user__display_name", "id"),
        "requests": organisation.join_requests.filter(status=JoinRequest.Status.PENDING).select_related("user"),
        "roles": Membership.Role.choices,
    }
    return render(request, "actors/members.html", context)


@login_required
@require_POST
def member_action(request, slug: str, pk: int):
    organisation = get_object_for(request, "actors.manage_members", Organisation.objects.all(), slug=slug)
    membership = get_object_or_404(Membership.objects.select_related("user"), pk=pk, organisation=organisation)
    try:
        if request.POST.get("action") == "remove":
            services.remove_member(membership)
            messages.success(request, _("%(person)s is no longer a member.") % {"person": membership.user})
        else:
            form = MemberRoleForm(request.POST)
            if not form.is_valid():
                raise Refused(_("Choose a role from the list."))
            services.change_member_role(membership, form.cleaned_data["role"])
            messages.success(request, _("The role of %(person)s is changed.") % {"person": membership.user})
    except Refused as refusal:
        messages.error(request, str(refusal))
    return redirect("actors:members", organisation.slug)


@login_required
@require_POST
def join_request_answer(request, slug: str, pk: int):
    join_request = get_object_or_404(JoinRequest, pk=pk, organisation__slug=slug)
    require(request, "actors.answer_join_request", join_request)
    action = request.POST.get("action")
    if action not in ("accept", "decline"):
        messages.error(request, _("Choose to accept or to decline the request."))
        return redirect("actors:members", slug)
    accept = action == "accept"
    try:
        services.answer_join_request(join_request, request.user, accept=accept)
    except Refused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("The request is accepted.") if accept else _("The request is declined."))
    return redirect("actors:members", slug)


# --- Projects ------------------------------------------------------------------------------------


@require_safe
def project_detail(request, pk: int):
    project = get_object_or_404(ResearchProject, pk=pk)
    user = request.user
    can_edit = user.is_authenticated and user.has_perm("actors.change_project", project)
    places = project.participations.select_related("organisation").order_by("role", "organisation__name")
    # A place not confirmed is a claim: shown to the consortium's editors and to the organisation's admins.
    participations = [
        place for place in places if place.confirmed or can_edit or user.has_perm("actors.answer_place", place)
    ]
    for place in participations:
        place.can_answer = not (place.confirmed or place.declined_at) and user.has_perm("actors.answer_place", place)
    return render(
        request, "actors/project.html", {"project": project, "participations": participations, "can_edit": can_edit}
    )


@login_required
@require_POST
def place_answer(request, pk: int, slug: str):
    place = get_object_for(
        request, "actors.answer_place", Participation.objects.select_related("project", "organisation"),
        project_id=pk, organisation__slug=slug,
    )  # fmt: skip
    confirm = request.POST.get("decision") == "confirm"
    if request.POST.get("decision") not in ("confirm", "decline"):
        messages.error(request, _("Choose whether to confirm or decline the place."))
        return redirect(place.project)
    try:
        services.answer_place(place, confirm=confirm)
    except Refused as refusal:
        messages.error(request, str(refusal))
        return redirect(place.project)
    if confirm:
        messages.success(request, _("The project now appears on the profile of %(organisation)s.") % {
            "organisation": place.organisation})  # fmt: skip
    else:
        messages.success(request, _("%(organisation)s is no longer in the consortium.") % {
            "organisation": place.organisation})  # fmt: skip
    return redirect(place.organisation if not confirm else place.project)


@login_required
def project_add(request, slug: str):
    organisation = get_object_for(request, "actors.add_project", Organisation.objects.all(), slug=slug)
    initial = [{"organisation": organisation.slug, "role": Participation.Role.PARTICIPANT}]
    return _edit_project(request, ResearchProject(), initial, organisation)


@login_required
def project_edit(request, pk: int):
    project = get_object_for(request, "actors.change_project", ResearchProject.objects.all(), pk=pk)
    initial = [  # a declined place is not part of the consortium the editor sees
        {"organisation": p.organisation.slug, "role": p.role}
        for p in project.participations.filter(declined_at__isnull=True)
        .select_related("organisation")
        .order_by("organisation__name")
    ]
    return _edit_project(request, project, initial, None)


def _edit_project(request, project: ResearchProject, initial: list[dict], organisation: Organisation | None):
    form = ProjectForm(request.POST or None, instance=project)
    allowed = None if request.user.is_superuser else administered_organisation_ids(request.user)
    # The rows shown are the initial data; what is posted is read as typed (a row left as it was shown
    # would otherwise count as unchanged and be skipped).
    kept = [p.organisation_id for p in project.participations.confirmed()] if project.pk else []
    consortium = ConsortiumFormSet(
        request.POST or None, initial=None if request.method == "POST" else initial, prefix="consortium",
        allowed_ids=allowed, kept_ids=kept,
    )  # fmt: skip
    if request.method == "POST" and form.is_valid() and consortium.is_valid():
        try:
            project = services.save_project(form.save(commit=False), consortium.consortium(), agreed_ids=allowed)
        except Refused as refusal:  # a place was confirmed since the form was shown
            messages.error(request, str(refusal))
        else:
            messages.success(request, _("The project is saved."))
            return redirect(project)
    context = {"form": form, "consortium": consortium, "project": project, "organisation": organisation}
    return render(request, "actors/project_form.html", context)


# --- People --------------------------------------------------------------------------------------


@login_required
def person_edit(request):
    require(request, "actors.edit_own_person_profile")
    profile = services.person_profile_of(request.user)
    form = PersonProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile as an innovation actor is saved."))
        return redirect("actors:person", request.user.pk)
    return render(request, "actors/person_form.html", {"form": form, "profile": profile})


@require_safe
def person_detail(request, pk: int):
    person = get_object_or_404(User.objects.select_related("actor_profile", "region"), pk=pk, is_active=True)
    try:
        profile = person.actor_profile
    except PersonProfile.DoesNotExist:
        raise Http404 from None
    if not request.user.has_perm("actors.view_person", profile):
        raise Http404  # an unlisted profile is not there for others, rather than forbidden
    shows = {field: profile.shows(field) for field in PersonProfile.Field.values}
    context = {
        "person": person,
        "profile": profile,
        "shows": shows,
        "is_own": profile.user_id == request.user.pk,
        "competence_labels": [term_label(term) for term in profile.competences if isinstance(term, str)],
        "organisations": (
            Organisation.objects.filter(memberships__user=person).order_by("name") if shows["organisations"] else []
        ),
    }
    return render(request, "actors/person.html", context)
