from django_tasks import task

from . import services


@task()
def announce_phase_changes() -> int:
    return services.announce_phase_changes()
