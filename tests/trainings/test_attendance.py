"""Attendance: the check-in list, walk-ins, and importing webinar reports as the tools export them."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from synergy.trainings import services
from synergy.trainings.attendance import parse_minutes, plan, read_report
from synergy.trainings.models import AttendanceImport, Registration
from tests.factories import TrainingFactory, UserFactory

pytestmark = pytest.mark.django_db

ZOOM = (
    "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest\n"
    "Anna Nowak,ANNA@example.org,03/10/2027 10:00:05 AM,03/10/2027 10:40:00 AM,40,No\n"
    "Anna Nowak,anna@example.org,03/10/2027 10:45:00 AM,03/10/2027 11:30:00 AM,45,No\n"
    "Late Comer,late@example.org,03/10/2027 11:50:00 AM,03/10/2027 11:55:00 AM,5,Yes\n"
    "No Mail,,03/10/2027 10:00:00 AM,03/10/2027 12:00:00 PM,120,Yes\n"
    "Guest Person,guest@example.org,03/10/2027 10:00:00 AM,03/10/2027 11:00:00 AM,60,Yes\n"
)
TEAMS = (
    "1. Summary\n"
    "Meeting title\tRegional training\n"
    "Attended participants\t2\n"
    "\n"
    "2. Participants\n"
    "Name\tFirst Join\tLast Leave\tIn-Meeting Duration\tEmail\tParticipant ID (UPN)\tRole\n"
    "Jürgen Groß\t3/10/27, 10:01:00 AM\t3/10/27, 11:59:00 AM\t1h 58m\t"
    "juergen@example.org\tjuergen@example.org\tAttendee\n"
    "Ana Đurić\t3/10/27, 10:05:00 AM\t3/10/27, 10:20:00 AM\t15m 10s\tana@example.org\tana@example.org\tAttendee\n"
)
WEBEX_1250 = "Imię i nazwisko;Adres e-mail;Czas trwania\nŁukasz Żółć;lukasz@example.org;01:30:00\n"
MEET = "Full name,Email,Time in session,First seen\nMarco Rossi,marco@example.org,1 hr 10 min,10:00\n"


def test_zoom_report_in_utf8_with_bom_merges_rows_and_applies_the_minimum():
    report = read_report(b"\xef\xbb\xbf" + ZOOM.encode())
    assert report.encoding == "UTF-8 (BOM)"
    assert report.guessed["email"] == 1 and report.guessed["duration"] == 4
    result = plan(report, report.guessed, minimum_minutes=15)
    assert {(p.email, round(p.minutes)) for p in result.people} == {("anna@example.org", 85), ("guest@example.org", 60)}
    reasons = {r.row: r.reason for r in result.rejected}
    assert "no valid e-mail address" in reasons[5]
    assert "less than the minimum of 15" in reasons[4]


def test_teams_report_in_utf16_with_a_summary_block_is_read():
    report = read_report(TEAMS.encode("utf-16"))
    assert report.encoding == "UTF-16" and report.delimiter == "\t"
    assert report.headers[0] == "Name"
    result = plan(report, report.guessed, minimum_minutes=15)
    minutes = {p.email: round(p.minutes) for p in result.people}
    assert minutes == {"juergen@example.org": 118, "ana@example.org": 15}
    assert {p.name for p in result.people} == {"Jürgen Groß", "Ana Đurić"}


def test_webex_report_in_windows_1250_with_semicolons_is_read():
    report = read_report(WEBEX_1250.encode("cp1250"))
    assert report.encoding == "Windows-1250" and report.delimiter == ";"
    person = plan(report, report.guessed, 15).people[0]
    assert (person.name, person.email, person.minutes) == ("Łukasz Żółć", "lukasz@example.org", 90)


def test_google_meet_durations_in_words_are_read():
    report = read_report(MEET.encode())
    assert plan(report, report.guessed, 15).people[0].minutes == 70


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("63", 63),
        ("1h 3m", 63),
        ("01:03:30", 63.5),
        ("1:03", 63),
        ("63 min", 63),
        ("2 hours", 120),
        ("", None),
        ("soon", None),
    ],
)
def test_durations_in_every_notation(text, minutes):
    assert parse_minutes(text) == minutes


def test_files_without_an_email_column_are_refused_with_a_reason():
    from synergy.trainings.attendance import ReportUnreadable

    with pytest.raises(ReportUnreadable, match="No column with e-mail"):
        read_report(b"Name,Minutes\nAnna,40\n")


def _upload(client, training, content: bytes, name="participants.csv", minimum=15):
    file = SimpleUploadedFile(name, content, content_type="text/csv")
    return client.post(
        reverse("trainings:attendance_upload", args=[training.slug]), {"file": file, "minimum_minutes": minimum}
    )


def test_import_previews_then_applies_matching_accounts_and_creating_guests(client, coordinator, region):
    training = TrainingFactory(region=region)
    anna = UserFactory(email="Anna@Example.org")
    services.register_participant(training, anna, share_contact=False)
    client.force_login(coordinator)
    response = _upload(client, training, b"\xef\xbb\xbf" + ZOOM.encode())
    preview_url = response["Location"]
    preview = client.get(preview_url).content.decode()
    assert "2 people will be checked in" in preview
    assert "less than the minimum" in preview
    assert not Registration.objects.filter(attended_at__isnull=False).exists()  # a preview writes nothing
    mapping = {"email": "1", "name": "0", "duration": "4", "join": "2", "leave": "3", "minimum_minutes": "15"}
    client.post(preview_url, {**mapping, "apply": "1"})
    assert Registration.objects.get(user=anna).attended_at is not None
    guest = Registration.objects.get(guest_email="guest@example.org")
    assert guest.user is None and guest.guest_name == "Guest Person" and guest.attended_at
    summary = AttendanceImport.objects.get().summary
    assert (summary["matched"], summary["guest"], len(summary["rejected"])) == (1, 1, 2)
    assert "Rows not counted" in client.get(preview_url).content.decode()


def test_an_import_that_fails_half_way_changes_nothing(client, coordinator, region, monkeypatch):
    training = TrainingFactory(region=region)
    client.force_login(coordinator)
    preview_url = _upload(client, training, ZOOM.encode())["Location"]
    calls = []

    def fail_on_second(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("database went away")
        return original(*args, **kwargs)

    original = services._attend
    monkeypatch.setattr(services, "_attend", fail_on_second)
    client.raise_request_exception = False
    mapping = {"email": "1", "name": "0", "duration": "4", "minimum_minutes": "15", "apply": "1"}
    assert client.post(preview_url, mapping).status_code == 500
    assert not Registration.objects.exists()
    assert AttendanceImport.objects.get().applied_at is None


def test_uploads_that_are_not_text_are_refused(client, coordinator, region):
    training = TrainingFactory(region=region)
    client.force_login(coordinator)
    response = _upload(client, training, b"\x00\x01\x02binary" * 20, name="report.csv")
    assert response.status_code == 200
    assert "not an accepted type" in response.content.decode()


def test_check_in_list_marks_present_and_adds_walk_ins(client, coordinator, region):
    training = TrainingFactory(region=region)
    member = UserFactory(display_name="Zofia Zielińska")
    registration = services.register_participant(training, member, share_contact=False)
    client.force_login(coordinator)
    page = client.get(reverse("trainings:checkin", args=[training.slug]), {"q": "zieli"}).content.decode()
    assert "Zofia" in page
    client.post(reverse("trainings:checkin", args=[training.slug]), {"registration": registration.pk, "present": "1"})
    registration.refresh_from_db()
    assert registration.attended_at is not None
    client.post(reverse("trainings:walk_in", args=[training.slug]), {"email": "Walk.In@Example.org", "name": "Walk In"})
    walk_in = Registration.objects.get(guest_email="walk.in@example.org")
    assert walk_in.attended_at and walk_in.status == "confirmed"


def test_a_walk_in_with_an_account_is_recorded_as_that_member(client, coordinator, region):
    training = TrainingFactory(region=region)
    person = UserFactory(email="known@example.org")
    client.force_login(coordinator)
    client.post(reverse("trainings:walk_in", args=[training.slug]), {"email": "KNOWN@example.org"})
    assert Registration.objects.get(training=training).user == person


def test_a_refused_walk_in_is_shown_back_on_the_check_in_page(client, coordinator, region):
    training = TrainingFactory(region=region)
    client.force_login(coordinator)
    response = client.post(
        reverse("trainings:walk_in", args=[training.slug]), {"email": "walk.in@", "name": "Kept Name"}, follow=True
    )
    page = response.content.decode()
    assert not training.registrations.exists()
    assert response.redirect_chain[-1][0].endswith("#walk-in")
    assert "The walk-in is not checked in; please correct it below." in page and "Enter a valid email address." in page
    assert 'value="walk.in@"' in page and 'value="Kept Name"' in page


def test_only_organisers_reach_attendance_pages(client, member, region):
    training = TrainingFactory(region=region)
    client.force_login(member)
    assert client.get(reverse("trainings:checkin", args=[training.slug])).status_code == 403
    assert client.get(reverse("trainings:attendance_upload", args=[training.slug])).status_code == 403
