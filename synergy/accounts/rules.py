import rules

from synergy.core.permissions import remembered_ids

from .models import RegionRole


def coordinated_region_ids(user) -> frozenset[int]:
    """The regions the person coordinates, asked once per request."""
    return remembered_ids(
        user,
        "coordinated_regions",
        lambda: RegionRole.objects.filter(user=user, role=RegionRole.Role.COORDINATOR),
        "region_id",
    )


def coordinates_region_id(user, region_id: int | None) -> bool:
    """Whether the person coordinates the region of this id (an object's ``region_id``: no query for the region)."""
    return region_id is not None and region_id in coordinated_region_ids(user)


@rules.predicate
def is_platform_admin(user) -> bool:
    return user.is_active and user.is_superuser


@rules.predicate
def is_coordinator(user) -> bool:
    return bool(coordinated_region_ids(user))


@rules.predicate
def is_coordinator_of_region(user, region) -> bool:
    return region is not None and coordinates_region_id(user, region.pk)


is_member = rules.is_authenticated & rules.is_active

rules.add_perm("accounts.edit_own_profile", is_member)
rules.add_perm("core.coordinate_region", is_platform_admin | is_coordinator_of_region)
