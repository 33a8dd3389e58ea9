"""Server-side permission helpers shared by every app; the predicates live in each app's rules.py."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404


def get_object_for(request, perm: str, queryset, **lookup):
    """Fetch the object or 404, then require ``perm`` on it or 403 — in that one place."""
    obj = get_object_or_404(queryset, **lookup)
    require(request, perm, obj)
    return obj


def require(request, perm: str, obj=None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied
