"""Crowdfunding pages: thin views over ``services``, each object fetched with its permission."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from synergy.accounts.rules import coordinated_region_ids
from synergy.core.forms import keep_typed, typed_or_blank
from synergy.core.models import Region
from synergy.core.pagination import paginate
from synergy.core.permissions import get_object_for, require
from synergy.core.slugs import unique_slug

from . import services
from .forms import ApprovalForm, CampaignForm, PledgeForm, ProjectForm, RewardFormSet, UpdateForm
from .models import Pledge, Project, SimulatedCampaign

SUPPORTERS_PER_PAGE = 50
PUBLIC_SUPPORTERS = 100


def _project(request, perm: str, slug: str) -> Project:
    return get_object_for(request, perm, Project.objects.select_related("region", "campaign", "designer"), slug=slug)


def project_list(request):
    projects = Project.objects.public().select_related("region", "campaign")
    region_slug = request.GET.get("region", "")
    if region_slug:
        projects = projects.filter(region__slug=region_slug)
    kind = request.GET.get("kind")
    if kind == "points":
        projects = projects.filter(campaign__isnull=False)
    elif kind == "money":
        projects = projects.filter(campaign__isnull=True)
    context = {
        # Counted and fetched only if the list is not already rendered in the cache.
        "page": SimpleLazyObject(lambda: paginate(request, projects.order_by("-starts_at", "-id"))),
        "regions": Region.objects.order_by("name"),
        "region_slug": region_slug,
        "kind": kind,
        "campaigns": SimulatedCampaign.objects.select_related("region")[:10],
    }
    return render(request, "funding/list.html", context)


def project_detail(request, slug: str):
    # The permission check runs on every request, on the project's row alone for a visitor (the
    # rules read the region and the campaign for a signed-in person only). What everyone may see
    # is read only if its fragment is not already in the cache (funding/detail.html); what is
    # personal is never cached.
    user = request.user
    projects = Project.objects.select_related("region", "campaign") if user.is_authenticated else Project.objects.all()
    project = get_object_for(request, "funding.view_project", projects, slug=slug)
    context = {"project": project, **_public_parts(project)}
    if not user.is_authenticated:  # nothing personal: the whole page is one cached fragment
        return render(request, "funding/detail.html", context)
    for name, perm in [
        ("can_edit", "change_project"), ("can_submit", "submit_for_approval"), ("can_pledge", "pledge"),
        ("can_post_update", "post_update"),
    ]:  # fmt: skip
        context[name] = user.has_perm(f"funding.{perm}", project)
    # A platform admin passes every rule; the approval box is for a project that awaits review.
    context["can_approve"] = project.status == Project.Status.PENDING and user.has_perm(
        "funding.approve_project", project
    )
    context["my_pledges"] = project.pledges.filter(supporter=user, status=Pledge.Status.ACTIVE)
    context["points_left"] = services.points_left(project.campaign, user) if project.campaign_id else None
    if context["can_pledge"]:  # the same blank form for everyone who may pledge: its fields are cached
        context["pledge_form"] = SimpleLazyObject(lambda: PledgeForm(project=project))
    if context["can_approve"]:
        context["approval_form"] = typed_or_blank(request, f"approval:{project.pk}", ApprovalForm)
    if context["can_post_update"]:
        context["update_form"] = typed_or_blank(request, f"update:{project.pk}", UpdateForm)
    if user.has_perm("funding.view_supporters", project):
        # Every pledge, a page at a time: a popular project has thousands. Never cached.
        pledges = project.pledges.exclude(status=Pledge.Status.CANCELLED).select_related("supporter", "reward")
        context["supporters"] = paginate(request, pledges, SUPPORTERS_PER_PAGE)
    return render(request, "funding/detail.html", context)


def _public_parts(project: Project) -> dict:
    """What anyone who may see the project sees: asked of the database (and even built) only if
    the fragment that shows it is not already in the cache."""

    def supporters() -> dict:
        pledges = project.pledges.exclude(status=Pledge.Status.CANCELLED)
        named = pledges.filter(anonymous=False, supporter__isnull=False).select_related("supporter")
        return {
            "named": list(named[:PUBLIC_SUPPORTERS]),
            "anonymous_count": pledges.filter(Q(anonymous=True) | Q(supporter__isnull=True)).count(),
        }

    return {
        "rewards": SimpleLazyObject(lambda: list(project.rewards.all())),
        "updates": SimpleLazyObject(lambda: list(project.updates.all())),
        "public_supporters": SimpleLazyObject(supporters),
        "supporters": None,  # every pledge, for those who may see them: see project_detail
    }


@login_required
def project_create(request):
    require(request, "funding.add_project")
    return _edit(request, Project(designer=request.user))


@login_required
def project_edit(request, slug: str):
    return _edit(request, _project(request, "funding.change_project", slug))


def _edit(request, project: Project):
    form = ProjectForm(request.POST or None, instance=project, user=request.user)
    rewards = RewardFormSet(request.POST or None, instance=project, prefix="rewards")
    if request.method == "POST" and form.is_valid() and rewards.is_valid():
        with transaction.atomic():
            project = form.save(commit=False)
            if not project.slug:
                project.slug = unique_slug(Project, project.title, fallback="project")
            project.save()
            rewards.instance = project
            rewards.save()
        messages.success(request, _("The project is saved."))
        return redirect(project)
    return render(request, "funding/form.html", {"form": form, "rewards": rewards, "project": project})


@login_required
@require_POST
def submit_for_approval(request, slug: str):
    project = _project(request, "funding.submit_for_approval", slug)
    try:
        services.submit_for_approval(project)
        messages.success(request, _("The project is sent to the region's coordinators for approval."))
    except services.Refused as refusal:
        messages.error(request, str(refusal))
    return redirect(project)


@login_required
@require_POST
def review(request, slug: str):
    project = _project(request, "funding.approve_project", slug)
    form = ApprovalForm(request.POST)
    back = redirect(project.get_absolute_url() + "#review")
    if not form.is_valid():  # a note that cannot be kept is refused, never dropped from a decision
        messages.error(request, _("Your decision is not recorded; please correct the note below."))
        keep_typed(request, f"approval:{project.pk}", form)
        return back
    note = form.cleaned_data["note"]
    try:
        if request.POST.get("decision") == "approve":
            services.approve(project, note)
            messages.success(request, _("The project is published."))
        elif note.strip():
            services.request_changes(project, note)
            messages.success(request, _("The project is sent back to its designer with your note."))
        else:
            messages.error(request, _("Say what should change, so the designer can act on it."))
            return back
    except services.Refused as refusal:
        messages.error(request, str(refusal))
        keep_typed(request, f"approval:{project.pk}", form)
        return back
    return redirect(project)


@login_required
@require_POST
def pledge(request, slug: str):
    project = _project(request, "funding.pledge", slug)
    form = PledgeForm(request.POST, project=project)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(project)
    data = form.cleaned_data
    try:
        services.pledge(project, request.user, data["amount"], reward=data["reward"], anonymous=data["anonymous"])
        messages.success(request, _("Thank you for your support."))
    except services.Refused as refusal:
        messages.error(request, str(refusal))
    return redirect(project)


@login_required
@require_POST
def cancel_pledge(request, slug: str, pk: int):
    pledge_ = get_object_or_404(Pledge, project__slug=slug, pk=pk, supporter=request.user)
    try:
        services.cancel_pledge(pledge_)
        messages.success(request, _("Your pledge is cancelled."))
    except services.Refused as refusal:
        messages.error(request, str(refusal))
    return redirect(pledge_.project)


@login_required
@require_POST
def post_update(request, slug: str):
    project = _project(request, "funding.post_update", slug)
    form = UpdateForm(request.POST)
    if form.is_valid():
        services.post_update(project, title=form.cleaned_data["title"], body=form.cleaned_data["body"])
        messages.success(request, _("Your update is posted and sent to your supporters."))
    else:
        messages.error(request, _("Your update could not be posted; please correct it below."))
        keep_typed(request, f"update:{project.pk}", form)
    return redirect(project.get_absolute_url() + "#updates")


@login_required
def mine(request):
    """The person's own lists, from a fragment kept for them alone until a project, a pledge or one
    of their roles changes; the querysets run only when it is rendered anew."""
    user = request.user
    context = {
        "pledges": Pledge.objects.filter(supporter=user).select_related("project", "reward"),
        "projects": Project.objects.filter(designer=user),
        # Most people coordinate nothing: then no query.
        "to_approve": SimpleLazyObject(
            lambda: (
                Project.objects.filter(status=Project.Status.PENDING, region__in=regions)
                if (regions := coordinated_region_ids(user))
                else Project.objects.none()
            )
        ),
    }
    return render(request, "funding/mine.html", context)


def campaign_detail(request, slug: str):
    # A visitor's page needs the campaign's row alone; the region is read with it for the rules.
    signed_in = request.user.is_authenticated
    campaign = get_object_or_404(
        SimulatedCampaign.objects.select_related("region") if signed_in else SimulatedCampaign.objects.all(), slug=slug
    )
    context = {
        "campaign": campaign,
        # Ranked only if the ranking is not already rendered in the cache.
        "projects": SimpleLazyObject(lambda: services.campaign_ranking(campaign)),
        "closed": campaign.status == SimulatedCampaign.Status.CLOSED,
    }
    if signed_in:  # a visitor has no points and no rights here: the page is one cached fragment
        context["points_left"] = services.points_left(campaign, request.user)
        context["can_change"] = request.user.has_perm("funding.change_campaign", campaign)
    return render(request, "funding/campaign.html", context)


@login_required
def campaign_create(request):
    require(request, "funding.add_campaign")
    return _edit_campaign(request, SimulatedCampaign(created_by=request.user))


@login_required
def campaign_edit(request, slug: str):
    campaign = get_object_for(request, "funding.change_campaign", SimulatedCampaign.objects.all(), slug=slug)
    return _edit_campaign(request, campaign)


def _edit_campaign(request, campaign: SimulatedCampaign):
    form = CampaignForm(request.POST or None, instance=campaign, user=request.user)
    if request.method == "POST" and form.is_valid():
        campaign = form.save(commit=False)
        if not campaign.slug:
            campaign.slug = unique_slug(SimulatedCampaign, campaign.title, fallback="campaign")
        campaign.save()
        messages.success(request, _("The campaign is saved."))
        return redirect(campaign)
    return render(request, "funding/campaign_form.html", {"form": form, "campaign": campaign})


@login_required
@require_POST
def campaign_close(request, slug: str):
    campaign = get_object_for(request, "funding.change_campaign", SimulatedCampaign.objects.all(), slug=slug)
    ranked = services.close_campaign(campaign)
    messages.success(request, _("The campaign is closed and %(count)s projects are ranked.") % {"count": len(ranked)})
    return redirect(campaign)
