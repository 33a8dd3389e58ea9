"""Asking for the strategy in another language: recorded once per person, the coordinators told once."""

import pytest
from django.db import IntegrityError
from django.urls import reverse

from synergy.core.exceptions import Refused
from synergy.notifications.models import Notification
from synergy.strategy import services
from synergy.strategy.models import LanguageVersion, TranslationRequest
from tests.factories import RegionFactory, RegionRoleFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinators(coordinator):
    other = UserFactory(email="olga@example.org")
    RegionRoleFactory(user=other, region=RegionFactory(slug="elsewhere"))
    RegionRoleFactory(user=other, region=RegionFactory(slug="third"))  # two regions, told once
    return [coordinator, other]


def _told(kind="strategy.translation_requested"):
    return sorted(Notification.objects.filter(kind=kind).values_list("recipient__email", flat=True))


def test_a_member_asks_for_a_translation_and_every_coordinator_is_told_once(client, strategy, member, coordinators):
    client.force_login(member)
    response = client.post(reverse("strategy:request_translation", args=["crowd"]), {"language": "hr"})
    assert response.status_code == 302
    assert TranslationRequest.objects.filter(strategy=strategy, language="hr", requested_by=member).exists()
    assert LanguageVersion.objects.get(strategy=strategy, language="hr").status == "requested"
    assert _told() == ["cora@example.org", "olga@example.org"]


def test_later_requests_for_the_same_language_are_recorded_without_telling_the_coordinators_again(
    strategy, member, outsider, coordinators
):
    assert services.request_translation(strategy, "hr", member) is True
    assert services.request_translation(strategy, "hr", outsider) is False
    assert services.request_translation(strategy, "hr", member) is False
    assert TranslationRequest.objects.filter(language="hr").count() == 2
    assert len(_told()) == 2
    assert services.request_translation(strategy, "de", outsider) is True  # another language: told again
    assert len(_told()) == 4


def test_a_person_asks_for_a_language_once_by_constraint(strategy, member):
    TranslationRequest.objects.create(strategy=strategy, language="it", requested_by=member)
    with pytest.raises(IntegrityError):
        TranslationRequest.objects.create(strategy=strategy, language="it", requested_by=member)


def test_a_partial_translation_can_be_asked_to_be_completed_and_keeps_its_status(strategy, member, coordinators):
    LanguageVersion.objects.create(strategy=strategy, language="sl", status="partial")
    assert services.request_translation(strategy, "sl", member) is True
    assert LanguageVersion.objects.get(strategy=strategy, language="sl").status == "partial"


def test_a_complete_language_or_an_unknown_one_is_refused(strategy, member, coordinators):
    LanguageVersion.objects.create(strategy=strategy, language="pl", status="complete")
    with pytest.raises(Refused):
        services.request_translation(strategy, "pl", member)
    with pytest.raises(Refused):
        services.request_translation(strategy, "xx", member)
    with pytest.raises(Refused):  # the language it is written in
        services.request_translation(strategy, "en", member)
    assert not TranslationRequest.objects.exists() and not _told()


def test_a_visitor_is_asked_to_sign_in_to_request_a_translation(client, strategy):
    page = client.get(reverse("strategy:detail", args=["crowd"])).content.decode()
    assert reverse("account_login") in page
    response = client.post(reverse("strategy:request_translation", args=["crowd"]), {"language": "hr"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    assert not TranslationRequest.objects.exists()


def test_an_unknown_language_posted_by_hand_is_refused_with_a_message(client, strategy, member):
    client.force_login(member)
    response = client.post(
        reverse("strategy:request_translation", args=["crowd"]), {"language": "<script>"}, follow=True
    )
    assert "Choose the language" in response.content.decode()
    assert not TranslationRequest.objects.exists()


def test_the_overview_lists_each_language_with_its_status(client, strategy):
    LanguageVersion.objects.create(strategy=strategy, language="sl", status="partial")
    page = client.get(reverse("strategy:detail", args=["crowd"])).content.decode()
    assert "Partial" in page and "Not translated" in page and "Complete" in page
