import pytest
from django.core import mail
from django.urls import reverse

from synergy.trainings import services
from synergy.trainings.models import Registration, Training
from tests.conftest import PERSONAS
from tests.factories import TrainingFactory, UserFactory
from tests.hostile import EMOJI, RTL, SCRIPT, SQL

pytestmark = pytest.mark.django_db


def _form(region, **overrides):
    data = {
        "title": "Webinar on the crowd-innovation strategy",
        "description": "What the strategy asks of the region.",
        "region": region.pk,
        "organiser": "",
        "format": "online",
        "venue": "",
        "webinar_url": "https://meet.example.org/room",
        "language": "pl",
        "time_zone": "Europe/Warsaw",
        "starts_at": "2027-03-10T10:00",
        "ends_at": "2027-03-10T12:00",
        "registration_deadline": "2027-03-09T18:00",
        "capacity": "30",
        "target_groups": ["public_authority", "network_member"],
        "objectives-TOTAL_FORMS": "2",
        "objectives-INITIAL_FORMS": "0",
        "objectives-0-text": "Raise awareness of open-innovation mechanisms",
        "objectives-0-position": "1",
        "objectives-1-text": "Discover opportunities for collaboration",
        "objectives-1-position": "2",
        "agenda-TOTAL_FORMS": "1",
        "agenda-INITIAL_FORMS": "0",
        "agenda-0-title": "Welcome",
        "agenda-0-position": "1",
        "agenda-0-speaker_name": "Dr Anna Nowak",
        "agenda-0-speaker_affiliation": "WUST",
    }
    data.update(overrides)
    return data


def test_coordinator_creates_a_draft_with_objectives_and_agenda_then_publishes(client, coordinator, region):
    client.force_login(coordinator)
    response = client.post(reverse("trainings:create"), _form(region))
    assert response.status_code == 302
    training = Training.objects.get()
    assert training.status == "draft"
    assert [o.text for o in training.objectives.all()] == [
        "Raise awareness of open-innovation mechanisms",
        "Discover opportunities for collaboration",
    ]
    assert training.agenda.get().speaker_name == "Dr Anna Nowak"
    assert training.starts_at.isoformat() == "2027-03-10T09:00:00+00:00"  # 10:00 in Warsaw
    assert training.target_groups == ["public_authority", "network_member"]
    client.post(reverse("trainings:publish", args=[training.slug]))
    training.refresh_from_db()
    assert training.status == "published" and training.published_at


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"ends_at": "2027-03-10T09:00"}, "ends_at", "must end after it starts"),
        ({"registration_deadline": "2027-03-11T09:00"}, "registration_deadline", "before the training ends"),
        ({"webinar_url": ""}, "webinar_url", "need a webinar link"),
        ({"format": "in_person", "venue": ""}, "venue", "need a venue"),
        ({"capacity": "-3"}, "capacity", "greater than or equal to 0"),
        ({"title": "x" * 10_000}, "title", "at most 300 characters"),
        ({"time_zone": "Mars/Olympus"}, "time_zone", "Select a valid choice"),
    ],
)
def test_invalid_trainings_are_refused_with_a_field_error(client, coordinator, region, overrides, field, message):
    client.force_login(coordinator)
    response = client.post(reverse("trainings:create"), _form(region, **overrides))
    assert response.status_code == 200
    assert message in str(response.context["form"].errors[field])
    assert not Training.objects.exists()


@pytest.mark.parametrize("text", [SCRIPT, SQL, RTL, EMOJI])
def test_hostile_titles_are_stored_exactly_and_shown_escaped(client, coordinator, region, text):
    client.force_login(coordinator)
    client.post(reverse("trainings:create"), _form(region, title=text))
    training = Training.objects.get()
    assert training.title == text
    assert SCRIPT not in client.get(training.get_absolute_url()).content.decode()


def test_capacity_cannot_drop_below_the_people_who_have_a_place(client, coordinator, region):
    training = TrainingFactory(region=region, capacity=5)
    for _ in range(3):
        services.register_participant(training, UserFactory(), share_contact=False)
    client.force_login(coordinator)
    data = _form(region, capacity="2", **{"objectives-TOTAL_FORMS": "0", "agenda-TOTAL_FORMS": "0"})
    response = client.post(reverse("trainings:edit", args=[training.slug]), data)
    assert response.status_code == 200
    assert "3 people already have a place" in str(response.context["form"].errors["capacity"])


def test_a_coordinator_cannot_create_trainings_for_another_region(client, coordinator):
    from tests.factories import RegionFactory

    other = RegionFactory()
    client.force_login(coordinator)
    response = client.post(reverse("trainings:create"), _form(other))
    assert response.status_code == 200
    assert "region" in response.context["form"].errors


def test_cancelling_a_training_tells_everyone_registered_and_waiting(client, coordinator, region, deliver_mail):
    training = TrainingFactory(region=region, capacity=1)
    people = [UserFactory(), UserFactory()]
    for person in people:
        services.register_participant(training, person, share_contact=False)
    deliver_mail()
    mail.outbox.clear()
    client.force_login(coordinator)
    client.post(reverse("trainings:cancel", args=[training.slug]))
    training.refresh_from_db()
    assert training.status == "cancelled"
    deliver_mail()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)
    assert all("Cancelled" in m.subject for m in mail.outbox)


