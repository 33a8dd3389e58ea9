"""What /healthz reports: can we reach the database, the cache and the task queue?"""

import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone


def _timed(check) -> dict:
    started = time.perf_counter()
    try:
        detail = check() or {}
        state = {"ok": True, **detail}
    except Exception as exc:  # noqa: BLE001 - a health check reports every failure
        state = {"ok": False, "error": exc.__class__.__name__}
    state["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return state


def check_database() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"vendor": connection.vendor}


def check_cache() -> dict:
    key = "healthz-probe"
    value = str(time.time())
    cache.set(key, value, 30)
    if cache.get(key) != value:
        raise RuntimeError("cache did not return what was stored")
    return {}


def check_task_queue() -> dict:
    backend = settings.TASKS["default"]["BACKEND"]
    if backend.startswith("django_tasks_rq"):
        import django_rq

        queue = django_rq.get_queue("default")
        queue.connection.ping()
        return {"backend": "rq", "queued": queue.count}
    from django_tasks_db.models import DBTaskResult

    ready = DBTaskResult.objects.ready()
    oldest = ready.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    age = (timezone.now() - oldest).total_seconds() if oldest else 0
    return {"backend": "database", "queued": ready.count(), "oldest_seconds": round(age)}


def health_report() -> dict:
    checks = {
        "database": _timed(check_database),
        "cache": _timed(check_cache),
        "task_queue": _timed(check_task_queue),
    }
    return {"ok": all(check["ok"] for check in checks.values()), "checks": checks}
