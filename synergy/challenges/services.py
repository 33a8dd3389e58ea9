"""Writes to challenges: approval, phases, proposals and teams, likes, the jury and results.

Every rule the server enforces lives here, checked at the moment of the write against the
server's clock: a form that was opened before the deadline cannot save after it. Writes
that count something (team places, likes, scores) run under a row lock or a unique
constraint, so simultaneous requests cannot exceed a limit or count twice.
"""

from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from synergy.accounts.models import EmailFrequency, RegionRole, User
from synergy.actors.models import Membership
from synergy.core import caching
from synergy.core.exceptions import Refused
from synergy.core.search import Entry
from synergy.notifications.services import send_notification_mail, tell, tell_each

from .models import (
    Award,
    Challenge,
    Comment,
    Conflict,
    Juror,
    Like,
    Phase,
    Proposal,
    Question,
    Round,
    Score,
    ScoreChange,
    TeamMember,
)

# --- Who is concerned ------------------------------------------------------------------------


def giver_admins(challenge: Challenge) -> list[User]:
    return list(
        User.objects.filter(
            memberships__organisation_id=challenge.giver_id, memberships__role=Membership.Role.ADMIN, is_active=True
        )
    )


def coordinators(challenge: Challenge) -> list[User]:
    return list(
        User.objects.filter(
            region_roles__region__in=challenge.regions.all(),
            region_roles__role=RegionRole.Role.COORDINATOR,
            is_active=True,
        ).distinct()
    )


def team_users(proposal: Proposal) -> list[User]:
    return [
        member.user
        for member in proposal.team.filter(status=TeamMember.Status.ACCEPTED, user__isnull=False).select_related("user")
    ]


# --- Approval and phases ----------------------------------------------------------------------


def submit_for_approval(challenge: Challenge) -> None:
    if challenge.status != Challenge.Status.DRAFT:
        raise Refused(_("Only a draft can be sent for approval."))
    challenge.status = Challenge.Status.PENDING
    challenge.save(update_fields=["status"])
    tell_each(
        coordinators(challenge),
        lambda: (_("A challenge waits for your approval: %(title)s") % {"title": challenge.title}, challenge.summary),
        kind="challenge.approval_requested",
        url=challenge.get_absolute_url(),
    )


def approve_challenge(challenge: Challenge, by: User, note: str = "") -> None:
    if challenge.status != Challenge.Status.PENDING:
        raise Refused(_("Only a challenge waiting for approval can be approved."))
    challenge.status = Challenge.Status.PUBLISHED
    challenge.approved_by = by
    challenge.approval_note = note
    challenge.published_at = timezone.now()
    challenge.announced_phase = challenge.phase_at(challenge.published_at)
    challenge.save(update_fields=["status", "approved_by", "approval_note", "published_at", "announced_phase"])
    tell_each(
        giver_admins(challenge),
        lambda: (_("Your challenge is published: %(title)s") % {"title": challenge.title}, note),
        kind="challenge.approved",
        url=challenge.get_absolute_url(),
    )


def request_changes(challenge: Challenge, by: User, note: str) -> None:
    if challenge.status != Challenge.Status.PENDING:
        raise Refused(_("Only a challenge waiting for approval can be sent back."))
    challenge.status = Challenge.Status.DRAFT
    challenge.approval_note = note
    challenge.save(update_fields=["status", "approval_note"])
    tell_each(
        giver_admins(challenge),
        lambda: (_("Changes requested to your challenge: %(title)s") % {"title": challenge.title}, note),
        kind="challenge.changes_requested",
        url=challenge.get_absolute_url(),
    )


