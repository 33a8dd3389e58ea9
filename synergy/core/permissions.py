"""Server-side permission helpers shared by every app; the predicates live in each app's rules.py."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

# Moves whenever a role or a membership is saved or deleted in this process (see each app's
# apps.py): what a person object remembers of its roles from before is then asked again.
_roles_version = [0]


def roles_changed(**kwargs) -> None:
    _roles_version[0] += 1


def remembered_ids(user, name: str, rows, field: str) -> frozenset[int]:
    """The ``field`` of the ``rows()`` (what the person coordinates or administers; none for a visitor),
    asked once per person object: a request's user lives for the request, so one question answers
    all of its permission checks. A change of roles in this process makes it ask again; one
    elsewhere is seen by the next request."""
    if not user.is_authenticated:
        return frozenset()
    # getattr and setattr, not __dict__: a request's user is a lazy object that passes them on.
    memo = getattr(user, "_synergy_roles", None)
    if memo is None:
        memo = {}
        user._synergy_roles = memo
    version = _roles_version[0]
    known = memo.get(name)
    if known is not None and known[0] == version:
        return known[1]
    value = frozenset(rows().values_list(field, flat=True))
    memo[name] = (version, value)
    return value


def get_object_for(request, perm: str, queryset, **lookup):
    """Fetch the object or 404, then require ``perm`` on it or 403 — in that one place."""
    obj = get_object_or_404(queryset, **lookup)
    require(request, perm, obj)
    return obj


def require(request, perm: str, obj=None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied
