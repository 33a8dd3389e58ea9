"""The CORDIS import pages: who may use them, the upload, the task, progress and the report."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from synergy.actors import cordis
from synergy.actors.models import CordisImport, Organisation, ResearchProject
from tests.factories import UserFactory

FILES = Path(__file__).parent / "files"

pytestmark = pytest.mark.django_db


def upload(name: str, as_name: str | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(as_name or name, (FILES / name).read_bytes(), content_type="text/csv")


def the_two_files() -> dict:
    return {"projects_file": upload("project.csv"), "organisations_file": upload("organization.csv")}


@pytest.mark.parametrize(
    ("persona", "status"),
    [("anonymous", 302), ("outsider", 403), ("member", 403), ("org_admin", 403), ("juror", 403),
     ("coordinator", 403), ("admin_user", 200)],
)  # fmt: skip
def test_only_platform_admins_may_import(as_persona, persona, status):
    done = CordisImport.objects.create(status=CordisImport.Status.DONE, report={"counts": {}, "rejections": []})
    _user, client = as_persona(persona)

    assert client.get(reverse("actors:import_new")).status_code == status
    assert client.get(done.get_absolute_url()).status_code == status
    assert client.post(reverse("actors:import_new"), the_two_files()).status_code in (status, 302)
    assert CordisImport.objects.count() == (2 if status == 200 else 1)


def test_an_upload_is_queued_and_the_page_shows_its_progress(client, admin_user, django_capture_on_commit_callbacks):
    client.force_login(admin_user)

    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(reverse("actors:import_new"), the_two_files())

    cordis_import = CordisImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == cordis_import.get_absolute_url()
    assert (cordis_import.status, cordis_import.started_by) == (CordisImport.Status.QUEUED, admin_user)
    assert len(callbacks) == 1  # the task is enqueued once the upload is committed
    assert not ResearchProject.objects.exists()

    page = client.get(cordis_import.get_absolute_url()).content.decode()
    assert 'hx-trigger="every 2s"' in page
    assert '<noscript><meta http-equiv="refresh" content="5"></noscript>' in page
    assert 'role="status" aria-live="polite"' in page
    assert ">Reload</a>" in page


def test_htmx_asks_for_the_status_fragment_only(client, admin_user):
    cordis_import = CordisImport.objects.create(status=CordisImport.Status.RUNNING, total=200, done=50)
    client.force_login(admin_user)

    fragment = client.get(cordis_import.get_absolute_url(), headers={"HX-Request": "true"}).content.decode()

    assert "<html" not in fragment
    assert fragment.lstrip().startswith('<div id="import-status"')
    assert "50 of 200 rows read (25%)." in fragment
    assert '<progress max="200" value="50"' in fragment


def test_a_finished_import_shows_its_report_and_stops_polling(client, admin_user):
    with open(FILES / "project.csv", "rb") as projects, open(FILES / "organization.csv", "rb") as organisations:
        report = cordis.import_files(projects, organisations)
    cordis_import = CordisImport.objects.create(status=CordisImport.Status.DONE, report=report)
    client.force_login(admin_user)

    page = client.get(cordis_import.get_absolute_url()).content.decode()

    assert "hx-trigger" not in page
    assert "http-equiv" not in page
    assert '<th scope="row">Organisations</th><td>9</td><td>0</td><td>0</td><td>0</td>' in page
    assert "11 rows rejected" in page
    assert '<td>organisations</td><th scope="row">13</th><td>999000010</td>' in page
    assert "The country “QQ” is not a country code." in page


@pytest.mark.django_db(transaction=True)
def test_the_task_runs_the_import_through_the_task_queue(client, admin_user):
    client.force_login(admin_user)
    client.post(reverse("actors:import_new"), the_two_files())  # autocommit: enqueued at once

    call_command("worker", batch=True)

    cordis_import = CordisImport.objects.get()
    assert cordis_import.status == CordisImport.Status.DONE
    assert cordis_import.finished_at is not None
    assert (cordis_import.done, cordis_import.total) == (24, 24)
    assert cordis_import.report["counts"]["organisations_created"] == 9
    assert cordis_import.report["rejected"] == 11
    assert Organisation.objects.filter(cordis_id="999000001").exists()

    cordis.run_import(cordis_import.pk)  # run again (a requeued task): a finished import is left alone
    assert CordisImport.objects.get().report == cordis_import.report


def test_an_import_whose_files_lost_their_columns_fails_with_the_reason(admin_user, settings):
    cordis_import = CordisImport.objects.create(
        projects_file=upload("organization.csv", "project.csv"), organisations_file=upload("organization.csv")
    )

    cordis.run_import(cordis_import.pk)

    cordis_import.refresh_from_db()
    assert cordis_import.status == CordisImport.Status.FAILED
    assert cordis.file_error_text(cordis_import.report["error"]).startswith("The projects file has no column id")
    assert not ResearchProject.objects.exists()


def test_files_swapped_by_mistake_are_refused_at_upload(client, admin_user):
    client.force_login(admin_user)

    response = client.post(
        reverse("actors:import_new"),
        {"projects_file": upload("organization.csv"), "organisations_file": upload("project.csv")},
    )

    assert response.status_code == 200
    assert "The projects file has no column id, title." in response.content.decode()
    assert not CordisImport.objects.exists()


def test_a_file_that_is_not_text_is_refused(client, admin_user):
    client.force_login(admin_user)
    png = SimpleUploadedFile("project.csv", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, content_type="text/csv")

    response = client.post(
        reverse("actors:import_new"), {"projects_file": png, "organisations_file": upload("organization.csv")}
    )

    assert response.status_code == 200
    assert "is not an accepted type" in response.content.decode()
    assert not CordisImport.objects.exists()


def test_hostile_values_in_a_file_are_shown_as_text(client, admin_user):
    hostile = "<script>alert(1)</script>\u202e🙂"
    projects = b"id;title\n1;A project\n"
    organisations = (
        "projectID;organisationID;name;activityType;country;role\n"
        f'1;5;"{hostile}";"{hostile}";SI;participant\n'
        f'1;6;"{hostile * 100}";HES;SI;participant\n'
    ).encode()
    client.force_login(admin_user)
    client.post(
        reverse("actors:import_new"),
        {
            "projects_file": SimpleUploadedFile("p.csv", projects),
            "organisations_file": SimpleUploadedFile("o.csv", organisations),
        },
    )
    cordis_import = CordisImport.objects.get()
    cordis.run_import(cordis_import.pk)

    page = client.get(cordis_import.get_absolute_url()).content.decode()

    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # the activity type, quoted in the reason
    assert Organisation.objects.get(cordis_id="6").name == (hostile * 100)[:300]


def test_the_list_of_imports_costs_the_same_queries_however_many_there_are(client, admin_user):
    client.force_login(admin_user)
    CordisImport.objects.create(started_by=admin_user)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("actors:import_new"))
    for _number in range(15):
        CordisImport.objects.create(started_by=UserFactory())

    with CaptureQueriesContext(connection) as many:
        assert client.get(reverse("actors:import_new")).status_code == 200

    assert len(many) <= len(few)


def _running_import(heartbeat_seconds_ago: float | None) -> CordisImport:
    from datetime import timedelta

    from django.utils import timezone

    beat = None if heartbeat_seconds_ago is None else timezone.now() - timedelta(seconds=heartbeat_seconds_ago)
    return CordisImport.objects.create(
        projects_file=upload("project.csv"), organisations_file=upload("organization.csv"),
        status=CordisImport.Status.RUNNING, heartbeat_at=beat,
    )  # fmt: skip


def test_an_import_another_worker_is_running_is_left_to_it(monkeypatch):
    """A duplicate task waits while the first worker shows signs of life, and stops once it has finished."""
    cordis_import = _running_import(heartbeat_seconds_ago=5)
    waits = []

    def the_other_worker_finishes(seconds):
        waits.append(seconds)
        CordisImport.objects.filter(pk=cordis_import.pk).update(status=CordisImport.Status.DONE)

    monkeypatch.setattr(cordis.time, "sleep", the_other_worker_finishes)
    cordis.run_import(cordis_import.pk)
    assert waits == [cordis.HEARTBEAT_EVERY]
    assert not ResearchProject.objects.exists()  # nothing imported twice


def test_an_import_whose_worker_stopped_giving_signs_of_life_is_taken_over(monkeypatch):
    cordis_import = _running_import(heartbeat_seconds_ago=cordis.STALE_AFTER + 1)
    monkeypatch.setattr(cordis.time, "sleep", lambda seconds: pytest.fail("a dead worker's import is not waited for"))
    cordis.run_import(cordis_import.pk)
    cordis_import.refresh_from_db()
    assert cordis_import.status == CordisImport.Status.DONE
    assert cordis_import.heartbeat_at is not None
    assert ResearchProject.objects.exists()


def test_a_running_import_writes_signs_of_life_while_it_works(monkeypatch, transactional_db):
    """The heartbeat comes from a thread of its own, so long steps without progress keep it alive."""
    import threading

    monkeypatch.setattr(cordis, "HEARTBEAT_EVERY", 0.05)
    cordis_import = CordisImport.objects.create(
        projects_file=upload("project.csv"), organisations_file=upload("organization.csv")
    )
    beats = []
    real = cordis.import_files
    seen = threading.Event()

    def slow_import(projects, organisations, progress):
        first = CordisImport.objects.get(pk=cordis_import.pk).heartbeat_at
        for _ in range(100):
            if CordisImport.objects.get(pk=cordis_import.pk).heartbeat_at != first:
                seen.set()
                break
            threading.Event().wait(0.05)
        beats.append(seen.is_set())
        return real(projects, organisations, progress)

    monkeypatch.setattr(cordis, "import_files", slow_import)
    cordis.run_import(cordis_import.pk)
    assert beats == [True]
    assert CordisImport.objects.get(pk=cordis_import.pk).status == CordisImport.Status.DONE


def test_a_wrong_merge_by_name_is_listed_and_separated_for_good(client, admin_user):
    from tests.factories import OrganisationFactory

    acme = OrganisationFactory(name="ACME Additive", slug="acme", country="DE", description="Ours.")
    own = ResearchProject.objects.create(title="Our own project")
    own.participations.create(organisation=acme)
    cordis_import = CordisImport.objects.create(
        projects_file=upload("project.csv"), organisations_file=upload("organization.csv")
    )
    cordis.run_import(cordis_import.pk)
    client.force_login(admin_user)
    page = client.get(cordis_import.get_absolute_url()).content.decode()
    assert "Merged by name: please check" in page
    assert acme.get_absolute_url() in page

    separate = reverse("actors:import_separate", args=[cordis_import.pk, "999000003"])
    assert client.post(separate).status_code == 302
    acme.refresh_from_db()
    separated = Organisation.objects.get(cordis_id="999000003")
    assert separated != acme and acme.cordis_id == ""
    assert list(acme.projects.values_list("title", flat=True)) == ["Our own project"]
    assert list(separated.projects.values_list("cordis_id", flat=True)) == ["101000001"]
    assert (acme.name, acme.description) == ("ACME Additive", "Ours.")
    assert acme.nuts_code == "" and separated.nuts_code == "DE212"  # what the merge filled in goes back
    assert "Merged by name" not in client.get(cordis_import.get_absolute_url()).content.decode()

    again = client.post(separate, follow=True).content.decode()
    assert "already been undone" in again
    assert Organisation.objects.filter(normalised_name=acme.normalised_name).count() == 2

    second = CordisImport.objects.create(
        projects_file=upload("project.csv"), organisations_file=upload("organization.csv")
    )
    cordis.run_import(second.pk)
    second.refresh_from_db()
    assert "organisations_merged" not in second.report["counts"]  # the new one is found by its identifier
    assert acme.cordis_id == "" and list(acme.projects.values_list("title", flat=True)) == ["Our own project"]


def test_only_platform_admins_separate_a_merge(client, org_admin):
    cordis_import = CordisImport.objects.create(
        projects_file=upload("project.csv"), organisations_file=upload("organization.csv")
    )
    client.force_login(org_admin)
    assert client.post(reverse("actors:import_separate", args=[cordis_import.pk, "999000003"])).status_code == 403


def test_a_worker_that_was_taken_over_no_longer_writes_the_progress_or_the_report():
    from datetime import timedelta

    from django.utils import timezone

    cordis_import = CordisImport.objects.create(
        projects_file=upload("project.csv"), organisations_file=upload("organization.csv")
    )
    stalled = cordis._claim(cordis_import.pk)
    assert cordis._claim(cordis_import.pk) is None  # alive: not taken over
    stale = timezone.now() - timedelta(seconds=cordis.STALE_AFTER + 1)
    CordisImport.objects.filter(pk=cordis_import.pk).update(heartbeat_at=stale)
    taker = cordis._claim(cordis_import.pk)
    assert taker is not None
    cordis._finish_import(stalled, CordisImport.Status.DONE, {"from": "the stalled worker"})
    cordis_import.refresh_from_db()
    assert cordis_import.status == CordisImport.Status.RUNNING and cordis_import.report == {}
    cordis._run_claimed(taker)
    cordis_import.refresh_from_db()
    assert cordis_import.status == CordisImport.Status.DONE and "counts" in cordis_import.report
