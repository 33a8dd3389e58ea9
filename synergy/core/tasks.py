import logging
import os
import socket
from datetime import timedelta

from django.conf import settings
from django.core.management import call_command
from django.utils import timezone
from django_tasks import TaskResultStatus, task

logger = logging.getLogger(__name__)


def _uses_database_queue() -> bool:
    return settings.TASKS["default"]["BACKEND"].startswith("django_tasks_db")


@task()
def prune_task_results() -> None:
    """Forget finished task results after a week (the database queue keeps them otherwise)."""
    if _uses_database_queue():
        call_command("prune_db_task_results", min_age_days=7, verbosity=0)


def worker_id() -> str:
    """``host:pid``: names the worker so another on the same machine can tell it has died."""
    return f"{socket.gethostname()[:50]}:{os.getpid()}"


def process_is_alive(pid: int) -> bool:
    """Whether a process of this machine is still running (signal 0 only asks)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def requeue_abandoned_tasks(own: str = "") -> int:
    """Put back in the database queue the tasks whose worker died while running them.

    The database queue marks a task as running when a worker takes it and never looks at
    it again, so a worker killed mid-task (out of memory, a lost machine) would leave it
    running for ever. A task is abandoned when its worker ran on this machine and is gone,
    or when it has been running for longer than ``TASKS_ABANDONED_AFTER`` seconds (workers
    elsewhere). Every Synergy task is safe to run twice, so running one again is harmless
    even if its worker was only slow. ``own`` names a worker that is running nothing now
    (it is about to start), so what it left running was abandoned too. Returns the number
    of tasks put back.
    """
    if not _uses_database_queue():
        return 0
    from django_tasks_db.models import DBTaskResult

    host = socket.gethostname()[:50]
    cutoff = timezone.now() - timedelta(seconds=settings.TASKS_ABANDONED_AFTER)
    abandoned = []
    for pk, worker_ids, started_at in DBTaskResult.objects.running().values_list("pk", "worker_ids", "started_at"):
        last_worker = worker_ids[-1] if worker_ids else ""
        worker_host, _sep, pid = last_worker.rpartition(":")
        died_here = worker_host == host and pid.isdigit() and not process_is_alive(int(pid))
        if died_here or (own and last_worker == own) or started_at is None or started_at < cutoff:
            abandoned.append(pk)
    # Only tasks still running: one that finished meanwhile keeps its result.
    count = DBTaskResult.objects.filter(pk__in=abandoned, status=TaskResultStatus.RUNNING).update(
        status=TaskResultStatus.READY
    )
    if count:
        logger.warning("put %s abandoned task(s) back in the queue", count)
    return count


@task()
def requeue_abandoned() -> int:
    return requeue_abandoned_tasks()
