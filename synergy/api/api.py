"""Synergy's open API, version 1: public data as JSON, documented at /api/v1/docs.

Each app adds its own router here; the API only exposes what is public on the site.
"""

from ninja import NinjaAPI

from synergy.actors.api import router as actors_router
from synergy.challenges.api import router as challenges_router
from synergy.core.api import router as core_router
from synergy.facilities.api import router as facilities_router
from synergy.funding.api import router as funding_router
from synergy.library.api import router as library_router
from synergy.matchmaking.api import router as matchmaking_router
from synergy.networks.api import router as networks_router
from synergy.reports.api import router as reports_router
from synergy.trainings.api import router as trainings_router

from . import errors


class SynergyAPI(NinjaAPI):
    """Ninja, with error answers in the request's language, and a schema that lists them.

    The schema's texts stay in English: it is a contract for developers (docs/decisions.md).
    """

    def set_default_exception_handlers(self):
        super().set_default_exception_handlers()
        errors.install(self)

    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        for path, methods in schema["paths"].items():
            for spec in methods.values():
                responses = spec.setdefault("responses", {})
                if spec.get("parameters") or spec.get("requestBody"):
                    responses.setdefault(
                        400, {"description": "The body is not JSON, or a value holds characters that cannot be stored."}
                    )
                    responses.setdefault(422, {"description": "The parameters or the body are not valid."})
                if "{" in path:
                    responses.setdefault(404, {"description": "No such object, or not public."})
                if spec.get("security"):
                    responses.setdefault(401, {"description": "Not signed in."})
                    responses.setdefault(403, {"description": "The CSRF token is missing or wrong."})
        return schema


api = SynergyAPI(
    title="Synergy API",
    version="1.0.0",
    description=(
        "Open data of the Synergy crowd-innovation platform: "
        "regions, innovation actors, trainings, challenges and more. "
        "Error messages (`detail`, and `msg` in validation errors) are in the language the request "
        "asks for with Accept-Language; the rest of this description is in English."
    ),
    urls_namespace="api-1.0.0",
    # The reference at /api/v1/docs is our own page (synergy.api.views): accessible, translated,
    # readable without JavaScript, and within the CSP, unlike Swagger UI and ReDoc.
    docs_url=None,
)


api.add_router("/regions", core_router)
api.add_router("/organisations", actors_router)
api.add_router("/trainings", trainings_router)
api.add_router("/challenges", challenges_router)
api.add_router("/funding", funding_router)
api.add_router("/facilities", facilities_router)
api.add_router("/networks", networks_router)
api.add_router("/matchmaking", matchmaking_router)
api.add_router("/figures", reports_router)
api.add_router("/library", library_router)


@api.get("/", include_in_schema=False)
def index(request):
    return {"openapi": "/api/v1/openapi.json", "docs": "/api/v1/docs"}
