"""Pages of the networks app. Each view fetches its object with the permission it needs
(``get_object_for``), hands the write to ``services`` and shows the outcome."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from synergy.accounts.rules import coordinated_region_ids
from synergy.actors.models import Organisation
from synergy.actors.rules import administered_organisation_ids
from synergy.core.charts import bar_chart
from synergy.core.exceptions import Refused
from synergy.core.models import Region
from synergy.core.pagination import paginate
from synergy.core.permissions import get_object_for, require
from synergy.core.taxonomy import KeyArea, term_label

from . import assistant, services
from .composition import composition
from .forms import (
    AcceptProposalForm,
    AnalysisForm,
    ApplyForm,
    AssistantForm,
    CreateNetworkForm,
    InviteForm,
    NetworkForm,
    RoleForm,
)
from .history import ANALYSIS_FIELDS, version_changes
from .models import ACTIVE, Member, Network
from .rules import organisations_by_status

HISTORY_PER_PAGE = 10
INVITE_RESULTS = 20


def _network(request, perm: str, slug: str) -> Network:
    return get_object_for(request, perm, Network.objects.select_related("region"), slug=slug)


def _member(request, slug: str, pk: int, perm: str) -> Member:
    queryset = Member.objects.select_related("network__region", "organisation")
    return get_object_for(request, perm, queryset, network__slug=slug, pk=pk)


# --- Networks -----------------------------------------------------------------------------------


@require_safe
def network_list(request):
    networks = services.with_member_count(Network.objects.select_related("region"))
    key_area = request.GET.get("key_area", "")
    query = request.GET.get("q", "").strip()[:200]
    if key_area in KeyArea.values:
        networks = networks.filter(key_areas__icontains=f'"{key_area}"')
    if query:
        networks = networks.filter(name__icontains=query)
    context = {
        # Counted and fetched only if the list is not already rendered in the cache.
        "page": SimpleLazyObject(lambda: paginate(request, networks.order_by("name", "id"))),
        "key_areas": KeyArea.choices,
        "key_area": key_area,
        "query": query,
    }
    return render(request, "networks/list.html", context)


@require_safe
def network_detail(request, slug: str):
    """The public parts come from cached fragments (networks/detail.html); what a person may do and
    the invitations and applications waiting for them are theirs, around the fragments."""
    network = _network(request, "networks.view_network", slug)
    user = request.user
    administered = administered_organisation_ids(user)
    can_manage = user.has_perm("networks.change_network", network)
    members = SimpleLazyObject(lambda: _active_members(network))
    context = {
        "network": network,
        "members": members,
        "composition": SimpleLazyObject(lambda: _composition_with_charts(members)),
        "analysis": [(name, label, getattr(network, name)) for name, label in ANALYSIS_FIELDS],
        "can_manage": can_manage,
        "can_edit_analysis": user.is_authenticated and user.has_perm("networks.change_analysis", network),
        "can_apply": user.is_authenticated and user.has_perm("networks.apply", network),
        "pending": _pending(network) if can_manage else [],
        "mine": _rows_of(network, administered) if administered else [],
        "role_form": RoleForm() if can_manage else None,
    }
    return render(request, "networks/detail.html", context)


def _active_members(network: Network) -> list[Member]:
    return list(
        network.members.filter(ACTIVE)
        .select_related("organisation")
        .defer("organisation__description", "organisation__services", "organisation__infrastructure")
        .order_by("role", "organisation__name", "id")
    )


def _composition_with_charts(members: list[Member]):
    result = composition([member.organisation for member in members])
    for dimension in result.dimensions:
        dimension.chart = bar_chart(dimension.title, dimension.counts)
    return result


def _pending(network: Network) -> list[Member]:
    waiting = Q(status=Member.Status.INVITED) | Q(status=Member.Status.APPLIED)
    return list(network.members.filter(waiting).select_related("organisation").order_by("status", "created_at", "id"))


def _rows_of(network: Network, organisation_ids) -> list[Member]:
    """The rows of the organisations the person administers: invitations to answer, memberships to leave."""
    if not set(organisation_ids) & {pk for rows in organisations_by_status(network).values() for pk in rows}:
        return []
    return list(
        network.members.filter(organisation_id__in=list(organisation_ids)).select_related("organisation").order_by("id")
    )


def _creation_choices(user) -> dict:
    """What a person may name when creating a network: the organisations they run and the regions they coordinate."""
    organisations = Organisation.objects.filter(pk__in=list(administered_organisation_ids(user))).order_by("name")
    if user.is_superuser:
        regions = Region.objects.order_by("name")
    else:
        regions = Region.objects.filter(pk__in=list(coordinated_region_ids(user))).order_by("name")
    # An organisation's admin creates a network for their organisation; coordinators and admins may run one themselves.
    required = not (user.is_superuser or coordinated_region_ids(user))
    return {"organisations": organisations, "regions": regions, "organisation_required": required}


@login_required
def network_create(request):
    require(request, "networks.add_network")
    form = CreateNetworkForm(request.POST or None, **_creation_choices(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        network = services.create_network(
            name=data["name"],
            description=data["description"],
            key_areas=data["key_areas"],
            region=data["region"],
            coordinator=data["coordinator"],
            by=request.user,
        )
        messages.success(request, _("The network is created. Invite organisations to it."))
        return redirect(network)
    return render(request, "networks/form.html", {"form": form, "network": None})


@login_required
def network_edit(request, slug: str):
    network = _network(request, "networks.change_network", slug)
    user = request.user
    if user.is_superuser:
        regions = Region.objects.order_by("name")
    else:
        allowed = {*coordinated_region_ids(user), network.region_id}
        regions = Region.objects.filter(pk__in=[pk for pk in allowed if pk]).order_by("name")
    form = NetworkForm(request.POST or None, instance=network, regions=regions)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The network is saved."))
        return redirect(network)
    return render(request, "networks/form.html", {"form": form, "network": network})


@require_safe
@login_required
def mine(request):
    """The networks of the person's organisations, with the invitations and applications in progress."""
    organisation_ids = Organisation.objects.filter(memberships__user=request.user).values("pk")
    rows = (
        Member.objects.filter(organisation_id__in=organisation_ids)
        .filter(status__in=[Member.Status.INVITED, Member.Status.APPLIED, Member.Status.ACTIVE])
        .select_related("network", "organisation")
        .order_by("network__name", "organisation__name", "id")
    )
    context = {"rows": rows, "administered": administered_organisation_ids(request.user)}
    return render(request, "networks/mine.html", context)


