from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run a task worker for the configured queue: the database queue, or RQ on Redis."

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="Run what is queued, then exit (database queue).")

    def handle(self, *args, batch: bool, **options):
        if settings.TASKS["default"]["BACKEND"].startswith("django_tasks_rq"):
            # A batch run works in-process (SimpleWorker); a long-running worker forks per job.
            worker_class = "rq.worker.SimpleWorker" if batch else None
            call_command(
                "rqworker",
                "default",
                burst=batch,
                with_scheduler=not batch,
                worker_class=worker_class,
                job_class="django_tasks_rq.backend.Job",
            )
        else:
            call_command("db_worker", queue_name="*", batch=batch, reload=False, startup_delay=not batch)
