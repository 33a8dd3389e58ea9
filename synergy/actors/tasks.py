from django_tasks import task

from . import cordis


@task()
def run_cordis_import(import_id: int) -> None:
    cordis.run_import(import_id)
