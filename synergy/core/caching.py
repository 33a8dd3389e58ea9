"""Fragments of pages that many people read and few change, rendered once until what they show changes.

Each part of the platform has a *generation*: a number in the cache that moves on every save or
delete of the models it names (``watch``). A cached fragment's key holds the generations it depends
on, so a change makes every fragment that showed the old state unreachable at once, with no list of
keys to delete; the stale entries age out.

A save inside a transaction moves the generation when the transaction commits, so a fragment
another request rendered from the old state meanwhile is not kept, and no writer holds the
generation's cache entry (a database row, without Redis) while its transaction runs. Until then
the writer's own reads see a mark of their own in the key: their pages show the change at once,
and a fragment rendered from a transaction that is rolled back is never found again.

A key also holds the language, the time zone and the current minute: what depends on the clock
(a challenge's phase, upcoming or past) is at most a minute late, and so are writes that bypass
model signals (``QuerySet.update``, ``bulk_create``); ``FRAGMENT_CACHE_SECONDS`` only bounds how
long an entry takes room. Fragments must hold nothing personal: no CSRF token, no signed-in
person's state.

When a key moves on, one request renders the fragment anew while the others are given the
last rendering of the same question (``remembered``): a costly page (the figures, a dashboard)
is never rendered by every worker at once when the minute turns or a save lands. What those
others read is then late by one rendering more than the minute.
"""

import contextlib
import hashlib
import threading
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import DatabaseError, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone, translation

PREFIX = "generation:"
_WATCHED: set[str] = set()  # every part some model moves


def _fresh() -> int:
    # Not 0: if a generation is evicted while fragments made under it remain, the new one
    # must not be a number those fragments' keys already hold.
    return time.time_ns()


# The generations a request has read, so that its other fragments need not ask the cache
# again: kept from the request's start to its end, and forgotten when one moves.
_read = threading.local()


def _request_started(**kwargs) -> None:
    _read.generations = {}


def _request_finished(**kwargs) -> None:
    _read.generations = None


request_started.connect(_request_started, dispatch_uid="synergy-generations-started")
request_finished.connect(_request_finished, dispatch_uid="synergy-generations-finished")


def generation(*parts: str) -> str:
    """The current generations of ``parts``, as one string to put in a fragment's key."""
    keys = [PREFIX + part for part in parts]
    known = getattr(_read, "generations", None)
    found = {key: known[key] for key in keys if key in known} if known is not None else {}
    if len(found) < len(keys):
        found.update(cache.get_many([key for key in keys if key not in found]))
    missing = {key: _fresh() for key in keys if key not in found}
    for key, value in missing.items():
        if not cache.add(key, value, timeout=None):  # another request started it first
            missing[key] = cache.get(key, value)
    values = {**found, **missing}
    if known is not None:
        known.update(values)
    marks = _marks()
    return ".".join(f"{values[PREFIX + part]}{marks.get(part, '')}" for part in parts)


def _marks() -> dict[str, str]:
    """The parts this connection's open transaction has changed, each with a mark of its own."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        connection.synergy_marks = {}
    return getattr(connection, "synergy_marks", {})


def every_part() -> str:
    """Every watched part, for ``key``: for what may show anything public."""
    return " ".join(sorted(_WATCHED))


def minute() -> str:
    """The current minute, which every key holds: what depends on the clock is at most a minute late."""
    return timezone.now().strftime("%Y%m%d%H%M")


def key(name: str, parts: str, *vary) -> str:
    """The cache key of what ``name`` shows of ``parts`` (space-separated) for ``vary``: with the
    parts' generations, the language, the time zone and the minute."""
    return _keys(name, parts, vary)[0]


def _keys(name: str, parts: str, vary) -> tuple[str, str | None]:
    """``key``, and the key under which the last rendering of the same question is kept whatever
    the generations and the minute: None while this transaction has changed one of the parts,
    whose state no one else may be shown."""
    clock, generations = minute(), generation(*parts.split())
    language, zone = translation.get_language() or "", timezone.get_current_timezone_name()
    question = "|".join([name, language, zone, *map(str, vary)])
    current = f"fragment:{name}:{_digest(f'{question}|{generations}|{clock}')}"
    return current, None if "+" in generations else f"latest:{name}:{_digest(question)}"


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


