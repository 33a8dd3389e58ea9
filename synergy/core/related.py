"""Content that other apps relate to an object, shown on the object's page ("In the knowledge
library": the entries that a training presents).

The app that stores the relation registers a provider for the object's model from its
``AppConfig.ready``; the page's template asks ``{% related_content training %}``. So the page's
app imports nothing of the app that relates to it, as with ``region_links``.

A provider is called with the object and returns (title, address) pairs. What the tag renders is
kept in the cache (``synergy.core.caching``) until one of the providers' ``parts`` moves.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from . import caching

Provider = Callable[[models.Model], list[tuple[str, str]]]


@dataclass(frozen=True)
class Source:
    heading: object  # a lazy translation: "In the knowledge library"
    provide: Provider
    parts: str  # the caching parts whose changes change what the provider returns


_sources: dict[str, list[Source]] = {}


def register(model_label: str, *, heading, provide: Provider, parts: str) -> None:
    """Show what ``provide(obj)`` returns under ``heading`` on the pages of ``model_label``
    objects ("trainings.training"); ``parts`` names the caching parts it reads."""
    sources = _sources.setdefault(model_label.lower(), [])
    if not any(source.provide is provide for source in sources):
        sources.append(Source(heading, provide, parts))


def sources_for(obj: models.Model) -> list[Source]:
    return _sources.get(obj._meta.label_lower, [])


def render_for(obj: models.Model) -> SafeString:
    """The sections of related content for ``obj``'s page (empty when nothing relates to it), as
    the HTML of an autoescaped template: a SafeString, which the cache keeps as one (it pickles)."""
    sources = sources_for(obj)
    if not sources:
        return SafeString()
    parts = " ".join(sorted({part for source in sources for part in source.parts.split()}))

    def render() -> SafeString:
        sections = [(str(source.heading), source.provide(obj)) for source in sources]
        sections = [(heading, items) for heading, items in sections if items]
        return render_to_string("core/related.html", {"sections": sections}) if sections else SafeString()

    return caching.remembered(f"related:{obj._meta.label_lower}", parts, render, obj.pk)
