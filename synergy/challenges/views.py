"""Challenge pages. Each view fetches its object with the permission it needs
(``get_object_for``), hands the write to ``services`` and shows the outcome."""

import mimetypes
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from synergy.accounts.rules import coordinated_region_ids
from synergy.actors.rules import administered_organisation_ids
from synergy.core.charts import bar_chart
from synergy.core.forms import keep_typed, typed_or_blank
from synergy.core.models import Region
from synergy.core.pagination import paginate
from synergy.core.permissions import get_object_for, require
from synergy.core.slugs import unique_slug
from synergy.core.spreadsheets import to_xlsx

from . import reports, services
from .certificates import award_value, certificate_pdf, winner_names
from .filters import ChallengeFilter
from .forms import (
    AnswerForm,
    ApprovalForm,
    AwardForm,
    ChallengeAttachmentForm,
    ChallengeForm,
    CommentForm,
    ConflictForm,
    CriterionFormSet,
    DeclarationForm,
    InviteForm,
    MilestoneFormSet,
    ProposalAttachmentForm,
    ProposalForm,
    QuestionForm,
    RoundForm,
    ScoreForm,
)
from .models import (
    Award,
    Challenge,
    ChallengeAttachment,
    Juror,
    Like,
    Proposal,
    ProposalAttachment,
    Question,
    Round,
    Score,
    TeamMember,
    ThematicCall,
)
from .rules import leads_team

PROPOSALS_PER_PAGE = 50


def _challenge(request, perm: str, slug: str) -> Challenge:
    return get_object_for(request, perm, Challenge.objects.select_related("giver", "thematic_call"), slug=slug)


def _proposal(request, perm: str, slug: str, pk: int) -> Proposal:
    return get_object_for(
        request,
        perm,
        Proposal.objects.select_related("challenge__giver", "organisation"),
        challenge__slug=slug,
        pk=pk,
    )


def _refused(request, refusal: services.Refused) -> None:
    messages.error(request, str(refusal))


# --- Challenges ----------------------------------------------------------------------------------


def challenge_list(request):
    base = Challenge.objects.published().select_related("giver").prefetch_related("regions").with_counts()
    filterset = ChallengeFilter(request.GET or None, queryset=base)
    # Counted and fetched only if the list is not already rendered in the cache.
    page = SimpleLazyObject(lambda: paginate(request, filterset.qs.order_by("-opens_at", "-id")))
    template = "challenges/list.html#results" if request.htmx else "challenges/list.html"
    context = {"filter": filterset, "page": page, "calls": ThematicCall.objects.all()}
    return render(request, template, context)


def call_detail(request, slug: str):
    call = get_object_or_404(ThematicCall, slug=slug)
    challenges = call.challenges.published().select_related("giver").prefetch_related("regions").with_counts()
    return render(request, "challenges/call.html", {"call": call, "challenges": challenges})


def challenge_detail(request, slug: str):
    """The public parts come from cached fragments (challenges/detail.html): a page served from
    them runs one query for the challenge and its permission check, then only the person's own parts'.

    The regions, attachments, questions and the page of proposals (and its count) are queried only
    if a fragment is rendered anew.
    """
    # The giver and the thematic call are shown only from fragments: fetched when one is rendered anew.
    challenge = get_object_for(request, "challenges.view_challenge", Challenge.objects.all(), slug=slug)
    user = request.user
    signed_in = user.is_authenticated
    visible = services.visible_proposals(challenge, user)
    # The liked badges are the person's: the list is kept once per set of proposals they like
    # (none, for a visitor and most members), so a list with badges is only shown to whoever
    # likes exactly those proposals.
    liked = (
        frozenset(Like.objects.filter(user=user, proposal__challenge=challenge).values_list("proposal_id", flat=True))
        if visible is not None and signed_in and challenge.is_community_vote
        else frozenset()
    )

    context = {
        "challenge": challenge,
        "regions": SimpleLazyObject(lambda: list(challenge.regions.all())),
        "attachments": SimpleLazyObject(lambda: list(challenge.attachments.all())),
        "questions": SimpleLazyObject(lambda: list(challenge.questions.all())),
        "lists_proposals": visible is not None,
        "page": SimpleLazyObject(lambda: _proposal_page(request, challenge, visible, liked)),
        # What the list shows depends on, exactly: the proposals this person may see and likes.
        "seen_as": f"{_described(visible)}|{sorted(liked)}",
        "my_proposals": (
            challenge.proposals.filter(team__user=user, team__status=TeamMember.Status.ACCEPTED)
            if signed_in
            else Proposal.objects.none()
        ),
        "following": SimpleLazyObject(
            lambda: Challenge.followers.through.objects.filter(challenge=challenge, user=user).exists()
        ),
        "juror": services.seated_juror(challenge, user) if signed_in else None,
        "question_form": SimpleLazyObject(lambda: typed_or_blank(request, f"question:{challenge.pk}", QuestionForm)),
        "approval_form": SimpleLazyObject(lambda: typed_or_blank(request, f"approval:{challenge.pk}", ApprovalForm)),
    }
    # Plain booleans: the questions' fragment varies on one. A person's roles are asked once per
    # request, so these checks cost no query for someone who coordinates and gives nothing.
    for name, perm in [
        ("can_propose", "create_proposal"), ("can_follow", "follow"), ("can_ask", "ask_question"),
        ("can_answer", "answer_question"), ("can_edit", "change_challenge"), ("can_report", "view_report"),
        ("can_submit_for_approval", "submit_for_approval"), ("can_approve", "approve_challenge"),
        ("can_manage_jury", "manage_jury"),
    ]:  # fmt: skip
        context[name] = user.has_perm(f"challenges.{perm}", challenge)
    # A platform admin passes every rule; the approval box is for a challenge that awaits review.
    context["can_approve"] = context["can_approve"] and challenge.status == Challenge.Status.PENDING
    context["can_manage"] = context["can_report"] or context["can_manage_jury"]
    return render(request, "challenges/detail.html", context)


