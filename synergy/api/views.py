from django.shortcuts import render

from .api import api
from .errors import NOT_FOUND
from .reference import operations


def api_docs(request):
    """The API reference, drawn from the same OpenAPI schema that /api/v1/openapi.json serves."""
    schema = api.get_openapi_schema()
    return render(request, "api/docs.html", {"info": schema["info"], "operations": operations(schema)})


def unknown(request, path: str):
    """An address under /api/v1/ that no operation answers: JSON, as from the operations, not the HTML page."""
    return api.create_response(request, {"detail": str(NOT_FOUND)}, status=404)
