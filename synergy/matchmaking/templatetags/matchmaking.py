"""``{% best_opportunities organisation %}``: the few opportunities that fit an organisation best,
on its page for its admins (the full list is the opportunities page)."""

from django import template

from .. import services

register = template.Library()

SHOWN = 3


@register.inclusion_tag("matchmaking/_best_opportunities.html")
def best_opportunities(organisation):
    found = services.remembered_opportunities(organisation)
    return {"organisation": organisation, "best": found[:SHOWN], "more": max(0, len(found) - SHOWN)}
