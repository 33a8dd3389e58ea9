"""The weekly digest: each fitting opportunity is suggested to an organisation once, at most once a week."""

from datetime import timedelta

import pytest
from django.utils import timezone

from synergy.matchmaking import index, services
from synergy.matchmaking.models import SentSuggestion
from synergy.notifications.models import Notification
from tests.factories import ChallengeFactory, MembershipFactory, TrainingFactory, UserFactory

from .factories import organisation_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def printer_company(db):
    organisation = organisation_with(
        "Printwerk",
        specialisation="Metal 3D printing of titanium parts",
        keywords="additive manufacturing, titanium, lattice structures",
        declared=["additive_manufacturing"],
    )
    MembershipFactory(organisation=organisation, user=UserFactory(email="boss@printwerk.example"), role="admin")
    return organisation


@pytest.fixture
def bracket_challenge(db):
    challenge = ChallengeFactory(
        title="Titanium bracket", summary="A lattice titanium bracket", description="3D printed in metal",
        competences=["additive_manufacturing"],
    )  # fmt: skip
    index.reindex_organisations([challenge.giver_id])
    return challenge


def test_fitting_challenge_is_suggested_to_the_admins_once(printer_company, bracket_challenge):
    assert services.send_digests() == 1
    assert SentSuggestion.objects.filter(organisation=printer_company, kind="challenge").count() == 1
    notification = Notification.objects.get(kind="matchmaking.digest")
    assert bracket_challenge.title in notification.body
    later = timezone.now() + timedelta(days=8)
    assert services.send_digests(now=later) == 0  # nothing new: nothing sent
    assert Notification.objects.filter(kind="matchmaking.digest").count() == 1


def test_a_new_opportunity_waits_for_the_next_week(printer_company, bracket_challenge):
    services.send_digests()
    ChallengeFactory(
        title="Titanium lattice implant", summary="Printed titanium", competences=["additive_manufacturing"]
    )
    assert services.send_digests() == 0  # told less than a week ago
    assert services.send_digests(now=timezone.now() + timedelta(days=7, minutes=1)) == 1
    assert SentSuggestion.objects.filter(organisation=printer_company).count() == 2


def test_the_givers_own_challenge_and_unrelated_ones_are_not_suggested(printer_company):
    ChallengeFactory(giver=printer_company, title="Titanium lattice", competences=["additive_manufacturing"])
    ChallengeFactory(title="Sourdough bread recipe", summary="Bakery", description="Bread")
    assert services.send_digests() == 0
    assert not SentSuggestion.objects.exists()


def test_organisations_without_admins_get_nothing(bracket_challenge):
    organisation_with("No admins", specialisation="titanium 3D printing", declared=["additive_manufacturing"])
    assert services.send_digests() == 0


def test_trainings_are_suggested_too(printer_company):
    TrainingFactory(title="Design for additive manufacturing", description="Titanium lattice structures in 3D printing")
    services.send_digests()
    assert SentSuggestion.objects.filter(organisation=printer_company, kind="training").exists()


def test_opportunities_page_lists_what_fits_for_the_admins_only(client, printer_company, bracket_challenge):
    from django.urls import reverse

    url = reverse("matchmaking:opportunities", args=[printer_company.slug])
    admin = printer_company.memberships.get().user
    client.force_login(admin)
    response = client.get(url)
    assert response.status_code == 200
    assert bracket_challenge.title.split(" <")[0] in response.content.decode()
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403


def test_opportunities_page_shows_a_challenge_published_after_it_was_last_read(client, printer_company):
    from django.urls import reverse

    client.force_login(printer_company.memberships.get().user)
    url = reverse("matchmaking:opportunities", args=[printer_company.slug])
    assert "Lattice heat exchanger" not in client.get(url).content.decode()
    ChallengeFactory(title="Lattice heat exchanger", summary="Titanium lattice", competences=["additive_manufacturing"])
    assert "Lattice heat exchanger" in client.get(url).content.decode()


def test_the_digest_task_is_scheduled():
    from synergy.core import schedule
    from synergy.matchmaking import tasks

    assert any(periodic.task is tasks.send_digests for periodic in schedule.registered())


def test_the_organisations_page_shows_its_admins_what_fits_best(client, printer_company, bracket_challenge):
    url = printer_company.get_absolute_url()
    client.force_login(printer_company.memberships.get().user)
    page = client.get(url).content.decode()
    assert "What fits this organisation" in page
    assert bracket_challenge.get_absolute_url() in page
    client.force_login(UserFactory())
    page = client.get(url).content.decode()
    assert "What fits this organisation" not in page
    assert bracket_challenge.get_absolute_url() not in page
