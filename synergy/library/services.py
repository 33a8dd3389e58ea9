"""The library's writes and the functions other parts of the platform call."""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from synergy.core.exceptions import Refused
from synergy.core.search import Entry as SearchEntry
from synergy.core.slugs import unique_slug

from .models import Attachment, Entry, Link

__all__ = ["Refused"]


def save_entry(entry: Entry, author, form) -> Entry:
    """Save a new or edited entry from its validated form (with its related trainings).

    A new entry is a draft written by ``author``; its slug comes from its English title once."""
    entry = form.save(commit=False)
    if entry.pk is None:
        entry.author = author if author.is_authenticated else None
        entry.status = Entry.Status.DRAFT
    if not entry.slug:
        entry.slug = unique_slug(Entry, entry.title_en or entry.title, fallback="entry")
    with transaction.atomic():
        entry.save()
        form.save_m2m()
    return entry


def save_language_version(entry: Entry, language: str, *, title: str, summary: str, body: str) -> None:
    """Write (or, with empty texts, remove) the entry's version in ``language``; English is the
    entry itself and is edited with it."""
    if language == settings.MODELTRANSLATION_DEFAULT_LANGUAGE or language not in dict(settings.LANGUAGES):
        raise Refused(_("This language cannot be edited here."))
    if body and not title:
        raise Refused(_("A language version needs a title."))
    fields = {f"title_{language}": title, f"summary_{language}": summary, f"body_{language}": body}
    if all((getattr(entry, name) or "") == value for name, value in fields.items()):
        return
    for name, value in fields.items():
        setattr(entry, name, value)
    entry.save(update_fields=[*fields, "updated_at"])


def publish(entry: Entry) -> None:
    if entry.is_published:
        raise Refused(_("The entry is already published."))
    entry.status, entry.published_at = Entry.Status.PUBLISHED, entry.published_at or timezone.now()
    entry.save(update_fields=["status", "published_at", "updated_at"])


def unpublish(entry: Entry) -> None:
    if not entry.is_published:
        raise Refused(_("The entry is not published."))
    entry.status = Entry.Status.DRAFT
    entry.save(update_fields=["status", "updated_at"])


def add_attachment(entry: Entry, *, title: str, file, language: str) -> Attachment:
    attachment = Attachment(entry=entry, title=title, file=file, language=language)
    attachment.full_clean()  # the content and size checks run for every caller, not only forms
    attachment.save()
    return attachment


def remove_attachment(entry: Entry, pk) -> None:
    attachment = entry.attachments.filter(pk=pk).first()
    if attachment is None:
        raise Refused(_("There is no such attachment."))
    attachment.file.delete(save=False)
    attachment.delete()


def add_link(entry: Entry, *, label: str, url: str) -> Link:
    position = (entry.links.order_by("-position").values_list("position", flat=True).first() or 0) + 1
    link = Link(entry=entry, label=label, url=url, position=position)
    link.full_clean()
    link.save()
    return link


def remove_link(entry: Entry, pk) -> None:
    if not entry.links.filter(pk=pk).delete()[0]:
        raise Refused(_("There is no such link."))


# What other apps see of the library --------------------------------------------------------------


def entries_for_training(training) -> list[tuple[str, str]]:
    """(title, address) of the published entries related to a training, for its page."""
    entries = Entry.objects.published().filter(related_trainings=training).only("title", "slug")
    return [(entry.title, entry.get_absolute_url()) for entry in entries.order_by("-published_at", "-id")[:20]]


def entries_for_action(action) -> list[tuple[str, str]]:
    """(title, address) of the published entries related to a strategy action, for its page."""
    entries = Entry.objects.published().filter(related_actions=action).only("title", "slug")
    return [(entry.title, entry.get_absolute_url()) for entry in entries.order_by("-published_at", "-id")[:20]]


def search_entry(entry: Entry) -> SearchEntry | None:
    if not entry.is_published:
        return None
    body = " ".join([entry.summary, entry.body, *entry.keywords, *entry.topic_labels, entry.get_kind_display()])
    return SearchEntry(title=entry.title, body=body, url=entry.get_absolute_url())


def list_url_for_region(region) -> str:
    return f"{reverse('library:list')}?region={region.pk}"


def authored_data(user) -> list[dict]:
    """A person's data export: the entries they wrote."""
    return [
        {"title": entry.title, "status": entry.status, "created_at": entry.created_at.isoformat()}
        for entry in Entry.objects.filter(author=user).order_by("created_at")
    ]
