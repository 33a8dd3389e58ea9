"""Networks in the open API: public data only."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from synergy.networks.models import Member

from ..factories import OrganisationFactory
from .factories import MemberFactory, NetworkFactory

pytestmark = pytest.mark.django_db


def test_list_has_every_network_with_its_member_count(network, client):
    other = NetworkFactory(key_areas=["micro_nano"])
    MemberFactory(network=network, status=Member.Status.INVITED)
    body = client.get("/api/v1/networks/").json()
    assert body["count"] == 2
    row = next(item for item in body["items"] if item["slug"] == network.slug)
    assert row["member_count"] == 1 and row["key_areas"] == ["additive_manufacturing"]
    filtered = client.get("/api/v1/networks/", {"key_area": "micro_nano"}).json()
    assert [item["slug"] for item in filtered["items"]] == [other.slug]


def test_detail_shows_active_members_and_composition_but_nobody_personal(scene, client):
    network = scene["network"]
    network.members.filter(status=Member.Status.INVITED).update(message="secret invitation", reason="secret reason")
    response = client.get(f"/api/v1/networks/{network.slug}")
    assert response.status_code == 200
    body = response.json()
    assert {m["role"] for m in body["members"]} == {"coordinator", "member"} and len(body["members"]) == 2
    assert body["composition"]["size"] == 2
    assert [d["code"] for d in body["composition"]["dimensions"]] == ["country", "type", "sector"]
    text = response.content.decode()
    for person in scene["people"].values():
        if person is not None:
            assert person.email not in text
    assert "secret" not in text and "created_by" not in text


def test_unknown_network_is_404(client):
    assert client.get("/api/v1/networks/nothing-here").status_code == 404


def test_api_detail_takes_the_same_queries_however_many_members(network, client, uncached):
    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/api/v1/networks/{network.slug}").status_code == 200
        return len(captured)

    few = count()
    for _ in range(15):
        MemberFactory(network=network, organisation=OrganisationFactory())
    assert count() == few