def test_participant_e_mails_are_shown_only_with_consent_and_only_to_managers(client, coordinator, region, outsider):
    training = TrainingFactory(region=region)
    sharing, private = UserFactory(email="shares@example.org"), UserFactory(email="private@example.org")
    services.register_participant(training, sharing, share_contact=True)
    services.register_participant(training, private, share_contact=False)
    client.force_login(outsider)
    assert client.get(reverse("trainings:participants", args=[training.slug])).status_code == 403
    client.force_login(coordinator)
    body = client.get(reverse("trainings:participants", args=[training.slug])).content.decode()
    assert "shares@example.org" in body
    assert "private@example.org" not in body


# persona -> (may create a training, may edit this region's training, may see its participants)
MATRIX = {
    "admin_user": (True, True, True),
    "coordinator": (True, True, True),
    "org_admin": (False, True, True),  # the organiser's administrator
    "juror": (False, False, False),
    "member": (False, False, False),
    "outsider": (False, False, False),
    "anonymous": (False, False, False),
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_training_role_matrix(as_persona, region, organisation, persona):
    training = TrainingFactory(region=region, organiser=organisation)
    _user, client = as_persona(persona)
    may_create, may_edit, may_see_participants = MATRIX[persona]
    ok = {True: 200, False: 403}
    anonymous = persona == "anonymous"
    for url, allowed in (
        (reverse("trainings:create"), may_create),
        (reverse("trainings:edit", args=[training.slug]), may_edit),
        (reverse("trainings:participants", args=[training.slug]), may_see_participants),
    ):
        status = client.get(url).status_code
        assert status == (302 if anonymous else ok[allowed]), (persona, url, status)


def test_training_list_filters_and_queries_do_not_grow(client, region, django_assert_max_num_queries, uncached):
    TrainingFactory.create_batch(3, region=region, format="hybrid", venue="Wrocław")
    TrainingFactory(region=region, format="online", title="Only online")
    body = client.get(reverse("trainings:list"), {"format": "online"}).content.decode()
    assert "Only online" in body
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("trainings:list"))
    TrainingFactory.create_batch(15, region=region)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse("trainings:list")).status_code == 200


def test_target_group_filter(client, region):
    TrainingFactory(region=region, title="For SMEs", target_groups=["sme"])
    TrainingFactory(region=region, title="For NGOs", target_groups=["ngo"])
    body = client.get(reverse("trainings:list"), {"target": "ngo"}).content.decode()
    assert "For NGOs" in body and "For SMEs" not in body


def test_past_trainings_have_their_own_tab(client, region):
    from datetime import timedelta

    from django.utils import timezone

    past_start = timezone.now() - timedelta(days=20)
    TrainingFactory(
        region=region, title="Last month", status="held", starts_at=past_start,
        ends_at=past_start + timedelta(hours=2), registration_deadline=past_start,
    )  # fmt: skip
    assert "Last month" not in client.get(reverse("trainings:list")).content.decode()
    assert "Last month" in client.get(reverse("trainings:list"), {"when": "past"}).content.decode()


def test_registrations_survive_in_the_admin(client, admin_user):
    training = TrainingFactory()
    services.register_participant(training, UserFactory(), share_contact=False)
    client.force_login(admin_user)
    assert client.get(reverse("admin:trainings_registration_changelist")).status_code == 200
    assert Registration.objects.count() == 1


def test_the_lifecycle_runs_draft_published_closed_held_reported(client, coordinator, region):
    training = TrainingFactory(region=region, status="draft")
    training.objectives.create(position=1, text="Objective")
    client.force_login(coordinator)
    steps = [("publish", "published"), ("close_registration", "registration_closed"), ("held", "held"),
             ("reported", "reported")]  # fmt: skip
    for action, status in steps:
        client.post(reverse(f"trainings:{action}", args=[training.slug]))
        training.refresh_from_db()
        assert training.status == status
    with pytest.raises(services.RegistrationRefused):
        services.register_participant(training, UserFactory(), share_contact=False)


def test_out_of_order_lifecycle_steps_are_refused_with_a_message(client, coordinator, region):
    training = TrainingFactory(region=region, status="published")
    client.force_login(coordinator)
    response = client.post(reverse("trainings:reported", args=[training.slug]), follow=True)
    assert "Only a held training" in response.content.decode()
    training.refresh_from_db()
    assert training.status == "published"


def test_training_list_shows_places_left_per_training(client, region):
    training = TrainingFactory(region=region, capacity=3)
    services.register_participant(training, UserFactory(), share_contact=False)
    assert "2 places left" in client.get(reverse("trainings:list")).content.decode()


@pytest.mark.parametrize("zone", ["Europe/Nowhere", "<script>", "", "UTC\x00"])
def test_a_time_zone_the_database_does_not_know_is_refused_everywhere(region, zone):
    """The back office writes the field directly; the training page would fail on an unknown zone."""
    from django.core.exceptions import ValidationError

    training = TrainingFactory.build(region=region, organiser=None, time_zone=zone)
    with pytest.raises(ValidationError) as refused:
        training.full_clean(exclude=["organiser", "created_by", "slug"])
    assert "time_zone" in refused.value.message_dict
