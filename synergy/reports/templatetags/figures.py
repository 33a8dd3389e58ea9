from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def figure(value) -> str:
    """A counter's value as people read it in their language: "—" when there is nothing to measure."""
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        return number_format(value, decimal_pos=2, force_grouping=True)
    return number_format(value, force_grouping=True)


@register.filter
def of_region(column, region) -> object:
    """``column.by_region[region.pk]`` for templates."""
    return column.by_region.get(region.pk)
