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


def keep_typed(request, key: str, form: forms.Form) -> None:
    """Keep what was typed in a refused form for the page the person is sent back to.

    Small forms embedded in another page (a question box, a comment box) post to their own
    view, which redirects back; without this, a refusal would lose the text.
    """
    request.session[f"typed:{key}"] = {name: form.data.get(name, "") for name in form.fields}


def typed_or_blank(request, key: str, form_class, **kwargs) -> forms.Form:
    """The form as the person left it when it was refused (with its errors), or a blank one."""
    typed = request.session.pop(f"typed:{key}", None) if hasattr(request, "session") else None
    if typed is None:
        return form_class(**kwargs)
    form = form_class(typed, **kwargs)
    form.is_valid()  # binds the errors to show beside the fields
    return form
