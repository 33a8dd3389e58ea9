import rules

from synergy.accounts.rules import is_platform_admin

from .models import Membership


@rules.predicate
def is_organisation_admin(user, organisation) -> bool:
    if organisation is None or not user.is_authenticated:
        return False
    return Membership.objects.filter(user=user, organisation=organisation, role=Membership.Role.ADMIN).exists()


rules.add_perm("actors.view_organisation", rules.always_allow)
rules.add_perm("actors.change_organisation", is_platform_admin | is_organisation_admin)
