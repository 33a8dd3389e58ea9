from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from synergy.trainings import reports, services
from synergy.trainings.models import Feedback
from tests.factories import TrainingFactory, UserFactory
from tests.hostile import SCRIPT

pytestmark = pytest.mark.django_db


def _attended(training, user=None):
    registration = services.register_participant(training, user or UserFactory(), share_contact=False)
    services.check_in(registration)
    return registration


@pytest.fixture
def held_training(region):
    training = TrainingFactory(region=region)
    training.objectives.create(position=1, text="Raise awareness")
    training.objectives.create(position=2, text="Discover collaborations")
    return training


def test_marking_held_asks_attendees_with_accounts_for_feedback_once(client, coordinator, held_training, deliver_mail):
    attendee = _attended(held_training)
    services.register_participant(held_training, UserFactory(), share_contact=False)  # registered, absent
    services.add_walk_in(held_training, email="guest@example.org")  # a guest has no account to write to
    deliver_mail()
    mail.outbox.clear()
    client.force_login(coordinator)
    client.post(reverse("trainings:held", args=[held_training.slug]))
    held_training.refresh_from_db()
    assert held_training.status == "held"
    deliver_mail()
    assert [m.to for m in mail.outbox] == [[attendee.user.email]]
    assert "How was" in mail.outbox[0].subject


def test_one_reminder_three_days_later_to_those_who_did_not_answer(held_training, deliver_mail):
    silent, answered = _attended(held_training), _attended(held_training)
    services.mark_held(held_training)
    services.give_feedback(answered, ratings={}, usefulness=4, intention="yes", comment="")
    deliver_mail()
    mail.outbox.clear()
    assert services.send_feedback_reminders() == 0  # too early
    later = timezone.now() + timedelta(days=3, minutes=1)
    assert services.send_feedback_reminders(now=later) == 1
    assert services.send_feedback_reminders(now=later + timedelta(days=3)) == 0
    deliver_mail()
    assert [m.to for m in mail.outbox] == [[silent.user.email]]


def test_attendee_rates_each_objective_and_answers_stay_private(client, held_training):
    registration = _attended(held_training)
    objectives = list(held_training.objectives.all())
    client.force_login(registration.user)
    data = {f"objective_{objectives[0].pk}": "5", f"objective_{objectives[1].pk}": "3", "usefulness": "4",
            "intention": "maybe", "comment": SCRIPT}  # fmt: skip
    response = client.post(reverse("trainings:feedback", args=[held_training.slug]), data)
    assert response.status_code == 302
    feedback = Feedback.objects.get()
    assert {r.objective.text: r.rating for r in feedback.ratings.all()} == {
        "Raise awareness": 5,
        "Discover collaborations": 3,
    }
    assert feedback.comment == SCRIPT
    other = _attended(held_training)
    client.force_login(other.user)
    assert SCRIPT not in client.get(held_training.get_absolute_url()).content.decode()
    assert client.get(reverse("trainings:report", args=[held_training.slug])).status_code == 403


@pytest.mark.parametrize("value", ["0", "6", "x", ""])
def test_ratings_outside_one_to_five_are_refused(client, held_training, value):
    registration = _attended(held_training)
    client.force_login(registration.user)
    objective = held_training.objectives.first()
    data = {f"objective_{objective.pk}": value, "usefulness": "4", "intention": "yes"}
    response = client.post(reverse("trainings:feedback", args=[held_training.slug]), data)
    assert response.status_code == 200
    assert not Feedback.objects.exists()


def test_people_who_did_not_attend_cannot_give_feedback(client, held_training, member):
    services.register_participant(held_training, member, share_contact=False)
    client.force_login(member)
    response = client.get(reverse("trainings:feedback", args=[held_training.slug]))
    assert response.status_code == 302
    assert not Feedback.objects.exists()


def test_region_report_counts_distinct_people_not_registrations(client, coordinator, region):
    first, second = TrainingFactory(region=region), TrainingFactory(region=region)
    regular = UserFactory(stakeholder_type="public_authority")
    _attended(first, regular)
    _attended(second, regular)
    _attended(first, UserFactory(stakeholder_type="sme"))
    services.add_walk_in(first, email="Guest@example.org")
    services.add_walk_in(second, email="guest@EXAMPLE.org")
    services.register_participant(second, UserFactory(), share_contact=False)  # registered, never came
    figures = reports.region_report(region)
    assert figures["distinct_participants"] == 3  # regular, the SME, the guest
    assert figures["registrations"] == 6
    assert dict(figures["by_stakeholder_type"]) == {"Public authority": 1, "SME": 1, "Not stated": 1}
    client.force_login(coordinator)
    page = client.get(reverse("trainings:region_report", args=[region.slug]))
    assert page.status_code == 200
    assert "<svg" in page.content.decode()


def test_region_report_is_for_the_regions_coordinators_only(client, outsider, region):
    client.force_login(outsider)
    assert client.get(reverse("trainings:region_report", args=[region.slug])).status_code == 403


def test_training_report_shows_rates_averages_and_intentions(client, coordinator, held_training):
    objective = held_training.objectives.first()
    for rating, intention in ((5, "yes"), (3, "no")):
        services.give_feedback(
            _attended(held_training), ratings={objective: rating}, usefulness=rating, intention=intention, comment=""
        )
    services.register_participant(held_training, UserFactory(), share_contact=False)
    figures = reports.training_report(held_training)
    assert (figures["confirmed"], figures["attended"], figures["attendance_rate"]) == (3, 2, 67)
    assert figures["objectives"][0].average == 4
    assert dict(figures["intentions"])["Yes"] == 1
    client.force_login(coordinator)
    assert client.get(reverse("trainings:report", args=[held_training.slug])).status_code == 200


