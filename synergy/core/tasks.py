from django.conf import settings
from django.core.management import call_command
from django_tasks import task


@task()
def prune_task_results() -> None:
    """Forget finished task results after a week (the database queue keeps them otherwise)."""
    if settings.TASKS["default"]["BACKEND"].startswith("django_tasks_db"):
        call_command("prune_db_task_results", min_age_days=7, verbosity=0)
