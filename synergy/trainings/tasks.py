from django_tasks import task

from . import services


@task()
def send_training_reminders() -> int:
    return services.send_reminders()


@task()
def send_feedback_reminders() -> int:
    return services.send_feedback_reminders()