def announce_phase_changes(now=None) -> int:
    """Tell followers, teams and jurors when a challenge enters a new phase; each change once."""
    now = now or timezone.now()
    announced = 0
    for challenge in Challenge.objects.published().filter(opens_at__lte=now):
        phase = challenge.phase_at(now)
        if phase == challenge.announced_phase:
            continue
        # Claim the announcement: a second scheduler run (or worker) finds nothing to do.
        claimed = Challenge.objects.filter(pk=challenge.pk, announced_phase=challenge.announced_phase).update(
            announced_phase=phase
        )
        if not claimed:
            continue
        caching.bump("challenges")  # the claim bypasses the models' signals
        people = list(challenge.followers.all())
        people += User.objects.filter(
            team_memberships__proposal__challenge=challenge,
            team_memberships__status=TeamMember.Status.ACCEPTED,
            team_memberships__proposal__status=Proposal.Status.SUBMITTED,
        )
        if phase == Phase.EVALUATION:
            people += User.objects.filter(juries__challenge=challenge, juries__status=Juror.Status.ACCEPTED)
        label = Phase(phase).label
        tell_each(
            people,
            lambda challenge=challenge, label=label: (
                _("%(title)s — new phase: %(phase)s") % {"title": challenge.title, "phase": label},
                _("The challenge has entered a new phase."),
            ),
            kind="challenge.phase",
            url=challenge.get_absolute_url(),
        )
        announced += 1
    return announced


def follow(challenge: Challenge, user: User, *, on: bool) -> None:
    if on:
        challenge.followers.add(user)
    else:
        challenge.followers.remove(user)


# --- Questions ---------------------------------------------------------------------------------


def ask_question(challenge: Challenge, user: User, text: str) -> Question:
    if not challenge.allows("ask"):
        raise Refused(_("Questions can no longer be asked in this challenge."))
    question = Question.objects.create(challenge=challenge, author=user, text=text)
    tell_each(
        giver_admins(challenge),
        lambda: (_("New question on %(title)s") % {"title": challenge.title}, text),
        kind="challenge.question",
        url=challenge.get_absolute_url() + "#questions",
    )
    return question


def answer_question(question: Question, by: User, answer: str) -> None:
    question.answer = answer
    question.answered_by = by
    question.answered_at = timezone.now()
    question.save(update_fields=["answer", "answered_by", "answered_at"])
    challenge = question.challenge
    people = list(challenge.followers.all())
    if question.author:
        people.append(question.author)
    tell_each(
        people,
        lambda: (_("The challenge giver answered a question on %(title)s") % {"title": challenge.title}, answer),
        kind="challenge.answer",
        url=challenge.get_absolute_url() + "#questions",
    )


# --- Proposals and teams ----------------------------------------------------------------------


def _lock_challenge(challenge: Challenge) -> Challenge:
    return Challenge.objects.select_for_update().get(pk=challenge.pk)


@transaction.atomic
def create_proposal(challenge: Challenge, user: User, **fields) -> Proposal:
    challenge = _lock_challenge(challenge)
    if not challenge.allows("submit"):
        raise Refused(_("The deadline for proposals has passed."))
    _refuse_jurors(challenge, user)
    proposal = Proposal.objects.create(challenge=challenge, created_by=user, **fields)
    TeamMember.objects.create(
        proposal=proposal, user=user, is_lead=True, status=TeamMember.Status.ACCEPTED, answered_at=timezone.now()
    )
    return proposal


def _refuse_jurors(challenge: Challenge, user: User) -> None:
    if challenge.jurors.filter(user=user).exclude(status=Juror.Status.DECLINED).exists():
        raise Refused(_("Members of this challenge's jury cannot take part in it."))


def check_editable(proposal: Proposal) -> None:
    """Raise ``Refused`` unless the proposal can still be changed, by the server's clock."""
    if proposal.status == Proposal.Status.WITHDRAWN:
        raise Refused(_("This proposal has been withdrawn."))
    ability = "edit" if proposal.status == Proposal.Status.SUBMITTED else "submit"
    if not proposal.challenge.allows(ability):
        raise Refused(_("The deadline has passed: proposals can no longer be changed."))


@transaction.atomic
def save_proposal(proposal: Proposal, save_form) -> Proposal:
    """Save an edit inside the lock, after checking the deadline at the moment of writing."""
    proposal = Proposal.objects.select_for_update().select_related("challenge").get(pk=proposal.pk)
    check_editable(proposal)
    return save_form()


def accepted_team_size(proposal: Proposal) -> int:
    return proposal.team.filter(status=TeamMember.Status.ACCEPTED).count()


class AlreadySubmitted(Refused):
    """The proposal was submitted by an earlier request (a double click, a second tab): nothing to do."""


