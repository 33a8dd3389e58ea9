"""The training page: its public parts come from cached fragments, shown again without their
queries, new at once after a change, and never carrying one person's parts to another."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from synergy.trainings import services
from synergy.trainings.models import AgendaItem, LearningObjective, MaterialVersion, TrainingMaterial
from tests.factories import TrainingFactory, UserFactory

pytestmark = pytest.mark.django_db

PUBLIC_PARTS = ("trainings_learningobjective", "trainings_agendaitem", "trainings_trainingmaterial")
LINK = "https://meet.example.org/secret-room"


@pytest.fixture
def training(region):
    training = TrainingFactory(region=region, title="Cached webinar", description="About **quadruple helix** work.")
    LearningObjective.objects.create(training=training, text="Know the strategy")
    AgendaItem.objects.create(training=training, title="Welcome session", speaker_name="Ana")
    material = TrainingMaterial.objects.create(title="Strategy slides")
    MaterialVersion.objects.create(material=material, language="en", url="https://example.org/slides-en.pdf")
    training.materials.add(material)
    return training


def _visit(client, training):
    """The page and the queries it ran, with the cache's own (a database table in the tests) left out."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(training.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode(), [q["sql"] for q in queries.captured_queries if "synergy_cache" not in q["sql"]]


def _main(page: str) -> str:
    return page.split('<main id="main"')[1].split("</main>")[0]


def _ran(queries, *tables) -> list[str]:
    return [sql for sql in queries if any(table in sql for table in tables)]


def _counted_places(queries) -> list[str]:
    return [sql for sql in _ran(queries, "trainings_registration") if "COUNT(" in sql]


def test_a_second_visit_is_served_from_the_cache_with_one_query_for_the_training(client, training):
    first, _ = _visit(client, training)
    again, queries = _visit(client, training)
    assert _main(again) == _main(first)
    for shown in ("Cached webinar", "<strong>quadruple helix</strong>", "Know the strategy", "Welcome session",
                  "https://example.org/slides-en.pdf", "0 of 20 taken", "Log in to register"):  # fmt: skip
        assert shown in again
    assert not _ran(queries, *PUBLIC_PARTS, "trainings_registration")
    assert len(queries) == 1 and "trainings_training" in queries[0]  # the permission check, without counts


def test_a_signed_in_reader_is_served_the_public_parts_from_the_cache(client, training, member):
    services.register_participant(training, member, share_contact=False)
    client.force_login(member)
    _visit(client, training)
    page, queries = _visit(client, training)
    assert "You are registered." in page and "Know the strategy" in page and "1 of 20 taken" in page
    assert not _ran(queries, *PUBLIC_PARTS)
    assert not _counted_places(queries)


def test_the_page_shows_a_change_of_the_training_at_once(client, training):
    _visit(client, training)
    _, queries = _visit(client, training)
    assert not _ran(queries, *PUBLIC_PARTS)
    training.title, training.description = "Renamed webinar", "A *new* description."
    training.save()
    page, _ = _visit(client, training)
    assert "Renamed webinar" in page and "<em>new</em> description" in page
    assert "Cached webinar" not in page and "quadruple helix" not in page


def test_the_page_shows_a_new_registration_in_the_places_at_once(client, region):
    training = TrainingFactory(region=region, capacity=1)
    outsider = Client()
    outsider.force_login(UserFactory())
    assert "0 of 1 taken" in _visit(client, training)[0]
    page, queries = _visit(outsider, training)
    assert ">Register</button>" in page and not _counted_places(queries)  # counted once, for both
    services.register_participant(training, UserFactory(), share_contact=False)
    assert "1 of 1 taken" in _visit(client, training)[0]
    assert ">Join the waitlist</button>" in _visit(outsider, training)[0]


def test_the_page_shows_new_objectives_agenda_and_materials_at_once(client, training):
    _visit(client, training)
    _, queries = _visit(client, training)
    assert not _ran(queries, *PUBLIC_PARTS)
    LearningObjective.objects.create(training=training, position=2, text="Find partners")
    AgendaItem.objects.create(training=training, position=2, title="Closing panel")
    page, _ = _visit(client, training)
    assert "Find partners" in page and "Closing panel" in page
    material = training.materials.get()
    material.title = "Renamed slides"
    material.save()
    MaterialVersion.objects.create(material=material, language="de", url="https://example.org/slides-de.pdf")
    page, _ = _visit(client, training)
    assert "Renamed slides" in page and "https://example.org/slides-de.pdf" in page
    training.materials.add(TrainingMaterial.objects.create(title="A new handout", kind="document"))
    assert "A new handout" in _visit(client, training)[0]


def test_a_registered_persons_place_and_link_are_not_shown_to_the_next_visitors(client, training, member, outsider):
    services.register_participant(training, member, share_contact=False)
    client.force_login(member)
    page, _ = _visit(client, training)
    assert "You are registered." in page and f'href="{LINK}"' in page
    visitor, stranger = Client(), Client()
    stranger.force_login(outsider)
    for other in (visitor, stranger):
        page, queries = _visit(other, training)
        assert not _ran(queries, *PUBLIC_PARTS)  # the same cached public parts the member was shown
        assert "You are registered." not in page and "Cancel my registration" not in page
        assert LINK not in page and "Shown to registered participants." in page


def test_the_manage_buttons_are_not_shown_to_the_next_visitors(client, training, coordinator, outsider):
    client.force_login(coordinator)
    page, _ = _visit(client, training)
    edit = f'href="/trainings/{training.slug}/edit/"'
    assert edit in page and "Import attendance" in page and LINK in page
    visitor, stranger = Client(), Client()
    stranger.force_login(outsider)
    for other in (visitor, stranger):
        page, queries = _visit(other, training)
        assert not _ran(queries, *PUBLIC_PARTS)
        assert edit not in page and "Import attendance" not in page and "Close registration" not in page
        assert LINK not in page


def test_a_draft_stays_hidden_once_its_organisers_page_is_cached(client, region, coordinator, outsider):
    draft = TrainingFactory(region=region, status="draft", title="Secret draft")
    LearningObjective.objects.create(training=draft, text="A hidden objective")
    client.force_login(coordinator)
    assert "A hidden objective" in _visit(client, draft)[0]
    _, queries = _visit(client, draft)
    assert not _ran(queries, *PUBLIC_PARTS)
    stranger = Client()
    stranger.force_login(outsider)
    for other in (Client(), stranger):
        response = other.get(draft.get_absolute_url())
        assert response.status_code == 403
        assert "A hidden objective" not in response.content.decode()
        assert "Secret draft" not in response.content.decode()
