"""Matchmaking in the open API: which organisations fit a free-text need, with the matched terms.

Only public data: organisations (people are never listed here), their public profile fields
and the words of the need they matched.
"""

from django.utils.translation import gettext
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from synergy.core.ratelimit import over_limit
from synergy.core.taxonomy import TERM_LABELS

from . import services
from .models import ActorKind

router = Router(tags=["matchmaking"])


class MatchQuery(Schema):
    need: str = Field(..., min_length=1, max_length=2000, description="The need, in free text.")
    competences: list[str] = Field(default_factory=list, description="Codes of competences or key areas sought.")
    limit: int = Field(10, ge=1, le=50)


class OrganisationMatchOut(Schema):
    slug: str
    name: str
    type: str
    country: str
    score: float
    terms: list[str]
    url: str


class TooManyOut(Schema):
    detail: str


@router.get(
    "/match",
    response={200: list[OrganisationMatchOut], 429: TooManyOut},
    summary="Organisations that fit a need",
    description="Limited per client address (30 needs a minute unless the operator set otherwise).",
)
def match(request, query: Query[MatchQuery]):
    if over_limit(request, "match_need", reads=True):
        raise HttpError(429, gettext("Too many needs matched from your address. Try again in a minute."))
    codes = [code for code in query.competences if code in TERM_LABELS]
    matches = services.match_need(
        query.need.replace("\x00", ""), competences=codes, limit=query.limit, kinds=(ActorKind.ORGANISATION,)
    )
    return [
        {
            "slug": m.actor.slug,
            "name": m.actor.name,
            "type": m.actor.type,
            "country": m.actor.country,
            "score": m.score,
            "terms": m.terms,
            "url": m.actor.get_absolute_url(),
        }
        for m in matches
    ]
