from django_tasks import task

from . import services


@task()
def close_due_campaigns() -> int:
    return services.close_due()