@transaction.atomic
def submit_proposal(proposal: Proposal) -> None:
    proposal = Proposal.objects.select_for_update().select_related("challenge").get(pk=proposal.pk)
    challenge = proposal.challenge
    if proposal.status == Proposal.Status.SUBMITTED:
        raise AlreadySubmitted(_("Your proposal was already submitted; nothing more to do."))
    if proposal.status != Proposal.Status.DRAFT:
        raise Refused(_("Only a draft can be submitted."))
    if not challenge.allows("submit"):
        raise Refused(_("The deadline for proposals has passed."))
    size = accepted_team_size(proposal)
    if size < challenge.team_min:
        raise Refused(
            ngettext(
                "Your team has %(size)s member; this challenge needs at least %(minimum)s.",
                "Your team has %(size)s members; this challenge needs at least %(minimum)s.",
                size,
            )
            % {"size": size, "minimum": challenge.team_min}
        )
    if size > challenge.team_max:
        raise Refused(
            _("Your team has %(size)s members; this challenge allows at most %(maximum)s.")
            % {"size": size, "maximum": challenge.team_max}
        )
    proposal.status = Proposal.Status.SUBMITTED
    proposal.submitted_at = timezone.now()
    proposal.save(update_fields=["status", "submitted_at"])
    url = proposal.get_absolute_url()
    tell_each(
        giver_admins(challenge) + coordinators(challenge),
        lambda: (_("New proposal for %(title)s") % {"title": challenge.title}, proposal.title),
        kind="challenge.proposal_submitted",
        url=url,
    )
    tell_each(
        team_users(proposal),
        lambda: (
            _("Your proposal is submitted: %(title)s") % {"title": proposal.title},
            _("You can still improve it until %(deadline)s.") % {"deadline": _when(challenge.evaluation_starts_at)},
        ),
        kind="challenge.proposal_submitted",
        url=url,
    )


def _when(moment) -> str:
    from django.utils.formats import date_format

    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


@transaction.atomic
def withdraw_proposal(proposal: Proposal) -> None:
    proposal = Proposal.objects.select_for_update().select_related("challenge").get(pk=proposal.pk)
    if proposal.status == Proposal.Status.WITHDRAWN:
        return
    if not proposal.challenge.allows("withdraw"):
        raise Refused(_("The deadline has passed: proposals can no longer be withdrawn."))
    proposal.status = Proposal.Status.WITHDRAWN
    proposal.save(update_fields=["status"])


def find_user(identifier: str) -> User | None:
    """A person by e-mail address (any case), or by a display name that only one person has."""
    identifier = identifier.strip()
    if "@" in identifier:
        return User.objects.filter(email__iexact=identifier, is_active=True).first()
    matches = list(User.objects.filter(display_name__iexact=identifier, is_active=True)[:2])
    return matches[0] if len(matches) == 1 else None


@transaction.atomic
def invite_team_member(proposal: Proposal, by: User, identifier: str) -> TeamMember:
    proposal = Proposal.objects.select_for_update().select_related("challenge").get(pk=proposal.pk)
    check_editable(proposal)
    challenge = proposal.challenge
    user = find_user(identifier)
    if user is None and "@" not in identifier:
        raise Refused(_("No single member has that name. Invite them by e-mail address instead."))
    active = proposal.team.exclude(status=TeamMember.Status.DECLINED)
    if active.count() >= challenge.team_max:
        raise Refused(_("The team is full: this challenge allows at most %(maximum)s members.") % {
            "maximum": challenge.team_max
        })  # fmt: skip
    email = "" if user else identifier.strip().lower()
    if (user and active.filter(user=user).exists()) or (email and active.filter(email__iexact=email).exists()):
        raise Refused(_("This person is already on the team or invited."))
    if user:
        _refuse_jurors(challenge, user)
    member, _created = TeamMember.objects.update_or_create(
        proposal=proposal, user=user, email=email,
        defaults={"status": TeamMember.Status.INVITED, "invited_at": timezone.now(), "answered_at": None},
    )  # fmt: skip
    url = reverse("challenges:team_invitation", args=[member.token])
    if user:
        tell(
            user,
            lambda: (
                _("%(name)s invites you to the team of “%(title)s”")
                % {"name": by.display_name, "title": proposal.title},
                _("The proposal answers the challenge “%(challenge)s”.") % {"challenge": challenge.title},
            ),
            kind="challenge.team_invitation",
            url=url,
        )
    else:
        _mail_invitation(
            email,
            subject=_("You are invited to a team on Synergy"),
            body=_(
                "%(name)s invites you to the team of the proposal “%(title)s” for the challenge “%(challenge)s”.\n\n"
                "Sign up or log in with this e-mail address, then accept or decline here:\n%(url)s"
            )
            % {"name": by.display_name, "title": proposal.title, "challenge": challenge.title, "url": _site(url)},
        )
    return member


