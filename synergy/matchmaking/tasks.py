from django_tasks import task

from . import services


@task()
def send_digests() -> int:
    return services.send_digests()
