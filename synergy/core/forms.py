from django import forms
from django.db import models


def https_by_default(field, **kwargs):
    """ModelForm ``formfield_callback``: a web address typed without a scheme means https."""
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return field.formfield(**kwargs)


HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}  # for ModelAdmin.formfield_overrides


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)
