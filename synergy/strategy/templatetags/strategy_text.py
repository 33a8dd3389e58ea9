from django import template
from django.conf import settings
from django.utils import translation
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def fallback_lang(obj, field: str) -> str:
    """`` lang="en"`` where ``obj.field`` has no text in the page's language and shows the English
    one instead, so screen readers read it with the right voice; nothing otherwise."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    original = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    if language == original:
        return ""
    if getattr(obj, f"{field}_{language.replace('-', '_')}", None):
        return ""
    return mark_safe(f' lang="{original}"')  # noqa: S308  # nosec B308 B703 - a language code from the settings
