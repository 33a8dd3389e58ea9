"""Fragments of pages that many people read and few change, rendered once until what they show changes.

Each part of the platform has a *generation*: a number in the cache that moves on every save or
delete of the models it names (``watch``). A cached fragment's key holds the generations it depends
on, so a change makes every fragment that showed the old state unreachable at once, with no list of
keys to delete; the stale entries age out. A generation moves twice: at once, so the writer's own
next page is fresh, and again when the transaction commits, so a fragment that another request
rendered from the old state meanwhile is not kept either.

Writes that bypass model signals (``QuerySet.update``, ``bulk_create``) do not move a generation;
``FRAGMENT_CACHE_SECONDS`` bounds how long their effect may stay unseen. Fragments must hold
nothing personal: no CSRF token, no signed-in person's state.
"""

import contextlib
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import translation

PREFIX = "generation:"


def _fresh() -> int:
    # Not 0: if a generation is evicted while fragments made under it remain, the new one
    # must not be a number those fragments' keys already hold.
    return time.time_ns()


def generation(*parts: str) -> str:
    """The current generations of ``parts``, as one string to put in a fragment's key."""
    keys = [PREFIX + part for part in parts]
    found = cache.get_many(keys)
    missing = {key: _fresh() for key in keys if key not in found}
    for key, value in missing.items():
        if not cache.add(key, value, timeout=None):  # another request started it first
            missing[key] = cache.get(key, value)
    return ".".join(str({**found, **missing}[key]) for key in keys)


def remembered(name: str, parts: str, compute, *vary):
    """``compute()``, worked out once per generation of ``parts`` (space-separated), language and
    value of ``vary``, and kept at most ``FRAGMENT_CACHE_SECONDS``: a calendar feed, headline figures."""
    key = ":".join([name, generation(*parts.split()), translation.get_language() or "", *map(str, vary)])
    return cache.get_or_set(key, compute, settings.FRAGMENT_CACHE_SECONDS)


def bump(part: str) -> None:
    """Move ``part``'s generation now and again when the current transaction commits."""
    _move(part)
    transaction.on_commit(lambda: _move(part))


def _move(part: str) -> None:
    with contextlib.suppress(ValueError):  # never read since the cache started: nothing can be stale
        cache.incr(PREFIX + part)


def watch(part: str, *models) -> None:
    """Move ``part``'s generation whenever one of ``models`` is saved or deleted, or one of its
    many-to-many relations changes."""

    def moved(sender, **kwargs):
        bump(part)

    for model in models:
        for signal in (post_save, post_delete):
            signal.connect(moved, sender=model, weak=False, dispatch_uid=f"{part}:{signal}:{model._meta.label}")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                moved, sender=field.remote_field.through, weak=False, dispatch_uid=f"{part}:m2m:{field}"
            )
