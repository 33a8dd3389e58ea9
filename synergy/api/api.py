"""Synergy's open API, version 1: public data as JSON, documented at /api/v1/docs.

Each app adds its own router here; the API only exposes what is public on the site.
"""

from ninja import NinjaAPI

from synergy.actors.api import router as actors_router
from synergy.challenges.api import router as challenges_router
from synergy.core.api import router as core_router
from synergy.facilities.api import router as facilities_router
from synergy.funding.api import router as funding_router
from synergy.trainings.api import router as trainings_router

api = NinjaAPI(
    title="Synergy API",
    version="1.0.0",
    description=(
        "Open data of the Synergy crowd-innovation platform: "
        "regions, innovation actors, trainings, challenges and more."
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


@api.get("/", include_in_schema=False)
def index(request):
    return {"openapi": "/api/v1/openapi.json", "docs": "/api/v1/docs"}
