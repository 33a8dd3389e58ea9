"""Who may do what in matchmaking. Request permissions take the collaboration request; only its two
sides see it, and only the recipient's side answers it."""

import rules

from synergy.accounts.rules import is_member, is_platform_admin
from synergy.actors.rules import is_organisation_admin
from synergy.challenges.rules import gives_challenge, manages_challenge

from .models import CollaborationRequest
from .services import is_recipient, is_sender


@rules.predicate
def sends(user, collaboration) -> bool:
    return collaboration is not None and is_sender(user, collaboration)


@rules.predicate
def receives(user, collaboration) -> bool:
    return collaboration is not None and is_recipient(user, collaboration)


@rules.predicate
def is_pending(user, collaboration) -> bool:
    return collaboration is not None and collaboration.status == CollaborationRequest.Status.PENDING


@rules.predicate
def can_be_asked(user, target) -> bool:
    """An organisation the person does not administer, or another person with a listed profile."""
    from synergy.actors.models import Organisation, PersonProfile

    if target is None:
        return False
    if isinstance(target, Organisation):
        return not is_organisation_admin(user, target)
    return target.pk != user.pk and target.is_active and PersonProfile.objects.filter(user=target, listed=True).exists()


rules.add_perm("matchmaking.match_need", is_member)
rules.add_perm("matchmaking.view_challenge_matches", gives_challenge | manages_challenge)
rules.add_perm("matchmaking.view_opportunities", is_organisation_admin | is_platform_admin)
rules.add_perm("matchmaking.send_request", is_member & can_be_asked)
rules.add_perm("matchmaking.view_request", sends | receives)
rules.add_perm("matchmaking.answer_request", receives & is_pending)
rules.add_perm("matchmaking.withdraw_request", sends & is_pending)