# --- Invitations, applications, roles --------------------------------------------------------------


@login_required
def invite(request, slug: str):
    """Find an organisation by name and invite it (a search, then a button per result: no script needed)."""
    network = _network(request, "networks.invite", slug)
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = form.cleaned_data["organisation"]
        try:
            services.invite(network, organisation, by=request.user, message=form.cleaned_data["message"])
        except Refused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, _("%(organisation)s is invited.") % {"organisation": organisation.name})
        return redirect("networks:invite", network.slug)
    query = request.GET.get("q", "").strip()[:200]
    context = {"network": network, "form": form, "query": query, "results": _invitable(network, query)}
    return render(request, "networks/invite.html", context)


def _invitable(network: Network, query: str) -> list[Organisation]:
    if len(query) < 2:
        return []
    taken = network.members.filter(status__in=[Member.Status.ACTIVE, Member.Status.INVITED]).values("organisation_id")
    matching = Q(name__icontains=query) | Q(short_name__icontains=query)
    return list(
        Organisation.objects.filter(matching)
        .exclude(pk__in=taken)
        .only("name", "slug", "country", "type", "completeness")
        .order_by("name", "id")[:INVITE_RESULTS]
    )


@login_required
def apply(request, slug: str):
    network = _network(request, "networks.apply", slug)
    taken = [
        pk
        for status in (Member.Status.ACTIVE, Member.Status.INVITED, Member.Status.APPLIED)
        for pk in organisations_by_status(network).get(status, {})
    ]
    organisations = (
        Organisation.objects.filter(pk__in=list(administered_organisation_ids(request.user)))
        .exclude(pk__in=taken)
        .order_by("name")
    )
    form = ApplyForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        organisation = form.cleaned_data["organisation"]
        try:
            member = services.apply(network, organisation, by=request.user, message=form.cleaned_data["message"])
        except Refused as refusal:
            messages.error(request, str(refusal))
        else:
            if member.status == Member.Status.ACTIVE:
                messages.success(
                    request,
                    _("%(organisation)s was invited already: it is now a member.")
                    % {"organisation": organisation.name},
                )
            else:
                messages.success(request, _("The application is sent. The network's coordinators will answer."))
        return redirect(network)
    return render(request, "networks/apply.html", {"network": network, "form": form})


def _act(request, member: Member, act, success: str):
    """Run ``act()`` (a service that may refuse), say how it went, and go back where the person was."""
    try:
        act()
    except Refused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, success)
    if request.POST.get("next") == "mine":
        return redirect("networks:mine")
    return redirect(member.network)


@login_required
@require_POST
def answer(request, slug: str, pk: int):
    """Accept or decline: an invitation, by the invited organisation's admins; an application, by the managers."""
    row = get_object_or_404(Member.objects.only("status"), network__slug=slug, pk=pk)
    perm = "networks.answer_invitation" if row.status == Member.Status.INVITED else "networks.answer_application"
    member = _member(request, slug, pk, perm)
    accept = request.POST.get("answer") == "accept"
    success = _("Your answer is saved.") if accept else _("Declined.")
    return _act(request, member, lambda: services.answer(member, by=request.user, accept=accept), success)


