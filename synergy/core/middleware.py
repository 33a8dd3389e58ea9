from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme

from . import caching
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


class PublicApiCacheMiddleware:
    """The API's answers to visitors, kept until anything public changes.

    Programs read the same lists of the API again and again. A visitor's answer holds only public
    data, so one rendering serves every visitor who asks for the same address in the same
    language. Signed-in requests, which may see more, always go through. Last in MIDDLEWARE, so a
    kept answer still gets every security header on its way out.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.method != "GET"
            or not request.path.startswith("/api/")
            or request.path.endswith("/openapi.json")  # needs no database; clients read it once
            or request.user.is_authenticated
        ):
            return self.get_response(request)
        rendered = {}

        def answer():
            response = rendered["response"] = self.get_response(request)
            # JSON only: an HTML page (the API's docs) holds a CSRF token, which is never shared.
            if (
                response.status_code != 200
                or response.streaming
                or response.cookies
                or not response.get("Content-Type", "").startswith("application/json")
            ):
                raise caching.NotKept
            return response.content, response["Content-Type"]

        try:
            content, content_type = caching.remembered(
                "api-answer", caching.every_part(), answer, request.get_full_path()
            )
        except caching.NotKept:
            return rendered["response"]
        if "response" in rendered:  # this request's own answer, with every header the view set
            return rendered["response"]
        response = HttpResponse(content, content_type=content_type)
        response["Content-Language"] = translation.get_language()
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response