def _site(path: str) -> str:
    return settings.SITE_URL + path


def _mail_invitation(email: str, *, subject: str, body: str) -> None:
    from django.core.mail import EmailMessage

    EmailMessage(subject=subject, body=body, to=[email], headers={"Auto-Submitted": "auto-generated"}).send()


def _check_invitee(invitation: TeamMember | Juror, user: User) -> None:
    """A team or jury invitation is answered once, by the person (or e-mail address) it was sent to."""
    if invitation.status != invitation.Status.INVITED:
        raise Refused(_("This invitation has already been answered."))
    if invitation.user_id and invitation.user_id != user.pk:
        raise Refused(_("This invitation is for someone else."))
    if invitation.email and invitation.email.lower() != user.email.lower():
        raise Refused(_("This invitation was sent to another e-mail address. Log in with that address."))


@transaction.atomic
def answer_team_invitation(member: TeamMember, user: User, *, accept: bool) -> None:
    member = TeamMember.objects.select_for_update().select_related("proposal__challenge").get(pk=member.pk)
    _check_invitee(member, user)
    proposal = member.proposal
    already_on_team = proposal.team.filter(user=user).exclude(pk=member.pk).exists()
    if accept:
        check_editable(proposal)
        if already_on_team:
            raise Refused(_("You are already on this team."))
    if not already_on_team:
        member.user = user
    member.status = TeamMember.Status.ACCEPTED if accept else TeamMember.Status.DECLINED
    member.answered_at = timezone.now()
    member.save(update_fields=["user", "status", "answered_at"])
    lead = proposal.team.filter(is_lead=True).select_related("user").first()
    if lead and lead.user:
        tell(
            lead.user,
            lambda: (
                (_("%(name)s joined your team") if accept else _("%(name)s declined to join your team"))
                % {"name": user.display_name},
                proposal.title,
            ),
            kind="challenge.team_answer",
            url=proposal.get_absolute_url(),
        )


def remove_team_member(member: TeamMember) -> None:
    if member.is_lead:
        raise Refused(_("The team lead cannot be removed."))
    check_editable(member.proposal)
    member.delete()


# --- Community votes and comments -------------------------------------------------------------


def set_like(proposal: Proposal, user: User, *, on: bool) -> int:
    """Like (or take back the like); one per member however often it is clicked. Returns the count."""
    if not proposal.challenge.allows("like"):
        raise Refused(_("Likes are closed in this phase."))
    with transaction.atomic():
        if on:
            try:
                with transaction.atomic():
                    Like.objects.create(proposal=proposal, user=user)
                change = 1
            except IntegrityError:
                change = 0  # already liked: the same effect as one click
        else:
            change = -Like.objects.filter(proposal=proposal, user=user).delete()[0]
        if change:
            Proposal.objects.filter(pk=proposal.pk).update(like_count=F("like_count") + change)
    return Proposal.objects.values_list("like_count", flat=True).get(pk=proposal.pk)


def recount_likes(proposals) -> None:
    """Set the stored like counts of ``proposals`` from their likes (after a bulk import)."""
    counted = Like.objects.filter(proposal=OuterRef("pk")).order_by().values("proposal").annotate(n=Count("*"))
    proposals.update(like_count=Coalesce(Subquery(counted.values("n")), 0))


def add_comment(proposal: Proposal, user: User, body: str) -> Comment:
    if not proposal.challenge.allows("comment"):
        raise Refused(_("Comments are closed in this phase."))
    comment = Comment.objects.create(proposal=proposal, author=user, body=body)
    tell_each(
        [person for person in team_users(proposal) if person.pk != user.pk],
        lambda: (_("New comment on %(title)s") % {"title": proposal.title}, body),
        kind="challenge.comment",
        url=proposal.get_absolute_url() + "#comments",
    )
    return comment


# --- The jury ---------------------------------------------------------------------------------


