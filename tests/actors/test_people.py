import pytest
from django.urls import reverse

from synergy.actors.models import PersonProfile
from tests.actors.factories import PersonProfileFactory
from tests.factories import MembershipFactory
from tests.hostile import EMOJI, LONG, RTL, SCRIPT

pytestmark = pytest.mark.django_db


def test_anonymous_is_sent_to_log_in_to_edit_a_profile(client):
    assert client.get(reverse("actors:person_edit")).status_code == 302


def test_a_person_writes_their_profile_and_chooses_what_is_public(client, outsider):
    client.force_login(outsider)
    response = client.post(
        reverse("actors:person_edit"),
        {"expertise": f"Composites {SCRIPT} {RTL} {EMOJI}", "competences": ["simulation", "micro_nano"],
         "keywords": "FEM, CFD", "listed": "on", "public_fields": ["expertise"]},
    )  # fmt: skip
    assert response.status_code == 302
    profile = PersonProfile.objects.get(user=outsider)
    assert profile.expertise == f"Composites {SCRIPT} {RTL} {EMOJI}"
    assert profile.competences == ["simulation", "micro_nano"]
    assert profile.listed and profile.public_fields == ["expertise"]


def test_too_long_expertise_gets_a_message(client, outsider):
    client.force_login(outsider)
    response = client.post(reverse("actors:person_edit"), {"expertise": LONG})
    assert response.status_code == 200
    assert not PersonProfile.objects.exists()


def test_an_unknown_competence_or_field_is_refused(client, outsider):
    client.force_login(outsider)
    response = client.post(reverse("actors:person_edit"), {"competences": ["hacking"], "public_fields": ["email"]})
    assert response.status_code == 200
    assert not PersonProfile.objects.exists()


def test_the_public_page_shows_only_the_public_fields(client, outsider):
    profile = PersonProfileFactory(
        expertise="Secret welding", keywords="hidden", public_fields=["competences"], listed=True
    )
    MembershipFactory(user=profile.user)
    client.force_login(outsider)
    body = client.get(reverse("actors:person", args=[profile.user.pk])).content.decode()
    assert "Modelling and simulation" in body
    assert "Secret welding" not in body
    assert profile.user.email not in body
    assert "Organisations" not in body


def test_an_unlisted_profile_is_not_found_by_others_but_seen_by_its_owner(client, outsider):
    profile = PersonProfileFactory(listed=False)
    client.force_login(outsider)
    assert client.get(reverse("actors:person", args=[profile.user.pk])).status_code == 404
    client.force_login(profile.user)
    response = client.get(reverse("actors:person", args=[profile.user.pk]))
    assert response.status_code == 200
    assert "You are not listed" in response.content.decode()
    assert "Finite element" not in response.content.decode()  # even the owner sees what others would


def test_a_person_without_a_profile_is_not_found(client, outsider):
    assert client.get(reverse("actors:person", args=[outsider.pk])).status_code == 404


def test_expertise_is_rendered_safely(client):
    profile = PersonProfileFactory(public_fields=["expertise"])
    body = client.get(reverse("actors:person", args=[profile.user.pk])).content.decode()
    assert "<strong>simulation</strong>" in body
    assert "<script>alert(1)</script>" not in body
