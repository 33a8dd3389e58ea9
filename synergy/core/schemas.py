"""Shared pieces of the API's request schemas."""

from django.utils.translation import gettext
from ninja import Schema
from pydantic import field_validator


def unstorable_text(value: str) -> bool:
    """NUL bytes (PostgreSQL refuses them) or unpaired surrogates (JSON allows them; UTF-8 does not)."""
    if "\x00" in value:
        return True
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


class TextIn(Schema):
    """A request body whose text fields are refused, by name, when no database could store them."""

    @field_validator("*", mode="after")
    @classmethod
    def _storable(cls, value):
        if isinstance(value, str) and unstorable_text(value):
            raise ValueError(gettext("Null characters and unpaired surrogates are not allowed."))
        return value


class Message(Schema):
    """An answer that is only a sentence for a person, in the language of the request."""

    detail: str