def invite_juror(challenge: Challenge, by: User, identifier: str) -> Juror:
    user = find_user(identifier)
    if user is None and "@" not in identifier:
        raise Refused(_("No single member has that name. Invite them by e-mail address instead."))
    email = "" if user else identifier.strip().lower()
    if (user and challenge.jurors.filter(user=user).exists()) or (
        email and challenge.jurors.filter(email__iexact=email).exists()
    ):
        raise Refused(_("This person is already invited to the jury."))
    if user and Proposal.objects.filter(challenge=challenge, team__user=user).exists():
        raise Refused(_("This person is on a team of this challenge and cannot sit on its jury."))
    juror = Juror.objects.create(challenge=challenge, user=user, email=email)
    url = reverse("challenges:jury_invitation", args=[juror.token])
    if user:
        tell(
            user,
            lambda: (
                _("You are invited to the jury of “%(title)s”") % {"title": challenge.title},
                _("Accept the invitation and sign the declarations to see the proposals."),
            ),
            kind="challenge.jury_invitation",
            url=url,
        )
    else:
        _mail_invitation(
            email,
            subject=_("You are invited to a jury on Synergy"),
            body=_(
                "%(name)s invites you to the jury of the challenge “%(title)s”.\n\n"
                "Sign up or log in with this e-mail address, then accept or decline here:\n%(url)s"
            )
            % {"name": by.display_name, "title": challenge.title, "url": _site(url)},
        )
    return juror


@transaction.atomic
def answer_jury_invitation(juror: Juror, user: User, *, accept: bool) -> None:
    juror = Juror.objects.select_for_update().get(pk=juror.pk)
    _check_invitee(juror, user)
    if juror.challenge.jurors.filter(user=user).exclude(pk=juror.pk).exists():
        raise Refused(_("You are already on this jury."))
    juror.user = user
    juror.status = Juror.Status.ACCEPTED if accept else Juror.Status.DECLINED
    juror.save(update_fields=["user", "status"])


def sign_declarations(juror: Juror) -> None:
    """The juror accepts confidentiality and declares no conflict with the challenge."""
    if juror.status != Juror.Status.ACCEPTED:
        raise Refused(_("Accept the invitation first."))
    now = timezone.now()
    juror.confidentiality_accepted_at = juror.confidentiality_accepted_at or now
    juror.no_conflict_declared_at = juror.no_conflict_declared_at or now
    juror.save(update_fields=["confidentiality_accepted_at", "no_conflict_declared_at"])


def declare_conflict(juror: Juror, proposal: Proposal, reason: str = "") -> Conflict:
    if not juror.is_seated:
        raise Refused(_("Sign the declarations first."))
    conflict, _created = Conflict.objects.get_or_create(juror=juror, proposal=proposal, defaults={"reason": reason})
    return conflict


def seated_juror(challenge: Challenge, user) -> Juror | None:
    if not user.is_authenticated:
        return None
    return challenge.jurors.filter(user=user, status=Juror.Status.ACCEPTED).first()


def conflicted_proposal_ids(juror: Juror | None) -> set[int]:
    return set(juror.conflicts.values_list("proposal_id", flat=True)) if juror else set()


def check_weights(weights: list[int]) -> None:
    if sum(weights) != 100:
        raise Refused(_("The criteria's weights add up to %(total)s %%; they must add up to 100 %%.") % {
            "total": sum(weights)
        })  # fmt: skip


@transaction.atomic
def open_round(round_: Round) -> None:
    round_ = Round.objects.select_for_update().select_related("challenge").get(pk=round_.pk)
    if round_.status != Round.Status.DRAFT:
        raise Refused(_("Only a round in preparation can be opened."))
    criteria = list(round_.criteria.all())
    if not criteria:
        raise Refused(_("Add the round's criteria first."))
    check_weights([criterion.weight for criterion in criteria])
    if not round_.proposals.exists():
        raise Refused(_("Choose the proposals of this round first."))
    if round_.challenge.rounds.filter(status=Round.Status.OPEN).exists():
        raise Refused(_("Close the open round first."))
    round_.status = Round.Status.OPEN
    round_.opened_at = timezone.now()
    round_.save(update_fields=["status", "opened_at"])
    challenge = round_.challenge
    jurors = User.objects.filter(juries__challenge=challenge, juries__status=Juror.Status.ACCEPTED)
    tell_each(
        jurors,
        lambda: (
            _("Scoring is open: %(round)s of “%(title)s”") % {"round": round_.name, "title": challenge.title},
            _("%(count)s proposals wait for your scores.") % {"count": round_.proposals.count()},
        ),
        kind="challenge.round_opened",
        url=reverse("challenges:jury_home", args=[challenge.slug]),
    )