_MISSING = object()
RENDERING_SECONDS = 60  # how long the others wait for a rendering that never ends (its worker killed)

# Whether the answer being worked out in this thread used another's last answer (a fragment
# inside a fragment): then it is kept as the others' last answer, never as the current one.
_stale = threading.local()


def remembered(name: str, parts: str, compute, *vary):
    """``compute()``, worked out once per ``key`` and kept at most ``FRAGMENT_CACHE_SECONDS``:
    a calendar feed, headline figures, a rendered fragment.

    One entry per question holds the last answer with the key it was worked out for. When the key
    has moved on (a save, the minute), one request works the answer out anew while the others
    are given the last one, rather than all of them doing the same work at once: what a crowd
    reads of a costly page is at most one rendering late, and a save shows at once wherever no
    one else is rendering it meanwhile. If working it out fails (or raises ``NotKept``), the last
    answer is dropped: an object deleted or withdrawn is never shown from it.
    """
    current, latest = _keys(name, parts, vary)
    seconds = settings.FRAGMENT_CACHE_SECONDS
    if latest is None:  # this transaction's own state: kept for its own reads only
        found = cache.get(current, _MISSING)
        if found is _MISSING:
            found = compute()
            cache.set(current, found, seconds)
        return found
    kept = cache.get(latest)
    if kept is not None and kept[0] == current:
        return kept[1]
    lock, token = f"{latest}:rendering", uuid.uuid4().hex
    rendering = cache.add(lock, token, RENDERING_SECONDS)
    if not rendering and kept is not None:
        _stale.used = True
        return kept[1]
    outer, _stale.used = getattr(_stale, "used", False), False
    try:
        found = compute()
    except BaseException:
        _forget(latest)
        raise
    finally:
        used, _stale.used = _stale.used, outer or _stale.used
        if rendering:
            _unlock(lock, token)
    cache.set(latest, (None if used else current, found), seconds)
    return found


class NotKept(Exception):
    """Raised by a ``remembered`` computation whose answer must not be kept nor shared; the last
    answer of its question is dropped, and the exception passes on to the caller."""


def _forget(latest: str) -> None:
    with contextlib.suppress(DatabaseError):  # the database cache, in a transaction the failure broke
        cache.delete(latest)


def _unlock(lock: str, token: str) -> None:
    """Release the lock if it is still this request's (it expires after ``RENDERING_SECONDS``)."""
    with contextlib.suppress(DatabaseError):
        if cache.get(lock) == token:
            cache.delete(lock)


def bump(part: str) -> None:
    """Move ``part``'s generation: now outside a transaction, else when it commits (meanwhile
    its own reads see a mark of their own)."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        _move(part)
        return
    marks = _marks()
    marks[part] = f"+{uuid.uuid4().hex}"
    connection.synergy_marks = marks
    # Once per part and transaction, not once per save: a bulk import saves thousands of rows in
    # one transaction. Django replaces its list of commit hooks after a commit or a rollback,
    # and after a savepoint's rollback, which may have discarded this hook: then it is new.
    hooks, registered = getattr(connection, "synergy_registered", (None, set()))
    if hooks is not connection.run_on_commit:
        registered = set()
        connection.synergy_registered = (connection.run_on_commit, registered)
    if part not in registered:
        registered.add(part)
        transaction.on_commit(lambda: _move(part))


def _move(part: str) -> None:
    if getattr(_read, "generations", None):
        _read.generations = {}
    with contextlib.suppress(ValueError):  # never read since the cache started: nothing can be stale
        cache.incr(PREFIX + part)


def watch(part: str, *models) -> None:
    """Move ``part``'s generation whenever one of ``models`` is saved or deleted, or one of its
    many-to-many relations changes."""

    def moved(sender, **kwargs):
        bump(part)

    _WATCHED.add(part)
    for model in models:
        for signal in (post_save, post_delete):
            signal.connect(moved, sender=model, weak=False, dispatch_uid=f"{part}:{signal}:{model._meta.label}")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                moved, sender=field.remote_field.through, weak=False, dispatch_uid=f"{part}:m2m:{field}"
            )
