"""The task queue end to end: enqueue on commit, a real worker runs it.

Runs on the database queue by default and on RQ/Redis when REDIS_URL is set (.ci/run
does both), so the scaled-out backend is exercised too.
"""

import pytest
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.core.mail import send_mail
from django.core.management import call_command

from synergy.notifications.models import OutboxMessage

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.queue]


@pytest.fixture(autouse=True)
def _empty_queue():
    """Jobs left in Redis by an earlier run must not run against this test's database."""
    if settings.REDIS_URL:
        import django_rq

        django_rq.get_queue("default").empty()


def test_a_queued_mail_is_delivered_by_the_worker():
    send_mail("Welcome", "Hello", None, ["someone@example.org"])
    call_command("worker", batch=True)
    assert [m.subject for m in mail.outbox] == ["Welcome"]
    assert OutboxMessage.objects.get().status == OutboxMessage.Status.SENT


def test_running_the_worker_again_sends_nothing_twice():
    send_mail("Once", "Hello", None, ["someone@example.org"])
    call_command("worker", batch=True)
    call_command("worker", batch=True)
    assert len(mail.outbox) == 1


def test_the_configured_backends_are_in_use():
    expected = "django_tasks_rq.RQBackend" if settings.REDIS_URL else "django_tasks_db.DatabaseBackend"
    assert settings.TASKS["default"]["BACKEND"] == expected


def test_the_cache_stores_and_expires_values():
    cache.set("synergy-test-key", {"ü": "ł"}, 60)
    assert cache.get("synergy-test-key") == {"ü": "ł"}
    cache.delete("synergy-test-key")
    assert cache.get("synergy-test-key") is None


@pytest.mark.skipif(not settings.REDIS_URL, reason="Redis only: .ci/run runs this module again with REDIS_URL")
def test_the_redis_cache_builds_one_client_and_shares_it_between_threads():
    from concurrent.futures import ThreadPoolExecutor

    from synergy.core.redis_cache import RedisCache

    shared = RedisCache(settings.REDIS_URL, {"KEY_PREFIX": "synergy-test-shared"})
    built = shared._cache.get_client(write=True)
    assert shared._cache.get_client() is built  # Django's own builds a new client every call

    def round_trip(n):
        shared.set(f"key-{n}", n, 60)
        return shared.get(f"key-{n}")

    with ThreadPoolExecutor(8) as pool:
        assert list(pool.map(round_trip, range(200))) == list(range(200))
    shared.delete_many([f"key-{n}" for n in range(200)])
