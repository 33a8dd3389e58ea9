from django.contrib import messages
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme

from .exceptions import Refused


class RefusedMiddleware:
    """Turn a ``Refused`` that a view did not catch into its message and a way back.

    A stale form (a challenge sent for approval twice, a pledge on a project that just closed)
    reaches a service that refuses it; the person sees why on the page they came from.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, Refused):
            return None
        messages.error(request, str(exception))
        back = request.headers.get("referer", "")
        safe = url_has_allowed_host_and_scheme(
            back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
        if safe and back != request.build_absolute_uri():
            return redirect(back)
        return redirect("/" if request.method == "GET" else request.path)
