from django.http import HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.views.decorators.csrf import csrf_exempt

from .api import api
from .errors import NOT_FOUND
from .reference import operations


def api_docs(request):
    """The API reference, drawn from the same OpenAPI schema that /api/v1/openapi.json serves."""
    schema = api.get_openapi_schema()
    return render(request, "api/docs.html", {"info": schema["info"], "operations": operations(schema)})


@csrf_exempt  # it changes nothing; a POST to a wrong address learns so in JSON, not a CSRF page
def unknown(request, path: str):
    """An address under /api/ that no operation answers: JSON, as from the operations, not the
    HTML page; an operation's address without its final slash is sent on, as APPEND_SLASH would."""
    if not request.path.endswith("/"):
        try:
            match = resolve(request.path + "/")
        except Resolver404:
            match = None
        if match is not None and match.url_name != "api_unknown":
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(request.path + "/" + (f"?{query}" if query else ""))
    return api.create_response(request, {"detail": str(NOT_FOUND)}, status=404)