@login_required
@require_POST
def leave(request, slug: str, pk: int):
    member = _member(request, slug, pk, "networks.leave")
    success = _("%(organisation)s has left the network.") % {"organisation": member.organisation.name}
    return _act(request, member, lambda: services.leave(member, by=request.user), success)


@login_required
@require_POST
def withdraw(request, slug: str, pk: int):
    """Take back an invitation (the network's managers) or an application (the organisation's admins)."""
    member = _member(request, slug, pk, "networks.withdraw")
    return _act(request, member, lambda: services.withdraw(member, by=request.user), _("Withdrawn."))


@login_required
@require_POST
def remove(request, slug: str, pk: int):
    member = _member(request, slug, pk, "networks.remove_member")
    success = _("%(organisation)s is no longer a member.") % {"organisation": member.organisation.name}
    return _act(request, member, lambda: services.remove(member, by=request.user), success)


@login_required
@require_POST
def change_role(request, slug: str, pk: int):
    member = _member(request, slug, pk, "networks.change_role")
    form = RoleForm(request.POST)
    try:
        if not form.is_valid():
            raise Refused(_("Choose a role."))
        services.change_role(member, form.cleaned_data["role"], by=request.user)
    except Refused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("The role is changed."))
    return redirect(member.network)


# --- The analysis and its history ------------------------------------------------------------------


@login_required
def analysis_edit(request, slug: str):
    network = _network(request, "networks.change_analysis", slug)
    initial = {name: getattr(network, name) for name, _label in ANALYSIS_FIELDS}
    form = AnalysisForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        texts = {name: form.cleaned_data[name] for name, _label in ANALYSIS_FIELDS}
        revision = services.save_analysis(network, by=request.user, note=form.cleaned_data["note"], **texts)
        messages.success(request, _("The analysis is saved.") if revision else _("Nothing changed."))
        return redirect(network.get_absolute_url() + "#analysis")
    return render(request, "networks/analysis_form.html", {"network": network, "form": form})


@require_safe
@login_required
def history(request, slug: str):
    network = _network(request, "networks.view_history", slug)
    page = paginate(request, network.revisions.select_related("author"), HISTORY_PER_PAGE)
    revisions = list(page.object_list)
    previous = None
    if revisions and page.has_next():  # the version before this page's oldest, to compare it with
        oldest = revisions[-1]
        previous = (
            network.revisions.filter(
                Q(created_at__lt=oldest.created_at) | Q(created_at=oldest.created_at, id__lt=oldest.id)
            )
            .order_by("-created_at", "-id")
            .first()
        )
    context = {"network": network, "page": page, "versions": version_changes(revisions, previous)}
    return render(request, "networks/history.html", context)


# --- The formation assistant -------------------------------------------------------------------------


@login_required
def formation_assistant(request):
    """GET with a key area: the proposal. POST: the coordinator's edit of it, accepted."""
    require(request, "networks.use_assistant")
    data = request.POST if request.method == "POST" else (request.GET or None)
    search = AssistantForm(data, initial={"threshold": settings.NETWORK_PROFILE_THRESHOLD})
    context = {"search": search, "proposal": None, "form": None}
    if not search.is_valid():
        return render(request, "networks/assistant.html", context)
    area, size, threshold = (search.cleaned_data[k] for k in ("key_area", "size", "threshold"))
    proposal = assistant.propose(area, size=size, threshold=threshold)
    choices = _creation_choices(request.user)
    candidates = [*proposal.picks, *proposal.others]
    initial = {
        "name": _("%(area)s network") % {"area": term_label(area)},
        "organisations": [c.organisation.pk for c in proposal.picks],
    }
    form = AcceptProposalForm(
        request.POST if request.method == "POST" else None, initial=initial, candidates=candidates, **choices
    )
    if request.method == "POST" and form.is_valid():
        network = _accept(request, proposal, form.cleaned_data)
        return redirect(network)
    chosen = set(form["organisations"].value() or []) if form.is_bound else set(initial["organisations"])
    context.update(proposal=proposal, form=form, chosen={int(pk) for pk in chosen if str(pk).isdigit()})
    return render(request, "networks/assistant.html", context)


def _accept(request, proposal: assistant.Proposal, data: dict) -> Network:
    reasons = proposal.reasons()
    by_id = {c.organisation.pk: c.organisation for c in [*proposal.picks, *proposal.others]}
    picks = [(by_id[pk], reasons[pk]) for pk in data["organisations"]]
    network = services.form_network(
        name=data["name"],
        description=data["description"],
        key_area=proposal.key_area,
        picks=picks,
        by=request.user,
        region=data["region"],
        coordinator=data["coordinator"],
    )
    invited = sum(
        1 for organisation, _reason in picks if not data["coordinator"] or organisation.pk != data["coordinator"].pk
    )
    messages.success(
        request,
        ngettext(
            "The network is created and %(count)d organisation is invited.",
            "The network is created and %(count)d organisations are invited.",
            invited,
        )
        % {"count": invited},
    )
    return network