def _proposal_page(request, challenge: Challenge, visible, liked: frozenset):
    proposals = challenge.proposals.filter(visible).select_related("organisation")
    if challenge.is_community_vote:
        proposals = proposals.order_by("-like_count", "submitted_at", "id")
    else:
        proposals = proposals.order_by("submitted_at", "id")
    page = paginate(request, proposals, PROPOSALS_PER_PAGE)
    page.object_list = list(page.object_list)
    for proposal in page.object_list:
        proposal.liked = proposal.pk in liked
    return page


def _described(condition) -> str:
    """A filter written out the same way every time (the ids of a set in order), for a cache key."""
    if condition is None:
        return "none"
    if isinstance(condition, Q):
        children = ", ".join(_described(child) for child in condition.children)
        return f"{'NOT ' if condition.negated else ''}{condition.connector}({children})"
    lookup, value = condition
    if isinstance(value, (set, frozenset, list, tuple)):
        value = sorted(value)
    return f"{lookup}={value!r}"


@login_required
def challenge_create(request):
    require(request, "challenges.add_challenge")
    return _edit_challenge(request, Challenge(created_by=request.user))


@login_required
def challenge_edit(request, slug: str):
    return _edit_challenge(request, _challenge(request, "challenges.change_challenge", slug))


def _edit_challenge(request, challenge: Challenge):
    form = ChallengeForm(request.POST or None, instance=challenge, user=request.user)
    if request.method == "POST" and form.is_valid():
        challenge = form.save(commit=False)
        if not challenge.slug:
            challenge.slug = unique_slug(Challenge, challenge.title, fallback="challenge")
        with transaction.atomic():
            challenge.save()
            form.save_m2m()
        messages.success(request, _("The challenge is saved."))
        return redirect(challenge)
    return render(request, "challenges/form.html", {"form": form, "challenge": challenge})


@login_required
def challenge_attachments(request, slug: str):
    challenge = _challenge(request, "challenges.change_challenge", slug)
    form = ChallengeAttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if "delete" in request.POST:
            challenge.attachments.filter(pk=request.POST.get("delete")).delete()
            messages.success(request, _("The attachment is removed."))
            return redirect("challenges:attachments", challenge.slug)
        if form.is_valid():
            attachment = form.save(commit=False)
            attachment.challenge = challenge
            attachment.save()
            messages.success(request, _("The attachment is added."))
            return redirect("challenges:attachments", challenge.slug)
    context = {"challenge": challenge, "form": form, "attachments": challenge.attachments.all()}
    return render(request, "challenges/attachments.html", context)


def challenge_attachment(request, slug: str, pk: int):
    challenge = _challenge(request, "challenges.view_challenge", slug)
    return _serve(get_object_or_404(ChallengeAttachment, challenge=challenge, pk=pk).file)


def _serve(field_file) -> FileResponse:
    """Files are served through a view that checked permission, never from a public folder."""
    name = Path(field_file.name).name
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(field_file.open("rb"), as_attachment=True, filename=name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def submit_for_approval(request, slug: str):
    challenge = _challenge(request, "challenges.submit_for_approval", slug)
    services.submit_for_approval(challenge)
    messages.success(request, _("The challenge is sent to the region's coordinators for approval."))
    return redirect(challenge)


@login_required
@require_POST
def review(request, slug: str):
    challenge = _challenge(request, "challenges.approve_challenge", slug)
    form = ApprovalForm(request.POST)
    back = redirect(challenge.get_absolute_url() + "#review")
    if not form.is_valid():  # a note that cannot be kept is refused, never dropped from a decision
        messages.error(request, _("Your decision is not recorded; please correct the note below."))
        keep_typed(request, f"approval:{challenge.pk}", form)
        return back
    note = form.cleaned_data["note"]
    try:
        if request.POST.get("decision") == "approve":
            services.approve_challenge(challenge, request.user, note)
            messages.success(request, _("The challenge is published."))
        else:
            if not note.strip():
                messages.error(request, _("Say what should change, so the challenge giver can act on it."))
                return back
            services.request_changes(challenge, request.user, note)
            messages.success(request, _("The challenge is sent back to its giver with your note."))
    except services.Refused as refusal:
        _refused(request, refusal)
        keep_typed(request, f"approval:{challenge.pk}", form)
        return back
    return redirect(challenge)


@login_required
@require_POST
def follow(request, slug: str):
    challenge = _challenge(request, "challenges.follow", slug)
    on = request.POST.get("follow") == "1"
    services.follow(challenge, request.user, on=on)
    messages.success(request, _("You follow this challenge.") if on else _("You no longer follow this challenge."))
    return redirect(challenge)


@login_required
@require_POST
def ask(request, slug: str):
    challenge = _challenge(request, "challenges.ask_question", slug)
    form = QuestionForm(request.POST)
    if form.is_valid():
        try:
            services.ask_question(challenge, request.user, form.cleaned_data["text"])
            messages.success(request, _("Your question is posted; the answer will appear here for everyone."))
        except services.Refused as refusal:
            _refused(request, refusal)
            keep_typed(request, f"question:{challenge.pk}", form)
    else:
        messages.error(request, _("Your question could not be posted; please correct it below."))
        keep_typed(request, f"question:{challenge.pk}", form)
    return redirect(reverse("challenges:detail", args=[challenge.slug]) + "#questions")


@login_required
def answer(request, slug: str, pk: int):
    challenge = _challenge(request, "challenges.answer_question", slug)
    question = get_object_or_404(Question, challenge=challenge, pk=pk)
    form = AnswerForm(request.POST or None, initial={"answer": question.answer})
    if request.method == "POST" and form.is_valid():
        services.answer_question(question, request.user, form.cleaned_data["answer"])
        messages.success(request, _("Your answer is published."))
        return redirect(reverse("challenges:detail", args=[challenge.slug]) + "#questions")
    return render(request, "challenges/answer.html", {"challenge": challenge, "question": question, "form": form})


# --- Proposals ------------------------------------------------------------------------------------


@login_required
def proposal_create(request, slug: str):
    challenge = _challenge(request, "challenges.create_proposal", slug)
    form = ProposalForm(request.POST or None, user=request.user)
    milestones = MilestoneFormSet(request.POST or None, prefix="milestones")
    if request.method == "POST" and form.is_valid() and milestones.is_valid():
        try:
            with transaction.atomic():
                proposal = services.create_proposal(challenge, request.user, **form.cleaned_data)
                milestones.instance = proposal
                milestones.save()
        except services.Refused as refusal:
            _refused(request, refusal)  # shown above the form, which keeps what was typed
        else:
            messages.success(request, _("Your draft is saved. Invite your team, then submit it."))
            return redirect(proposal)
    context = {"challenge": challenge, "form": form, "milestones": milestones}
    return render(request, "challenges/proposal_form.html", context)


@login_required
def proposal_edit(request, slug: str, pk: int):
    proposal = _proposal(request, "challenges.change_proposal", slug, pk)
    form = ProposalForm(request.POST or None, instance=proposal, user=request.user)
    milestones = MilestoneFormSet(request.POST or None, instance=proposal, prefix="milestones")
    if request.method == "POST" and form.is_valid() and milestones.is_valid():

        def save():
            form.save()
            milestones.save()

        try:
            services.save_proposal(proposal, save)
        except services.Refused as refusal:
            _refused(request, refusal)  # shown above the form, which keeps what was typed
        else:
            messages.success(request, _("Your proposal is saved."))
            return redirect(proposal)
    context = {"challenge": proposal.challenge, "proposal": proposal, "form": form, "milestones": milestones}
    return render(request, "challenges/proposal_form.html", context)


def proposal_detail(request, slug: str, pk: int):
    proposal = _proposal(request, "challenges.view_proposal", slug, pk)
    user = request.user
    challenge = proposal.challenge
    juror = services.seated_juror(challenge, user)
    context = {
        "challenge": challenge,
        "proposal": proposal,
        "team": proposal.team.select_related("user"),
        "milestones": proposal.milestones.all(),
        "attachments": proposal.attachments.all(),
        "comments": proposal.comments.select_related("author"),
        "like_count": proposal.like_count,
        "liked": user.is_authenticated and proposal.likes.filter(user=user).exists(),
        "on_team": user.is_authenticated
        and proposal.team.filter(user=user, status=TeamMember.Status.ACCEPTED).exists(),
        "invite_form": typed_or_blank(request, f"invite:{proposal.pk}", InviteForm),
        "attachment_form": typed_or_blank(request, f"attachment:{proposal.pk}", ProposalAttachmentForm),
        "comment_form": typed_or_blank(request, f"comment:{proposal.pk}", CommentForm),
        "juror": juror if juror and juror.is_seated else None,
        "team_size": services.accepted_team_size(proposal),
    }
    for name, perm in [
        ("can_edit", "change_proposal"), ("can_submit", "submit_proposal"), ("can_withdraw", "withdraw_proposal"),
        ("can_manage_team", "manage_team"), ("can_like", "like_proposal"), ("can_comment", "comment_proposal"),
        ("can_score_here", "score_proposal"),
    ]:  # fmt: skip
        context[name] = user.has_perm(f"challenges.{perm}", proposal)
    return render(request, "challenges/proposal.html", context)


@login_required
@require_POST
def proposal_submit(request, slug: str, pk: int):
    proposal = _proposal(request, "challenges.view_proposal", slug, pk)
    repeat = proposal.status == Proposal.Status.SUBMITTED and leads_team(request.user, proposal)
    if not repeat:  # a second click or a second tab is told calmly below, not refused
        require(request, "challenges.submit_proposal", proposal)
    try:
        services.submit_proposal(proposal)
        messages.success(request, _("Your proposal is submitted."))
    except services.AlreadySubmitted as already:
        messages.info(request, str(already))
    except services.Refused as refusal:
        _refused(request, refusal)
    return redirect(proposal)


@login_required
@require_POST
def proposal_withdraw(request, slug: str, pk: int):
    proposal = _proposal(request, "challenges.withdraw_proposal", slug, pk)
    try:
        services.withdraw_proposal(proposal)
        messages.success(request, _("Your proposal is withdrawn."))
    except services.Refused as refusal:
        _refused(request, refusal)
    return redirect(proposal)


@login_required
@require_POST
def team_invite(request, slug: str, pk: int):
    proposal = _proposal(request, "challenges.manage_team", slug, pk)
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            services.invite_team_member(proposal, request.user, form.cleaned_data["identifier"])
            messages.success(request, _("The invitation is sent."))
        except services.Refused as refusal:
            _refused(request, refusal)
            keep_typed(request, f"invite:{proposal.pk}", form)
    else:
        messages.error(request, _("Enter a member's name or a valid e-mail address."))
        keep_typed(request, f"invite:{proposal.pk}", form)
    return redirect(proposal.get_absolute_url() + "#team")


@login_required
@require_POST
def team_remove(request, slug: str, pk: int, member_pk: int):
    proposal = _proposal(request, "challenges.manage_team", slug, pk)
    member = get_object_or_404(TeamMember, proposal=proposal, pk=member_pk)
    try:
        services.remove_team_member(member)
        messages.success(request, _("The team member is removed."))
    except services.Refused as refusal:
        _refused(request, refusal)
    return redirect(proposal)


@login_required
def team_invitation(request, token: str):
    member = get_object_or_404(TeamMember.objects.select_related("proposal__challenge"), token=token)
    if request.method == "POST":
        try:
            services.answer_team_invitation(member, request.user, accept=request.POST.get("accept") == "1")
        except services.Refused as refusal:
            _refused(request, refusal)
            return redirect("challenges:mine")
        if request.POST.get("accept") == "1":
            messages.success(request, _("You joined the team."))
            return redirect(member.proposal)
        messages.info(request, _("You declined the invitation."))
        return redirect("challenges:mine")
    return render(request, "challenges/invitation.html", {"member": member, "proposal": member.proposal})


@login_required
@require_POST
def proposal_attachment_add(request, slug: str, pk: int):
    proposal = _proposal(request, "challenges.change_proposal", slug, pk)
    form = ProposalAttachmentForm(request.POST, request.FILES)
    back = redirect(proposal.get_absolute_url() + "#files")
    if not form.is_valid():
        # The typed title comes back; a browser cannot be given a chosen file back, so say so.
        messages.error(request, _("The file is not attached; please correct the form below and choose the file again."))
        for error in form.errors.get("file", []):
            messages.error(request, error)
        keep_typed(request, f"attachment:{proposal.pk}", form)
        return back

    def save():
        attachment = form.save(commit=False)
        attachment.proposal = proposal
        attachment.save()

    try:
        services.save_proposal(proposal, save)
        messages.success(request, _("The file is attached."))
    except services.Refused as refusal:
        _refused(request, refusal)
        keep_typed(request, f"attachment:{proposal.pk}", form)
    return back


@login_required
@require_POST
def proposal_attachment_delete(request, slug: str, pk: int, attachment_pk: int):
    proposal = _proposal(request, "challenges.change_proposal", slug, pk)
    attachment = get_object_or_404(ProposalAttachment, proposal=proposal, pk=attachment_pk)
    try:
        services.save_proposal(proposal, attachment.delete)
        messages.success(request, _("The file is removed."))
    except services.Refused as refusal:
        _refused(request, refusal)
    return redirect(proposal)


def proposal_attachment(request, slug: str, pk: int, attachment_pk: int):
    proposal = _proposal(request, "challenges.view_proposal", slug, pk)
    return _serve(get_object_or_404(ProposalAttachment, proposal=proposal, pk=attachment_pk).file)


@login_required
@require_POST
def like(request, slug: str, pk: int):
    proposal = _proposal(request, "challenges.like_proposal", slug, pk)
    on = request.POST.get("like") == "1"
    try:
        count = services.set_like(proposal, request.user, on=on)
    except services.Refused as refusal:
        _refused(request, refusal)
        return redirect(proposal)
    if request.htmx:
        context = {"proposal": proposal, "liked": on, "like_count": count, "can_like": True}
        return render(request, "challenges/proposal.html#like", context)
    return redirect(request.POST.get("next") if request.POST.get("next", "").startswith("/") else proposal)


@login_required
@require_POST
def comment(request, slug: str, pk: int):
    proposal = _proposal(request, "challenges.comment_proposal", slug, pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.add_comment(proposal, request.user, form.cleaned_data["body"])
            messages.success(request, _("Your comment is posted."))
        except services.Refused as refusal:
            _refused(request, refusal)
            keep_typed(request, f"comment:{proposal.pk}", form)
    else:
        messages.error(request, _("Your comment could not be posted; please correct it below."))
        keep_typed(request, f"comment:{proposal.pk}", form)
    return redirect(proposal.get_absolute_url() + "#comments")


# --- The jury: the coordinator's side -----------------------------------------------------------


@login_required
def jury(request, slug: str):
    challenge = _challenge(request, "challenges.manage_jury", slug)
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invite_juror(challenge, request.user, form.cleaned_data["identifier"])
            messages.success(request, _("The invitation is sent."))
            return redirect("challenges:jury", challenge.slug)
        except services.Refused as refusal:
            _refused(request, refusal)
    rounds = list(challenge.rounds.prefetch_related("criteria").annotate(proposal_count=Count("proposals")))
    open_round = next((round_ for round_ in rounds if round_.status == Round.Status.OPEN), None)
    context = {
        "challenge": challenge,
        "form": form,
        "jurors": challenge.jurors.select_related("user").annotate(conflict_count=Count("conflicts")),
        "rounds": rounds,
        "open_round": open_round,
        "progress": services.jury_progress(open_round) if open_round else [],
    }
    return render(request, "challenges/jury.html", context)


@login_required
def round_edit(request, slug: str, round_pk: int | None = None):
    challenge = _challenge(request, "challenges.manage_jury", slug)
    round_ = get_object_or_404(Round, challenge=challenge, pk=round_pk) if round_pk else None
    if round_ is None:
        position = challenge.rounds.count() + 1
        round_ = Round(challenge=challenge, position=position, name=_("Round %(number)s") % {"number": position})
    if round_.status != Round.Status.DRAFT:
        messages.error(request, _("An opened round can no longer be changed."))
        return redirect("challenges:jury", challenge.slug)
    initial = {}
    if not round_.pk:
        previous = challenge.rounds.order_by("-position").first()
        initial["proposals"] = (
            previous.proposals.all() if previous else challenge.proposals.submitted()
        )  # a shortlist starts from the round before
    form = RoundForm(request.POST or None, instance=round_, challenge=challenge, initial=initial)
    criteria = CriterionFormSet(request.POST or None, instance=round_, prefix="criteria")
    if request.method == "POST" and form.is_valid() and criteria.is_valid():
        with transaction.atomic():
            round_ = form.save()
            criteria.instance = round_
            criteria.save()
        messages.success(request, _("The round is saved."))
        return redirect("challenges:jury", challenge.slug)
    context = {"challenge": challenge, "round": round_, "form": form, "criteria": criteria}
    return render(request, "challenges/round_form.html", context)


@login_required
@require_POST
def round_status(request, slug: str, round_pk: int):
    challenge = _challenge(request, "challenges.manage_jury", slug)
    round_ = get_object_or_404(Round, challenge=challenge, pk=round_pk)
    try:
        if request.POST.get("action") == "open":
            services.open_round(round_)
            messages.success(request, _("The round is open; the jurors are told."))
        else:
            services.close_round(round_)
            messages.success(request, _("The round is closed; jurors can now see all its scores."))
    except services.Refused as refusal:
        _refused(request, refusal)
    return redirect("challenges:jury", challenge.slug)


@login_required
def ranking(request, slug: str, round_pk: int):
    # The round and the challenge's own row: the ranking, its criteria and the jury's progress come
    # from a cached fragment, worked out only when it is rendered anew.
    round_ = get_object_or_404(Round.objects.select_related("challenge"), challenge__slug=slug, pk=round_pk)
    challenge = round_.challenge
    manager = request.user.has_perm("challenges.view_ranking", challenge)
    juror = None if manager else services.seated_juror(challenge, request.user)
    if not manager and not (juror and juror.is_seated and round_.status == Round.Status.CLOSED):
        raise PermissionDenied

    def rows():
        ranked = services.ranking(round_)
        if manager:
            return ranked
        hidden = services.conflicted_proposal_ids(juror)  # a juror never sees those they declared a conflict with
        return [row for row in ranked if row["proposal"].pk not in hidden]

    # Worked out only if this ranking, as this person may see it, is not already in the cache.
    context = {
        "challenge": challenge,
        "round": round_,
        "rows": SimpleLazyObject(rows),
        "criteria": round_.criteria.all(),
        "tie_break": services.TIE_BREAK,
        "progress": SimpleLazyObject(lambda: services.jury_progress(round_)) if manager else [],
        "manager": manager,
        "seen_as": "manager" if manager else juror.pk,
    }
    return render(request, "challenges/ranking.html", context)


# --- The jury: the juror's side ----------------------------------------------------------------


def _juror_or_403(challenge, user) -> Juror:
    """The person's own seat on the jury; a platform admin passes rules but has no seat to score from."""
    juror = services.seated_juror(challenge, user)
    if juror is None:
        raise PermissionDenied
    return juror


@login_required
def jury_invitation(request, token: str):
    juror = get_object_or_404(Juror.objects.select_related("challenge"), token=token)
    if request.method == "POST":
        accept = request.POST.get("accept") == "1"
        try:
            services.answer_jury_invitation(juror, request.user, accept=accept)
        except services.Refused as refusal:
            _refused(request, refusal)
            return redirect("challenges:mine")
        if accept:
            messages.success(request, _("Welcome to the jury. Please sign the declarations."))
            return redirect("challenges:jury_home", juror.challenge.slug)
        messages.info(request, _("You declined the invitation."))
        return redirect("challenges:mine")
    return render(request, "challenges/jury_invitation.html", {"juror": juror, "challenge": juror.challenge})


@login_required
def jury_home(request, slug: str):
    challenge = _challenge(request, "challenges.jury_home", slug)
    juror = _juror_or_403(challenge, request.user)
    declarations = DeclarationForm(request.POST or None)
    if request.method == "POST":
        if declarations.is_valid():
            services.sign_declarations(juror)
            messages.success(request, _("Thank you. You can now see and score the proposals."))
            return redirect("challenges:jury_home", challenge.slug)
        messages.error(request, _("Both declarations are needed before you can see any proposal."))
    context = {"challenge": challenge, "juror": juror, "declarations": declarations}
    if juror.is_seated:
        conflicts = services.conflicted_proposal_ids(juror)
        rounds = []
        for round_ in challenge.rounds.exclude(status=Round.Status.DRAFT):
            proposals = list(round_.proposals.exclude(pk__in=conflicts).order_by("title"))
            criteria_count = round_.criteria.count()
            scored = {
                row["proposal_id"]
                for row in Score.objects.filter(juror=juror, criterion__round=round_)
                .values("proposal_id")
                .annotate(n=Count("id"))
                if row["n"] >= criteria_count
            }
            rounds.append({"round": round_, "proposals": proposals, "scored": scored})
        candidates = challenge.proposals.submitted().exclude(pk__in=conflicts).order_by("title")
        context |= {
            "rounds": rounds,
            "conflicts": juror.conflicts.select_related("proposal"),
            "conflict_candidates": [(proposal, _conflict_form(request, proposal)) for proposal in candidates],
        }
    return render(request, "challenges/jury_home.html", context)


@login_required
def score(request, slug: str, round_pk: int, proposal_pk: int):
    proposal = _proposal(request, "challenges.score_proposal", slug, proposal_pk)
    challenge = proposal.challenge
    round_ = get_object_or_404(Round, challenge=challenge, pk=round_pk, proposals=proposal)
    juror = _juror_or_403(challenge, request.user)
    criteria = list(round_.criteria.all())
    mine = Score.objects.filter(juror=juror, proposal=proposal, criterion__round=round_)
    existing = {score.criterion_id: score for score in mine}
    form = ScoreForm(request.POST or None, round_=round_, criteria=criteria, existing=existing)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_scores(juror, proposal, round_, form.marks())
            messages.success(request, _("Your scores are saved. You can change them while the round is open."))
            return redirect("challenges:jury_home", challenge.slug)
        except services.Refused as refusal:
            _refused(request, refusal)
    context = {"challenge": challenge, "proposal": proposal, "round": round_, "form": form}
    return render(request, "challenges/score.html", context)


def _conflict_form(request, proposal: Proposal) -> ConflictForm:
    """The conflict box of one proposal on the jury page; each has its own ids."""
    return typed_or_blank(request, f"conflict:{proposal.pk}", ConflictForm, auto_id=f"conflict-{proposal.pk}-%s")


@login_required
@require_POST
def declare_conflict(request, slug: str, proposal_pk: int):
    proposal = _proposal(request, "challenges.declare_conflict", slug, proposal_pk)
    juror = _juror_or_403(proposal.challenge, request.user)
    form = ConflictForm(request.POST)
    back = redirect(reverse("challenges:jury_home", args=[proposal.challenge.slug]) + "#conflicts")
    if not form.is_valid():  # a reason that cannot be kept is refused, never silently dropped
        messages.error(request, _("Your conflict is not recorded; please correct the reason below."))
        keep_typed(request, f"conflict:{proposal.pk}", form)
        return back
    services.declare_conflict(juror, proposal, form.cleaned_data["reason"])
    messages.success(request, _("Your conflict is recorded: the proposal is hidden from you and you do not score it."))
    return back


# --- Results --------------------------------------------------------------------------------------


@login_required
def winners(request, slug: str):
    challenge = _challenge(request, "challenges.confirm_winners", slug)
    form = AwardForm(request.POST or None, challenge=challenge)
    if request.method == "POST":
        try:
            if "remove" in request.POST:
                services.remove_award(get_object_or_404(Award, challenge=challenge, pk=request.POST["remove"]))
                messages.success(request, _("The award is removed."))
                return redirect("challenges:winners", challenge.slug)
            if "publish" in request.POST:
                count = services.publish_results(challenge)
                messages.success(
                    request, _("The results are published and %(count)s winning teams are told.") % {"count": count}
                )
                return redirect("challenges:results", challenge.slug)
            if form.is_valid():
                data = form.cleaned_data
                services.confirm_award(
                    challenge, data["proposal"], request.user,
                    rank=data["rank"], title=data["title"], value=data["value"], currency=data["currency"],
                )  # fmt: skip
                messages.success(request, _("The award is confirmed."))
                return redirect("challenges:winners", challenge.slug)
        except services.Refused as refusal:
            _refused(request, refusal)
    last_round = challenge.rounds.exclude(status=Round.Status.DRAFT).order_by("-position").first()
    context = {
        "challenge": challenge,
        "form": form,
        "awards": challenge.awards.select_related("proposal"),
        "ranking": services.ranking(last_round)[:10] if last_round else [],
        "last_round": last_round,
    }
    return render(request, "challenges/winners.html", context)


def results(request, slug: str):
    """The awards come from a cached fragment (challenges/results.html), queried only if it is
    rendered anew; it is kept once per set of awards whose certificate the person may download."""
    challenge = get_object_for(request, "challenges.view_results", Challenge.objects.all(), slug=slug)
    awards = challenge.awards.select_related("proposal__organisation").prefetch_related(
        Prefetch(
            "proposal__team",
            queryset=TeamMember.objects.filter(status=TeamMember.Status.ACCEPTED).select_related("user"),
        )
    )
    # The awards of the teams this person is on: their certificate is offered for download.
    ours = (
        sorted(
            set(
                challenge.awards.filter(
                    proposal__team__user=request.user, proposal__team__status=TeamMember.Status.ACCEPTED
                ).values_list("pk", flat=True)
            )
        )
        if request.user.is_authenticated
        else []
    )
    context = {
        "challenge": challenge,
        "awards": awards,
        "ours": ours,
        "public": challenge.proposal_visibility == Challenge.Visibility.PUBLIC,
    }
    return render(request, "challenges/results.html", context)


@login_required
def certificate(request, slug: str, award_pk: int):
    awards = Award.objects.select_related("proposal", "challenge__giver")
    award = get_object_or_404(awards, challenge__slug=slug, pk=award_pk)
    if (
        not award.challenge.results_published_at
        or not award.proposal.team.filter(user=request.user, status=TeamMember.Status.ACCEPTED).exists()
    ):
        raise PermissionDenied
    pdf = certificate_pdf(award, get_language())
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{award.certificate_code}.pdf"'
    return response


def certificate_check(request, code: str):
    award = (
        Award.objects.filter(certificate_code=code, challenge__results_published_at__isnull=False)
        .select_related("proposal", "challenge__giver")
        .first()
    )
    context = {"award": award}
    if award:
        context |= {"winners": winner_names(award), "value": award_value(award)}
    return render(request, "challenges/certificate_check.html", context, status=200 if award else 404)


# --- Personal page and reports ----------------------------------------------------------------------


@login_required
def mine(request):
    """The person's own lists, from a fragment kept for them alone until a challenge, a team, a
    jury or one of their roles changes: worked out only when it is rendered anew."""
    user = request.user

    def lists() -> dict:
        organisations, regions = administered_organisation_ids(user), coordinated_region_ids(user)
        found = {
            "teams": TeamMember.objects.filter(user=user)
            .exclude(status=TeamMember.Status.DECLINED)
            .select_related("proposal__challenge")
            .order_by("-invited_at"),
            "juries": Juror.objects.filter(user=user).select_related("challenge").order_by("-invited_at"),
            "given": Challenge.objects.filter(giver__in=organisations).select_related("giver"),
            "to_approve": Challenge.objects.filter(status=Challenge.Status.PENDING, regions__in=regions).distinct(),
            "followed": user.followed_challenges.all(),
            "report_regions": Region.objects.filter(pk__in=regions),
        }
        # Most people give and coordinate nothing: then those lists need no query.
        for name, ids in [("given", organisations), ("to_approve", regions), ("report_regions", regions)]:
            if not ids:
                found[name] = found[name].none()
        return found

    return render(request, "challenges/mine.html", {"lists": SimpleLazyObject(lists)})


@login_required
def challenge_report(request, slug: str):
    challenge = _challenge(request, "challenges.view_report", slug)
    figures = SimpleLazyObject(lambda: reports.figures(Proposal.objects.filter(challenge=challenge)))
    if request.GET.get("format") == "xlsx":
        return _xlsx(reports.sheets(str(challenge), figures), f"challenge-{challenge.slug}.xlsx")
    # Counted and drawn only if the report is not already rendered in the cache.
    context = {"challenge": challenge, "figures": figures, "charts": SimpleLazyObject(lambda: _charts(figures))}
    return render(request, "challenges/report.html", context)


@login_required
def region_report(request, region_slug: str):
    region = get_object_or_404(Region, slug=region_slug)
    require(request, "core.coordinate_region", region)

    def count():
        figures = reports.figures(Proposal.objects.filter(challenge__regions=region).distinct())
        figures["challenges"] = Challenge.objects.filter(regions=region).with_counts().order_by("-opens_at")
        return figures

    figures = SimpleLazyObject(count)
    if request.GET.get("format") == "xlsx":
        return _xlsx(reports.sheets(str(region), figures), f"challenges-{region.slug}.xlsx")
    # Counted and drawn only if the report is not already rendered in the cache.
    charts = SimpleLazyObject(lambda: _charts(figures))
    return render(request, "challenges/report.html", {"region": region, "figures": figures, "charts": charts})


def _charts(figures) -> dict:
    return {
        "stakeholders": bar_chart(_("Participants by stakeholder type"), figures["by_stakeholder_type"]),
        "countries": bar_chart(_("Participants by country"), figures["by_country"]),
        "scores": bar_chart(_("Proposals by final score (percent of the scale)"), figures["score_distribution"]),
    }


def _xlsx(sheets, filename: str) -> HttpResponse:
    response = HttpResponse(
        to_xlsx(sheets), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
