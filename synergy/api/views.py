from django.shortcuts import render

from .api import api
from .reference import operations


def api_docs(request):
    """The API reference, drawn from the same OpenAPI schema that /api/v1/openapi.json serves."""
    schema = api.get_openapi_schema()
    return render(request, "api/docs.html", {"info": schema["info"], "operations": operations(schema)})