def close_round(round_: Round) -> None:
    if round_.status != Round.Status.OPEN:
        raise Refused(_("Only an open round can be closed."))
    round_.status = Round.Status.CLOSED
    round_.closed_at = timezone.now()
    round_.save(update_fields=["status", "closed_at"])


@transaction.atomic
def record_scores(juror: Juror, proposal: Proposal, round_: Round, marks: dict[int, tuple[int, str]]) -> int:
    """Store a juror's scores for one proposal (criterion id → (value, comment)); returns changes.

    Every value that is new or different is written to the audit history.
    """
    round_ = Round.objects.select_for_update().select_related("challenge").get(pk=round_.pk)
    challenge = round_.challenge
    if round_.status != Round.Status.OPEN:
        raise Refused(_("This round is not open for scoring."))
    if not challenge.allows("score"):
        raise Refused(_("Scores can only be given during the evaluation phase."))
    if not juror.is_seated or juror.challenge_id != challenge.pk:
        raise Refused(_("Only a seated juror of this challenge can score."))
    if juror.conflicts.filter(proposal=proposal).exists():
        raise Refused(_("You declared a conflict of interest with this proposal."))
    if not round_.proposals.filter(pk=proposal.pk).exists():
        raise Refused(_("This proposal is not part of this round."))
    criteria = {criterion.pk: criterion for criterion in round_.criteria.all()}
    for criterion_id, (value, _comment) in marks.items():
        if criterion_id not in criteria:
            raise Refused(_("Unknown criterion."))
        if not round_.scale_min <= value <= round_.scale_max:
            raise Refused(
                _("Scores go from %(low)s to %(high)s; %(value)s is outside the scale.")
                % {"low": round_.scale_min, "high": round_.scale_max, "value": value}
            )
    existing = {
        score.criterion_id: score
        for score in Score.objects.select_for_update().filter(juror=juror, proposal=proposal, criterion__in=criteria)
    }
    changes = 0
    now = timezone.now()
    for criterion_id, (value, comment) in marks.items():
        score = existing.get(criterion_id)
        if score and score.value == value and score.comment == comment:
            continue
        ScoreChange.objects.create(
            criterion_id=criterion_id, proposal=proposal, juror=juror,
            old_value=score.value if score else None, new_value=value,
            old_comment=score.comment if score else "", new_comment=comment, changed_at=now,
        )  # fmt: skip
        if score:
            score.value, score.comment, score.updated_at = value, comment, now
            score.save(update_fields=["value", "comment", "updated_at"])
        else:
            Score.objects.create(
                criterion_id=criterion_id, proposal=proposal, juror=juror, value=value, comment=comment, updated_at=now
            )
        changes += 1
    return changes


TIE_BREAK = _(
    "Equal weighted means are ordered by the mean score on the heaviest criterion, then by the earlier submission."
)


