"""Rate limits for what a visitor can write without signing in, per client address.

allauth already limits sign-in, sign-up and password reset. The other writes open to
anonymous visitors (language switch, unsubscribe links, translation requests) use the same
machinery rather than a copy: a sliding window of timestamps in the shared cache, keyed by
the client's address as allauth determines it (``ALLAUTH_TRUSTED_PROXY_COUNT`` behind a
reverse proxy). Their rates sit next to allauth's in ``settings.ACCOUNT_RATE_LIMITS``, so
an operator tunes every limit in one place. Only POST requests count: reading is free, except
reads that cost the server far more than a page (matching a need in the open API), which ask
``over_limit(…, reads=True)``.
"""

from collections.abc import Callable
from functools import wraps

from allauth.core.internal import ratelimit
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def over_limit(request: HttpRequest, action: str, *, reads: bool = False) -> bool:
    """Count this request against ``action``'s limit; True once the client has used it up.
    GET requests count only with ``reads``."""
    # allauth's public consume() cannot count GET requests; its internal one is what it wraps.
    return not ratelimit.consume(request, app="allauth.account", action=action, limit_get=reads)


def too_many_requests(request: HttpRequest) -> HttpResponse:
    """The same translated 429 page allauth shows (it renders ``429.html`` too)."""
    return render(request, "429.html", status=429)


def rate_limited(action: str) -> Callable:
    """Refuse a view's POSTs with 429 once the client has used up ``action``'s limit."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if over_limit(request, action):
                return too_many_requests(request)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
