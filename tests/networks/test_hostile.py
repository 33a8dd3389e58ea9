"""Hostile text in every network form: kept as typed and shown escaped, or refused with a message."""

import pytest
from django.urls import reverse

from synergy.networks.models import Member, Network

from ..hostile import INJECTIONS, LONG, NUL, SCRIPT, STORABLE

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("text", STORABLE + INJECTIONS[1:])
def test_network_name_and_description_round_trip(organisation, org_admin, login, text):
    client = login(org_admin)
    data = {"name": text[:200], "description": text, "key_areas": ["industry_40"], "coordinator": organisation.pk}
    response = client.post(reverse("networks:create"), data)
    network = Network.objects.get()
    assert response.status_code == 302 and network.name == text[:200] and network.description == text
    for url in [network.get_absolute_url(), reverse("networks:list"), reverse("networks:edit", args=[network.slug])]:
        html = client.get(url).content.decode()
        assert 'href="javascript:' not in html
        if "<" in text:  # markup, escaped wherever it is shown
            assert text not in html, url


@pytest.mark.parametrize("text,message", [(LONG, "at most 200 characters"), (NUL, "Null characters are not allowed")])
def test_a_name_too_long_or_with_a_null_is_refused_with_a_message(organisation, org_admin, login, text, message):
    data = {"name": text, "description": "d", "coordinator": organisation.pk}
    response = login(org_admin).post(reverse("networks:create"), data)
    assert response.status_code == 200 and message in response.content.decode()
    assert not Network.objects.exists()


@pytest.mark.parametrize("text", STORABLE)
def test_messages_of_invitations_and_applications_round_trip(scene, login, text):
    network, outside = scene["network"], scene["rows"]["other_org_admin"]
    login(scene["people"]["other_org_admin"]).post(
        reverse("networks:apply", args=[network.slug]), {"organisation": outside.pk, "message": text}
    )
    assert network.members.get(organisation=outside).message == text
    html = login(scene["people"]["coordinator_admin"]).get(network.get_absolute_url()).content.decode()
    assert SCRIPT not in html
    assert network.members.get(organisation=outside).status == Member.Status.APPLIED


def test_a_message_too_long_is_refused(scene, login):
    network, outside = scene["network"], scene["rows"]["other_org_admin"]
    response = login(scene["people"]["other_org_admin"]).post(
        reverse("networks:apply", args=[network.slug]), {"organisation": outside.pk, "message": LONG}
    )
    assert response.status_code == 200 and "at most 2000 characters" in response.content.decode()
    assert not network.members.filter(organisation=outside).exists()
