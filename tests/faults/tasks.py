"""Tasks for the fault tests only; the tables they write to are made by conftest.

``record_effect`` records each run at once (autocommit), then its first run pauses — the
window in which a test kills its worker — then records the effect with ``ON CONFLICT DO
NOTHING``, the way a real task makes its effect idempotent with a unique key.
``record_failure`` records its run and raises, as a task with a bug does.
"""

import os
import time

from django.conf import settings
from django.db import connection
from django_tasks import task


def _worker_pid() -> int:
    """The worker's process: this one on the database queue, the parent of RQ's forked work horse."""
    return os.getppid() if settings.TASKS["default"]["BACKEND"].startswith("django_tasks_rq") else os.getpid()


def _record_run(key: str) -> int:
    """Record this run of ``key``; return how many runs it has had, this one included."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO faults_run (key, pid, worker) VALUES (%s, %s, %s)", [key, os.getpid(), _worker_pid()]
        )
        cursor.execute("SELECT count(*) FROM faults_run WHERE key = %s", [key])
        return cursor.fetchone()[0]


@task()
def record_effect(key: str, pause: float = 0.0) -> None:
    if _record_run(key) == 1:
        time.sleep(pause)
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO faults_effect (key) VALUES (%s) ON CONFLICT DO NOTHING", [key])


@task()
def record_failure(key: str) -> None:
    _record_run(key)
    raise RuntimeError(f"{key} fails by itself")
