"""The demo's library: the two success stories of the original trainings, a second language, a file."""

import pytest
from django.core.management import call_command

from synergy.library.models import Attachment, Entry, Link

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_the_demo_library_holds_the_two_stories_the_trainings_presented(client, demo):
    emilia = Entry.objects.get(slug="emilia-romagna-open-innovation-strategy")
    breathing = Entry.objects.get(slug="baden-wurttemberg-breathing-strategy")
    assert Entry.objects.published().count() >= 4
    assert (emilia.region.slug, breathing.region.slug) == ("emilia-romagna", "baden-wurttemberg")
    assert emilia.languages == ["en", "it"] and breathing.languages == ["en", "de"]
    assert emilia.related_trainings.count() == 7
    german = client.get(breathing.get_absolute_url(), headers={"accept-language": "de"}).content.decode()
    assert "atmende" in german
    listed = client.get("/library/?q=breathing").content.decode()
    assert breathing.get_absolute_url() in listed and emilia.get_absolute_url() not in listed


def test_the_demo_leaflet_is_a_pdf_anyone_downloads(client, demo):
    attachment = Attachment.objects.get()
    response = client.get(f"/library/{attachment.entry.slug}/files/{attachment.pk}/")
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_seeding_the_library_twice_changes_nothing(demo):
    counts = (Entry.objects.count(), Attachment.objects.count(), Link.objects.count())
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (Entry.objects.count(), Attachment.objects.count(), Link.objects.count()) == counts
