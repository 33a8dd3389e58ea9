from modeltranslation.translator import TranslationOptions, register

from .models import Action, Chapter, Section, Strategy


@register(Strategy)
class StrategyTranslation(TranslationOptions):
    fields = ("title", "summary")


@register(Chapter)
class ChapterTranslation(TranslationOptions):
    fields = ("title", "introduction")


@register(Section)
class SectionTranslation(TranslationOptions):
    fields = ("title", "body")


@register(Action)
class ActionTranslation(TranslationOptions):
    fields = ("title", "description", "suggested_indicators", "time_frame")
