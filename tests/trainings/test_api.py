import pytest

from synergy.trainings import services
from tests.factories import TrainingFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_trainings_are_listed_with_places_and_objectives(client, region):
    training = TrainingFactory(region=region, capacity=2)
    training.objectives.create(position=1, text="Raise awareness")
    TrainingFactory(region=region, status="draft")
    services.register_participant(training, UserFactory(), share_contact=False)
    data = client.get("/api/v1/trainings/").json()
    assert data["count"] == 1
    item = data["items"][0]
    assert item["places_left"] == 1
    assert item["objectives"] == ["Raise awareness"]
    assert "webinar_url" not in item
    assert client.get(f"/api/v1/trainings/{training.slug}").json()["slug"] == training.slug


def test_registration_through_the_api_needs_a_session_and_respects_the_rules(client, member):
    training = TrainingFactory(capacity=1)
    assert client.post(f"/api/v1/trainings/{training.slug}/registration").status_code == 401
    client.force_login(member)
    response = client.post(f"/api/v1/trainings/{training.slug}/registration")
    assert response.status_code == 200
    assert response.json() == {"status": "confirmed", "waitlist_position": None}
    again = client.post(f"/api/v1/trainings/{training.slug}/registration")
    assert again.status_code == 409
    assert "already registered" in again.json()["detail"]
    assert client.delete(f"/api/v1/trainings/{training.slug}/registration").status_code == 204
    assert client.delete(f"/api/v1/trainings/{training.slug}/registration").status_code == 404


def test_programme_figures_count_people_not_registrations(client, region):
    from django.utils import timezone

    first, second = TrainingFactory(region=region), TrainingFactory(region=region)
    person = UserFactory()
    for training in (first, second):
        registration = services.register_participant(training, person, share_contact=False)
        registration.attended_at = timezone.now()
        registration.save()
    services.register_participant(first, UserFactory(), share_contact=False)
    figures = client.get("/api/v1/trainings/figures", {"region": region.slug}).json()
    assert figures["confirmed_registrations"] == 3
    assert figures["distinct_registered_people"] == 2
    assert figures["distinct_participants"] == 1


def test_training_list_api_queries_do_not_grow(client, region, django_assert_max_num_queries, uncached):
    TrainingFactory.create_batch(30, region=region)
    with django_assert_max_num_queries(4):
        assert client.get("/api/v1/trainings/").status_code == 200
