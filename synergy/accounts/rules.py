import rules

from .models import RegionRole


@rules.predicate
def is_platform_admin(user) -> bool:
    return user.is_active and user.is_superuser


@rules.predicate
def is_coordinator(user) -> bool:
    return user.is_authenticated and RegionRole.objects.filter(user=user, role=RegionRole.Role.COORDINATOR).exists()


@rules.predicate
def is_coordinator_of_region(user, region) -> bool:
    if region is None or not user.is_authenticated:
        return False
    return RegionRole.objects.filter(user=user, region=region, role=RegionRole.Role.COORDINATOR).exists()


is_member = rules.is_authenticated & rules.is_active

rules.add_perm("accounts.edit_own_profile", is_member)
rules.add_perm("core.coordinate_region", is_platform_admin | is_coordinator_of_region)
