"""Pages of the matchmaking app: a need and who fits it, a challenge's matches, an organisation's
opportunities, and collaboration requests."""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from synergy.accounts.models import User
from synergy.actors.models import Organisation
from synergy.challenges.models import Challenge
from synergy.core.exceptions import Refused
from synergy.core.pagination import paginate
from synergy.core.permissions import get_object_for, require

from . import services
from .forms import AnswerForm, NeedForm, RequestForm
from .models import ActorKind, CollaborationRequest

RESULTS = 20


@login_required
@require_safe
def need(request):
    """A free-text need (GET, so a result can be bookmarked and shared) and who fits it."""
    require(request, "matchmaking.match_need")
    form = NeedForm(request.GET or None)

    def found() -> dict:  # only when the form and its answer are not already in the cache
        if not form.is_valid():
            return _split(None)
        data = form.cleaned_data
        return _split(services.match_need(data["need"], data["competences"], data["key_areas"], limit=RESULTS))

    # The same need asked again (a shared link, a reload) is answered from the cache: the form
    # is a GET form, with no token, and the answer depends on the question only.
    return render(request, "matchmaking/need.html", {"form": form, "found": SimpleLazyObject(found)})


def _split(matches) -> dict:
    if matches is None:
        return {"searched": False}
    return {
        "searched": True,
        "organisations": [m for m in matches if m.kind == ActorKind.ORGANISATION],
        "people": [m for m in matches if m.kind == ActorKind.PERSON],
    }


@login_required
@require_safe
def challenge_matches(request, slug: str):
    challenge = get_object_for(request, "matchmaking.view_challenge_matches", Challenge.objects.all(), slug=slug)
    found = SimpleLazyObject(lambda: _split(services.match_challenge(challenge, limit=RESULTS)))
    return render(request, "matchmaking/challenge.html", {"challenge": challenge, "found": found})


@login_required
@require_safe
def opportunities(request, slug: str):
    organisation = get_object_for(request, "matchmaking.view_opportunities", Organisation.objects.all(), slug=slug)
    found = services.remembered_opportunities(organisation)
    by_kind = {kind: [o for o in found if o.kind == kind] for kind in ("challenge", "training", "network")}
    return render(request, "matchmaking/opportunities.html", {"organisation": organisation, "by_kind": by_kind})


@login_required
def request_organisation(request, slug: str):
    organisation = get_object_for(request, "matchmaking.send_request", Organisation.objects.all(), slug=slug)
    return _send(request, organisation=organisation, name=organisation.name)


@login_required
def request_person(request, pk: int):
    person = get_object_or_404(User, pk=pk, is_active=True, actor_profile__listed=True)
    require(request, "matchmaking.send_request", person)
    return _send(request, person=person, name=person.display_name)


def _send(request, *, name: str, organisation=None, person=None):
    form = RequestForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            collaboration = services.send_request(
                request.user, subject=data["subject"], message=data["message"], organisation=organisation,
                person=person, on_behalf_of=data["sender_organisation"],
            )  # fmt: skip
        except Refused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, _("Your request is sent. You will be told when it is answered."))
            return redirect("matchmaking:request", collaboration.pk)
    return render(request, "matchmaking/request_form.html", {"form": form, "recipient_name": name})


@login_required
@require_safe
def request_list(request):
    """What the person sent, or what was sent to them or their organisations: one list at a time."""
    view = "received" if request.GET.get("view") == "received" else "sent"
    rows = services.received_requests(request.user) if view == "received" else services.sent_requests(request.user)
    rows = rows.select_related("sender", "sender_organisation", "organisation", "person")
    return render(request, "matchmaking/requests.html", {"view": view, "page": paginate(request, rows)})


def _collaboration(request, pk: int, perm: str) -> CollaborationRequest:
    """The request, for one of its two sides only.

    Asked of the rules themselves, not ``user.has_perm``: Django grants every permission to a
    superuser, and a platform admin is no side of a private request (the back office shows it to
    them for support, read-only).
    """
    queryset = CollaborationRequest.objects.select_related(
        "sender", "sender_organisation", "organisation", "person", "decided_by"
    )
    collaboration = get_object_or_404(queryset, pk=pk)
    if not rules.has_perm(perm, request.user, collaboration):
        raise PermissionDenied
    return collaboration


@login_required
@require_safe
def request_detail(request, pk: int):
    collaboration = _collaboration(request, pk, "matchmaking.view_request")
    return _render_request(request, collaboration, AnswerForm())


def _render_request(request, collaboration: CollaborationRequest, answer_form: AnswerForm):
    user = request.user
    context = {
        "collaboration": collaboration,
        "contact": services.contact_details(collaboration, user),
        "can_answer": rules.has_perm("matchmaking.answer_request", user, collaboration),
        "can_withdraw": rules.has_perm("matchmaking.withdraw_request", user, collaboration),
        "answer_form": answer_form,
    }
    return render(request, "matchmaking/request.html", context)


@login_required
@require_POST
def request_answer(request, pk: int):
    collaboration = _collaboration(request, pk, "matchmaking.answer_request")
    decision = request.POST.get("decision")
    form = AnswerForm(request.POST)
    if decision not in ("accept", "decline"):
        form.is_valid()
        form.add_error(None, _("Choose whether to accept or decline the request."))
    if not form.is_valid():  # shown again with what was typed and the reason beside it
        return _render_request(request, collaboration, form)
    services.answer_request(
        collaboration, request.user, accept=decision == "accept", answer=form.cleaned_data["answer"]
    )
    if decision == "accept":
        messages.success(request, _("Accepted: you now see each other's contact details."))
    else:
        messages.success(request, _("Declined. The sender is told."))
    return redirect("matchmaking:request", collaboration.pk)


@login_required
@require_POST
def request_withdraw(request, pk: int):
    collaboration = _collaboration(request, pk, "matchmaking.withdraw_request")
    services.withdraw_request(collaboration, request.user)
    messages.success(request, _("The request is withdrawn."))
    return redirect("matchmaking:request", collaboration.pk)
