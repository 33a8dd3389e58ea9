"""A task for the fault tests only: it counts its runs and makes its effect once per key.

Each run is recorded at once (autocommit), then its first run pauses — the window in which a
test kills its worker — then records the effect with ``ON CONFLICT DO NOTHING``, the way a
real task makes its effect idempotent with a unique key. The tables are made by conftest.
"""

import os
import time

from django.conf import settings
from django.db import connection
from django_tasks import task


def _worker_pid() -> int:
    """The worker's process: this one on the database queue, the parent of RQ's forked work horse."""
    return os.getppid() if settings.TASKS["default"]["BACKEND"].startswith("django_tasks_rq") else os.getpid()


@task()
def record_effect(key: str, pause: float = 0.0) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO faults_run (key, pid, worker) VALUES (%s, %s, %s)", [key, os.getpid(), _worker_pid()]
        )
        cursor.execute("SELECT count(*) FROM faults_run WHERE key = %s", [key])
        first_run = cursor.fetchone()[0] == 1
    if first_run:
        time.sleep(pause)
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO faults_effect (key) VALUES (%s) ON CONFLICT DO NOTHING", [key])
