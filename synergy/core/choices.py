"""A cheaper ``get_FOO_display`` for the fields with choices of Synergy's models.

Django's ``Model._get_FIELD_display`` builds ``dict(make_hashable(field.flatchoices))`` on every
call, and hashing a lazily translated label translates it: showing one organisation's country
translated all 42 country names. Lists show a country or a status on every card, so that was a
fifth of the time of the home page. Here each field's labels are gathered once, keyed by value;
the labels stay lazy, so each call still answers in the language active at that moment.
"""

from functools import cache, partialmethod

from django.db.models import Model
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable


@cache
def _labels(field) -> dict:
    return {make_hashable(value): label for value, label in field.flatchoices}


def _display(instance: Model, field) -> str:
    value = getattr(instance, field.attname)
    return force_str(_labels(field).get(make_hashable(value), value), strings_only=True)


def install(models) -> None:
    """Give each field with choices of ``models`` the cheaper display, where Django's default is in
    place (a model that defines its own ``get_FOO_display`` keeps it)."""
    for model in models:
        for field in model._meta.concrete_fields:
            name = f"get_{field.name}_display"
            current = model.__dict__.get(name)
            if field.choices and isinstance(current, partialmethod) and current.func is Model._get_FIELD_display:
                setattr(model, name, partialmethod(_display, field=field))
