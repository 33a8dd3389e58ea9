from modeltranslation.translator import TranslationOptions, register

from .models import Entry


@register(Entry)
class EntryTranslation(TranslationOptions):
    fields = ("title", "summary", "body")
    # Every entry is written in English first; the other languages fall back to it.
    required_languages = ("en",)