def ranking(round_: Round) -> list[dict]:
    """The round's proposals, best first: the weighted mean over the jurors who scored every criterion.

    A juror with a declared conflict is left out of that proposal's mean. Four queries,
    whatever the number of proposals and jurors.
    """
    criteria = list(round_.criteria.all())
    weights = {criterion.pk: criterion.weight for criterion in criteria}
    total_weight = sum(weights.values()) or 1
    heaviest = max(criteria, key=lambda c: (c.weight, -c.position, -c.pk)).pk if criteria else None
    # Only what a ranking shows; each proposal gets the round's challenge object rather than
    # a copy per row (its JSON fields would be decoded 500 times for a 500-proposal round).
    proposals = list(
        round_.proposals.only("id", "title", "challenge_id", "organisation_id", "submitted_at").order_by(
            "submitted_at", "id"
        )
    )
    for proposal in proposals:
        proposal.challenge = round_.challenge
    conflicts = set(
        Conflict.objects.filter(juror__challenge_id=round_.challenge_id, proposal__in=proposals).values_list(
            "juror_id", "proposal_id"
        )
    )
    # proposal → juror → criterion → mark
    marks: dict[int, dict[int, dict[int, int]]] = {}
    for juror_id, proposal_id, criterion_id, value in Score.objects.filter(criterion__round=round_).values_list(
        "juror_id", "proposal_id", "criterion_id", "value"
    ):
        if (juror_id, proposal_id) not in conflicts:
            marks.setdefault(proposal_id, {}).setdefault(juror_id, {})[criterion_id] = value
    rows = []
    for proposal in proposals:
        juror_means, heaviest_marks = [], []
        for values in marks.get(proposal.pk, {}).values():
            if len(values) != len(weights):
                continue
            juror_means.append(sum(weights[c] * v for c, v in values.items()) / total_weight)
            heaviest_marks.append(values[heaviest])
        mean = sum(juror_means) / len(juror_means) if juror_means else None
        rows.append(
            {
                "proposal": proposal,
                "score": round(mean, 2) if mean is not None else None,
                "jurors": len(juror_means),
                "heaviest": sum(heaviest_marks) / len(heaviest_marks) if heaviest_marks else 0,
            }
        )
    unscored = [row for row in rows if row["score"] is None]
    scored = [row for row in rows if row["score"] is not None]
    # Stable sort keeps the earlier submission first among complete ties.
    scored.sort(key=lambda row: (-row["score"], -row["heaviest"]))
    for position, row in enumerate(scored, start=1):
        row["rank"] = position
    return scored + unscored


def jury_progress(round_: Round) -> list[dict]:
    """For each accepted juror: proposals fully scored of those they must score."""
    criteria_count = round_.criteria.count()
    proposal_ids = set(round_.proposals.values_list("pk", flat=True))
    jurors = list(round_.challenge.jurors.filter(status=Juror.Status.ACCEPTED).select_related("user"))
    conflicts: dict[int, set[int]] = {}
    for juror_id, proposal_id in Conflict.objects.filter(juror__in=jurors).values_list("juror_id", "proposal_id"):
        conflicts.setdefault(juror_id, set()).add(proposal_id)
    counts: dict[tuple[int, int], int] = {}
    for juror_id, proposal_id in Score.objects.filter(criterion__round=round_).values_list("juror_id", "proposal_id"):
        counts[(juror_id, proposal_id)] = counts.get((juror_id, proposal_id), 0) + 1
    rows = []
    for juror in jurors:
        due = proposal_ids - conflicts.get(juror.pk, set())
        done = sum(1 for proposal_id in due if counts.get((juror.pk, proposal_id), 0) >= criteria_count)
        rows.append({"juror": juror, "due": len(due), "done": done, "conflicts": len(conflicts.get(juror.pk, ()))})
    return rows


# --- Results ----------------------------------------------------------------------------------


@transaction.atomic
def confirm_award(challenge: Challenge, proposal: Proposal, by: User, *, rank: int, title: str, value, currency: str):
    if challenge.results_published_at:
        raise Refused(_("The results are already published."))
    proposal = Proposal.objects.get(pk=proposal.pk)
    if proposal.challenge_id != challenge.pk or proposal.status != Proposal.Status.SUBMITTED:
        raise Refused(_("Only a submitted proposal of this challenge can win."))
    award, _created = Award.objects.update_or_create(
        proposal=proposal,
        defaults={
            "challenge": challenge, "rank": rank, "title": title, "value": Decimal(value), "currency": currency,
            "confirmed_by": by, "confirmed_at": timezone.now(),
        },
    )  # fmt: skip
    return award


def remove_award(award: Award) -> None:
    if award.challenge.results_published_at:
        raise Refused(_("The results are already published."))
    award.delete()


