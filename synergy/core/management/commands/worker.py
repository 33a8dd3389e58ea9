import logging
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import OperationalError, connections

from synergy.core.tasks import requeue_abandoned_tasks, worker_id

logger = logging.getLogger(__name__)

# Seconds between attempts to reach the database again after it went away.
RECONNECT_PAUSE = 2


class Command(BaseCommand):
    help = "Run a task worker for the configured queue: the database queue, or RQ on Redis."

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="Run what is queued, then exit (database queue).")

    def handle(self, *args, batch: bool, **options):
        if settings.TASKS["default"]["BACKEND"].startswith("django_tasks_rq"):
            # A batch run works in-process (SimpleWorker); a long-running worker forks per job
            # and runs a job again when its forked process, or a whole worker, was killed.
            worker_class = "rq.worker.SimpleWorker" if batch else "synergy.core.rq_worker.RetryKilledWorker"
            call_command(
                "rqworker",
                "default",
                burst=batch,
                with_scheduler=not batch,
                worker_class=worker_class,
                job_class="django_tasks_rq.backend.Job",
            )
        elif batch:
            requeue_abandoned_tasks()
            call_command("db_worker", queue_name="*", batch=True, reload=False, startup_delay=False)
        else:
            self._run_database_worker()

    def _run_database_worker(self) -> None:
        """Run the database queue's worker, and start it again when the database goes away.

        ``db_worker`` stops at the first database error, so a database restart would stop
        every worker. Before each start, the tasks left running by a dead worker on this
        machine — or by this one when the database went away mid-task — are queued again.
        """
        while True:
            try:
                requeue_abandoned_tasks(own=worker_id())
                call_command("db_worker", queue_name="*", reload=False, startup_delay=True, worker_id=worker_id())
                return
            except OperationalError as error:
                logger.warning("database unavailable (%s); the worker tries again in %ss", error, RECONNECT_PAUSE)
                connections.close_all()
                time.sleep(RECONNECT_PAUSE)
