from django_tasks import task

from . import services


@task()
def send_booking_reminders() -> int:
    return services.send_booking_reminders()