@transaction.atomic
def publish_results(challenge: Challenge) -> int:
    """Publish the results page; winners get their certificate, other teams and followers are told."""
    from .certificates import certificate_pdf

    challenge = _lock_challenge(challenge)
    if challenge.results_published_at:
        raise Refused(_("The results are already published."))
    awards = list(challenge.awards.select_related("proposal"))
    if not awards:
        raise Refused(_("Confirm at least one winner first."))
    challenge.results_published_at = timezone.now()
    challenge.save(update_fields=["results_published_at"])
    results_url = reverse("challenges:results", args=[challenge.slug])
    told = set()
    for award in awards:
        for person in team_users(award.proposal):
            told.add(person.pk)
            pdf = certificate_pdf(award, _language(person))
            with_certificate = [(f"certificate-{award.certificate_code}.pdf", pdf, "application/pdf")]
            notification = tell(
                person,
                lambda award=award: (
                    _("Congratulations: “%(title)s” won %(award)s")
                    % {"title": award.proposal.title, "award": award.title},
                    _("Your certificate is attached and can be checked at the address printed on it."),
                ),
                kind="challenge.winner",
                url=results_url,
                attachments=with_certificate,
            )
            if person.email_frequency != EmailFrequency.IMMEDIATELY:
                # The certificate is the prize's proof, not news: it is mailed whatever the
                # person's notification settings, and kept out of their digest.
                send_notification_mail(person, [notification], attachments=with_certificate)
                notification.digested_at = timezone.now()
                notification.save(update_fields=["digested_at"])
    others = User.objects.filter(
        team_memberships__proposal__challenge=challenge,
        team_memberships__status=TeamMember.Status.ACCEPTED,
        team_memberships__proposal__status=Proposal.Status.SUBMITTED,
    ).exclude(pk__in=told)
    tell_each(
        others,
        lambda: (
            _("Results of “%(title)s”") % {"title": challenge.title},
            _("Your proposal was not among the winners this time. Thank you for taking part."),
        ),
        kind="challenge.results",
        url=results_url,
    )
    told |= set(others.values_list("pk", flat=True))
    watchers = list(challenge.followers.exclude(pk__in=told))
    watchers += User.objects.filter(juries__challenge=challenge, juries__status=Juror.Status.ACCEPTED)
    tell_each(
        [person for person in watchers if person.pk not in told],
        lambda: (_("Results of “%(title)s”") % {"title": challenge.title}, _("The winners are announced.")),
        kind="challenge.results",
        url=results_url,
    )
    return len(awards)


def _language(user: User) -> str:
    from synergy.notifications.services import recipient_language

    return recipient_language(user)


# --- Read helpers -----------------------------------------------------------------------------


def visible_proposals(challenge: Challenge, user) -> "Q | None":
    """A filter for the submitted proposals ``user`` may see in the challenge's list, or None."""
    from .rules import gives_challenge, manages_challenge

    submitted = Q(status=Proposal.Status.SUBMITTED)
    if manages_challenge(user, challenge) or gives_challenge(user, challenge):
        return submitted
    juror = seated_juror(challenge, user)
    if juror and juror.is_seated:
        return submitted & ~Q(pk__in=conflicted_proposal_ids(juror))
    if challenge.proposal_visibility == Challenge.Visibility.PUBLIC and challenge.status == Challenge.Status.PUBLISHED:
        return submitted
    return None


def search_entry(challenge: Challenge) -> Entry | None:
    if challenge.status != Challenge.Status.PUBLISHED:
        return None
    return Entry(
        title=challenge.title,
        body=" ".join([challenge.summary, challenge.description, challenge.needs, challenge.keywords]),
        url=challenge.get_absolute_url(),
    )


def list_url_for_region(region) -> str:
    return reverse("challenges:list") + f"?region={region.slug}"


def proposals_data(user: User) -> list[dict]:
    """GDPR export: the proposals this person is on, with their questions and comments."""
    teams = TeamMember.objects.filter(user=user).select_related("proposal__challenge")
    return [
        {
            "challenge": member.proposal.challenge.title,
            "proposal": member.proposal.title,
            "status": member.proposal.status,
            "team_status": member.status,
            "lead": member.is_lead,
        }
        for member in teams
    ] + [
        {"question": question.text, "challenge": question.challenge.title}
        for question in Question.objects.filter(author=user).select_related("challenge")
    ]


def erase_participation(user: User) -> None:
    """Proposals, comments and questions stay (they are contributions); invitations by address go."""
    TeamMember.objects.filter(user__isnull=True, email__iexact=user.email).delete()
    Juror.objects.filter(user__isnull=True, email__iexact=user.email).delete()


def open_for_matching():
    """Published challenges that still take new proposals (open, or opening soon): what matchmaking suggests."""
    now = timezone.now()
    still_open = Q(refinement_starts_at__gt=now) | Q(refinement_starts_at__isnull=True, evaluation_starts_at__gt=now)
    return Challenge.objects.published().filter(still_open).order_by("opens_at", "id")
