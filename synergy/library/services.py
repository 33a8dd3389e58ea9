"""The library's writes and the functions other parts of the platform call."""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from synergy.accounts.models import RegionRole, User
from synergy.accounts.rules import coordinated_region_ids
from synergy.core.exceptions import Refused
from synergy.core.search import Entry as SearchEntry
from synergy.core.slugs import unique_slug
from synergy.notifications.services import tell_each

from .models import Attachment, Entry, Link

__all__ = ["Refused"]

# The library's own pages beside the entries' addresses (urls.py).
RESERVED_SLUGS = frozenset({"new", "review"})


def save_entry(entry: Entry, author, form) -> Entry:
    """Save a new or edited entry from its validated form (with its related trainings).

    A new entry is a draft written by ``author``; its slug comes from its English title once.
    A published or submitted entry moved to a region whose coordinators did not approve it, by
    someone who may not publish there, waits for them again (they are told): an editor cannot
    move an entry out of its reviewers' reach, nor into another region unreviewed."""
    entry = form.save(commit=False)
    moved = False
    if entry.pk is None:
        entry.author = author if author.is_authenticated else None
        entry.status = Entry.Status.DRAFT
    elif entry.status != Entry.Status.DRAFT:
        region_before = Entry.objects.filter(pk=entry.pk).values_list("region_id", flat=True).first()
        moved = region_before != entry.region_id and not author.has_perm("library.publish_entry", entry)
        if moved:
            entry.status, entry.submitted_at, entry.review_note = Entry.Status.PENDING, timezone.now(), ""
    if not entry.slug:
        title = entry.title_en or entry.title
        entry.slug = unique_slug(Entry, title, fallback="entry")
        if entry.slug in RESERVED_SLUGS:  # an entry called "Review" would hide the reviewers' page
            entry.slug = unique_slug(Entry, f"{title} entry", fallback="entry")
    with transaction.atomic():
        entry.save()
        form.save_m2m()
        if moved:
            _tell_reviewers(entry)
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


# --- Publication ----------------------------------------------------------------------------------

# A reason is a few sentences for the author, not a review.
REASON_MAX_LENGTH = 1000


def reviewers(entry: Entry) -> list[User]:
    """Who may publish the entry and is told when it waits: its region's coordinators, or the
    platform admins for an entry of no region."""
    if entry.region_id is None:
        return list(User.objects.filter(is_superuser=True, is_active=True).order_by("id"))
    coordinators = User.objects.filter(
        region_roles__region_id=entry.region_id, region_roles__role=RegionRole.Role.COORDINATOR, is_active=True
    )
    return list(coordinators.distinct().order_by("id"))


def entries_to_review(user):
    """The entries waiting for ``user`` to publish them, oldest submission first: every region's
    for a platform admin, their regions' for a coordinator."""
    entries = Entry.objects.filter(status=Entry.Status.PENDING)
    if not (user.is_active and user.is_superuser):
        entries = entries.filter(region_id__in=coordinated_region_ids(user))
    return entries.select_related("region", "organisation", "author").order_by("submitted_at", "id")


def _locked(entry: Entry) -> Entry:
    """The entry's row as it is now, locked until the transaction ends: a decision taken on a
    stale copy (the same form sent twice, two reviewers at once) is refused, never done twice."""
    current = Entry.objects.select_for_update().only("status").get(pk=entry.pk)
    entry.status = current.status
    return entry


@transaction.atomic
def submit_for_publication(entry: Entry) -> None:
    """A draft goes to its reviewers (``reviewers``), who are told once per submission."""
    if _locked(entry).status != Entry.Status.DRAFT:
        raise Refused(_("Only a draft can be submitted for publication."))
    entry.status, entry.submitted_at, entry.review_note = Entry.Status.PENDING, timezone.now(), ""
    entry.save(update_fields=["status", "submitted_at", "review_note", "updated_at"])
    _tell_reviewers(entry)


def _tell_reviewers(entry: Entry) -> None:
    tell_each(
        reviewers(entry),
        lambda: (_("A library entry waits for publication: %(title)s") % {"title": entry.title}, entry.summary),
        kind="library.publication_requested",
        url=entry.get_absolute_url(),
    )


@transaction.atomic
def publish(entry: Entry, by: User | None = None) -> None:
    """Publish a draft, submitted or not; its author is told (unless they published it)."""
    if _locked(entry).is_published:
        raise Refused(_("The entry is already published."))
    entry.status, entry.published_at = Entry.Status.PUBLISHED, entry.published_at or timezone.now()
    entry.review_note = ""
    entry.save(update_fields=["status", "published_at", "review_note", "updated_at"])
    _tell_author(
        entry, by, lambda: (_("Your library entry is published: %(title)s") % {"title": entry.title}, ""),
        kind="library.published",
    )  # fmt: skip


@transaction.atomic
def return_to_draft(entry: Entry, reason: str, by: User | None = None) -> None:
    """Send a submitted entry back to its editors, or take a published one off the library, with
    the reason, which its author is told and its editors read on its page."""
    reason = (reason or "").strip()
    if not reason:
        raise Refused(_("Say why in a few words, so the author can act on it."))
    if len(reason) > REASON_MAX_LENGTH:
        raise Refused(_("Say why in at most %(count)s characters.") % {"count": REASON_MAX_LENGTH})
    if _locked(entry).status == Entry.Status.DRAFT:
        raise Refused(_("The entry is already a draft."))
    entry.status, entry.review_note = Entry.Status.DRAFT, reason
    entry.save(update_fields=["status", "review_note", "updated_at"])
    _tell_author(
        entry, by, lambda: (_("Your library entry is back to draft: %(title)s") % {"title": entry.title}, reason),
        kind="library.returned_to_draft",
    )  # fmt: skip


def _tell_author(entry: Entry, by: User | None, compose, *, kind: str) -> None:
    if entry.author_id is not None and entry.author_id != getattr(by, "pk", None):
        tell_each([entry.author], compose, kind=kind, url=entry.get_absolute_url())


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