def test_csv_export_neutralises_formulas_and_hides_unshared_addresses(client, coordinator, region):
    training = TrainingFactory(region=region)
    services.register_participant(
        training, UserFactory(display_name="=HYPERLINK(1)", email="x@example.org"), share_contact=False
    )
    client.force_login(coordinator)
    body = client.get(reverse("trainings:participants_file", args=[training.slug, "csv"])).content.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in body
    assert "x@example.org" not in body


def test_report_pages_use_a_fixed_number_of_queries(
    client, coordinator, region, django_assert_max_num_queries, uncached
):
    trainings = TrainingFactory.create_batch(3, region=region)
    for training in trainings:
        _attended(training)
    client.force_login(coordinator)
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("trainings:region_report", args=[region.slug]))
    for training in TrainingFactory.create_batch(10, region=region):
        _attended(training)
        _attended(training)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("trainings:region_report", args=[region.slug]))


def test_region_report_downloads_as_xlsx_csv_and_pdf(client, coordinator, region):
    import io

    from openpyxl import load_workbook

    training = TrainingFactory(region=region, title="=cmd|' /C calc'!A0")
    _attended(training, UserFactory(stakeholder_type="ngo"))
    client.force_login(coordinator)
    xlsx = client.get(reverse("trainings:region_report_file", args=[region.slug, "xlsx"]))
    workbook = load_workbook(io.BytesIO(xlsx.content))
    assert workbook.sheetnames == ["Summary", "By stakeholder type", "Trainings"]
    assert workbook["Summary"]["B2"].value == 1
    assert workbook["Trainings"]["A2"].value.startswith("'=")  # a formula in a title stays text
    csv_body = client.get(reverse("trainings:region_report_file", args=[region.slug, "csv"])).content.decode(
        "utf-8-sig"
    )
    assert "NGO,1" in csv_body
    pdf = client.get(reverse("trainings:region_report_file", args=[region.slug, "pdf"]))
    assert pdf.content.startswith(b"%PDF-")
    assert client.get(f"/trainings/region/{region.slug}/report.exe").status_code == 404


def test_follow_ups_reach_each_attendee_once_and_never_guests(client, coordinator, region, deliver_mail):
    from synergy.trainings.models import FollowUp

    first, second = TrainingFactory(region=region), TrainingFactory(region=region)
    regular = UserFactory()
    _attended(first, regular)
    _attended(second, regular)
    _attended(second)
    services.register_participant(first, UserFactory(), share_contact=False)  # never came
    services.add_walk_in(first, email="guest@example.org")
    deliver_mail()
    mail.outbox.clear()
    client.force_login(coordinator)
    response = client.post(
        reverse("trainings:follow_up"),
        {"trainings": [first.pk, second.pk], "subject": "Join our 3D-printing challenge", "body": f"Details {SCRIPT}",
         "link": "https://synergy.example.org/challenges/3d"},
    )  # fmt: skip
    assert response.status_code == 302
    deliver_mail()
    assert len(mail.outbox) == 2
    assert all(m.subject.endswith("Join our 3D-printing challenge") for m in mail.outbox)
    assert "guest@example.org" not in [m.to[0] for m in mail.outbox]
    assert FollowUp.objects.get().recipients == 2


def test_coordinators_can_write_only_to_their_regions_attendees(client, coordinator):
    other = TrainingFactory()
    _attended(other)
    client.force_login(coordinator)
    response = client.post(reverse("trainings:follow_up"), {"trainings": [other.pk], "subject": "S", "body": "B"})
    assert response.status_code == 200
    assert "trainings" in response.context["form"].errors


def test_programme_report_sets_regions_side_by_side_and_counts_people_once(client, coordinator, region, outsider):
    from tests.factories import RegionFactory

    other = RegionFactory()
    person = UserFactory()
    _attended(TrainingFactory(region=region), person)
    _attended(TrainingFactory(region=other), person)
    _attended(TrainingFactory(region=other))
    figures = reports.programme_report()
    assert figures["distinct_participants"] == 2
    per_region = {row["region"]: row["participants"] for row in figures["regions"]}
    assert (per_region[region], per_region[other]) == (1, 2)
    client.force_login(outsider)
    assert client.get(reverse("trainings:programme_report")).status_code == 403
    client.force_login(coordinator)
    assert "<svg" in client.get(reverse("trainings:programme_report")).content.decode()


def test_participants_and_programme_export_as_xlsx(client, coordinator, region):
    import io

    from openpyxl import load_workbook

    training = TrainingFactory(region=region)
    _attended(training, UserFactory(display_name="Ana Đurić"))
    client.force_login(coordinator)
    participants = client.get(reverse("trainings:participants_file", args=[training.slug, "xlsx"]))
    sheet = load_workbook(io.BytesIO(participants.content))["Participants"]
    assert sheet["A2"].value == "Ana Đurić"
    programme = client.get(reverse("trainings:programme_report_file", args=["xlsx"]))
    assert load_workbook(io.BytesIO(programme.content)).sheetnames == ["Summary", "Regions", "By stakeholder type"]
