"""Background work of the notifications app: primitive arguments, safe to run twice."""

from django_tasks import task

from . import services


@task()
def deliver_mail(message_id: int) -> bool:
    return services.deliver(message_id)


@task()
def flush_outbox() -> int:
    return services.flush_outbox()


@task()
def send_daily_digests() -> int:
    return services.send_daily_digests()
